package ui

import "testing"

func TestOnScreenKeepsEnoughOfTheWindowInSight(t *testing.T) {
	screen := place{ScreenW: 1280, ScreenH: 800}
	for _, c := range []struct {
		x, y int
		want bool
	}{
		{137, 91, true},
		{0, 0, true},
		{-1000, 10, true}, // 120 pixels of a 1120-wide window still show
		{-1030, 10, false},
		{1180, 10, true},
		{1181, 10, false},
		{10, -1, false}, // the title would be above the screen
		{10, 750, true},
		{10, 751, false},
		{5000, 5000, false}, // a place on a display since removed
	} {
		if got := onScreen(c.x, c.y, 1120, screen); got != c.want {
			t.Errorf("onScreen(%d, %d) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}
