//go:build !linux || !cgo || wayland

package ui

import "fyne.io/fyne/v2"

// windowPlace cannot read a window's place here: Fyne has no API for it,
// and Wayland does not tell applications where their windows are.
func windowPlace(fyne.Window) (place, bool) { return place{}, false }

// moveWindow cannot move a window here.
func moveWindow(fyne.Window, int, int) bool { return false }
