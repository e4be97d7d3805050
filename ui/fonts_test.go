package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// Run with -race: the window is built after the warm-up, on other
// goroutines than it, with no race between them.
func TestFontsWarmedBeforeTheWindowServeIt(t *testing.T) {
	test.NewTempApp(t)
	wait := WarmFonts()
	wait()
	wait() // again: it has nothing left to wait for
	sh, w := newUnopenedTestShell(t)
	w.SetContent(w.Content())
	if sh.header.MinSize().Width <= 0 || fyne.MeasureText("Advocate", theme.TextSize(), fyne.TextStyle{Bold: true}).Width <= 0 {
		t.Fatal("text measures nothing after the fonts were warmed")
	}
}
