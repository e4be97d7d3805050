package ui

import (
	"context"
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
	saved, _ := sh.s.env.Store.Setting(context.Background(), settingWindowSize, "")
	var w, h float32
	if n, _ := fmt.Sscanf(saved, "%gx%g", &w, &h); n == 2 && w >= 640 && h >= 480 {
		size = fyne.NewSize(w, h)
	}
	sh.s.win.Resize(size)
}

// saveSize remembers the window's size for the next start.
func (sh *shell) saveSize() {
	size := sh.s.win.Canvas().Size()
	if size.Width >= 640 && size.Height >= 480 {
		sh.s.env.Store.SetSetting(context.Background(), settingWindowSize, fmt.Sprintf("%gx%g", size.Width, size.Height))
	}
}
