package ui

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/advocate-app/advocate/assets"
)

func TestTrayIconShowsTheUnreadCount(t *testing.T) {
	decode := func(n int) image.Image {
		t.Helper()
		res, err := trayIcon(assets.Icon, n)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	// red counts the badge's red pixels in the top right quarter, and
	// white the white ones inside the disc (the digits).
	count := func(img image.Image) (red, white int) {
		for y := 0; y < trayIconSize/2; y++ {
			for x := trayIconSize / 2; x < trayIconSize; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				switch {
				case r>>8 == 0xd9 && g>>8 == 0x2d && b>>8 == 0x20:
					red++
				case r>>8 == 0xff && g>>8 == 0xff && b>>8 == 0xff && red > 0:
					white++
				}
			}
		}
		return
	}
	plain := decode(0)
	if plain.Bounds().Dx() != trayIconSize {
		t.Fatalf("icon is %v", plain.Bounds())
	}
	if red, _ := count(plain); red != 0 {
		t.Fatalf("no unread items, yet %d badge pixels", red)
	}
	red3, white3 := count(decode(3))
	red12, white12 := count(decode(12))
	if red3 < 600 || white3 == 0 || white12 <= white3 || red12 >= red3 {
		t.Fatalf("badge for 3: %d red, %d white; for 12 (9+): %d red, %d white", red3, white3, red12, white12)
	}
	if _, err := trayIcon([]byte("not a png"), 1); err == nil {
		t.Fatal("a broken icon was accepted")
	}
}
