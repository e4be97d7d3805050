package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/accounts"
	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks/mastodon"
	"github.com/advocate-app/advocate/advocacy/store"
)

// movingClock is a clock the test moves.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// loopbackCounts is a Mastodon server and a Bluesky AppView on loopback
// answering the counts of the posts the test sets, as the real APIs do:
// GET /api/v1/statuses?id[]=… and app.bsky.feed.getPosts, a post left out
// of getPosts then looked up alone with getPostThread (NotFound: deleted).
type loopbackCounts struct {
	mu           sync.Mutex
	likes        map[string]int64
	mastodon, av *httptest.Server
}

func startLoopbackCounts(t *testing.T) *loopbackCounts {
	n := &loopbackCounts{likes: map[string]int64{}}
	n.mastodon = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		list := []map[string]any{}
		for _, id := range r.URL.Query()["id[]"] {
			if likes, ok := n.likes[id]; ok {
				list = append(list, map[string]any{"id": id, "favourites_count": likes, "reblogs_count": likes / 2, "replies_count": 1})
			}
		}
		json.NewEncoder(w).Encode(list)
	}))
	n.av = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		if r.URL.Path != "/xrpc/app.bsky.feed.getPosts" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "NotFound", "message": "Post not found"})
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
	t.Cleanup(n.mastodon.Close)
	t.Cleanup(n.av.Close)
	return n
}

func (n *loopbackCounts) set(id string, likes int64, gone bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if gone {
		delete(n.likes, id)
	} else {
		n.likes[id] = likes
	}
}

// TestImpactShowsCountsRisingOverThreeReadings: a share posted to a
// loopback Mastodon and one to a loopback Bluesky, read at 1 h, 6 h and
// 24 h by the clock the test moves, show this week's reactions rising in
// Impact's chart (read from the chart's own figure, as a pointer shows
// it) and in each post's line chart; a post Bluesky no longer has is then
// shown as deleted. The practice post never counts.
func TestImpactShowsCountsRisingOverThreeReadings(t *testing.T) {
	setUpTests()
	a := test.NewTempApp(t)
	n := startLoopbackCounts(t)
	c := newTestCore(t, t.TempDir())
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clk := &movingClock{t: monday}
	cfg := c.Parts().Config
	cfg.Now, cfg.Endpoints = clk.Now, &core.Endpoints{BlueskyAppView: n.av.URL}
	ctx := context.Background()
	secret, _ := json.Marshal(accounts.MastodonSecret{App: mastodon.App{Instance: n.mastodon.URL}, Token: "mastodon-token"})
	ma, err := c.Parts().Accounts.Connect(ctx, accounts.Account{Network: network.Mastodon, Account: "me@loopback", Instance: n.mastodon.URL}, string(secret))
	if err != nil {
		t.Fatal(err)
	}
	ba, err := c.Parts().Accounts.Connect(ctx, accounts.Account{Network: network.Bluesky, Account: "me.test", Instance: "http://pds.invalid"}, `{"did":"did:plc:me"}`)
	if err != nil {
		t.Fatal(err)
	}
	const mastID, bskyURI = "1101", "at://did:plc:me/app.bsky.feed.post/3kxyz"
	db := c.Parts().Store.DB()
	for i, p := range []struct {
		acct   accounts.Account
		postID string
	}{{ma, mastID}, {ba, bskyURI}, {accounts.Account{Network: network.Mastodon}, "practice"}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO shares(created_at, network, account_id, text, idem_key, state, result_id, result_url)
			VALUES(?, ?, ?, 'Atlas 3 ships today', ?, 'posted', ?, 'https://social.example/@me/1101')`,
			store.FormatTime(monday), p.acct.Network, p.acct.ID, "k"+string(rune('a'+i)), p.postID); err != nil {
			t.Fatal(err)
		}
	}
	w := a.NewWindow("Advocate")
	sh := newShell(a, w, c)
	sh.s.after = func(_ time.Duration, f func()) func() { f(); return func() {} }
	w.Resize(fyne.NewSize(1120, 720))
	sh.buildAll()
	sh.tabs.SelectIndex(screenActivity)
	sh.activity.tabs.SelectIndex(1)
	read := func(at time.Duration, mastLikes, bskyLikes int64, bskyGone bool) *impactTrend {
		t.Helper()
		n.set(mastID, mastLikes, false)
		n.set(bskyURI, bskyLikes, bskyGone)
		clk.Set(monday.Add(at))
		if _, err := c.ReadEngagementNow(ctx); err != nil {
			t.Fatal(err)
		}
		sh.activity.impact.refresh()
		tr := sh.activity.impact.trend
		if tr == nil {
			t.Fatal("Impact shows no trend")
		}
		if i := tr.pick.SelectedIndex(); i > 0 && tr.scope.Network != network.Bluesky {
			t.Fatalf("drawn again, Impact forgot the network chosen: %d, %+v", i, tr.scope)
		}
		tr.pick.SetSelected("All networks and campaigns")
		tr.metrics.SetSelected("Reactions")
		return tr
	}
	for i, at := range []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour} {
		mast, bsky := int64(3+2*i), int64(10+5*i)
		tr := read(at, mast, bsky, false)
		if tr.chart == nil {
			t.Fatalf("reading %d: no chart: %q", i, tr.thisWeek.Text)
		}
		test.NewTempWindow(t, tr.chart).Resize(fyne.NewSize(700, 300))
		last := len(tr.chart.series.Weeks) - 1
		tr.chart.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: tr.chart.columnCentre(last)}})
		want := "Week of 23 Nov 2026: " + metricText(core.MetricReactions, mast+bsky)
		if got := tr.chart.readout.Text; got != want {
			t.Errorf("reading %d: pointing at this week reads %q, want %q", i, got, want)
		}
		if got := tr.thisWeek.Text; !strings.HasPrefix(got, "This week: "+metricText(core.MetricReactions, mast+bsky)+".") {
			t.Errorf("reading %d: %q", i, got)
		}
		if len(tr.charts) != 2 || len(tr.recent) != 2 {
			t.Fatalf("reading %d: %d posts listed with %d charts, want 2 and 2 (no practice post)", i, len(tr.recent), len(tr.charts))
		}
		for _, lc := range tr.charts {
			if lc.points() != i+1 {
				t.Errorf("reading %d: a post's chart has %d points", i, lc.points())
			}
		}
		tr.pick.SetSelected("Bluesky")
		if got := tr.chart.series.ThisWeek; got != bsky {
			t.Errorf("reading %d: Bluesky's %d reactions this week, want %d", i, got, bsky)
		}
	}
	// The Bluesky post's chart, pointed at its last reading, reads it.
	tr := sh.activity.impact.trend
	var bskyChart *lineChart
	for k, line := range tr.recent {
		if strings.Contains(line.Text, "20 reactions") {
			bskyChart = tr.charts[k]
		}
	}
	if bskyChart == nil {
		t.Fatalf("no post reads 20 reactions: %q, %q", tr.recent[0].Text, tr.recent[1].Text)
	}
	test.NewTempWindow(t, bskyChart).Resize(fyne.NewSize(500, 200))
	bskyChart.Tapped(&fyne.PointEvent{Position: bskyChart.pointCentre(2)})
	if got := bskyChart.readout.Text; got != "24 hours after posting: 20 reactions · 1 repost · 0 replies" {
		t.Errorf("tapping the last reading reads %q", got)
	}
	tr = read(3*24*time.Hour, 9, 0, true)
	var lines []string
	for _, l := range tr.recent {
		lines = append(lines, l.Text)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "Deleted on Bluesky; the counts before stay.") {
		t.Errorf("the deleted post is not shown deleted: %q", lines)
	}
	if got := tr.chart.series.ThisWeek; got != 9+20 {
		t.Errorf("after the deletion this week reads %d reactions, want 29 (the deleted post's counts before stay)", got)
	}
}
