package linkedin

import (
	"context"
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

// analyticsServer is a loopback memberCreatorPostAnalytics: the entity
// finder with one queryType and TOTAL aggregation, the versioned REST
// headers required, 403 without the permission, 404 for a post it does
// not have, 429 with Retry-After.
type analyticsServer struct {
	t          *testing.T
	mu         sync.Mutex
	posts      map[string]map[string]int64 // urn -> queryType -> count
	noScope    bool
	limitAfter int // answer 429 after this many requests (0: never)
	requests   int
}

func newAnalyticsServer(t *testing.T) (*analyticsServer, *Client) {
	s := &analyticsServer{t: t, posts: map[string]map[string]int64{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	app := App{ClientID: "cid", Endpoints: Endpoints{API: srv.URL}, HTTP: srv.Client()}
	return s, &Client{App: app, Token: Token{AccessToken: "li-secret-token", Expires: time.Now().Add(time.Hour)}, Author: "urn:li:person:abc"}
}

func (s *analyticsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != "/rest/memberCreatorPostAnalytics" || r.Method != http.MethodGet {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if r.Header.Get("Authorization") != "Bearer li-secret-token" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}`)
		return
	}
	if r.Header.Get("LinkedIn-Version") != AnalyticsVersion || r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" {
		s.t.Errorf("headers %v", r.Header)
	}
	if s.noScope {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: memberCreatorPostAnalytics.FINDER-entity.20260301"}`)
		return
	}
	if s.limitAfter > 0 && s.requests > s.limitAfter {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"status":429,"code":"TOO_MANY_REQUESTS","message":"Resource level throttle limit exceeded"}`)
		return
	}
	q := r.URL.Query()
	if q.Get("q") != "entity" || q.Get("aggregation") != "TOTAL" {
		s.t.Errorf("query %v", q)
	}
	// entity=(share:urn%3Ali%3Ashare%3A1): the URN inside is escaped once.
	raw := r.URL.RawQuery
	i := strings.Index(raw, "entity=(")
	j := strings.Index(raw[i:], ")")
	inner := raw[i+len("entity=(") : i+j]
	key, escaped, _ := strings.Cut(inner, ":")
	urn := strings.ReplaceAll(escaped, "%3A", ":")
	if (key == "share") != strings.HasPrefix(urn, "urn:li:share:") || strings.Contains(escaped, ":") {
		s.t.Errorf("entity %q", inner)
	}
	counts, ok := s.posts[urn]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"status":404,"code":"NOT_FOUND","message":"Entity not found"}`)
		return
	}
	qt := q.Get("queryType")
	fmt.Fprintf(w, `{"paging":{"start":0,"count":10,"links":[]},"elements":[{"count":%d,"metricType":{"com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1":%q}}]}`, counts[qt], qt)
}

// TestEngagementReadsTotals: each post's reactions, comments, reshares
// and impressions come from one request each; a 404 marks a post
// deleted; quotes, which LinkedIn does not count, are not available.
func TestEngagementReadsTotals(t *testing.T) {
	s, c := newAnalyticsServer(t)
	s.posts["urn:li:share:1"] = map[string]int64{"REACTION": 7, "COMMENT": 2, "RESHARE": 1, "IMPRESSION": 340}
	s.posts["urn:li:ugcPost:2"] = map[string]int64{"REACTION": 1}
	b, err := c.Engagement(context.Background(), []string{"urn:li:share:1", "urn:li:ugcPost:2", "urn:li:share:3"})
	if err != nil {
		t.Fatal(err)
	}
	want := engagement.Found(engagement.Counts{Reactions: engagement.Of(7), Replies: engagement.Of(2), Reposts: engagement.Of(1), Impressions: engagement.Of(340)})
	if got := b.Results["urn:li:share:1"]; got != want {
		t.Errorf("share 1: %+v, want %+v", got, want)
	}
	if got := b.Results["urn:li:ugcPost:2"]; got.Counts.Reactions != engagement.Of(1) || got.Counts.Reposts != engagement.Of(0) {
		t.Errorf("ugcPost 2: %+v", got)
	}
	if got := b.Results["urn:li:share:3"]; got.Status != engagement.Deleted {
		t.Errorf("share 3: %+v, want deleted", got)
	}
	if s.requests != 4+4+1 {
		t.Errorf("%d requests, want 9", s.requests)
	}
}

// TestEngagementWithoutPermission: without r_member_postAnalytics every
// post is "not available", after a single request.
func TestEngagementWithoutPermission(t *testing.T) {
	s, c := newAnalyticsServer(t)
	s.noScope = true
	b, err := c.Engagement(context.Background(), []string{"urn:li:share:1", "urn:li:share:2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"urn:li:share:1", "urn:li:share:2"} {
		if got := b.Results[id]; got != engagement.Unknown(engagement.ReasonNoPermission) {
			t.Errorf("%s: %+v", id, got)
		}
	}
	if s.requests != 1 {
		t.Errorf("%d requests, want 1", s.requests)
	}
}

// TestEngagementRateLimitedKeepsWhole: a 429 midway is a wait of its
// Retry-After; the post read in full is kept, the one cut off is not.
func TestEngagementRateLimitedKeepsWhole(t *testing.T) {
	s, c := newAnalyticsServer(t)
	s.posts["urn:li:share:1"] = map[string]int64{"REACTION": 1}
	s.posts["urn:li:share:2"] = map[string]int64{"REACTION": 2}
	s.limitAfter = 5
	b, err := c.Engagement(context.Background(), []string{"urn:li:share:1", "urn:li:share:2"})
	var w *engagement.Wait
	var rl *networks.RateLimited
	if !errors.As(err, &w) || w.After != time.Hour || !errors.As(err, &rl) {
		t.Fatalf("err = %v, want a wait of an hour", err)
	}
	if _, ok := b.Results["urn:li:share:2"]; ok || b.Results["urn:li:share:1"].Status != engagement.Read {
		t.Errorf("results %+v", b.Results)
	}
}

// TestEngagementReconnect: a refused token asks to reconnect, and the
// error does not quote it.
func TestEngagementReconnect(t *testing.T) {
	_, c := newAnalyticsServer(t)
	c.Token.AccessToken = "li-other-token"
	_, err := c.Engagement(context.Background(), []string{"urn:li:share:1"})
	if !errors.Is(err, networks.ErrReconnect) || strings.Contains(err.Error(), "li-other-token") {
		t.Fatalf("err = %v", err)
	}
}
