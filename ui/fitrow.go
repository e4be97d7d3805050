package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// markWidth is the width of the bar that marks a list's selected row.
const markWidth = 4

// fitRow lays its objects left to right at their least size and hides
// those that do not fit whole, so a row of badges never shows one cut at
// the edge, nor one after a gap. It asks for the width of the first object only.
type fitRow struct{}

// Layout implements fyne.Layout.
func (fitRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	x, full := float32(0), false
	for _, o := range objs {
		m := o.MinSize()
		if full = full || x+m.Width > size.Width; full {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		o.Resize(m)
		x += m.Width + gap
	}
}

// MinSize implements fyne.Layout.
func (fitRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i == 0 {
			min.Width = m.Width
		}
		min.Height = fyne.Max(min.Height, m.Height)
	}
	return min
}
