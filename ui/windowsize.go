package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
)

// settingWindowSize keeps the main window's size between runs.
const settingWindowSize = "window.size"

// defaultWindowSize fits the screens on a 1280×800 display.
var defaultWindowSize = fyne.NewSize(1120, 720)

// restoreSize gives the window the size it had when Advocate last quit,
// or the default; a saved size smaller than usable is ignored.
func (sh *shell) restoreSize() {
	size := defaultWindowSize
	saved := sh.s.core.Setting(settingWindowSize, "")
	var w, h float32
	if n, _ := fmt.Sscanf(saved, "%gx%g", &w, &h); n == 2 && w >= 640 && h >= 480 {
		size = fyne.NewSize(w, h)
	}
	sh.s.win.Resize(size)
}

// sizeWatch lays its one child over the whole window and tells watch each
// time the window is laid out, so the size is known even when the window is
// already gone as the app stops.
type sizeWatch struct{ watch func() }

func (l sizeWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.watch()
}

func (l sizeWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return min
}

// watchSize keeps the window's size each time it is laid out at a new
// one: the core holds it in memory and writes it in the background, and
// at the latest as it closes, so the size outlives a quit that skips the
// app's stop hook (Fyne may drop it while shutting down).
func (sh *shell) watchSize() {
	size := sh.s.win.Canvas().Size()
	if size == sh.size || size.Width < 640 || size.Height < 480 {
		return
	}
	sh.size = size
	sh.s.core.SetSetting(settingWindowSize, fmt.Sprintf("%gx%g", size.Width, size.Height))
}
