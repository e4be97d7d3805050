package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
	"github.com/advocate-app/advocate/advocacy/network"
)

// TestEarnedChartDrawsEachReading: a share's chart has a point for each
// reading that found its counts (a deletion adds none), its lines rise
// with the counts, a count the network did not give has no dot and no
// line to it, and pointing at a reading shows its counts.
func TestEarnedChartDrawsEachReading(t *testing.T) {
	setUpTests()
	test.NewTempApp(t)
	if err := loadTranslations(); err != nil {
		t.Fatal(err)
	}
	posted := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	read := func(after time.Duration, likes int64, reposts engagement.Count) core.EngagementReading {
		return core.EngagementReading{At: posted.Add(after), Status: engagement.Read,
			Counts: engagement.Counts{Reactions: engagement.Of(likes), Reposts: reposts, Replies: engagement.Of(0)}}
	}
	tr := core.ShareEngagement{Network: network.Bluesky, Posted: posted, Readings: []core.EngagementReading{
		read(time.Hour, 2, engagement.Count{}), read(6*time.Hour, 5, engagement.Of(1)), read(24*time.Hour, 9, engagement.Of(3)),
		{At: posted.Add(72 * time.Hour), Status: engagement.Deleted},
	}}
	c := earnedChart(tr)
	if c == nil || c.points() != 3 {
		t.Fatalf("chart %v", c)
	}
	test.NewTempWindow(t, c).Resize(fyne.NewSize(420, 220))
	r := test.WidgetRenderer(c).(*lineChartRenderer)
	likes := r.dots[0]
	if !(likes[0].Position().Y > likes[1].Position().Y && likes[1].Position().Y > likes[2].Position().Y) {
		t.Errorf("reactions 2, 5, 9 drawn at %v, %v, %v", likes[0].Position(), likes[1].Position(), likes[2].Position())
	}
	if reposts := r.dots[1]; reposts[0].Visible() || !reposts[1].Visible() || r.segs[1][0].Visible() || !r.segs[1][1].Visible() {
		t.Error("a repost count the network did not give is drawn")
	}
	for i, want := range []string{
		"1 hour after posting: 2 reactions · reposts not available · 0 replies",
		"24 hours after posting: 9 reactions · 3 reposts · 0 replies",
	} {
		c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: c.pointCentre(2 * i)}})
		if got := c.readout.Text; got != want {
			t.Errorf("point %d reads %q, want %q", 2*i, got, want)
		}
	}
	if earnedChart(core.ShareEngagement{Readings: []core.EngagementReading{{Status: engagement.NotAvailable}}}) != nil {
		t.Error("a chart for a share whose counts were never read")
	}
}
