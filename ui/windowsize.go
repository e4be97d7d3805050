package ui

import (
	"context"
	"fmt"
	"time"

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
	saved, _ := sh.s.env.Store.Setting(context.Background(), settingWindowSize, "")
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

// watchSize notes the window's size as it is laid out and keeps it half a
// second after it stops changing: the app's stop hook is not certain to
// run (Fyne may drop it while shutting down), so the size is saved as it
// changes, not only on quitting.
func (sh *shell) watchSize() {
	size := sh.s.win.Canvas().Size()
	if size == sh.size || size.Width < 640 || size.Height < 480 {
		return
	}
	sh.size = size
	if sh.sizeTimer != nil {
		sh.sizeTimer.Stop()
	}
	sh.sizeTimer = time.AfterFunc(500*time.Millisecond, func() { sh.keepSize(size) })
}

// saveSize keeps the window's last size now, as the app stops.
func (sh *shell) saveSize() {
	if sh.sizeTimer != nil {
		sh.sizeTimer.Stop()
	}
	if sh.size != (fyne.Size{}) { // watchSize notes usable sizes only
		sh.keepSize(sh.size)
	}
}

func (sh *shell) keepSize(size fyne.Size) {
	if err := sh.s.env.Store.SetSetting(context.Background(), settingWindowSize, fmt.Sprintf("%gx%g", size.Width, size.Height)); err != nil {
		fyne.LogError("ui: keep the window size", err)
	}
}
