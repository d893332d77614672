package viz

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestConfusionGolden(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		scale float64
		th    Theme
	}{
		{"light", 400, 400, 1, Light()},
		{"dark", 400, 400, 1, Dark()},
		{"scale2_wide", 900, 700, 2, Light()},
		{"small", 200, 200, 1, Light()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := Confusion(fixConfusion(), tt.w, tt.h, tt.scale, tt.th)
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Fatalf("Confusion size = %v, want %dx%d", got, tt.w, tt.h)
			}
			checkGolden(t, "confusion_"+tt.name, img)
		})
	}
}

// TestConfusionCellAt checks that the click mapping agrees with the
// drawing: each cell's corner pixel has that cell's colour, the cell's
// rectangle maps back to it, and points off the grid map to nothing.
func TestConfusionCellAt(t *testing.T) {
	counts := fixConfusion()
	th := Light()
	for _, sz := range [][2]int{{400, 400}, {900, 700}, {333, 517}, {120, 120}} {
		w, h := sz[0], sz[1]
		img := Confusion(counts, w, h, 1, th)
		for r := range 10 {
			total := 0
			for c := range 10 {
				total += counts[r][c]
			}
			for c := range 10 {
				rect := ConfusionCellRect(r, c, w, h)
				if rect.Empty() {
					t.Fatalf("ConfusionCellRect(%d, %d, %d, %d) is empty", r, c, w, h)
				}
				for _, p := range []image.Point{rect.Min, rect.Max.Sub(image.Pt(1, 1)), rect.Min.Add(rect.Size().Div(2))} {
					gr, gc, ok := ConfusionCellAt(p.X, p.Y, w, h)
					if !ok || gr != r || gc != c {
						t.Errorf("ConfusionCellAt(%v, %dx%d) = %d, %d, %v, want %d, %d", p, w, h, gr, gc, ok, r, c)
					}
				}
				// Two pixels in from the corner: inside the cell, clear of
				// the separating lines and of the centred count.
				frac := math.Log1p(float64(counts[r][c])) / math.Log1p(float64(total))
				want := th.Sequential.At(frac)
				got := img.RGBAAt(rect.Min.X+2, rect.Min.Y+2)
				if dist(got, want) > 3 {
					t.Errorf("%dx%d cell (%d,%d) colour = %v, want %v", w, h, r, c, got, want)
				}
			}
		}
		off := []image.Point{{0, 0}, {w - 1, h - 1}, {-1, 5}, {ConfusionCellRect(0, 0, w, h).Min.X - 1, ConfusionCellRect(0, 0, w, h).Min.Y}}
		for _, p := range off {
			if r, c, ok := ConfusionCellAt(p.X, p.Y, w, h); ok {
				t.Errorf("ConfusionCellAt(%v, %dx%d) = %d, %d, true, want off the grid", p, w, h, r, c)
			}
		}
	}
	// Proportional layout: dp coordinates at scale 2 land in the same cell
	// as the matching pixels.
	mid := ConfusionCellRect(3, 7, 800, 800)
	c := mid.Min.Add(mid.Size().Div(2))
	if r, col, ok := ConfusionCellAt(c.X/2, c.Y/2, 400, 400); !ok || r != 3 || col != 7 {
		t.Errorf("ConfusionCellAt in dp = %d, %d, %v, want 3, 7", r, col, ok)
	}
	if !ConfusionCellRect(10, 0, 400, 400).Empty() || !ConfusionCellRect(0, 0, 5, 5).Empty() {
		t.Error("ConfusionCellRect out of range is not empty")
	}
}

func TestConfusionBadInput(t *testing.T) {
	var neg [10][10]int
	neg[0][0], neg[3][4] = -5, 1<<40
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {9, 9}, {30, 30}, {400, 100}} {
		img := Confusion(neg, sz[0], sz[1], 1, Dark())
		if sz[0] > 0 && img.Bounds().Size() != image.Pt(sz[0], sz[1]) {
			t.Errorf("Confusion(%v) size = %v", sz, img.Bounds().Size())
		}
	}
}

// TestOutlineConfusionCell frames the chosen cell in the foreground colour
// and leaves the others alone.
func TestOutlineConfusionCell(t *testing.T) {
	th := Light()
	img := Confusion(fixConfusion(), 400, 400, 1, th)
	before := image.NewRGBA(img.Rect)
	copy(before.Pix, img.Pix)
	OutlineConfusionCell(img, 3, 7, 1, th)
	r := ConfusionCellRect(3, 7, 400, 400)
	edge := r.Min.Sub(image.Pt(1, 1)) // just outside the cell
	if got := color.NRGBAModel.Convert(img.At(edge.X, edge.Y)).(color.NRGBA); got != th.Foreground {
		t.Errorf("frame pixel %v = %v, want the foreground %v", edge, got, th.Foreground)
	}
	far := ConfusionCellRect(8, 1, 400, 400).Min.Add(image.Pt(5, 5))
	if img.At(far.X, far.Y) != before.At(far.X, far.Y) {
		t.Error("a cell far from the selected one changed")
	}
	OutlineConfusionCell(img, 10, 0, 1, th) // out of range: no panic, no change
}
