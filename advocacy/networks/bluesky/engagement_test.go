package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// appView is a loopback AppView answering app.bsky.feed.getPosts (at most
// 25 URIs; posts it does not have are left out) and getPostThread (400
// NotFound for a deleted post, a blockedPost for a blocked one), with the
// RateLimit-* headers.
type appView struct {
	t        *testing.T
	mu       sync.Mutex
	posts    map[string][4]int64 // likes, reposts, replies, quotes
	noQuotes bool                // an AppView that does not count quotes
	blocked  map[string]bool
	limited  bool
	reset    time.Time
	requests []string
}

func newAppView(t *testing.T) (*appView, *CountsReader) {
	v := &appView{t: t, posts: map[string][4]int64{}, blocked: map[string]bool{}}
	srv := httptest.NewServer(v)
	t.Cleanup(srv.Close)
	return v, &CountsReader{AppView: srv.URL, HTTP: srv.Client()}
}

func (v *appView) view(uri string) map[string]any {
	c := v.posts[uri]
	p := map[string]any{"uri": uri, "cid": "bafy", "author": map[string]any{"did": "did:plc:me", "handle": "me.test"},
		"record": map[string]any{"$type": "app.bsky.feed.post", "text": "hi"}, "indexedAt": "2026-12-01T10:00:00Z",
		"likeCount": c[0], "repostCount": c[1], "replyCount": c[2]}
	if !v.noQuotes {
		p["quoteCount"] = c[3]
	}
	return p
}

func (v *appView) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.requests = append(v.requests, r.URL.Path)
	if r.Header.Get("Authorization") != "" {
		v.t.Errorf("public counts read with a token")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("RateLimit-Limit", "3000")
	w.Header().Set("RateLimit-Remaining", "2999")
	w.Header().Set("RateLimit-Reset", strconv.FormatInt(v.reset.Unix(), 10))
	w.Header().Set("RateLimit-Policy", "3000;w=300")
	if v.limited {
		w.Header().Set("RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}`)
		return
	}
	q := r.URL.Query()
	switch r.URL.Path {
	case "/xrpc/app.bsky.feed.getPosts":
		if n := len(q["uris"]); n > 25 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"InvalidRequest","message":"uris must not have more than 25 elements, got %d"}`, n)
			return
		}
		list := []map[string]any{}
		for _, uri := range q["uris"] {
			if _, ok := v.posts[uri]; ok {
				list = append(list, v.view(uri))
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"posts": list})
	case "/xrpc/app.bsky.feed.getPostThread":
		uri := q.Get("uri")
		_, known := v.posts[uri]
		switch {
		case v.blocked[uri]:
			json.NewEncoder(w).Encode(map[string]any{"thread": map[string]any{"$type": "app.bsky.feed.defs#blockedPost", "uri": uri, "blocked": true}})
		case known:
			json.NewEncoder(w).Encode(map[string]any{"thread": map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": v.view(uri)}})
		default:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"NotFound","message":"Post not found: %s"}`, uri)
		}
	default:
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprint(w, `{"error":"MethodNotImplemented","message":"Method Not Implemented"}`)
	}
}

func atURI(i int) string { return fmt.Sprintf("at://did:plc:me/app.bsky.feed.post/3k%04d", i) }

// TestEngagementBatchesOf25AndDeleted: 30 posts take two getPosts
// requests (25, then 5); a post left out is looked up alone, and its
// NotFound marks it deleted; a blocked one is not available.
func TestEngagementBatchesOf25AndDeleted(t *testing.T) {
	v, r := newAppView(t)
	var uris []string
	for i := range 30 {
		uris = append(uris, atURI(i))
		if i != 7 && i != 8 {
			v.posts[atURI(i)] = [4]int64{int64(i), 1, 2, 3}
		}
	}
	v.blocked[atURI(8)] = true
	b, err := r.Engagement(context.Background(), uris)
	if err != nil || b.Limit != nil {
		t.Fatalf("Engagement: %v, %v", err, b.Limit)
	}
	want := engagement.Found(engagement.Counts{Reactions: engagement.Of(12), Reposts: engagement.Of(1), Replies: engagement.Of(2), Quotes: engagement.Of(3)})
	if got := b.Results[atURI(12)]; got != want {
		t.Errorf("post 12: %+v, want %+v", got, want)
	}
	if got := b.Results[atURI(7)]; got.Status != engagement.Deleted {
		t.Errorf("post 7: %+v, want deleted", got)
	}
	if got := b.Results[atURI(8)]; got != engagement.Unknown(engagement.ReasonHidden) {
		t.Errorf("post 8: %+v, want not available", got)
	}
	if len(b.Results) != 30 {
		t.Errorf("%d results", len(b.Results))
	}
	gets := 0
	for _, p := range v.requests {
		if p == "/xrpc/app.bsky.feed.getPosts" {
			gets++
		}
	}
	if gets != 2 || len(v.requests) != 4 {
		t.Errorf("requests %q, want 2 getPosts and 2 lookups", v.requests)
	}
}

// TestEngagementQuotesWhenPresent: an AppView that gives no quoteCount
// leaves quotes not available, not zero.
func TestEngagementQuotesWhenPresent(t *testing.T) {
	v, r := newAppView(t)
	v.noQuotes = true
	v.posts[atURI(1)] = [4]int64{4, 0, 0, 0}
	b, err := r.Engagement(context.Background(), []string{atURI(1)})
	if err != nil {
		t.Fatal(err)
	}
	c := b.Results[atURI(1)].Counts
	if c.Quotes.Known || c.Reactions != engagement.Of(4) || c.Reposts != engagement.Of(0) {
		t.Errorf("counts %+v", c)
	}
}

// TestEngagementRateLimitedUntilReset: a 429 is a wait until
// RateLimit-Reset, classified as a *networks.RateLimited too.
func TestEngagementRateLimitedUntilReset(t *testing.T) {
	v, r := newAppView(t)
	v.limited = true
	v.reset = time.Date(2026, 12, 2, 6, 5, 0, 0, time.UTC)
	b, err := r.Engagement(context.Background(), []string{atURI(1)})
	var w *engagement.Wait
	var rl *networks.RateLimited
	if !errors.As(err, &w) || !w.Until.Equal(v.reset) || !errors.As(err, &rl) || len(b.Results) != 0 {
		t.Fatalf("Engagement = %+v, %v; want a wait until %v", b, err, v.reset)
	}
	if len(v.requests) != 1 {
		t.Errorf("requests %q after a 429", v.requests)
	}
}
