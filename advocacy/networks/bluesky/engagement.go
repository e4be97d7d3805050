package bluesky

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// PublicAppView is Bluesky's public AppView, which answers reads of public
// posts without a sign-in.
const PublicAppView = "https://public.api.bsky.app"

// EngagementBatch is the most posts app.bsky.feed.getPosts reads at once.
const EngagementBatch = 25

// CountsReader reads posts' public counts from an AppView. It holds no
// secret: the counts are what anyone may see.
type CountsReader struct {
	// AppView is the AppView's address; empty means PublicAppView.
	AppView string
	HTTP    *http.Client
}

// postCounts is what a PostView says of its counts; quoteCount is left
// out by older AppViews.
type postCounts struct {
	URI         string `json:"uri"`
	LikeCount   *int64 `json:"likeCount"`
	RepostCount *int64 `json:"repostCount"`
	ReplyCount  *int64 `json:"replyCount"`
	QuoteCount  *int64 `json:"quoteCount"`
}

func (p postCounts) result() engagement.Result {
	return engagement.Found(engagement.Optional(p.LikeCount, p.RepostCount, p.ReplyCount, p.QuoteCount, nil))
}

// Engagement reads the counts of the posts uris (their at:// URIs), 25 to a
// request. getPosts leaves out a post it does not have; each one left out
// is looked up alone with getPostThread, which says NotFound for a deleted
// post (marked deleted) or that it is blocked (not available).
func (r *CountsReader) Engagement(ctx context.Context, uris []string) (engagement.Batch, error) {
	return engagement.ReadBatched(ctx, uris, EngagementBatch, r.getPosts, r.lookUp)
}

// getPosts reads a batch of posts' counts.
func (r *CountsReader) getPosts(ctx context.Context, chunk []string) (map[string]engagement.Result, *engagement.Wait, error) {
	var posts struct {
		Posts []postCounts `json:"posts"`
	}
	limit, _, err := r.getCounts(ctx, "app.bsky.feed.getPosts", url.Values{"uris": chunk}, &posts)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]engagement.Result{}
	for _, p := range posts.Posts {
		out[p.URI] = p.result()
	}
	return out, limit, nil
}

// lookUp asks for a post getPosts left out.
func (r *CountsReader) lookUp(ctx context.Context, uri string) (engagement.Result, *engagement.Wait, error) {
	var thread struct {
		Thread struct {
			Type string     `json:"$type"`
			Post postCounts `json:"post"`
		} `json:"thread"`
	}
	limit, code, err := r.getCounts(ctx, "app.bsky.feed.getPostThread", url.Values{"uri": {uri}, "depth": {"0"}, "parentHeight": {"0"}}, &thread)
	switch {
	case err != nil:
		return engagement.Result{}, nil, err
	case code == "NotFound":
		return engagement.Gone(), limit, nil
	}
	switch thread.Thread.Type {
	case "app.bsky.feed.defs#threadViewPost":
		return thread.Thread.Post.result(), limit, nil
	case "app.bsky.feed.defs#notFoundPost":
		return engagement.Gone(), limit, nil
	}
	return engagement.Unknown(engagement.ReasonHidden), limit, nil
}

// getCounts sends an XRPC query. A 200 answer is decoded into out; an
// error answer naming NotFound returns that code; 429 is an
// *engagement.Wait until RateLimit-Reset; others are errors. The limit
// is set when the answer spent the allowance (RateLimit-Remaining: 0).
func (r *CountsReader) getCounts(ctx context.Context, method string, q url.Values, out any) (*engagement.Wait, string, error) {
	hc := r.HTTP
	if hc == nil {
		hc = networks.Client()
	}
	base := r.AppView
	if base == "" {
		base = PublicAppView
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/xrpc/"+method+"?"+q.Encode(), nil)
	if err != nil {
		return nil, "", fmt.Errorf("bluesky: %w", err)
	}
	req.Header.Set("User-Agent", networks.UserAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("bluesky: cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := networks.Read("Bluesky", resp.Body)
	if err != nil {
		return nil, "", err
	}
	reset := engagement.UnixReset(resp.Header.Get("RateLimit-Reset"))
	var limit *engagement.Wait
	if engagement.Spent(resp.Header, "RateLimit-Remaining") {
		if limit = engagement.Limited("Bluesky", resp.Header, reset); limit == nil {
			limit = &engagement.Wait{Network: "Bluesky"}
		}
	}
	var xe struct {
		Error string `json:"error"`
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		if err := json.Unmarshal(data, out); err != nil {
			return nil, "", networks.Unreadable("Bluesky", err)
		}
		return limit, "", nil
	case resp.StatusCode == http.StatusTooManyRequests:
		w := engagement.Limited("Bluesky", resp.Header, reset)
		if w == nil {
			w = &engagement.Wait{Network: "Bluesky"}
		}
		return nil, "", w
	case (resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusNotFound) &&
		json.Unmarshal(data, &xe) == nil && xe.Error == "NotFound":
		return limit, xe.Error, nil
	}
	if w := engagement.Limited("Bluesky", resp.Header, time.Time{}); w != nil && resp.StatusCode == http.StatusServiceUnavailable {
		return nil, "", w // down for a while, and says how long
	}
	return nil, "", networks.Unexpected("Bluesky", resp.StatusCode, data)
}
