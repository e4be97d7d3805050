package engagement_test

import (
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
)

// TestSummaryByWeekNetworkAndCampaign: shares count in the week they were
// posted, with their latest counts, in all, by network and by campaign;
// a share whose counts are not available counts as a share but adds no
// count (never an estimate); this week is set against the four before;
// the next four weeks are projected from next Monday.
func TestSummaryByWeekNetworkAndCampaign(t *testing.T) {
	db := openDB(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) // a Wednesday
	clk := &clock{t: now}
	reactions := map[string]int64{}
	f := &fake{answer: func(ids []string) (engagement.Batch, error) {
		b := engagement.Batch{Results: map[string]engagement.Result{}}
		for _, id := range ids {
			b.Results[id] = engagement.Found(engagement.Counts{Reactions: engagement.Of(reactions[id]), Reposts: engagement.Of(1), Replies: engagement.Of(0)})
		}
		return b, nil
	}}
	tr := tracker(db, clk, map[network.ID]engagement.Reader{network.Mastodon: f, network.Bluesky: f})
	postAt := func(net network.ID, weeksAgo int, likes int64, campaign string) {
		id := strconv.Itoa(len(reactions) + 1)
		reactions[id] = likes
		share := post(t, db, net, 1, id, now.Add(-time.Duration(weeksAgo)*7*24*time.Hour-time.Hour))
		if campaign != "" {
			if _, err := db.Exec("UPDATE shares SET campaign = ? WHERE id = ?", campaign, share); err != nil {
				t.Fatal(err)
			}
		}
	}
	postAt(network.Mastodon, 0, 10, "launch")
	postAt(network.Mastodon, 0, 6, "launch")
	postAt(network.X, 0, 0, "launch") // X is off: not available
	for k := 1; k <= 4; k++ {
		postAt(network.Bluesky, k, int64(2*k), "")
	}
	postAt(network.Bluesky, 13, 100, "") // before the 12 weeks
	if _, err := tr.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, err := tr.Summary(context.Background(), 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Weeks) != 12 || s.Weeks[11].Start.Weekday() != time.Monday || s.Weeks[11].Start.After(now) || now.Sub(s.Weeks[11].Start) > 7*24*time.Hour {
		t.Fatalf("weeks %d, this week starts %v", len(s.Weeks), s.Weeks[11].Start)
	}
	want := engagement.Totals{Shares: 3, Measured: 2, Reactions: 16, Reposts: 2}
	if s.ThisWeek != want || s.Weeks[11].Totals != want {
		t.Errorf("this week %+v, want %+v", s.ThisWeek, want)
	}
	if got := s.Weeks[11].Networks[network.Mastodon]; got != (engagement.Totals{Shares: 2, Measured: 2, Reactions: 16, Reposts: 2}) {
		t.Errorf("Mastodon this week %+v", got)
	}
	if got := s.Weeks[11].Networks[network.X]; got != (engagement.Totals{Shares: 1}) {
		t.Errorf("X this week %+v, want one share, nothing measured", got)
	}
	if got := s.Weeks[11].Campaigns["launch"]; got.Shares != 3 || got.Reactions != 16 {
		t.Errorf("campaign %+v", got)
	}
	for k := 1; k <= 4; k++ {
		if w := s.Weeks[11-k]; w.Shares != 1 || w.Reactions != int64(2*k) || len(w.Campaigns) != 0 {
			t.Errorf("%d weeks ago: %+v", k, w)
		}
	}
	total := 0
	for _, w := range s.Weeks {
		total += w.Shares
	}
	if total != 7 {
		t.Errorf("%d shares in the 12 weeks, want 7", total)
	}
	if s.LastFour != (engagement.Average{Shares: 1, Reactions: 5, Reposts: 1}) {
		t.Errorf("last four %+v", s.LastFour)
	}
	if len(s.Reactions) != 4 || len(s.Shares) != 4 {
		t.Fatalf("projection %+v", s.Reactions)
	}
	for i, f := range s.Reactions {
		if !f.Start.Equal(s.Weeks[11].Start.AddDate(0, 0, 7*(i+1))) || f.Low > f.Value || f.Value > f.High || f.Low < 0 {
			t.Errorf("forecast %d: %+v", i, f)
		}
	}
}

// TestHoltFollowsATrendAndWidensItsBand: a straight line is continued
// exactly, with no band; a noisy series gets a band that widens with the
// horizon and never goes below zero.
func TestHoltFollowsATrendAndWidensItsBand(t *testing.T) {
	f := engagement.Holt([]float64{2, 4, 6, 8, 10}, 4)
	for i, want := range []float64{12, 14, 16, 18} {
		if math.Abs(f[i].Value-want) > 1e-9 || f[i].High-f[i].Low > 1e-9 {
			t.Errorf("line, week %d: %+v, want %v", i+1, f[i], want)
		}
	}
	f = engagement.Holt([]float64{5, 9, 4, 12, 3, 10, 6, 11}, 4)
	for i := 1; i < len(f); i++ {
		if f[i].High-f[i].Low <= f[i-1].High-f[i-1].Low {
			t.Errorf("band does not widen: %+v", f)
		}
	}
	for _, fc := range engagement.Holt([]float64{9, 5, 2, 1}, 4) {
		if fc.Low < 0 || fc.Value < 0 {
			t.Errorf("below zero: %+v", fc)
		}
	}
	if engagement.Holt([]float64{3}, 4) != nil {
		t.Error("a projection from one week")
	}
}

// TestProjectNeedsThreeWeeksWithShares: two weeks with shares are too few
// to project; with three, the next four weeks are projected, dated from
// next, one week apart.
func TestProjectNeedsThreeWeeksWithShares(t *testing.T) {
	next := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	if s, r := engagement.Project(next, []float64{0, 4, 0, 6, 0}, []float64{1, 2, 3, 4, 5}); s != nil || r != nil {
		t.Fatalf("two weeks with shares projected: %v, %v", s, r)
	}
	s, r := engagement.Project(next, []float64{3, 4, 0, 6, 7}, []float64{10, 12, 0, 16, 18})
	if len(s) != 4 || len(r) != 4 {
		t.Fatalf("%d and %d weeks projected, want 4", len(s), len(r))
	}
	for i := range s {
		if want := next.AddDate(0, 0, 7*i); !s[i].Start.Equal(want) || !r[i].Start.Equal(want) {
			t.Fatalf("week %d starts %v and %v, want %v", i, s[i].Start, r[i].Start, want)
		}
	}
}
