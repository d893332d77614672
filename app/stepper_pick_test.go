package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestPickImagePixelAt maps widget positions to source pixels for a 4×2
// image in a 100×100 widget: fitted and centred (50 px tall, from y = 25),
// and stretched.
func TestPickImagePixelAt(t *testing.T) {
	test.NewTempApp(t)
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	tests := []struct {
		name         string
		stretch      bool
		x, y         float32
		wantX, wantY int
		wantInside   bool
	}{
		{"centred, first pixel", false, 1, 26, 0, 0, true},
		{"centred, above the image", false, 50, 20, 0, 0, false},
		{"centred, last pixel", false, 99, 74, 3, 1, true},
		{"centred, below the image", false, 50, 76, 0, 0, false},
		{"stretched, bottom right", true, 99, 99, 3, 1, true},
		{"stretched, top right", true, 99, 1, 3, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPickImage(fyne.NewSize(10, 10), tc.stretch)
			w := test.NewWindow(p)
			defer w.Close()
			p.setImage(img)
			p.Resize(fyne.NewSize(100, 100))
			x, y, ok := p.pixelAt(fyne.NewPos(tc.x, tc.y))
			if ok != tc.wantInside || (ok && (x != tc.wantX || y != tc.wantY)) {
				t.Errorf("pixelAt(%g, %g) = %d, %d, %v; want %d, %d, %v", tc.x, tc.y, x, y, ok, tc.wantX, tc.wantY, tc.wantInside)
			}
		})
	}
}
