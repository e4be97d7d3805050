package x

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// EngagementBatch is the most posts GET /2/tweets reads at once.
const EngagementBatch = 100

// publicMetrics are a post's public_metrics.
type publicMetrics struct {
	RetweetCount    *int64 `json:"retweet_count"`
	ReplyCount      *int64 `json:"reply_count"`
	LikeCount       *int64 `json:"like_count"`
	QuoteCount      *int64 `json:"quote_count"`
	ImpressionCount *int64 `json:"impression_count"`
}

func (m publicMetrics) result() engagement.Result {
	return engagement.Found(engagement.Optional(m.LikeCount, m.RetweetCount, m.ReplyCount, m.QuoteCount, m.ImpressionCount))
}

// Engagement reads the posts' public_metrics, 100 to a request (GET
// /2/tweets?ids=…&tweet.fields=public_metrics, signed as the account). X
// charges for each read, so the core calls this only when the
// organisation's bundle turns reading X on. A post X reports as a
// resource-not-found is deleted; one it may not show is not available; a
// plan that may not read at all (402, 403) makes every post not
// available.
func (c *Client) Engagement(ctx context.Context, ids []string) (engagement.Batch, error) {
	out := engagement.Batch{Results: map[string]engagement.Result{}}
	for start := 0; start < len(ids); start += EngagementBatch {
		chunk := ids[start:min(start+EngagementBatch, len(ids))]
		limit, err := c.readMetrics(ctx, chunk, out.Results)
		if err != nil {
			return out, err
		}
		if limit != nil {
			out.Limit = limit
			return out, nil
		}
	}
	return out, nil
}

func (c *Client) readMetrics(ctx context.Context, ids []string, results map[string]engagement.Result) (*engagement.Wait, error) {
	w := c.App.wire()
	cfg := c.App.config(w)
	hc := cfg.Client(context.WithValue(ctx, oauth1.HTTPClient, cfg.HTTPClient), oauth1.NewToken(c.Token.Token, c.Token.Secret))
	hc.Timeout = cfg.HTTPClient.Timeout
	q := url.Values{"ids": {strings.Join(ids, ",")}, "tweet.fields": {"public_metrics"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.App.Endpoints.API+"/2/tweets?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("x: %w", err)
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("x: cannot reach X: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("X", resp.Body)
	if err != nil {
		return nil, err
	}
	reset := engagement.UnixReset(resp.Header.Get("x-rate-limit-reset"))
	secrets := append(w.secrets(), c.App.ConsumerSecret, c.Token.Token, c.Token.Secret)
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized:
		return nil, networks.Reconnect("X", networks.Unexpected("X", resp.StatusCode, data, secrets...).Code)
	case http.StatusPaymentRequired, http.StatusForbidden:
		for _, id := range ids {
			results[id] = engagement.Unknown(engagement.ReasonNoPermission)
		}
		return nil, nil
	case http.StatusTooManyRequests:
		lw := engagement.Limited("X", resp.Header, reset)
		if lw == nil {
			lw = &engagement.Wait{Network: "X"}
		}
		return nil, lw
	case http.StatusServiceUnavailable:
		if lw := engagement.Limited("X", resp.Header, time.Time{}); lw != nil {
			return nil, lw // down for a while, and says how long
		}
		return nil, networks.Unexpected("X", resp.StatusCode, data, secrets...)
	default:
		return nil, networks.Unexpected("X", resp.StatusCode, data, secrets...)
	}
	var body struct {
		Data []struct {
			ID            string        `json:"id"`
			PublicMetrics publicMetrics `json:"public_metrics"`
		} `json:"data"`
		Errors []struct {
			ResourceID string `json:"resource_id"`
			Value      string `json:"value"`
			Type       string `json:"type"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, networks.Unreadable("X", err)
	}
	for _, d := range body.Data {
		results[d.ID] = d.PublicMetrics.result()
	}
	for _, e := range body.Errors {
		id := e.ResourceID
		if id == "" {
			id = e.Value
		}
		if _, ok := results[id]; ok || id == "" {
			continue
		}
		if strings.HasSuffix(e.Type, "/resource-not-found") {
			results[id] = engagement.Gone()
		} else {
			results[id] = engagement.Unknown(engagement.ReasonHidden)
		}
	}
	var limit *engagement.Wait
	if engagement.Spent(resp.Header, "x-rate-limit-remaining") {
		if limit = engagement.Limited("X", resp.Header, reset); limit == nil {
			limit = &engagement.Wait{Network: "X"}
		}
	}
	return limit, nil
}
