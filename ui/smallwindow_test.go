package ui

import (
	"image/color"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestEveryTabShowsInAWindow600High: seven tabs with their icons need
// about 580 pixels, so at 800×600 Settings went into an overflow menu;
// there the tabs show their names only, and their icons again when the
// window is tall enough.
func TestEveryTabShowsInAWindow600High(t *testing.T) {
	sh, w := newTestShell(t)
	names := func() []string {
		var out []string
		for _, it := range sh.tabs.Items {
			out = append(out, it.Text)
		}
		return out
	}()
	w.Resize(fyne.NewSize(800, 600))
	shown := visibleTexts(w.Canvas().Content())
	for _, name := range names {
		if !slices.Contains(shown, name) {
			t.Errorf("at 800×600 the tab %q is not shown (shown: %q)", name, shown)
		}
	}
	if sh.tabs.Items[0].Icon != nil {
		t.Error("at 800×600 the tabs keep their icons")
	}
	w.Resize(fyne.NewSize(1120, 720))
	for _, it := range sh.tabs.Items {
		if it.Icon == nil {
			t.Fatalf("at 1120×720 the tab %q has no icon", it.Text)
		}
	}
	shown = visibleTexts(w.Canvas().Content())
	for _, name := range names {
		if !slices.Contains(shown, name) {
			t.Errorf("at 1120×720 the tab %q is not shown", name)
		}
	}
}

// TestContentRowsShowNoCutBadgeAndMarkTheSelection: in a narrow list a
// badge that does not fit whole is left out, and the selected row has a
// bar beside it (its background differs from the others' by little).
func TestContentRowsShowNoCutBadgeAndMarkTheSelection(t *testing.T) {
	sh, w := newTestShell(t)
	w.Resize(fyne.NewSize(800, 600))
	list := sh.content.list
	d := fyne.CurrentApp().Driver()
	right := d.AbsolutePositionForObject(list).X + list.Size().Width
	var rows []*contentRow
	for _, o := range objectsUnder(list, true) {
		switch o := o.(type) {
		case *badge:
			if end := d.AbsolutePositionForObject(o).X + o.Size().Width; end > right+0.5 {
				t.Errorf("badge %q ends at %v, past the list's edge at %v", o.text, end, right)
			}
		case *contentRow:
			rows = append(rows, o)
		}
	}
	if len(rows) < 2 {
		t.Fatalf("%d rows shown", len(rows))
	}
	list.Select(1)
	marked := 0
	for _, r := range rows {
		if r.mark.FillColor != color.Transparent {
			marked++
			if r.mark.FillColor != theme.Color(theme.ColorNamePrimary) || r.title.Text != sh.content.items[1].Title {
				t.Errorf("row %q is marked", r.title.Text)
			}
		}
	}
	if marked != 1 {
		t.Fatalf("%d rows marked, want the selected one", marked)
	}
}

// TestTheSelectedNewsRowsAreMarked: the chosen feed and headline have the
// bar beside them, and only they; choosing another moves it.
func TestTheSelectedNewsRowsAreMarked(t *testing.T) {
	sh, _ := newTestShell(t)
	sh.tabs.SelectIndex(screenNews)
	n := sh.news
	marked := func(l fyne.CanvasObject) []string {
		var out []string
		for _, o := range objectsUnder(l, true) {
			row, ok := o.(*fyne.Container)
			if !ok || len(row.Objects) != 2 {
				continue
			}
			mark, ok := row.Objects[1].(*canvas.Rectangle)
			if ok && mark.MinSize().Width == markWidth && mark.FillColor == theme.Color(theme.ColorNamePrimary) {
				out = append(out, row.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text)
			}
		}
		return out
	}
	if got := marked(n.feedList); !slices.Equal(got, []string{"All news"}) {
		t.Fatalf("marked feeds %q, want All news", got)
	}
	n.feedList.Select(1)
	if got := marked(n.feedList); !slices.Equal(got, []string{feedTitle(n.subs[0])}) {
		t.Fatalf("marked feeds %q, want %q", got, feedTitle(n.subs[0]))
	}
	if len(n.items) == 0 {
		t.Fatal("the feed has no headlines")
	}
	n.itemList.Select(0)
	if got := marked(n.itemList); !slices.Equal(got, []string{n.items[0].Title}) {
		t.Fatalf("marked headlines %q", got)
	}
	n.itemList.UnselectAll()
	if got := marked(n.itemList); len(got) != 0 {
		t.Fatalf("marked headlines %q after unselecting", got)
	}
}

// TestTheContentListOpensAtItsTop: the first item, chosen when the list
// is filled, is shown whole even when the list was filled while the window
// was still being laid out (the real 800×600 window opened with the first
// title hidden under the search, scrolled by the part of a row the list
// then lacked).
func TestTheContentListOpensAtItsTop(t *testing.T) {
	sh, w := newTestShell(t)
	list := sh.content.list
	for _, height := range []float32{150, 600} {
		w.Resize(fyne.NewSize(800, height))
		sh.content.refresh()
		if sh.content.current != 0 {
			t.Fatalf("item %d shown, want the first", sh.content.current)
		}
		if off := list.GetScrollOffset(); off != 0 {
			t.Fatalf("filled %v px high, the list is scrolled by %v px, hiding part of its first row", list.Size().Height, off)
		}
	}
}
