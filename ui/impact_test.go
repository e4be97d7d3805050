package ui

import (
	"context"
	"image/color"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/policy"
	"github.com/advocate-app/advocate/advocacy/share"
)

func TestImpactChartsThePostedShares(t *testing.T) {
	sh, w := newTestShell(t)
	ctx := context.Background()
	sh.tabs.SelectIndex(4)
	first := sh.activity.impact.box.Objects[0].(*widget.Label)
	if !strings.Contains(first.Text, "0 posts") {
		t.Fatalf("before sharing: %q", first.Text)
	}
	for _, s := range []share.Share{
		{Network: "mastodon", AccountID: 1, Text: "a", Campaign: "atlas-3-launch", ContentID: "atlas-3"},
		{Network: "mastodon", AccountID: 1, Text: "b", Campaign: "atlas-3-launch", ContentID: "atlas-3"},
		{Network: "bluesky", AccountID: 2, Text: "c", ContentID: "hiring-2026"},
	} {
		if _, err := sh.s.core.Parts().Outbox.Enqueue(ctx, s, policy.Result{Verdict: policy.Pass}, "employee", ""); err != nil {
			t.Fatal(err)
		}
	}
	// The networks' side is tested in advocacy/share; here the shares are
	// marked posted directly.
	if _, err := sh.s.core.Parts().Store.DB().ExecContext(ctx, "UPDATE shares SET state = 'posted'"); err != nil {
		t.Fatal(err)
	}
	sh.activity.refresh()
	objs := sh.activity.impact.box.Objects
	if head := objs[0].(*widget.Label).Text; !strings.Contains(head, "3 posts") {
		t.Fatalf("heading %q", head)
	}
	bars := barCharts(objs)
	byNetwork := bars[1]
	if len(byNetwork.rows) != 2 || byNetwork.rows[0] != (share.Count{Label: "Mastodon", N: 2}) {
		t.Fatalf("by network %v", byNetwork.rows)
	}
	weeks := bars[0]
	if len(weeks.rows) != impactWeeks || weeks.rows[impactWeeks-1].N != 3 {
		t.Fatalf("weeks %v", weeks.rows)
	}
	sh.activity.tabs.SelectIndex(1)
	if dest := os.Getenv("ADVOCATE_IMPACT_PNG"); dest != "" {
		f, _ := os.Create(dest)
		defer f.Close()
		png.Encode(f, w.Canvas().Capture())
	}
}

// barCharts are Impact's bar charts, in order.
func barCharts(objs []fyne.CanvasObject) []*barChart {
	var out []*barChart
	for _, o := range objs {
		if b, ok := o.(*barChart); ok {
			out = append(out, b)
		}
	}
	return out
}

// redPrimary is the default theme with a red primary colour.
type redPrimary struct{ fyne.Theme }

func (t redPrimary) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return color.NRGBA{R: 0xff, A: 0xff}
	}
	return t.Theme.Color(n, v)
}

func TestBarsTakeTheColourOfTheThemeInUse(t *testing.T) {
	a := test.NewTempApp(t)
	chart := newBarChart("By network", "", []share.Count{{Label: "X", N: 3}, {Label: "Bluesky", N: 1}})
	w := test.NewTempWindow(t, chart)
	w.Resize(fyne.NewSize(400, 200))
	r := test.WidgetRenderer(chart).(*barChartRenderer)
	if len(r.bars) != 2 || r.bars[0].FillColor != theme.Color(theme.ColorNamePrimary) {
		t.Fatalf("bars %d, colour %v", len(r.bars), r.bars[0].FillColor)
	}
	a.Settings().SetTheme(redPrimary{theme.DefaultTheme()})
	chart.Refresh()
	if r.bars[1].FillColor != (color.NRGBA{R: 0xff, A: 0xff}) {
		t.Fatalf("after the theme changed: %v", r.bars[1].FillColor)
	}
	if r.bars[0].Size().Width <= r.bars[1].Size().Width {
		t.Fatalf("3 is drawn no longer than 1: %v, %v", r.bars[0].Size(), r.bars[1].Size())
	}
}

// TestPracticeSharesAreShownApart: after a new user's practice journey
// Impact showed 0 everywhere, as if nothing had happened.
func TestPracticeSharesAreShownApart(t *testing.T) {
	sh, w := newTestShell(t)
	ctx := context.Background()
	if _, err := sh.s.core.Parts().Outbox.Enqueue(ctx, share.Share{Network: "x", Text: "practice run", ContentID: "atlas-3"},
		policy.Result{Verdict: policy.Pass}, "employee", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := sh.s.core.Parts().Worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	sh.tabs.SelectIndex(screenActivity)
	sh.activity.tabs.SelectIndex(1)
	w.Resize(fyne.NewSize(1120, 720))
	objs := sh.activity.impact.box.Objects
	if head := objs[0].(*widget.Label).Text; !strings.Contains(head, "0 posts") {
		t.Fatalf("a practice post counted in the total: %q", head)
	}
	if note := objs[2].(*widget.Label).Text; !strings.Contains(note, "practice post is shown apart") {
		t.Fatalf("no word of the practice posts: %q", note)
	}
	bars := barCharts(objs)
	weeks, byNetwork := bars[0], bars[1]
	if last := weeks.rows[impactWeeks-1]; last.N != 0 || last.Practice != 1 {
		t.Fatalf("this week %+v", last)
	}
	if len(byNetwork.rows) != 1 || byNetwork.rows[0] != (share.Count{Label: "X", Practice: 1}) {
		t.Fatalf("by network %v", byNetwork.rows)
	}
	if got := countText(byNetwork.rows[0]); got != "0 + 1 practice" {
		t.Fatalf("the bar's number reads %q", got)
	}
	r := test.WidgetRenderer(byNetwork).(*barChartRenderer)
	if r.practice[0].Size().Width <= 0 || r.practice[0].FillColor != theme.Color(theme.ColorNameDisabled) || r.bars[0].Size().Width != 0 {
		t.Fatalf("practice bar %v in %v, real bar %v", r.practice[0].Size(), r.practice[0].FillColor, r.bars[0].Size())
	}
}

// TestImpactSaysWhereCountsAreNotAvailable: LinkedIn's counts cannot be
// read (the organisation's app lacks the permission): Impact says so in
// words for its reactions, draws no zeros for them, and still charts its
// shares; every network's chart names LinkedIn apart.
func TestImpactSaysWhereCountsAreNotAvailable(t *testing.T) {
	sh, _ := newTestShell(t)
	seedImpact(t, sh.s.core.Parts().Store.DB(), testNow)
	sh.tabs.SelectIndex(screenActivity)
	sh.activity.tabs.SelectIndex(1)
	sh.activity.impact.refresh()
	tr := sh.activity.impact.trend
	tr.metrics.SetSelected("Reactions")
	note := "Counts are not available on LinkedIn: the organisation's LinkedIn app may not read post statistics."
	if len(tr.notes) != 1 || !strings.HasPrefix(tr.notes[0].(*widget.Label).Text, note) || tr.chart == nil {
		t.Fatalf("all networks: notes %v, chart %v", tr.notes, tr.chart)
	}
	tr.pick.SetSelected("LinkedIn")
	if tr.chart != nil || tr.thisWeek.Text != "Reactions: not available." || len(tr.notes) != 1 {
		t.Fatalf("LinkedIn's reactions: %q, chart %v", tr.thisWeek.Text, tr.chart)
	}
	if !slices.Contains(sh.activity.impact.box.Objects, tr.notes[0]) {
		t.Fatal("the note is not on the screen")
	}
	tr.metrics.SetSelected("Shares")
	if tr.chart == nil || len(tr.notes) != 0 || tr.chart.series.Weeks[len(tr.chart.series.Weeks)-1].Value == 0 {
		t.Fatalf("LinkedIn's shares: %q, notes %v", tr.thisWeek.Text, tr.notes)
	}
	tr.pick.SetSelected("Mastodon")
	tr.metrics.SetSelected("Replies")
	if tr.chart == nil || len(tr.notes) != 0 || !tr.chart.series.Available {
		t.Fatalf("Mastodon's replies: %q, notes %v", tr.thisWeek.Text, tr.notes)
	}
}
