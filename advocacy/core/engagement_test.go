package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
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
		`{"format":1}`:                           false,
		`{"format":1,"measurement":{"x":false}}`: false,
		`{"format":1,"measurement":{"x":true}}`:  true,
	} {
		b := &bundle.Bundle{}
		if err := json.Unmarshal([]byte(manifest), &b.Manifest); err != nil {
			t.Fatal(err)
		}
		if got := measuresX(b); got != want {
			t.Errorf("%s: %v, want %v", manifest, got, want)
		}
	}
	if measuresX(&bundle.Bundle{}) || measuresX(nil) {
		t.Error("a bundle without a manifest turns X on")
	}
}

// total adds up a series' weeks.
func (s ImpactSeries) total() (n int64) {
	for _, w := range s.Weeks {
		n += w.Value
	}
	return n
}

func (n *countsNetworks) remove(id string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.likes, id)
}

// TestImpactOutlookShowsCountsRisingAndADeletedPost: Impact's outlook on
// the shares posted to a loopback Mastodon and Bluesky shows this week's
// reactions rising with each of three readings, by network as in all; X
// is named "not available" (off) and the practice share never counts; a
// post Bluesky no longer has is marked deleted, its counts before kept.
func TestImpactOutlookShowsCountsRisingAndADeletedPost(t *testing.T) {
	f := openEngagementCore(t)
	ctx := context.Background()
	all := ImpactScope{}
	for i, at := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
		f.n.set(f.mastID, int64(3+i))
		f.n.set(f.bskyURI, int64(10+5*i))
		f.clk.Set(testNow.Add(at))
		if n, err := f.c.ReadEngagementNow(ctx); err != nil || n != 3 {
			t.Fatalf("reading %d: %d kept, %v", i, n, err)
		}
		o, err := f.c.ImpactOutlook(ctx, 12, 5)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := o.Series(all, MetricReactions).total(), int64(13+6*i); got != want {
			t.Errorf("reading %d: %d reactions in the weeks, want %d", i, got, want)
		}
		if got, want := o.Series(ImpactScope{Network: network.Bluesky}, MetricReactions).total(), int64(10+5*i); got != want {
			t.Errorf("reading %d: Bluesky %d reactions, want %d", i, got, want)
		}
		if got := o.Series(all, MetricShares).total(); got != 3 {
			t.Errorf("reading %d: %d shares, want 3 (the practice one left out)", i, got)
		}
		if o.Unavailable[network.X] != engagement.ReasonOff || len(o.Unavailable) != 1 {
			t.Errorf("reading %d: not available %v, want X (off) alone", i, o.Unavailable)
		}
		if x := o.Series(ImpactScope{Network: network.X}, MetricReactions); x.Available || x.total() != 0 || o.Series(ImpactScope{Network: network.X}, MetricShares).total() != 1 {
			t.Errorf("reading %d: X's reactions %+v, want 1 share and not available", i, x)
		}
		if !slices.Equal(o.Networks, []network.ID{network.Bluesky, network.Mastodon, network.X}) || len(o.Recent) != 3 {
			t.Errorf("reading %d: networks %v, %d recent", i, o.Networks, len(o.Recent))
		}
	}
	f.n.remove(f.bskyURI)
	f.clk.Set(testNow.Add(3 * 24 * time.Hour))
	if _, err := f.c.ReadEngagementNow(ctx); err != nil {
		t.Fatal(err)
	}
	o, err := f.c.ImpactOutlook(ctx, 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	var deleted []network.ID
	for _, tr := range o.Recent {
		if tr.Deleted() {
			deleted = append(deleted, tr.Network)
		}
	}
	if !slices.Equal(deleted, []network.ID{network.Bluesky}) {
		t.Errorf("deleted: %v, want Bluesky's post", deleted)
	}
	if got := o.Series(ImpactScope{Network: network.Bluesky}, MetricReactions).total(); got != 20 {
		t.Errorf("the deleted post's counts before: %d, want 20", got)
	}
}

// TestImpactSeriesProjectsAndAverages: a series sets this week against the
// mean of the four before it, projects the next four weeks from next
// Monday by Holt's trend with a band around it, only with three weeks of
// shares, and says a count nobody read is not available.
func TestImpactSeriesProjectsAndAverages(t *testing.T) {
	start := time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC)
	var o ImpactOutlook
	for i, n := range []int{0, 0, 2, 3, 5, 4, 6} {
		w := engagement.Week{Start: start.AddDate(0, 0, 7*i), Networks: map[network.ID]engagement.Totals{}, Campaigns: map[string]engagement.Totals{}}
		w.Totals = engagement.Totals{Shares: n, Measured: n, Reactions: int64(3 * n)}
		w.Campaigns["launch"] = engagement.Totals{Shares: min(n, 1)}
		o.Summary.Weeks = append(o.Summary.Weeks, w)
	}
	s := o.Series(ImpactScope{}, MetricReactions)
	if s.ThisWeek != 18 || s.LastFour != float64(6+9+15+12)/4 || !s.Available {
		t.Fatalf("this week %d, last four %v, available %v", s.ThisWeek, s.LastFour, s.Available)
	}
	if len(s.Forecast) != 4 || !s.Forecast[0].Start.Equal(start.AddDate(0, 0, 49)) {
		t.Fatalf("forecast %+v", s.Forecast)
	}
	for i, f := range s.Forecast {
		if f.Low > f.Value || f.Value > f.High || (i > 0 && f.High-f.Low < s.Forecast[i-1].High-s.Forecast[i-1].Low) {
			t.Errorf("week %d: %+v is no widening band around its value", i, f)
		}
	}
	camp := o.Series(ImpactScope{Campaign: "launch"}, MetricReactions)
	if camp.Available || camp.Forecast != nil {
		t.Errorf("a campaign whose counts nobody read: %+v", camp)
	}
	if few := o.Series(ImpactScope{Campaign: "launch"}, MetricShares); !few.Available || len(few.Forecast) != 4 {
		t.Errorf("campaign shares: %+v", few)
	}
	o.Summary.Weeks = o.Summary.Weeks[:4] // two weeks with shares: no projection
	if s := o.Series(ImpactScope{}, MetricShares); s.Forecast != nil {
		t.Errorf("projected from two weeks: %+v", s.Forecast)
	}
}
