package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// countsServer is a loopback Mastodon that answers GET /api/v1/statuses
// (4.3's batch read, unless old) and GET /api/v1/statuses/:id with the
// Status entity's counts; a status not in counts is deleted (404 alone,
// left out of a batch).
type countsServer struct {
	t        *testing.T
	mu       sync.Mutex
	counts   map[string][3]int64 // replies, reblogs, favourites
	old      bool                // no batch read (before 4.3)
	limited  bool                // answer 429
	spent    bool                // answer with X-RateLimit-Remaining: 0
	reset    time.Time
	requests []string
}

func newCountsServer(t *testing.T) (*countsServer, *Client) {
	s := &countsServer{t: t, counts: map[string][3]int64{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, &Client{Instance: srv.URL, Token: "tok-secret", HTTP: srv.Client()}
}

func (s *countsServer) status(id string) (map[string]any, bool) {
	c, ok := s.counts[id]
	if !ok {
		return nil, false
	}
	return map[string]any{"id": id, "visibility": "public", "content": "<p>hi</p>",
		"replies_count": c[0], "reblogs_count": c[1], "favourites_count": c[2]}, true
}

func (s *countsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.URL.RequestURI())
	if r.Header.Get("Authorization") != "" {
		s.t.Errorf("counts read with a token: %s", r.URL)
	}
	if r.Method != http.MethodGet {
		s.t.Errorf("method %s", r.Method)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-RateLimit-Limit", "300")
	w.Header().Set("X-RateLimit-Reset", s.reset.UTC().Format(time.RFC3339Nano))
	if s.spent {
		w.Header().Set("X-RateLimit-Remaining", "0")
	} else {
		w.Header().Set("X-RateLimit-Remaining", "299")
	}
	if s.limited {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":"Too many requests"}`)
		return
	}
	switch {
	case r.URL.Path == "/api/v1/statuses" && !s.old:
		list := []map[string]any{}
		for _, id := range r.URL.Query()["id[]"] {
			if st, ok := s.status(id); ok {
				list = append(list, st)
			}
		}
		json.NewEncoder(w).Encode(list)
	case strings.HasPrefix(r.URL.Path, "/api/v1/statuses/"):
		st, ok := s.status(strings.TrimPrefix(r.URL.Path, "/api/v1/statuses/"))
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"Record not found"}`)
			return
		}
		json.NewEncoder(w).Encode(st)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":"Record not found"}`)
	}
}

// TestEngagementBatchAndDeleted: one batch request reads every status;
// the one the batch leaves out is asked for alone, and its 404 marks it
// deleted, not zero.
func TestEngagementBatchAndDeleted(t *testing.T) {
	s, c := newCountsServer(t)
	s.counts["1"] = [3]int64{2, 3, 5}
	s.counts["2"] = [3]int64{0, 0, 1}
	b, err := c.Engagement(context.Background(), []string{"1", "2", "3"})
	if err != nil || b.Limit != nil {
		t.Fatalf("Engagement: %v, limit %v", err, b.Limit)
	}
	want := engagement.Found(engagement.Counts{Replies: engagement.Of(2), Reposts: engagement.Of(3), Reactions: engagement.Of(5)})
	if b.Results["1"] != want {
		t.Errorf("1: %+v, want %+v", b.Results["1"], want)
	}
	if r := b.Results["1"]; r.Counts.Quotes.Known || r.Counts.Impressions.Known {
		t.Errorf("counts Mastodon does not give are known: %+v", r.Counts)
	}
	if b.Results["2"].Counts.Reactions != engagement.Of(1) {
		t.Errorf("2: %+v", b.Results["2"])
	}
	if b.Results["3"].Status != engagement.Deleted {
		t.Errorf("3: %+v, want deleted", b.Results["3"])
	}
	if len(s.requests) != 2 || !strings.HasPrefix(s.requests[0], "/api/v1/statuses?") || s.requests[1] != "/api/v1/statuses/3" {
		t.Errorf("requests %q, want one batch and one lone read", s.requests)
	}
}

// TestEngagementOldServer: a server before 4.3 has no batch read; each
// status is read alone.
func TestEngagementOldServer(t *testing.T) {
	s, c := newCountsServer(t)
	s.old = true
	s.counts["1"] = [3]int64{1, 1, 1}
	b, err := c.Engagement(context.Background(), []string{"1", "2"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Results["1"].Status != engagement.Read || b.Results["2"].Status != engagement.Deleted {
		t.Errorf("results %+v", b.Results)
	}
	if len(s.requests) != 3 {
		t.Errorf("requests %q", s.requests)
	}
}

// TestEngagementRateLimited: a 429 is a *engagement.Wait until the
// server's X-RateLimit-Reset (which is also a *networks.RateLimited), and
// nothing more is asked; an answer that spends the allowance says so too.
func TestEngagementRateLimited(t *testing.T) {
	s, c := newCountsServer(t)
	s.counts["1"] = [3]int64{1, 1, 1}
	s.reset = time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	s.limited = true
	b, err := c.Engagement(context.Background(), []string{"1"})
	var w *engagement.Wait
	var rl *networks.RateLimited
	if !errors.As(err, &w) || !w.Until.Equal(s.reset) || !errors.As(err, &rl) {
		t.Fatalf("err = %v, want a wait until %v", err, s.reset)
	}
	if len(b.Results) != 0 || len(s.requests) != 1 {
		t.Errorf("results %v after %q", b.Results, s.requests)
	}

	s.limited, s.spent = false, true
	b, err = c.Engagement(context.Background(), []string{"1"})
	if err != nil || b.Limit == nil || !b.Limit.Until.Equal(s.reset) || b.Results["1"].Status != engagement.Read {
		t.Fatalf("spent: %+v, %v", b, err)
	}
}

// TestEngagementServerError: a 5xx is an error that keeps nothing and
// quotes no token.
func TestEngagementServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, `{"error":"upstream"}`)
	}))
	defer srv.Close()
	c := &Client{Instance: srv.URL, Token: "tok-secret", HTTP: srv.Client()}
	b, err := c.Engagement(context.Background(), []string{"1"})
	var se *networks.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadGateway || len(b.Results) != 0 {
		t.Fatalf("Engagement = %v, %v", b, err)
	}
	if strings.Contains(err.Error(), "tok-secret") {
		t.Errorf("error quotes the token: %v", err)
	}
}

// TestEngagementUnavailableWithRetryAfter: a 503 that says how long to
// wait (Retry-After in seconds) is a wait of that long, not an error to
// retry at once.
func TestEngagementUnavailableWithRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := &Client{Instance: srv.URL, HTTP: srv.Client()}
	_, err := c.Engagement(context.Background(), []string{"1"})
	var w *engagement.Wait
	if !errors.As(err, &w) || w.After != 2*time.Minute {
		t.Fatalf("err = %v, want a wait of 2 minutes", err)
	}
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	if got := w.Resume(now, time.Hour); !got.Equal(now.Add(2 * time.Minute)) {
		t.Errorf("resume at %v", got)
	}
}
