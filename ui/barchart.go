package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/advocate-app/advocate/advocacy/share"
)

// barChart draws counts as horizontal bars, each with its label and number,
// the longest bar filling the width; practice shares follow a bar as a
// muted segment of their own, and its number says them apart.
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
		top = max(top, r.N+r.Practice)
	}
	var cells []fyne.CanvasObject
	r := &barChartRenderer{chart: c}
	for _, row := range c.rows {
		bar, practice := canvas.NewRectangle(nil), canvas.NewRectangle(nil)
		bar.CornerRadius, practice.CornerRadius = 2, 2
		r.bars, r.practice = append(r.bars, bar), append(r.practice, practice)
		cells = append(cells, widget.NewLabel(row.Label), bar, practice, widget.NewLabel(countText(row)))
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
	chart    *barChart
	bars     []*canvas.Rectangle
	practice []*canvas.Rectangle
}

// countText is a bar's number: its shares, and its practice ones apart.
func countText(c share.Count) string {
	if c.Practice == 0 {
		return fmt.Sprint(c.N)
	}
	return lang.L("{{.Count}} + {{.Practice}} practice", args{"Count": c.N, "Practice": c.Practice})
}

func (r *barChartRenderer) Refresh() {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill, muted := r.chart.Theme().Color(theme.ColorNamePrimary, v), r.chart.Theme().Color(theme.ColorNameDisabled, v)
	for i, b := range r.bars {
		b.FillColor, r.practice[i].FillColor = fill, muted
		b.Refresh()
		r.practice[i].Refresh()
	}
	r.WidgetRenderer.Refresh()
}

// barsLayout places label, bar, practice bar, number in rows; every bar
// starts after the widest label and its length is its share of the largest
// count, the practice bar going on from it.
type barsLayout struct {
	rows []share.Count
	top  int
}

func (l *barsLayout) sizes(objs []fyne.CanvasObject) (labelW, numberW, rowH float32) {
	for i := 0; i+3 < len(objs); i += 4 {
		a, n := objs[i].MinSize(), objs[i+3].MinSize()
		labelW, numberW, rowH = max(labelW, a.Width), max(numberW, n.Width), max(rowH, a.Height)
	}
	return
}

func (l *barsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	labelW, numberW, rowH := l.sizes(objs)
	room := max(0, size.Width-labelW-numberW)
	for i := 0; i+3 < len(objs); i += 4 {
		row := l.rows[i/4]
		y := float32(i/4) * rowH
		w := room * float32(row.N) / float32(max(1, l.top))
		p := room * float32(row.Practice) / float32(max(1, l.top))
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(labelW, rowH))
		objs[i+1].Move(fyne.NewPos(labelW, y+rowH/4))
		objs[i+1].Resize(fyne.NewSize(w, rowH/2))
		objs[i+2].Move(fyne.NewPos(labelW+w, y+rowH/4))
		objs[i+2].Resize(fyne.NewSize(p, rowH/2))
		objs[i+3].Move(fyne.NewPos(labelW+w+p, y))
		objs[i+3].Resize(fyne.NewSize(numberW, rowH))
	}
}

func (l *barsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	labelW, numberW, rowH := l.sizes(objs)
	return fyne.NewSize(labelW+numberW+60, rowH*float32(len(objs)/4))
}
