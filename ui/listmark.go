package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// listSelection remembers which row of a list is selected, so that the
// row can draw a bar beside it: the theme's selection colour differs from
// the background by little, and a cue must not be colour alone.
type listSelection struct {
	list *widget.List
	id   widget.ListItemID
}

// trackSelection follows l's selection, calling the OnSelected and
// OnUnselected already set; call it once they are.
func trackSelection(l *widget.List) *listSelection {
	s := &listSelection{list: l, id: -1}
	selected, unselected := l.OnSelected, l.OnUnselected
	l.OnSelected = func(id widget.ListItemID) {
		if old := s.id; old >= 0 && old != id {
			s.id = -1
			l.RefreshItem(old)
		}
		s.id = id
		l.RefreshItem(id)
		if selected != nil {
			selected(id)
		}
	}
	l.OnUnselected = func(id widget.ListItemID) {
		if s.id == id {
			s.id = -1
			l.RefreshItem(id)
		}
		if unselected != nil {
			unselected(id)
		}
	}
	return s
}

// is reports whether row id is the selected one.
func (s *listSelection) is(id widget.ListItemID) bool { return s != nil && s.id == id }

// newSelectionMark is the bar beside a row, drawn when it is selected.
func newSelectionMark() *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(markWidth, 0))
	return r
}

// showSelectionMark draws or hides the bar r.
func showSelectionMark(r *canvas.Rectangle, on bool) {
	var want color.Color = color.Transparent
	if on {
		want = theme.Color(theme.ColorNamePrimary)
	}
	if r.FillColor != want {
		r.FillColor = want
		r.Refresh()
	}
}
