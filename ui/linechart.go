package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartLine is one line of a lineChart: its name in the legend, its
// colour, and its value at each point (known false where the value is not
// available: no dot, and the line leaves a gap).
type chartLine struct {
	label  string
	colour fyne.ThemeColorName
	ys     []float64
	known  []bool
}

// lineChart draws lines over evenly spaced points (a share's readings),
// each point labelled below; pointing at or tapping a point shows its
// exact figures, tips[i], above the chart.
type lineChart struct {
	widget.BaseWidget
	lines   []chartLine
	xLabels []string
	tips    []string
	hint    string
	hovered int
	readout *widget.Label
}

var (
	_ desktop.Hoverable = (*lineChart)(nil)
	_ fyne.Tappable     = (*lineChart)(nil)
)

// lineChartPlotHeight is the height of the lines' area.
const lineChartPlotHeight = 90

func newLineChart(lines []chartLine, xLabels, tips []string, hint string) *lineChart {
	c := &lineChart{lines: lines, xLabels: xLabels, tips: tips, hint: hint, hovered: -1, readout: wrapped(hint)}
	c.ExtendBaseWidget(c)
	return c
}

// points is how many points the chart has.
func (c *lineChart) points() int { return len(c.xLabels) }

// top is the value at the top of the plot.
func (c *lineChart) top() float64 {
	top := 1.0
	for _, l := range c.lines {
		for i, y := range l.ys {
			if l.known[i] {
				top = max(top, y)
			}
		}
	}
	return top
}

// lineChartGeometry is where the plot lies in the widget.
type lineChartGeometry struct {
	plotTop, left, step float32
}

func (c *lineChart) geometry(size fyne.Size) lineChartGeometry {
	legend := theme.CaptionTextSize() + theme.Padding()
	g := lineChartGeometry{plotTop: c.readout.MinSize().Height + legend + theme.Padding(), left: theme.Padding() * 4}
	if n := c.points(); n > 1 {
		g.step = (size.Width - 2*g.left) / float32(n-1)
	}
	return g
}

// at is where point i of a line with value y lies.
func (c *lineChart) at(g lineChartGeometry, i int, y float64) fyne.Position {
	x := g.left + g.step*float32(i)
	if c.points() == 1 {
		x = c.Size().Width / 2
	}
	return fyne.NewPos(x, g.plotTop+lineChartPlotHeight*(1-float32(y/c.top())))
}

// pointAt is the point nearest x.
func (c *lineChart) pointAt(x float32) int {
	if c.points() == 0 {
		return -1
	}
	g := c.geometry(c.Size())
	if g.step == 0 {
		return 0
	}
	return min(c.points()-1, max(0, int(math.Round(float64((x-g.left)/g.step)))))
}

// pointCentre is where point i lies across, for a pointer to point at.
func (c *lineChart) pointCentre(i int) fyne.Position {
	g := c.geometry(c.Size())
	return fyne.NewPos(c.at(g, i, 0).X, g.plotTop+lineChartPlotHeight/2)
}

func (c *lineChart) point(i int) {
	if i == c.hovered {
		return
	}
	c.hovered = i
	if i < 0 {
		c.readout.SetText(c.hint)
	} else {
		c.readout.SetText(c.tips[i])
	}
	c.Refresh()
}

// MouseIn shows the figures of the point nearest the pointer.
func (c *lineChart) MouseIn(e *desktop.MouseEvent) { c.point(c.pointAt(e.Position.X)) }

// MouseMoved shows the figures of the point nearest the pointer.
func (c *lineChart) MouseMoved(e *desktop.MouseEvent) { c.point(c.pointAt(e.Position.X)) }

// MouseOut shows the hint again.
func (c *lineChart) MouseOut() { c.point(-1) }

// Tapped shows the figures of the point nearest the tap.
func (c *lineChart) Tapped(e *fyne.PointEvent) { c.point(c.pointAt(e.Position.X)) }

// CreateRenderer draws the readout, the legend, the lines with a dot at
// each known point, and the points' labels.
func (c *lineChart) CreateRenderer() fyne.WidgetRenderer {
	r := &lineChartRenderer{chart: c, axis: canvas.NewLine(nil), cursor: canvas.NewLine(nil)}
	r.objects = []fyne.CanvasObject{r.cursor, r.axis}
	for _, l := range c.lines {
		name := canvas.NewText(l.label, nil)
		name.TextSize = theme.CaptionTextSize()
		name.TextStyle.Bold = true
		var segs []*canvas.Line
		var dots []*canvas.Circle
		for range max(0, len(l.ys)-1) {
			s := canvas.NewLine(nil)
			s.StrokeWidth = 2
			segs = append(segs, s)
			r.objects = append(r.objects, s)
		}
		for range l.ys {
			d := canvas.NewCircle(nil)
			dots = append(dots, d)
			r.objects = append(r.objects, d)
		}
		r.legend, r.segs, r.dots = append(r.legend, name), append(r.segs, segs), append(r.dots, dots)
		r.objects = append(r.objects, name)
	}
	for _, text := range c.xLabels {
		l := canvas.NewText(text, nil)
		l.TextSize = theme.CaptionTextSize()
		r.labels = append(r.labels, l)
		r.objects = append(r.objects, l)
	}
	r.objects = append(r.objects, c.readout)
	r.Refresh()
	return r
}

type lineChartRenderer struct {
	chart        *lineChart
	objects      []fyne.CanvasObject
	legend       []*canvas.Text
	segs         [][]*canvas.Line
	dots         [][]*canvas.Circle
	labels       []*canvas.Text
	axis, cursor *canvas.Line
}

func (r *lineChartRenderer) Destroy() {}

func (r *lineChartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *lineChartRenderer) MinSize() fyne.Size {
	g := r.chart.geometry(fyne.Size{})
	return fyne.NewSize(float32(max(2, r.chart.points()))*70, g.plotTop+lineChartPlotHeight+theme.CaptionTextSize()+3*theme.Padding())
}

func (r *lineChartRenderer) Layout(size fyne.Size) {
	c := r.chart
	g := c.geometry(size)
	c.readout.Move(fyne.NewPos(0, 0))
	c.readout.Resize(fyne.NewSize(size.Width, c.readout.MinSize().Height))
	x := g.left
	for _, l := range r.legend {
		l.Move(fyne.NewPos(x, c.readout.MinSize().Height))
		x += l.MinSize().Width + theme.Padding()*3
	}
	base := g.plotTop + lineChartPlotHeight
	r.axis.Position1, r.axis.Position2 = fyne.NewPos(0, base), fyne.NewPos(size.Width, base)
	for li, l := range c.lines {
		for i, y := range l.ys {
			p := c.at(g, i, y)
			d := r.dots[li][i]
			d.Move(p.SubtractXY(3.5, 3.5))
			d.Resize(fyne.NewSize(7, 7))
			d.Hidden = !l.known[i]
			if i > 0 {
				s := r.segs[li][i-1]
				s.Position1, s.Position2 = c.at(g, i-1, l.ys[i-1]), p
				s.Hidden = !l.known[i] || !l.known[i-1]
			}
		}
	}
	for i, l := range r.labels {
		w := l.MinSize().Width
		px := c.at(g, i, 0).X - w/2
		l.Move(fyne.NewPos(min(max(0, px), size.Width-w), base+theme.Padding()))
	}
	if h := c.hovered; h >= 0 {
		px := c.at(g, h, 0).X
		r.cursor.Position1, r.cursor.Position2 = fyne.NewPos(px, g.plotTop), fyne.NewPos(px, base)
		r.cursor.Show()
	} else {
		r.cursor.Hide()
	}
}

// Refresh colours the chart with the theme in use.
func (r *lineChartRenderer) Refresh() {
	th, v := r.chart.Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	muted := th.Color(theme.ColorNameDisabled, v)
	for li, l := range r.chart.lines {
		col := th.Color(l.colour, v)
		r.legend[li].Color = col
		for _, s := range r.segs[li] {
			s.StrokeColor = col
		}
		for _, d := range r.dots[li] {
			d.FillColor = col
		}
	}
	for _, l := range r.labels {
		l.Color = muted
	}
	r.axis.StrokeColor, r.cursor.StrokeColor = muted, th.Color(theme.ColorNameForeground, v)
	r.Layout(r.chart.Size())
	for _, o := range r.objects {
		o.Refresh()
	}
}
