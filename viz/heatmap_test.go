package viz

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
)

// enlarge scales img up by k with nearest-neighbour sampling over bg, as
// the app's ImageScalePixels would, so that golden images are viewable.
func enlarge(img image.Image, k int, bg color.Color) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	draw.Draw(out, out.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			out.Set(x, y, blend(img.At(b.Min.X+x/k, b.Min.Y+y/k), out.At(x, y)))
		}
	}
	return out
}

func blend(src, dst color.Color) color.Color {
	sr, sg, sb, sa := src.RGBA()
	dr, dg, db, _ := dst.RGBA()
	a := 0xffff - sa
	return color.RGBA64{uint16(sr + dr*a/0xffff), uint16(sg + dg*a/0xffff), uint16(sb + db*a/0xffff), 0xffff}
}

func TestTile(t *testing.T) {
	w := []float32{-2, -1, 0, 1, 2, float32(math.NaN())}
	img := Tile(w, 2, 3, 2, RdBu)
	if got := img.Bounds().Size(); got != image.Pt(3, 2) {
		t.Fatalf("Tile size = %v, want 3x2", got)
	}
	tests := []struct {
		x, y int
		want color.RGBA
	}{
		{0, 0, RdBu.At(0)},
		{1, 0, RdBu.At(0.25)},
		{2, 0, RdBu.At(0.5)},
		{0, 1, RdBu.At(0.75)},
		{1, 1, RdBu.At(1)},
		{2, 1, RdBu.At(0.5)}, // NaN is neutral
	}
	for _, tt := range tests {
		if got := img.RGBAAt(tt.x, tt.y); got != tt.want {
			t.Errorf("Tile pixel (%d,%d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
	// Zero scale: everything neutral, no panic.
	z := Tile([]float32{5, -5}, 1, 2, 0, RdBu)
	if z.RGBAAt(0, 0) != RdBu.At(0.5) || z.RGBAAt(1, 0) != RdBu.At(0.5) {
		t.Errorf("Tile with scale 0 = %v %v, want neutral", z.RGBAAt(0, 0), z.RGBAAt(1, 0))
	}
}

func TestTilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Tile with len(w) != rows*cols did not panic")
		}
	}()
	Tile(make([]float32, 5), 2, 3, 1, RdBu)
}

func TestGridShape(t *testing.T) {
	tests := []struct{ units, cols, rows int }{
		{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {10, 5, 2}, {32, 8, 4}, {100, 15, 7}, {128, 16, 8}, {512, 32, 16}, {0, 0, 0},
	}
	for _, tt := range tests {
		cols, rows := GridShape(tt.units)
		if cols != tt.cols || rows != tt.rows {
			t.Errorf("GridShape(%d) = %d, %d, want %d, %d", tt.units, cols, rows, tt.cols, tt.rows)
		}
		if tt.units > 0 && cols*rows < tt.units {
			t.Errorf("GridShape(%d) = %dx%d has too few cells", tt.units, cols, rows)
		}
	}
}

func TestTileGrid(t *testing.T) {
	for _, units := range []int{1, 3, 10, 128, 512} {
		w := fixW1(units)
		for _, sc := range []TileScale{ScaleShared, ScalePerTile} {
			img := TileGrid(w, units, sc, RdBu)
			cols, rows := GridShape(units)
			want := image.Pt(cols*29-1, rows*29-1)
			if got := img.Bounds().Size(); got != want {
				t.Fatalf("TileGrid(%d units) size = %v, want %v", units, got, want)
			}
			// Every tile pixel matches Tile of that unit's column.
			u := units - 1
			col := make([]float32, 784)
			for p := range col {
				col[p] = w[p*units+u]
			}
			scale := maxAbs32(w, 1, 0)
			if sc == ScalePerTile {
				scale = maxAbs32(col, 1, 0)
			}
			tile := Tile(col, 28, 28, scale, RdBu)
			x0, y0 := (u%cols)*29, (u/cols)*29
			for p := range 784 {
				if got, want := img.RGBAAt(x0+p%28, y0+p/28), tile.RGBAAt(p%28, p/28); got != want {
					t.Fatalf("TileGrid(%d units, %v) unit %d pixel %d = %v, want %v", units, sc, u, p, got, want)
				}
			}
			// Unit lookup round-trips, and gaps are transparent.
			if got, ok := TileGridUnitAt(x0+5, y0+27, units, 28); !ok || got != u {
				t.Errorf("TileGridUnitAt(inside unit %d) = %d, %v", u, got, ok)
			}
			if _, ok := TileGridUnitAt(x0+28, y0, units, 28); ok && cols > 1 {
				t.Errorf("TileGridUnitAt(gap) reported a unit")
			}
			if cols > 1 && img.RGBAAt(28, 0).A != 0 {
				t.Errorf("TileGrid gap pixel = %v, want transparent", img.RGBAAt(28, 0))
			}
		}
	}
}

func TestTileGridPanics(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		units int
	}{
		{"zero units", 784, 0},
		{"not a multiple", 785, 2},
		{"not a square", 783 * 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("TileGrid(%s) did not panic", tt.name)
				}
			}()
			TileGrid(make([]float32, tt.n), tt.units, ScaleShared, RdBu)
		})
	}
}

func TestMatrix(t *testing.T) {
	img := Matrix([]float32{0, 1, 2, float32(math.NaN()), -1, 5}, 2, 3, 0, 2, Viridis)
	tests := []struct {
		x, y int
		want color.RGBA
	}{
		{0, 0, Viridis.At(0)}, {1, 0, Viridis.At(0.5)}, {2, 0, Viridis.At(1)},
		{0, 1, Viridis.At(0)}, {1, 1, Viridis.At(0)}, {2, 1, Viridis.At(1)},
	}
	for _, tt := range tests {
		if got := img.RGBAAt(tt.x, tt.y); got != tt.want {
			t.Errorf("Matrix pixel (%d,%d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}

func TestHeatmapGolden(t *testing.T) {
	w := fixW1(128)
	tests := []struct {
		name string
		img  image.Image
	}{
		{"tilegrid128_shared_light", enlarge(TileGrid(w, 128, ScaleShared, RdBu), 2, Light().Background)},
		{"tilegrid128_pertile_dark", enlarge(TileGrid(w, 128, ScalePerTile, RdBuDark), 2, Dark().Background)},
		{"tilegrid10_puor", enlarge(TileGrid(fixW1(10), 10, ScaleShared, PuOr), 4, Light().Background)},
		{"tilegrid1_puordark", enlarge(TileGrid(fixW1(1), 1, ScaleShared, PuOrDark), 6, Dark().Background)},
		{"colorbar_h_light", ColorBar(RdBu, -0.3, 0.3, 320, 48, 1, Light())},
		{"colorbar_v_dark", ColorBar(RdBuDark, -0.3, 0.3, 70, 260, 1, Dark())},
		{"colorbar_viridis_scale2", ColorBar(Viridis, 0, 1200, 640, 96, 2, Light())},
		{"colorbar_bluesdark", ColorBar(BluesDark, 0, 1, 320, 48, 1, Dark())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkGolden(t, tt.name, tt.img) })
	}
}
