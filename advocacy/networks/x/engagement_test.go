package x

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/networks"
)

// metricsServer is a loopback GET /2/tweets with tweet.fields=
// public_metrics: every request's OAuth 1.0a signature checked, at most
// 100 ids, a resource-not-found problem for a deleted post, the
// x-rate-limit-* headers, 429 with a reset.
type metricsServer struct {
	t        *testing.T
	mu       sync.Mutex
	url      string
	metrics  map[string][5]int64 // likes, retweets, replies, quotes, impressions
	status   int                 // when set, answer this status
	reset    time.Time
	spent    bool
	requests []string
}

func newMetricsServer(t *testing.T) (*metricsServer, *Client) {
	s := &metricsServer{t: t, metrics: map[string][5]int64{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	app := App{ConsumerKey: "ckey", ConsumerSecret: "csecret", Endpoints: Endpoints{API: srv.URL}, HTTP: srv.Client()}
	return s, &Client{App: app, Token: Token{Token: "atok", Secret: "asecret-value"}}
}

func (s *metricsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.URL.RequestURI())
	p := parseAuth(r.Header.Get("Authorization"))
	if p.Get("oauth_token") != "atok" || p.Get("oauth_signature") != signature(r.Method, s.url+r.URL.RequestURI(), p, "csecret", "asecret-value") {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-rate-limit-limit", "15")
	w.Header().Set("x-rate-limit-reset", strconv.FormatInt(s.reset.Unix(), 10))
	w.Header().Set("x-rate-limit-remaining", "14")
	if s.spent {
		w.Header().Set("x-rate-limit-remaining", "0")
	}
	switch s.status {
	case 0:
	case http.StatusTooManyRequests:
		w.Header().Set("x-rate-limit-remaining", "0")
		w.WriteHeader(s.status)
		fmt.Fprint(w, `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`)
		return
	default:
		w.WriteHeader(s.status)
		fmt.Fprintf(w, `{"title":"Client Forbidden","detail":"This request must be made using an approved developer account.","type":"https://api.twitter.com/2/problems/client-forbidden","status":%d}`, s.status)
		return
	}
	q := r.URL.Query()
	if r.URL.Path != "/2/tweets" || q.Get("tweet.fields") != "public_metrics" {
		s.t.Errorf("request %s", r.URL)
	}
	ids := strings.Split(q.Get("ids"), ",")
	if len(ids) > 100 {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"errors":[{"parameters":{"ids":[]},"message":"size must be between 1 and 100"}],"title":"Invalid Request","type":"https://api.twitter.com/2/problems/invalid-request"}`)
		return
	}
	body := map[string]any{}
	var data, problems []map[string]any
	for _, id := range ids {
		m, ok := s.metrics[id]
		if !ok {
			problems = append(problems, map[string]any{"value": id, "detail": "Could not find tweet with ids: [" + id + "].",
				"title": "Not Found Error", "resource_type": "tweet", "parameter": "ids", "resource_id": id,
				"type": "https://api.twitter.com/2/problems/resource-not-found"})
			continue
		}
		data = append(data, map[string]any{"id": id, "text": "hello", "edit_history_tweet_ids": []string{id},
			"public_metrics": map[string]int64{"like_count": m[0], "retweet_count": m[1], "reply_count": m[2], "quote_count": m[3], "impression_count": m[4], "bookmark_count": 0}})
	}
	if data != nil {
		body["data"] = data
	}
	if problems != nil {
		body["errors"] = problems
	}
	json.NewEncoder(w).Encode(body)
}

// TestEngagementPublicMetrics: 150 posts take two signed requests (100,
// then 50); each post's public metrics are read, and a post X cannot find
// is deleted.
func TestEngagementPublicMetrics(t *testing.T) {
	s, c := newMetricsServer(t)
	var ids []string
	for i := range 150 {
		id := strconv.Itoa(1000 + i)
		ids = append(ids, id)
		if i != 42 {
			s.metrics[id] = [5]int64{int64(i), 2, 3, 4, 500}
		}
	}
	b, err := c.Engagement(context.Background(), ids)
	if err != nil || b.Limit != nil {
		t.Fatalf("Engagement: %v, %v", err, b.Limit)
	}
	want := engagement.Found(engagement.Counts{Reactions: engagement.Of(7), Reposts: engagement.Of(2), Replies: engagement.Of(3), Quotes: engagement.Of(4), Impressions: engagement.Of(500)})
	if got := b.Results["1007"]; got != want {
		t.Errorf("1007: %+v, want %+v", got, want)
	}
	if got := b.Results["1042"]; got.Status != engagement.Deleted {
		t.Errorf("1042: %+v, want deleted", got)
	}
	if len(b.Results) != 150 || len(s.requests) != 2 {
		t.Errorf("%d results in %d requests", len(b.Results), len(s.requests))
	}
}

// TestEngagementLimits: a 429 waits until x-rate-limit-reset; an answer
// that spends the allowance is kept and says so; a plan that may not read
// makes every post not available; a refused sign-in asks to reconnect
// without quoting a secret.
func TestEngagementLimits(t *testing.T) {
	s, c := newMetricsServer(t)
	s.metrics["1"] = [5]int64{1, 0, 0, 0, 10}
	s.reset = time.Date(2026, 12, 2, 6, 15, 0, 0, time.UTC)

	s.status = http.StatusTooManyRequests
	b, err := c.Engagement(context.Background(), []string{"1"})
	var w *engagement.Wait
	var rl *networks.RateLimited
	if !errors.As(err, &w) || !w.Until.Equal(s.reset) || !errors.As(err, &rl) || len(b.Results) != 0 {
		t.Fatalf("429: %+v, %v", b, err)
	}

	s.status, s.spent = 0, true
	b, err = c.Engagement(context.Background(), []string{"1"})
	if err != nil || b.Limit == nil || !b.Limit.Until.Equal(s.reset) || b.Results["1"].Status != engagement.Read {
		t.Fatalf("spent: %+v, %v", b, err)
	}

	s.status, s.spent = http.StatusForbidden, false
	b, err = c.Engagement(context.Background(), []string{"1"})
	if err != nil || b.Results["1"] != engagement.Unknown(engagement.ReasonNoPermission) {
		t.Fatalf("403: %+v, %v", b, err)
	}

	s.status = 0
	c.Token.Secret = "wrong-secret-value"
	_, err = c.Engagement(context.Background(), []string{"1"})
	if !errors.Is(err, networks.ErrReconnect) || strings.Contains(err.Error(), "wrong-secret-value") || strings.Contains(err.Error(), "oauth_signature") {
		t.Fatalf("401: %v", err)
	}
}
