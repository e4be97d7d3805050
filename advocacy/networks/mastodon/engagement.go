package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// EngagementBatch is the most statuses one request reads (GET
// /api/v1/statuses?id[]=…, Mastodon 4.3 and later).
const EngagementBatch = 20

// countsStatus is what a Status entity says of its counts.
type countsStatus struct {
	ID              string `json:"id"`
	RepliesCount    int64  `json:"replies_count"`
	ReblogsCount    int64  `json:"reblogs_count"`
	FavouritesCount int64  `json:"favourites_count"`
	// QuotesCount is given by servers that support quote posts (4.5).
	QuotesCount *int64 `json:"quotes_count"`
}

func (s countsStatus) result() engagement.Result {
	c := engagement.Counts{
		Reactions: engagement.Of(s.FavouritesCount),
		Reposts:   engagement.Of(s.ReblogsCount),
		Replies:   engagement.Of(s.RepliesCount),
	}
	if s.QuotesCount != nil {
		c.Quotes = engagement.Of(*s.QuotesCount)
	}
	return engagement.Found(c)
}

// Engagement reads the public counts of the statuses ids, as anyone may
// see them: it sends no token (Advocate's sign-in has no read:statuses
// scope, and a token without it would be refused). Statuses are read
// EngagementBatch at a time; a server older than 4.3, which cannot, is
// read one status at a time. A status the batch leaves out is asked for
// alone, and a 404 then marks it deleted.
func (c *Client) Engagement(ctx context.Context, ids []string) (engagement.Batch, error) {
	return engagement.ReadBatched(ctx, ids, EngagementBatch, func(ctx context.Context, chunk []string) (map[string]engagement.Result, *engagement.Wait, error) {
		found, limit, err := c.readStatuses(ctx, chunk)
		if errors.Is(err, errNoBatch) {
			return nil, nil, nil // each status is then read alone
		}
		return found, limit, err
	}, c.readStatus)
}

// errNoBatch says the server has no GET /api/v1/statuses (before 4.3).
var errNoBatch = errors.New("mastodon: no batch read")

// readStatuses reads a batch; statuses the server leaves out (deleted,
// private) are missing from the answer.
func (c *Client) readStatuses(ctx context.Context, ids []string) (map[string]engagement.Result, *engagement.Wait, error) {
	q := url.Values{"id[]": ids}
	var list []countsStatus
	status, h, err := c.getCounts(ctx, "/api/v1/statuses?"+q.Encode(), &list)
	switch {
	case err != nil:
		return nil, nil, err
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		return nil, nil, errNoBatch
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return unknownAll(ids, engagement.ReasonSignIn), limitOf(h), nil
	}
	out := map[string]engagement.Result{}
	for _, s := range list {
		out[s.ID] = s.result()
	}
	return out, limitOf(h), nil
}

// readStatus reads one status: 404 is a deleted status.
func (c *Client) readStatus(ctx context.Context, id string) (engagement.Result, *engagement.Wait, error) {
	var s countsStatus
	status, h, err := c.getCounts(ctx, "/api/v1/statuses/"+url.PathEscape(id), &s)
	switch {
	case err != nil:
		return engagement.Result{}, nil, err
	case status == http.StatusNotFound || status == http.StatusGone:
		return engagement.Gone(), limitOf(h), nil
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return engagement.Unknown(engagement.ReasonSignIn), limitOf(h), nil
	}
	return s.result(), limitOf(h), nil
}

func unknownAll(ids []string, reason string) map[string]engagement.Result {
	out := map[string]engagement.Result{}
	for _, id := range ids {
		out[id] = engagement.Unknown(reason)
	}
	return out
}

// limitOf is the server's limit after an answer that spent it
// (X-RateLimit-Remaining: 0), until its X-RateLimit-Reset.
func limitOf(h http.Header) *engagement.Wait {
	if !engagement.Spent(h, "X-RateLimit-Remaining") {
		return nil
	}
	w := engagement.Limited("Mastodon", h, mastodonReset(h))
	if w == nil {
		w = &engagement.Wait{Network: "Mastodon"}
	}
	return w
}

// mastodonReset reads X-RateLimit-Reset, an ISO 8601 time.
func mastodonReset(h http.Header) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, strings.TrimSpace(h.Get("X-RateLimit-Reset")))
	return t
}

// getCounts sends an unauthenticated GET. A 2xx answer is decoded into
// out; 401, 403, 404 and 410 are returned for the caller to decide on;
// 429 is an *engagement.Wait; other statuses are errors.
func (c *Client) getCounts(ctx context.Context, path string, out any) (int, http.Header, error) {
	hc := c.HTTP
	if hc == nil {
		hc = networks.Client()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Instance+path, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("mastodon: %w", err)
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("mastodon: cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("Mastodon", resp.Body)
	if err != nil {
		return resp.StatusCode, resp.Header, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, resp.Header, networks.Unreadable("Mastodon", err)
		}
		return resp.StatusCode, resp.Header, nil
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone, http.StatusMethodNotAllowed:
		return resp.StatusCode, resp.Header, nil
	case http.StatusTooManyRequests:
		w := engagement.Limited("Mastodon", resp.Header, mastodonReset(resp.Header))
		if w == nil {
			w = &engagement.Wait{Network: "Mastodon"}
		}
		return resp.StatusCode, resp.Header, w
	}
	if w := engagement.Limited("Mastodon", resp.Header, time.Time{}); w != nil && resp.StatusCode == http.StatusServiceUnavailable {
		return resp.StatusCode, resp.Header, w // down for a while, and says how long
	}
	return resp.StatusCode, resp.Header, networks.Unexpected("Mastodon", resp.StatusCode, data)
}
