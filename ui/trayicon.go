package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"

	"fyne.io/fyne/v2"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// trayIconSize is the side of the tray icon drawn; the system scales it.
const trayIconSize = 64

// badgeRed is the colour of the unread count on the tray icon.
var badgeRed = color.RGBA{R: 0xd9, G: 0x2d, B: 0x20, A: 0xff}

// trayIcon draws the app icon for the system tray with the number of
// approved items new since the last visit on a red disc in its top right
// corner ("9+" above nine); with none, the plain icon.
func trayIcon(appIcon []byte, unread int) (fyne.Resource, error) {
	src, err := png.Decode(bytes.NewReader(appIcon))
	if err != nil {
		return nil, fmt.Errorf("ui: tray icon: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, trayIconSize, trayIconSize))
	xdraw.CatmullRom.Scale(img, img.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	if unread > 0 {
		label := strconv.Itoa(unread)
		if unread > 9 {
			label = "9+"
		}
		drawCount(img, label)
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("ui: tray icon: %w", err)
	}
	return fyne.NewStaticResource(fmt.Sprintf("tray-%s.png", strconv.Itoa(min(unread, 10))), out.Bytes()), nil
}

// drawCount paints label in white on a red disc in img's top right corner,
// the text drawn at twice the bitmap font's size.
func drawCount(img *image.RGBA, label string) {
	const r = 17
	cx, cy := trayIconSize-r-1, r+1
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				img.Set(x, y, badgeRed)
			}
		}
	}
	face := basicfont.Face7x13
	w := font.MeasureString(face, label).Ceil()
	text := image.NewRGBA(image.Rect(0, 0, w, 13))
	d := font.Drawer{Dst: text, Src: image.NewUniform(color.White), Face: face, Dot: fixed.P(0, 10)}
	d.DrawString(label)
	at := image.Rect(cx-w, cy-13, cx+w, cy+13)
	xdraw.NearestNeighbor.Scale(img, at, text, text.Bounds(), xdraw.Over, nil)
}
