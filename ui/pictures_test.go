package ui

import (
	"image"
	"testing"
)

func TestPicturesAreScaledOnceToTheSizesContentShows(t *testing.T) {
	sh, _ := newTestShell(t)
	c := sh.content
	var data []byte
	for _, it := range sh.s.state().Bundle.Content {
		if d, ok := sh.s.state().Bundle.Picture(it); ok {
			data = d
			if _, ok := c.pics[it.ID]; !ok {
				t.Fatalf("the picture of %s was not scaled", it.ID)
			}
		}
	}
	if data == nil {
		t.Fatal("the demo has no pictures")
	}
	size := func(im image.Image) image.Point { return im.Bounds().Size() }
	// The demo's pictures are 640×320: 2:1 fits 96×54 as 96×48.
	for _, tc := range []struct {
		scale         float32
		thumb, detail image.Point
	}{
		{1, image.Pt(96, 48), image.Pt(400, 200)},
		{2, image.Pt(192, 96), image.Pt(640, 320)}, // never larger than the picture
	} {
		p, err := scalePicture(data, tc.scale)
		if err != nil {
			t.Fatal(err)
		}
		if size(p.thumb) != tc.thumb || size(p.detail) != tc.detail {
			t.Errorf("at scale %v: thumb %v, detail %v; want %v, %v", tc.scale, size(p.thumb), size(p.detail), tc.thumb, tc.detail)
		}
	}
	if _, err := scalePicture([]byte("not a picture"), 1); err == nil {
		t.Error("a picture that does not decode was scaled")
	}
}
