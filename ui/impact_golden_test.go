package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestImpactGoldens draws Impact on twelve weeks of shares (seedImpact)
// in the light and the dark theme into testdata/screens/impact_<variant>.png,
// the weekly reactions chosen and the first projected week pointed at, so
// that the bars, the dashed projection, its band and the readout show.
func TestImpactGoldens(t *testing.T) {
	for variant, name := range map[string]string{appearanceLight: "impact_light", appearanceDark: "impact_dark"} {
		t.Run(name, func(t *testing.T) {
			sh, w := newThemedTestShell(t, variant)
			seedImpact(t, sh.s.core.Parts().Store.DB(), testNow)
			sh.tabs.SelectIndex(screenActivity)
			sh.activity.tabs.SelectIndex(1)
			sh.activity.impact.refresh()
			tr := sh.activity.impact.trend
			tr.metrics.SetSelected("Reactions")
			if tr.chart == nil || len(tr.chart.series.Forecast) != 4 {
				t.Fatalf("no projection drawn: %q", tr.thisWeek.Text)
			}
			first := len(tr.chart.series.Weeks)
			tr.chart.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: tr.chart.columnCentre(first)}})
			if got := tr.chart.readout.Text; got != tr.chart.figure(first) || got == weekChartHint() {
				t.Fatalf("pointing at the first projected week reads %q", got)
			}
			// Wrapped labels take their height from the width of the
			// layout before; a real window lays out again on the next frame.
			sh.activity.impact.box.Refresh()
			test.AssertImageMatches(t, "screens/"+name+".png", w.Canvas().Capture())
		})
	}
}
