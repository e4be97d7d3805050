package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// WarmFonts loads the fonts the main window's text is measured with (the
// theme's regular and bold faces, their emoji and system fallbacks) on a
// goroutine of its own, while the caller opens the database: the window's
// first measurement would otherwise load them on the UI goroutine. The
// returned wait must be called, and return, before any window is built:
// the fonts are then not used from two goroutines at once.
func WarmFonts() (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			fyne.MeasureText("Advocate", theme.TextSize(), style)
		}
	}()
	return func() { <-done }
}
