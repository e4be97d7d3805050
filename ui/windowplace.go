package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
)

// settingWindowPlace keeps where the main window was on the screen, "x,y".
const settingWindowPlace = "window.place"

// place is where a window's inside starts on a screen of a size, in pixels.
type place struct{ X, Y, ScreenW, ScreenH int }

// restorePlace puts the shown window back where it was when Advocate last
// ran, when that is still on the screen; a window that would be mostly off
// it, after a change of display, is left where the system put it.
func (sh *shell) restorePlace() {
	now, ok := windowPlace(sh.s.win)
	if !ok {
		return
	}
	sh.place = now
	saved := sh.s.core.Setting(settingWindowPlace, "")
	var x, y int
	if n, _ := fmt.Sscanf(saved, "%d,%d", &x, &y); n != 2 {
		return
	}
	width := int(sh.s.win.Canvas().Size().Width * sh.s.win.Canvas().Scale())
	if onScreen(x, y, width, now) && moveWindow(sh.s.win, x, y) {
		sh.place.X, sh.place.Y = x, y
	}
}

// onScreen reports whether a window of width at x, y shows at least its
// top 50 pixels and 100 pixels across on the screen.
func onScreen(x, y, width int, screen place) bool {
	return x+width >= 100 && x <= screen.ScreenW-100 && y >= 0 && y <= screen.ScreenH-50
}

// watchPlace puts the window back where it was once it is up, then notes
// where it is every second until ctx ends: Fyne tells of no moves, and
// noting as it goes keeps the place through a crash or a quit that skips
// the stop hook.
func (sh *shell) watchPlace(ctx context.Context) {
	fyne.Do(sh.restorePlace)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			fyne.Do(sh.notePlace)
		}
	}
}

// notePlace keeps the window's place when it has moved.
func (sh *shell) notePlace() {
	p, ok := windowPlace(sh.s.win)
	if !ok || p.X == sh.place.X && p.Y == sh.place.Y {
		return
	}
	sh.place = p
	sh.s.core.SetSetting(settingWindowPlace, fmt.Sprintf("%d,%d", p.X, p.Y))
}
