package share

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/networks/bluesky"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/store"
)

// loopNetwork is a loopback server with a Mastodon and a Bluesky face, each
// failing as the test asks, counting the posts it really accepts.
type loopNetwork struct {
	mu    sync.Mutex
	fault string
	keys  map[string]bool
	posts []string
}

func (n *loopNetwork) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	fault := n.fault
	n.mu.Unlock()
	switch fault {
	case "timeout":
		time.Sleep(400 * time.Millisecond)
	case "reset":
		if hj, ok := w.(http.Hijacker); ok {
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
	case "401":
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":"The access token is invalid","message":"Token has been revoked"}`)
		return
	case "429":
		w.Header().Set("X-RateLimit-Reset", "2026-11-22T13:00:00Z")
		w.Header().Set("RateLimit-Reset", "1795395600")
		w.WriteHeader(429)
		fmt.Fprint(w, `{"error":"RateLimitExceeded","message":"Too many requests"}`)
		return
	case "500":
		w.WriteHeader(500)
		fmt.Fprint(w, `oops`)
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/xrpc/com.atproto.repo.listRecords":
		var recs []map[string]any
		for i, text := range n.posts {
			recs = append(recs, map[string]any{"uri": fmt.Sprintf("at://did:plc:ada/app.bsky.feed.post/%d", i+1), "value": map[string]string{"text": text}})
		}
		json.NewEncoder(w).Encode(map[string]any{"records": recs})
	case "/api/v1/statuses":
		r.ParseForm()
		key := r.Header.Get("Idempotency-Key")
		if !n.keys[key] {
			n.keys[key] = true
			n.posts = append(n.posts, r.PostForm.Get("status"))
		}
		if fault == "truncated" {
			fmt.Fprint(w, `{"id":"1","url":"https://so`)
			return
		}
		fmt.Fprintf(w, `{"id":"%d","url":"https://social.example/@ada/%d"}`, len(n.posts), len(n.posts))
	case "/xrpc/com.atproto.repo.createRecord":
		var in struct{ Record struct{ Text string } }
		json.NewDecoder(r.Body).Decode(&in)
		n.posts = append(n.posts, in.Record.Text)
		if fault == "truncated" {
			fmt.Fprint(w, `{"uri":"at://did:plc:ada/app.bsky.feed.po`)
			return
		}
		fmt.Fprintf(w, `{"uri":"at://did:plc:ada/app.bsky.feed.post/%d","cid":"c"}`, len(n.posts))
	}
}

func (n *loopNetwork) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.posts)
}

func (n *loopNetwork) set(fault string) {
	n.mu.Lock()
	n.fault = fault
	n.mu.Unlock()
}

// posters builds real clients: account 1 is Mastodon, account 2 Bluesky.
type posters struct {
	url string
	hc  *http.Client
}

func (p posters) PosterFor(_ context.Context, s Share) (Poster, error) {
	bsky := &bluesky.Client{Service: p.url, HTTP: p.hc, Session: bluesky.Session{DID: "did:plc:ada", Handle: "ada.test", AccessJWT: "a"}}
	switch s.AccountID {
	case 1:
		return &mastodon.Client{Instance: p.url, Token: "t", HTTP: p.hc}, nil
	case 3:
		return blind{bsky}, nil
	}
	return bsky, nil
}

// blind is a poster that cannot look at recent posts, as on X.
type blind struct{ p Poster }

func (b blind) Post(ctx context.Context, p networks.Post) (networks.Result, error) {
	return b.p.Post(ctx, p)
}

func setup(t testing.TB, dir string) (*Outbox, *loopNetwork, *httptest.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n := &loopNetwork{keys: map[string]bool{}}
	srv := httptest.NewServer(n)
	t.Cleanup(srv.Close)
	return &Outbox{DB: st.DB()}, n, srv, st
}

var passing = policy.Result{Verdict: policy.Pass}

func enqueue(t testing.TB, o *Outbox, id network.ID, account int64, text string) Share {
	t.Helper()
	s, err := o.Enqueue(context.Background(), Share{Network: id, AccountID: account, Text: text, PolicyVersion: "2026.11"}, passing, "employee", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestHappyPathIsOnTheRecord(t *testing.T) {
	ctx := context.Background()
	o, n, srv, st := setup(t, t.TempDir())
	w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}}
	a := enqueue(t, o, "mastodon", 1, "Atlas 3 ships")
	b := enqueue(t, o, "bluesky", 2, "Atlas 3 ships, bluesky")
	if sent, err := w.RunOnce(ctx); err != nil || sent != 2 {
		t.Fatalf("RunOnce = %d, %v", sent, err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		s, _ := o.Get(ctx, id)
		if s.State != Posted || s.ResultURL == "" || s.Attempts != 1 {
			t.Fatalf("share %d: %+v", id, s)
		}
	}
	if n.count() != 2 {
		t.Fatalf("%d posts", n.count())
	}
	if sent, _ := w.RunOnce(ctx); sent != 0 || n.count() != 2 {
		t.Fatal("a posted share went again")
	}
	recs, _ := audit.Records(ctx, st.DB(), 1, 100)
	var kinds []string
	for _, r := range recs {
		kinds = append(kinds, r.Kind)
	}
	if got := strings.Join(kinds, " "); got != "check share.queued check share.queued share.posting share.posted share.posting share.posted" {
		t.Fatalf("trail: %s", got)
	}
	if count, err := audit.Verify(ctx, st.DB()); err != nil || count != 8 {
		t.Fatalf("verify: %d %v", count, err)
	}
	// Blocked shares never enter the outbox; warnings need a reason.
	if _, err := o.Enqueue(ctx, Share{Network: "x"}, policy.Result{Verdict: policy.Blocked}, "employee", ""); err == nil {
		t.Fatal("a blocked share was queued")
	}
	if _, err := o.Enqueue(ctx, Share{Network: "x"}, policy.Result{Verdict: policy.WarnOnly}, "employee", ""); err == nil {
		t.Fatal("a warned share was queued without a reason")
	}
}

func TestFaultsEndInTheRightState(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		fault   string
		account int64
		state   string
		words   string
		why     Why
	}{
		{"timeout", 2, Unconfirmed, "check your profile", WhyUnclear},
		{"timeout", 1, Waiting, "same key", WhyNoAnswer},
		{"reset", 2, Unconfirmed, "no clear answer", WhyUnclear},
		{"truncated", 2, Posted, "confirmed on the network", WhyConfirmed},
		{"truncated", 1, Waiting, "same key", WhyNoAnswer},
		{"429", 1, Waiting, "limiting posts until", WhyRateLimited},
		{"429", 2, Waiting, "limiting posts until", WhyRateLimited},
		{"500", 2, Waiting, "500", WhyServer},
		{"401", 1, Reconnect, "connect the account again", WhyReconnect},
		{"offline", 2, Waiting, "offline", WhyOffline},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s-%d", c.fault, c.account), func(t *testing.T) {
			o, n, srv, _ := setup(t, t.TempDir())
			o.Now = func() time.Time { return now }
			hc := &http.Client{Timeout: 150 * time.Millisecond}
			url := srv.URL
			if c.fault == "offline" {
				srv.Close()
			}
			n.set(c.fault)
			w := &Worker{Outbox: o, Posters: posters{url, hc}}
			s := enqueue(t, o, map[int64]network.ID{1: "mastodon", 2: "bluesky"}[c.account], c.account, "hello "+c.fault)
			if _, err := w.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			got, _ := o.Get(ctx, s.ID)
			if got.State != c.state || !strings.Contains(got.Error, c.words) || got.Why != c.why {
				t.Fatalf("state %s, error %q, why %q; want %s with %q, %q", got.State, got.Error, got.Why, c.state, c.words, c.why)
			}
			if c.fault == "429" && got.NextAttempt.Before(now.Add(30*time.Minute)) {
				t.Fatalf("rate limit reset ignored: next %v", got.NextAttempt)
			}
			if n, err := o.AwaitingSignIn(ctx, c.account); err != nil || (n == 1) != (c.state == Reconnect) {
				t.Fatalf("%d shares awaiting a sign-in (%v) in state %s", n, err, got.State)
			}
		})
	}
}

func TestMastodonRetryAfterAnUnknownOutcomeLandsOnce(t *testing.T) {
	ctx := context.Background()
	o, n, srv, _ := setup(t, t.TempDir())
	clock := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	o.Now = func() time.Time { return clock }
	w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}}
	n.set("truncated")
	s := enqueue(t, o, "mastodon", 1, "once only")
	w.RunOnce(ctx)
	n.set("")
	clock = clock.Add(time.Hour)
	w.RunOnce(ctx)
	got, _ := o.Get(ctx, s.ID)
	if got.State != Posted || got.Attempts != 2 || n.count() != 1 {
		t.Fatalf("state %s after %d attempts, %d posts on the server", got.State, got.Attempts, n.count())
	}
}

func TestScheduledSharesAreCheckedAgain(t *testing.T) {
	ctx := context.Background()
	o, n, srv, _ := setup(t, t.TempDir())
	clock := time.Date(2026, 12, 14, 12, 0, 0, 0, time.UTC)
	o.Now = func() time.Time { return clock }
	blocked := false
	w := &Worker{Outbox: o, Posters: posters{srv.URL, srv.Client()}, Recheck: func(context.Context, Share) (policy.Result, error) {
		if blocked {
			return policy.Result{Verdict: policy.Blocked, Findings: []policy.Finding{{Title: "Results quiet period", Severity: policy.Block}}}, nil
		}
		return passing, nil
	}}
	s, err := o.Enqueue(ctx, Share{Network: "bluesky", AccountID: 2, Text: "later", Scheduled: clock.Add(48 * time.Hour)}, passing, "employee", "")
	if err != nil {
		t.Fatal(err)
	}
	if sent, _ := w.RunOnce(ctx); sent != 0 {
		t.Fatal("a scheduled share went early")
	}
	clock = clock.Add(49 * time.Hour)
	blocked = true
	w.RunOnce(ctx)
	got, _ := o.Get(ctx, s.ID)
	if got.State != Failed || !strings.Contains(got.Error, "Results quiet period") || n.count() != 0 {
		t.Fatalf("state %s %q, %d posts", got.State, got.Error, n.count())
	}
}

func TestLinksAreTaggedWhenTheyFit(t *testing.T) {
	ctx := context.Background()
	o, _, _, _ := setup(t, t.TempDir())
	o.Untagged = []string{"jobs.example"}
	s, err := o.Enqueue(ctx, Share{Network: "x", Text: "Read https://larkspur.example/atlas-3 and https://jobs.example/1", Campaign: "atlas-3-launch"}, passing, "employee", "")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Read https://larkspur.example/atlas-3?utm_campaign=atlas-3-launch&utm_content=%d&utm_medium=advocacy&utm_source=x and https://jobs.example/1", s.ID)
	if got, _ := o.Get(ctx, s.ID); got.Text != want || s.Text != want {
		t.Fatalf("text %q", got.Text)
	}
	o.Fits = func(network.ID, string) bool { return false }
	s2, _ := o.Enqueue(ctx, Share{Network: "bluesky", Text: "Read https://larkspur.example/atlas-3"}, passing, "employee", "")
	if s2.Text != "Read https://larkspur.example/atlas-3" {
		t.Fatalf("a tagged text that does not fit was kept: %q", s2.Text)
	}
}

func TestRetryQueuesAgainOnlyWhatTheUserMayTryAgain(t *testing.T) {
	ctx := context.Background()
	o, n, srv, st := setup(t, t.TempDir())
	w := &Worker{Outbox: o, Posters: posters{srv.URL, &http.Client{Timeout: 150 * time.Millisecond}}}
	n.set("timeout")
	s := enqueue(t, o, "bluesky", 2, "maybe posted")
	w.RunOnce(ctx)
	if got, _ := o.Get(ctx, s.ID); got.State != Unconfirmed {
		t.Fatalf("after a timeout: %s", got.State)
	}
	if err := o.Retry(ctx, s.ID, policy.Result{Verdict: policy.Blocked}, "employee"); err == nil || !strings.Contains(err.Error(), "blocks") {
		t.Fatalf("a retry the policy now blocks: %v", err)
	}
	n.set("")
	warned := policy.Result{Verdict: policy.WarnOnly, Findings: []policy.Finding{{Rule: "ftc-disclosure", Severity: policy.Warn}}}
	if err := o.Retry(ctx, s.ID, warned, "employee"); err != nil {
		t.Fatal(err)
	}
	got, _ := o.Get(ctx, s.ID)
	if got.State != Queued || got.Attempts != 0 || got.Error != "" || got.Key != s.Key {
		t.Fatalf("retried: %+v", got)
	}
	if sent, err := w.RunOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("RunOnce = %d, %v", sent, err)
	}
	if got, _ := o.Get(ctx, s.ID); got.State != Posted {
		t.Fatalf("after the retry: %s %q", got.State, got.Error)
	}
	if err := o.Retry(ctx, s.ID, passing, "employee"); err == nil {
		t.Fatal("a posted share was queued again")
	}
	recs, _ := audit.Records(ctx, st.DB(), 1, 100)
	var retried map[string]any
	for _, r := range recs {
		if r.Kind == "share.retried" {
			json.Unmarshal(r.Data, &retried)
		}
	}
	check, _ := retried["check"].(map[string]any)
	if retried["state"] != Queued || check["verdict"] != string(policy.WarnOnly) || fmt.Sprint(check["rules"]) != "[ftc-disclosure:warn]" {
		t.Fatalf("the trail's retry record: %v", retried)
	}
}
