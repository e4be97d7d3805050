package core

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

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/audit"
	"github.com/advocate-app/advocate/advocacy/bundle"
	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
	"github.com/advocate-app/advocate/advocacy/networks/x"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// countsNetworks is a loopback Mastodon server and Bluesky AppView whose
// posts' favourites and likes the test sets, and an X that must never be
// asked (reading X is off in the demo bundle).
type countsNetworks struct {
	t            *testing.T
	mu           sync.Mutex
	likes        map[string]int64
	mastodon, av *httptest.Server
	x            *httptest.Server
}

func startCountsNetworks(t *testing.T) *countsNetworks {
	n := &countsNetworks{t: t, likes: map[string]int64{}}
	n.mastodon = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		if r.Header.Get("Authorization") != "" {
			t.Errorf("Mastodon counts read with the account's token")
		}
		list := []map[string]any{}
		for _, id := range r.URL.Query()["id[]"] {
			if likes, ok := n.likes[id]; ok {
				list = append(list, map[string]any{"id": id, "favourites_count": likes, "reblogs_count": 0, "replies_count": 0})
			}
		}
		json.NewEncoder(w).Encode(list)
	}))
	n.av = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		if r.URL.Path != "/xrpc/app.bsky.feed.getPosts" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"NotFound","message":"Post not found"}`)
			return
		}
		list := []map[string]any{}
		for _, uri := range r.URL.Query()["uris"] {
			if likes, ok := n.likes[uri]; ok {
				list = append(list, map[string]any{"uri": uri, "likeCount": likes, "repostCount": 1, "replyCount": 0, "quoteCount": 0})
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"posts": list})
	}))
	n.x = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("X was asked %s although reading X is off", r.URL)
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, s := range []*httptest.Server{n.mastodon, n.av, n.x} {
		t.Cleanup(s.Close)
	}
	return n
}

func (n *countsNetworks) set(id string, likes int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.likes[id] = likes
}

// postedShare records a share the worker posted to the account at posted.
func postedShare(t *testing.T, st *store.Store, a accounts.Account, postID string, posted time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO shares(created_at, network, account_id, text, idem_key, state, result_id)
		VALUES(?, ?, ?, 'Proud of the team', ?, ?, ?) RETURNING id`, store.FormatTime(posted), a.Network, a.ID, "k-"+postID, share.Posted, postID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Append(ctx, tx, posted, share.KindPosted, map[string]any{"share": id}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}

type engagementFixture struct {
	c               *Core
	clk             *testClock
	n               *countsNetworks
	mast, bsky, onX int64
	mastID, bskyURI string
}

func openEngagementCore(t *testing.T) engagementFixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	n := startCountsNetworks(t)
	clk := &testClock{t: testNow}
	c, err := Open(context.Background(), Config{Store: st, DataDir: dir, Secrets: &memorySecrets{m: map[string]string{}}, Now: clk.Now,
		Endpoints: &Endpoints{X: x.Endpoints{API: n.x.URL}, BlueskyAppView: n.av.URL}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	secret, _ := json.Marshal(accounts.MastodonSecret{App: mastodon.App{Instance: n.mastodon.URL}, Token: "mastodon-token"})
	ma, err := c.accounts.Connect(ctx, accounts.Account{Network: network.Mastodon, Account: "me@loopback", Instance: n.mastodon.URL}, string(secret))
	if err != nil {
		t.Fatal(err)
	}
	ba, err := c.accounts.Connect(ctx, accounts.Account{Network: network.Bluesky, Account: "me.test", Instance: "http://pds.invalid"}, `{"did":"did:plc:me"}`)
	if err != nil {
		t.Fatal(err)
	}
	xa, err := c.accounts.Connect(ctx, accounts.Account{Network: network.X, Account: "me"}, `{"token":"t","secret":"s"}`)
	if err != nil {
		t.Fatal(err)
	}
	f := engagementFixture{c: c, clk: clk, n: n, mastID: "1101", bskyURI: "at://did:plc:me/app.bsky.feed.post/3kxyz"}
	f.mast = postedShare(t, st, ma, f.mastID, testNow)
	f.bsky = postedShare(t, st, ba, f.bskyURI, testNow)
	f.onX = postedShare(t, st, xa, "190000", testNow)
	postedShare(t, st, accounts.Account{Network: network.Mastodon}, "practice", testNow) // the practice account
	return f
}

// TestImpactShowsCountsRisingOverThreeReadings: through the core's own
// wiring (accounts, bundle, endpoints), shares posted to a loopback
// Mastodon and Bluesky show their counts rising over the readings at 1 h,
// 6 h and 24 h; X, off in the demo bundle, is "not available" and never
// asked; the practice account never counts.
func TestImpactShowsCountsRisingOverThreeReadings(t *testing.T) {
	f := openEngagementCore(t)
	tr := f.c.engagementTracker()
	ctx := context.Background()
	for i, at := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
		f.n.set(f.mastID, int64(3+i))
		f.n.set(f.bskyURI, int64(10+5*i))
		f.clk.Set(testNow.Add(at))
		r, err := tr.RunOnce(ctx)
		if err != nil || r.Recorded != 3 {
			t.Fatalf("reading %d: %+v, %v", i, r, err)
		}
	}
	list, err := f.c.Engagement(ctx, 10)
	if err != nil || len(list) != 3 {
		t.Fatalf("Engagement = %d tracks, %v; want 3 (no practice share)", len(list), err)
	}
	for id, want := range map[int64][]int64{f.mast: {3, 4, 5}, f.bsky: {10, 15, 20}} {
		se, err := f.c.EngagementOf(ctx, id)
		if err != nil || len(se.Readings) != 3 {
			t.Fatalf("share %d: %+v, %v", id, se, err)
		}
		for i, rd := range se.Readings {
			if rd.Counts.Reactions != engagement.Of(want[i]) {
				t.Errorf("%s reading %d: %+v, want %d", se.Network, i, rd.Counts, want[i])
			}
		}
	}
	sum, err := f.c.EngagementSummary(ctx, 12)
	if err != nil {
		t.Fatal(err)
	}
	var shares, measured int
	var reactions int64
	for _, w := range sum.Weeks {
		shares, measured, reactions = shares+w.Shares, measured+w.Measured, reactions+w.Reactions
	}
	if shares != 3 || measured != 2 || reactions != 5+20 {
		t.Errorf("summary: %d shares, %d measured, %d reactions; want 3, 2, 25", shares, measured, reactions)
	}
	se, _ := f.c.EngagementOf(ctx, f.onX)
	for _, rd := range se.Readings {
		if rd.Status != engagement.NotAvailable || rd.Reason != engagement.ReasonOff {
			t.Errorf("X reading %+v, want not available (off)", rd)
		}
	}
}

// TestTheEngagementLoopRunsUnderStartAndStopsOnClose: started with the
// core, the loop reads the shares due at once and says so (SharesChanged);
// Close stops it and waits for it.
func TestTheEngagementLoopRunsUnderStartAndStopsOnClose(t *testing.T) {
	f := openEngagementCore(t)
	f.n.set(f.mastID, 7)
	f.n.set(f.bskyURI, 9)
	f.clk.Set(testNow.Add(2 * time.Hour))
	changed := make(chan struct{}, 10)
	f.c.Subscribe(func(e Event) {
		if e == SharesChanged {
			select {
			case changed <- struct{}{}:
			default:
			}
		}
	})
	f.c.Start()
	<-changed
	se, err := f.c.EngagementOf(context.Background(), f.mast)
	if err != nil || len(se.Readings) != 1 || se.Readings[0].Counts.Reactions != engagement.Of(7) {
		t.Fatalf("after the first round: %+v, %v", se, err)
	}
	if err := f.c.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadingXNeedsTheManifestsYes: X is read only when the signed
// manifest says {"measurement": {"x": true}}.
func TestReadingXNeedsTheManifestsYes(t *testing.T) {
	for manifest, want := range map[string]bool{
		`{"format":1}`:                            false,
		`{"format":1,"measurement":{"x":false}}`:  false,
		`{"format":1,"measurement":{"x":true}}`:   true,
		`{"format":1,"measurement":{"x":"true"}}`: false,
	} {
		b := &bundle.Bundle{Files: map[string][]byte{bundle.ManifestName: []byte(manifest)}}
		if got := measuresX(b); got != want {
			t.Errorf("%s: %v, want %v", manifest, got, want)
		}
	}
	if measuresX(&bundle.Bundle{}) || measuresX(nil) || !strings.Contains(bundle.ManifestName, "manifest") {
		t.Error("a bundle without a manifest turns X on")
	}
}
