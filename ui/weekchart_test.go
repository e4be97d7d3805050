package ui

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/engagement"
)

// TestWeekChartShowsEachWeeksExactFigure: pointing at a week, past or
// projected, shows its exact figure, a week whose shares' counts are not
// all known says so, and leaving the chart shows the hint again; bars are
// as tall as their values and the projection's band spans its interval.
func TestWeekChartShowsEachWeeksExactFigure(t *testing.T) {
	setUpTests()
	test.NewTempApp(t)
	if err := loadTranslations(); err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	s := core.ImpactSeries{Metric: core.MetricReactions, Available: true, ThisWeek: 12, Weeks: []core.ImpactWeek{
		{Start: mon, Value: 4, Shares: 2, Measured: 2},
		{Start: mon.AddDate(0, 0, 7), Value: 0, Shares: 1, Measured: 0},
		{Start: mon.AddDate(0, 0, 14), Value: 12, Shares: 3, Measured: 2},
	}, Forecast: []engagement.Forecast{{Start: mon.AddDate(0, 0, 21), Value: 14.4, Low: 8.6, High: 20.2}}}
	c := newWeekChart(s)
	test.NewTempWindow(t, c).Resize(fyne.NewSize(600, 300))
	for i, want := range []string{
		"Week of 2 Nov 2026: 4 reactions",
		"Week of 9 Nov 2026: 1 share, its counts not available",
		"Week of 16 Nov 2026: 12 reactions (1 share without counts)",
		"Week of 23 Nov 2026, projected: 14 reactions, likely between 9 and 20",
	} {
		c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: c.columnCentre(i)}})
		if got := c.readout.Text; got != want {
			t.Errorf("week %d reads %q, want %q", i, got, want)
		}
	}
	c.MouseOut()
	if c.readout.Text != weekChartHint() || c.hovered != -1 {
		t.Errorf("after the pointer left: %q", c.readout.Text)
	}
	c.Tapped(&fyne.PointEvent{Position: c.columnCentre(0)})
	if c.readout.Text != "Week of 2 Nov 2026: 4 reactions" {
		t.Errorf("tapped: %q", c.readout.Text)
	}
	r := test.WidgetRenderer(c).(*weekChartRenderer)
	if h0, h2 := r.bars[0].Size().Height, r.bars[2].Size().Height; h0 <= 0 || h2 < 2.9*h0 || h2 > 3.1*h0 {
		t.Errorf("bars of 4 and 12 are %v and %v tall", h0, h2)
	}
	if band := r.band[0].Size().Height; band < r.bars[2].Size().Height*(20.2-8.6)/20.2*0.9 {
		t.Errorf("the band of 8.6 to 20.2 is %v tall", band)
	}
	if r.bars[0].FillColor != theme.Color(theme.ColorNamePrimary) || r.dashes[0].StrokeColor != theme.Color(theme.ColorNameForeground) {
		t.Errorf("bars %v, dashes %v", r.bars[0].FillColor, r.dashes[0].StrokeColor)
	}
	fyne.CurrentApp().Settings().SetTheme(redPrimary{theme.DefaultTheme()})
	c.Refresh()
	if r.bars[1].FillColor != (color.NRGBA{R: 0xff, A: 0xff}) {
		t.Errorf("after the theme changed: %v", r.bars[1].FillColor)
	}
	if c.columnAt(-5) != -1 || c.columnAt(c.Size().Width-1) != 3 {
		t.Errorf("columns at the edges: %d, %d", c.columnAt(-5), c.columnAt(c.Size().Width-1))
	}
}
