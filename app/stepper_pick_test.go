package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestPickImagePixelAt maps widget positions to source pixels for a 4×2
// image in a 100×100 widget: fitted and centred (50 px tall, from y = 25),
// fitted at the top (from y = 0), and stretched.
func TestPickImagePixelAt(t *testing.T) {
	test.NewTempApp(t)
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	tests := []struct {
		name         string
		stretch, top bool
		x, y         float32
		wantX, wantY int
		wantInside   bool
	}{
		{"centred, first pixel", false, false, 1, 26, 0, 0, true},
		{"centred, above the image", false, false, 50, 20, 0, 0, false},
		{"centred, last pixel", false, false, 99, 74, 3, 1, true},
		{"centred, below the image", false, false, 50, 76, 0, 0, false},
		{"top, first pixel", false, true, 1, 1, 0, 0, true},
		{"top, second row", false, true, 30, 30, 1, 1, true},
		{"top, below the image", false, true, 50, 51, 0, 0, false},
		{"stretched, bottom right", true, false, 99, 99, 3, 1, true},
		{"stretched, top right", true, false, 99, 1, 3, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPickImage(fyne.NewSize(10, 10), tc.stretch)
			p.top = tc.top
			w := test.NewWindow(p)
			defer w.Close()
			p.setImage(img)
			p.Resize(fyne.NewSize(100, 100))
			if tc.top {
				// What is drawn must be where pixelAt maps.
				if pos, sz := p.img.Position(), p.img.Size(); pos != fyne.NewPos(0, 0) || sz != fyne.NewSize(100, 50) {
					t.Errorf("image drawn at %v, size %v; want (0, 0), 100×50", pos, sz)
				}
			}
			x, y, ok := p.pixelAt(fyne.NewPos(tc.x, tc.y))
			if ok != tc.wantInside || (ok && (x != tc.wantX || y != tc.wantY)) {
				t.Errorf("pixelAt(%g, %g) = %d, %d, %v; want %d, %d, %v", tc.x, tc.y, x, y, ok, tc.wantX, tc.wantY, tc.wantInside)
			}
		})
	}
}
