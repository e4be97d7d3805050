package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/share"
)

// barChart draws counts as horizontal bars, each with its label and number,
// the longest bar filling the width.
type barChart struct {
	widget.BaseWidget
	title string
	rows  []share.Count
	empty string
}

func newBarChart(title, empty string, rows []share.Count) *barChart {
	c := &barChart{title: title, rows: rows, empty: empty}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer lays out the title, then a label, bar and number per row.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	if len(c.rows) == 0 {
		return widget.NewSimpleRenderer(container.NewVBox(heading(c.title), wrapped(c.empty)))
	}
	top := 0
	for _, r := range c.rows {
		top = max(top, r.N)
	}
	var cells []fyne.CanvasObject
	r := &barChartRenderer{chart: c}
	for _, row := range c.rows {
		bar := canvas.NewRectangle(nil)
		bar.CornerRadius = 2
		r.bars = append(r.bars, bar)
		cells = append(cells, widget.NewLabel(row.Label), bar, widget.NewLabel(fmt.Sprint(row.N)))
	}
	bars := container.New(&barsLayout{rows: c.rows, top: top}, cells...)
	r.WidgetRenderer = widget.NewSimpleRenderer(container.NewVBox(heading(c.title), bars))
	r.Refresh()
	return r
}

// barChartRenderer colours the bars with the theme in use each time the
// chart is refreshed, as it is when the theme changes.
type barChartRenderer struct {
	fyne.WidgetRenderer
	chart *barChart
	bars  []*canvas.Rectangle
}

func (r *barChartRenderer) Refresh() {
	fill := r.chart.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	for _, b := range r.bars {
		b.FillColor = fill
		b.Refresh()
	}
	r.WidgetRenderer.Refresh()
}

// barsLayout places label, bar, number triples in rows; every bar starts
// after the widest label and its length is its share of the largest count.
type barsLayout struct {
	rows []share.Count
	top  int
}

func (l *barsLayout) sizes(objs []fyne.CanvasObject) (labelW, numberW, rowH float32) {
	for i := 0; i+2 < len(objs); i += 3 {
		a, n := objs[i].MinSize(), objs[i+2].MinSize()
		labelW, numberW, rowH = max(labelW, a.Width), max(numberW, n.Width), max(rowH, a.Height)
	}
	return
}

func (l *barsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	labelW, numberW, rowH := l.sizes(objs)
	room := max(0, size.Width-labelW-numberW)
	for i := 0; i+2 < len(objs); i += 3 {
		y := float32(i/3) * rowH
		w := room * float32(l.rows[i/3].N) / float32(max(1, l.top))
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(labelW, rowH))
		objs[i+1].Move(fyne.NewPos(labelW, y+rowH/4))
		objs[i+1].Resize(fyne.NewSize(w, rowH/2))
		objs[i+2].Move(fyne.NewPos(labelW+w, y))
		objs[i+2].Resize(fyne.NewSize(numberW, rowH))
	}
}

func (l *barsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	labelW, numberW, rowH := l.sizes(objs)
	return fyne.NewSize(labelW+numberW+60, rowH*float32(len(objs)/3))
}
