package ui

import (
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/core"
)

// weekChart draws a weekly total as one bar a week, and its projection
// over the next weeks as a dashed line through the projected values with
// a shaded band from each week's low to high end of the interval.
// Pointing at or tapping a week shows its exact figure above the chart.
type weekChart struct {
	widget.BaseWidget
	series core.ImpactSeries
	// hovered is the column pointed at or tapped, -1 for none.
	hovered int
	readout *widget.Label
}

var (
	_ desktop.Hoverable = (*weekChart)(nil)
	_ fyne.Tappable     = (*weekChart)(nil)
)

// weekChartPlotHeight is the height of the bars' area.
const weekChartPlotHeight = 170

func newWeekChart(s core.ImpactSeries) *weekChart {
	c := &weekChart{series: s, hovered: -1, readout: widget.NewLabel(weekChartHint())}
	c.readout.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func weekChartHint() string { return lang.L("Point at or tap a week for its exact figure.") }

// columns are the weeks drawn: the past ones, then the projected ones.
func (c *weekChart) columns() int { return len(c.series.Weeks) + len(c.series.Forecast) }

// top is the value at the top of the plot.
func (c *weekChart) top() float64 {
	top := 1.0
	for _, w := range c.series.Weeks {
		top = max(top, float64(w.Value))
	}
	for _, f := range c.series.Forecast {
		top = max(top, f.High)
	}
	return top
}

// weekChartGeometry is where the plot lies in the widget.
type weekChartGeometry struct {
	left, plotTop, plotW, col float32
}

func (c *weekChart) geometry(size fyne.Size) weekChartGeometry {
	ts := theme.CaptionTextSize()
	gutter := fyne.MeasureText(strconv.FormatFloat(math.Ceil(c.top()), 'f', 0, 64), ts, fyne.TextStyle{}).Width + theme.Padding()*2
	g := weekChartGeometry{left: gutter, plotTop: c.readout.MinSize().Height + theme.Padding()}
	g.plotW = max(0, size.Width-gutter)
	g.col = g.plotW / float32(max(1, c.columns()))
	return g
}

// columnAt is the column under x, -1 for none.
func (c *weekChart) columnAt(x float32) int {
	g := c.geometry(c.Size())
	i := int((x - g.left) / max(1, g.col))
	if x < g.left || i >= c.columns() {
		return -1
	}
	return i
}

// columnCentre is the middle of column i, for a pointer to point at.
func (c *weekChart) columnCentre(i int) fyne.Position {
	g := c.geometry(c.Size())
	return fyne.NewPos(g.left+g.col*(float32(i)+0.5), g.plotTop+weekChartPlotHeight/2)
}

// point shows column i's figure.
func (c *weekChart) point(i int) {
	if i == c.hovered {
		return
	}
	c.hovered = i
	if i < 0 {
		c.readout.SetText(weekChartHint())
	} else {
		c.readout.SetText(c.figure(i))
	}
	c.Refresh()
}

// MouseIn shows the figure of the week pointed at.
func (c *weekChart) MouseIn(e *desktop.MouseEvent) { c.point(c.columnAt(e.Position.X)) }

// MouseMoved shows the figure of the week pointed at.
func (c *weekChart) MouseMoved(e *desktop.MouseEvent) { c.point(c.columnAt(e.Position.X)) }

// MouseOut shows the hint again.
func (c *weekChart) MouseOut() { c.point(-1) }

// Tapped shows the figure of the week tapped, for touch screens.
func (c *weekChart) Tapped(e *fyne.PointEvent) { c.point(c.columnAt(e.Position.X)) }

// figure words column i's exact figure.
func (c *weekChart) figure(i int) string {
	s := c.series
	if i >= len(s.Weeks) {
		f := s.Forecast[i-len(s.Weeks)]
		return lang.L("Week of {{.Week}}, projected: {{.Figure}}, likely between {{.Low}} and {{.High}}", args{
			"Week": day(f.Start), "Figure": metricText(s.Metric, int64(math.Round(f.Value))),
			"Low": int64(math.Round(f.Low)), "High": int64(math.Round(f.High))})
	}
	w := s.Weeks[i]
	a := args{"Week": day(w.Start), "Figure": metricText(s.Metric, w.Value)}
	if s.Metric == core.MetricShares {
		return lang.L("Week of {{.Week}}: {{.Figure}}", a)
	}
	if w.Shares > 0 && w.Measured == 0 {
		return lang.N("Week of {{.Week}}: {{.Count}} shares, their counts not available", w.Shares, args{"Week": a["Week"], "Count": w.Shares})
	}
	line := lang.L("Week of {{.Week}}: {{.Figure}}", a)
	if missing := w.Shares - w.Measured; missing > 0 {
		line += " " + lang.N("({{.Count}} shares without counts)", missing, args{"Count": missing})
	}
	return line
}

// metricText words n of metric m: "12 reactions".
func metricText(m core.ImpactMetric, n int64) string {
	a := args{"Count": n}
	switch m {
	case core.MetricReactions:
		return lang.N("{{.Count}} reactions", int(n), a)
	case core.MetricReposts:
		return lang.N("{{.Count}} reposts", int(n), a)
	case core.MetricReplies:
		return lang.N("{{.Count}} replies", int(n), a)
	}
	return lang.N("{{.Count}} shares", int(n), a)
}

// weekChartDashes is how many dashes a projected segment has.
const weekChartDashes = 5

// CreateRenderer draws the readout, the bars, the band, the dashed line,
// the axis and a few week labels.
func (c *weekChart) CreateRenderer() fyne.WidgetRenderer {
	r := &weekChartRenderer{chart: c, axis: canvas.NewLine(nil), highlight: canvas.NewRectangle(nil),
		topLabel: canvas.NewText("", nil), zeroLabel: canvas.NewText("0", nil)}
	r.topLabel.TextSize, r.zeroLabel.TextSize = theme.CaptionTextSize(), theme.CaptionTextSize()
	r.objects = []fyne.CanvasObject{r.highlight}
	for range c.series.Forecast {
		band := canvas.NewRectangle(nil)
		r.band = append(r.band, band)
		r.objects = append(r.objects, band)
	}
	for range c.series.Weeks {
		bar := canvas.NewRectangle(nil)
		bar.CornerRadius = 2
		r.bars = append(r.bars, bar)
		r.objects = append(r.objects, bar)
	}
	for range len(c.series.Forecast) * weekChartDashes {
		d := canvas.NewLine(nil)
		d.StrokeWidth = 2
		r.dashes = append(r.dashes, d)
		r.objects = append(r.objects, d)
	}
	for range c.series.Forecast {
		dot := canvas.NewCircle(nil)
		r.dots = append(r.dots, dot)
		r.objects = append(r.objects, dot)
	}
	for i := range c.columns() {
		if i%4 != 0 && i != len(c.series.Weeks) {
			continue
		}
		l := canvas.NewText(weekLabel(c, i), nil)
		l.TextSize = theme.CaptionTextSize()
		r.labels, r.labelAt = append(r.labels, l), append(r.labelAt, i)
		r.objects = append(r.objects, l)
	}
	r.objects = append(r.objects, r.axis, r.topLabel, r.zeroLabel, c.readout)
	r.Refresh()
	return r
}

// weekLabel names column i by its Monday.
func weekLabel(c *weekChart, i int) string {
	if i < len(c.series.Weeks) {
		return c.series.Weeks[i].Start.Local().Format(lang.L("2 Jan"))
	}
	return c.series.Forecast[i-len(c.series.Weeks)].Start.Local().Format(lang.L("2 Jan"))
}

type weekChartRenderer struct {
	chart               *weekChart
	objects             []fyne.CanvasObject
	bars, band          []*canvas.Rectangle
	dashes              []*canvas.Line
	dots                []*canvas.Circle
	labels              []*canvas.Text
	labelAt             []int
	axis                *canvas.Line
	highlight           *canvas.Rectangle
	topLabel, zeroLabel *canvas.Text
}

func (r *weekChartRenderer) Destroy() {}

func (r *weekChartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *weekChartRenderer) MinSize() fyne.Size {
	h := r.chart.readout.MinSize().Height + theme.Padding() + weekChartPlotHeight + theme.CaptionTextSize() + 2*theme.Padding()
	return fyne.NewSize(float32(max(12, r.chart.columns()))*22, h)
}

// y is where value v lies in the plot.
func (r *weekChartRenderer) y(g weekChartGeometry, v float64) float32 {
	return g.plotTop + weekChartPlotHeight*(1-float32(v/r.chart.top()))
}

func (r *weekChartRenderer) Layout(size fyne.Size) {
	c := r.chart
	g := c.geometry(size)
	c.readout.Move(fyne.NewPos(g.left, 0))
	c.readout.Resize(fyne.NewSize(g.plotW, c.readout.MinSize().Height))
	base := g.plotTop + weekChartPlotHeight
	r.axis.Position1, r.axis.Position2 = fyne.NewPos(g.left, base), fyne.NewPos(size.Width, base)
	r.topLabel.Text = strconv.FormatFloat(math.Ceil(c.top()), 'f', 0, 64)
	ts := r.topLabel.MinSize()
	r.topLabel.Move(fyne.NewPos(g.left-ts.Width-theme.Padding(), g.plotTop-ts.Height/2))
	zs := r.zeroLabel.MinSize()
	r.zeroLabel.Move(fyne.NewPos(g.left-zs.Width-theme.Padding(), base-zs.Height/2))
	barW := g.col * 0.7
	for i, b := range r.bars {
		top := r.y(g, float64(c.series.Weeks[i].Value))
		b.Move(fyne.NewPos(g.left+g.col*float32(i)+(g.col-barW)/2, top))
		b.Resize(fyne.NewSize(barW, base-top))
	}
	n := len(c.series.Weeks)
	// The dashed line starts on top of this week's bar.
	from := fyne.NewPos(g.left+g.col*(float32(n)-0.5), r.y(g, float64(c.series.ThisWeek)))
	for i, f := range c.series.Forecast {
		x := g.left + g.col*float32(n+i)
		lo, hi := r.y(g, f.High), r.y(g, f.Low)
		r.band[i].Move(fyne.NewPos(x, lo))
		r.band[i].Resize(fyne.NewSize(g.col, max(1, hi-lo)))
		to := fyne.NewPos(x+g.col/2, r.y(g, f.Value))
		for k := range weekChartDashes {
			a, b := float32(k)/weekChartDashes, (float32(k)+0.6)/weekChartDashes
			d := r.dashes[i*weekChartDashes+k]
			d.Position1 = fyne.NewPos(from.X+(to.X-from.X)*a, from.Y+(to.Y-from.Y)*a)
			d.Position2 = fyne.NewPos(from.X+(to.X-from.X)*b, from.Y+(to.Y-from.Y)*b)
		}
		r.dots[i].Move(to.SubtractXY(3, 3))
		r.dots[i].Resize(fyne.NewSize(6, 6))
		from = to
	}
	for k, l := range r.labels {
		l.Move(fyne.NewPos(g.left+g.col*float32(r.labelAt[k])+theme.Padding()/2, base+theme.Padding()))
	}
	if h := c.hovered; h >= 0 {
		r.highlight.Move(fyne.NewPos(g.left+g.col*float32(h), g.plotTop))
		r.highlight.Resize(fyne.NewSize(g.col, weekChartPlotHeight))
		r.highlight.Show()
	} else {
		r.highlight.Hide()
	}
}

// Refresh colours the chart with the theme in use, as when it changes.
func (r *weekChartRenderer) Refresh() {
	th, v := r.chart.Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	primary, fg := th.Color(theme.ColorNamePrimary, v), th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNameDisabled, v)
	for _, b := range r.bars {
		b.FillColor = primary
	}
	p := nrgba(primary)
	for _, b := range r.band {
		b.FillColor = color.NRGBA{R: p.R, G: p.G, B: p.B, A: 0x40}
	}
	for _, d := range r.dashes {
		d.StrokeColor = fg
	}
	for _, d := range r.dots {
		d.FillColor = fg
	}
	for _, l := range r.labels {
		l.Color = muted
	}
	r.topLabel.Color, r.zeroLabel.Color, r.axis.StrokeColor = muted, muted, muted
	r.highlight.FillColor = th.Color(theme.ColorNameHover, v)
	r.Layout(r.chart.Size())
	for _, o := range r.objects {
		o.Refresh()
	}
}
