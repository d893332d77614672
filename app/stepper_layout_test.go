package app

import (
	"image"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestMapsLayout checks that the tile grid takes the height its image needs
// at the panel's width and that what follows sits right under it, and that
// the grid shrinks rather than push the rest out of a short panel.
func TestMapsLayout(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	tests := []struct {
		name       string
		size       fyne.Size
		wantTilesH float32
	}{
		{"wide and tall", fyne.NewSize(400, 600), 200},
		{"narrow", fyne.NewSize(200, 600), 100},
		{"short", fyne.NewSize(400, 150), 150 - 20 - 30 - 2*pad},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tiles := newPickImage(fyne.NewSize(40, 20), false)
			tiles.setImage(image.NewRGBA(image.Rect(0, 0, 40, 20)))
			title, below := canvas.NewRectangle(nil), canvas.NewRectangle(nil)
			title.SetMinSize(fyne.NewSize(10, 20))
			below.SetMinSize(fyne.NewSize(10, 30))
			c := container.New(&mapsLayout{tiles: tiles}, title, tiles, below)
			c.Resize(tc.size)
			if h := tiles.Size().Height; math.Abs(float64(h-tc.wantTilesH)) > 0.5 {
				t.Errorf("tiles height %g, want %g", h, tc.wantTilesH)
			}
			if y, want := below.Position().Y, 20+pad+tiles.Size().Height+pad; math.Abs(float64(y-want)) > 0.5 {
				t.Errorf("the map below starts at y = %g, want %g (right under the tiles)", y, want)
			}
		})
	}
}
