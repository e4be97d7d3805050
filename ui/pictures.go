package ui

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg" // the pictures bundles carry
	_ "image/png"

	"fyne.io/fyne/v2"
	"golang.org/x/image/draw"
)

// detailSize is the largest a picture is shown beside an item's captions.
var detailSize = fyne.NewSize(400, 200)

// scaledPicture is an item's picture decoded and scaled, once, to the two
// sizes Content shows it at, in the window's pixels. Fyne would otherwise
// scale the full picture on the UI goroutine each time it paints it anew,
// with its smooth filter: on the demo, a fifth of the first frame's CPU.
type scaledPicture struct {
	thumb, detail image.Image
}

// scalePicture decodes data and scales it to fit thumbSize and detailSize
// at scale (the canvas's pixels per unit), keeping its proportions. It
// runs off the UI goroutine.
func scalePicture(data []byte, scale float32) (scaledPicture, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return scaledPicture{}, err
	}
	return scaledPicture{thumb: fitInto(src, thumbSize, scale), detail: fitInto(src, detailSize, scale)}, nil
}

// fitInto scales src down to the largest size that fits box at scale and
// keeps its proportions; a picture smaller than that is kept as it is.
func fitInto(src image.Image, box fyne.Size, scale float32) image.Image {
	b := src.Bounds()
	w, h := float32(b.Dx()), float32(b.Dy())
	if w <= 0 || h <= 0 {
		return src
	}
	f := min(box.Width*scale/w, box.Height*scale/h)
	if f >= 1 {
		return src
	}
	dst := image.NewNRGBA(image.Rect(0, 0, max(1, int(w*f+0.5)), max(1, int(h*f+0.5))))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// scalePictures scales the pictures of items (by item ID) off the UI
// goroutine and hands them to done on it; a picture that does not decode
// is left out, and the item shows none.
func (s *session) scalePictures(pics map[string][]byte, done func(map[string]scaledPicture)) {
	scale := float32(1)
	if c := s.win.Canvas(); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	s.async(func(context.Context) {
		out := make(map[string]scaledPicture, len(pics))
		for id, data := range pics {
			if p, err := scalePicture(data, scale); err == nil {
				out[id] = p
			} else {
				fyne.LogError("ui: picture of "+id, err)
			}
		}
		fyne.Do(func() { done(out) })
	})
}
