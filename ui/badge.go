package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// badge is a short word on a rounded patch of colour, such as "New" or
// "Ends in 3 days"; its importance chooses the colour.
type badge struct {
	widget.BaseWidget
	text       string
	importance widget.Importance
}

func newBadge(text string, importance widget.Importance) *badge {
	b := &badge{text: text, importance: importance}
	b.ExtendBaseWidget(b)
	return b
}

// colors gives the patch's and the text's theme colours.
func (b *badge) colors() (fyne.ThemeColorName, fyne.ThemeColorName) {
	switch b.importance {
	case widget.HighImportance:
		return theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
	case widget.WarningImportance:
		return theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	case widget.DangerImportance:
		return theme.ColorNameError, theme.ColorNameForegroundOnError
	}
	return theme.ColorNameButton, theme.ColorNameForeground
}

func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(nil), text: canvas.NewText("", nil)}
	r.text.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b    *badge
	bg   *canvas.Rectangle
	text *canvas.Text
}

func (r *badgeRenderer) padding() fyne.Size {
	pad := r.b.Theme().Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(pad, pad/4)
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.text.Move(fyne.NewPos(r.padding().Width, r.padding().Height))
	r.text.Resize(r.text.MinSize())
}

func (r *badgeRenderer) MinSize() fyne.Size {
	return r.text.MinSize().Add(r.padding().Add(r.padding()))
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg, fg := r.b.colors()
	r.bg.FillColor = th.Color(bg, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.text.Text = r.b.text
	r.text.Color = th.Color(fg, v)
	r.text.TextSize = th.Size(theme.SizeNameCaptionText)
	r.bg.Refresh()
	r.text.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }
func (r *badgeRenderer) Destroy()                     {}
