package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Tile renders the (rows, cols) row-major matrix w as a rows×cols raster,
// one pixel per value, coloured by pal on the symmetric scale
// [−scale, scale]: zero is pal's neutral colour and values beyond the
// scale are clamped. NaN and a scale that is not positive give the
// neutral colour. The app enlarges it with ImageScalePixels.
// It panics if len(w) != rows*cols.
func Tile(w []float32, rows, cols int, scale float32, pal Diverging) *image.RGBA {
	if rows < 0 || cols < 0 || len(w) != rows*cols {
		panic(fmt.Sprintf("viz: Tile: len(w) = %d, want rows*cols = %d×%d", len(w), rows, cols))
	}
	img := image.NewRGBA(image.Rect(0, 0, cols, rows))
	paintSigned(img, 0, 0, w, 1, 0, rows, cols, scale, pal)
	return img
}

// paintSigned writes the rows×cols values w[(r*cols+c)*stride+off …], i.e.
// with element (r, c) at index (r*cols+c)*stride + off, into img at (x0, y0).
func paintSigned(img *image.RGBA, x0, y0 int, w []float32, stride, off, rows, cols int, scale float32, pal Diverging) {
	if pal.r == nil {
		panic("viz: use of a zero Diverging palette")
	}
	lut := &pal.r.lut
	inv := float32(0)
	if scale > 0 && !math.IsInf(float64(scale), 0) {
		inv = 1 / scale
	}
	for r := range rows {
		row := img.Pix[img.PixOffset(x0, y0+r):]
		for c := range cols {
			col := lut[signedIndex(w[(r*cols+c)*stride+off]*inv)]
			row[4*c], row[4*c+1], row[4*c+2], row[4*c+3] = col.R, col.G, col.B, col.A
		}
	}
}

// signedIndex returns the lookup-table index of t in [−1, 1]: clamped,
// with NaN at the neutral middle.
func signedIndex(t float32) int {
	const half = lutSize / 2
	switch {
	case t != t:
		return half
	case t >= 1:
		return lutSize - 1
	case t <= -1:
		return 0
	}
	return int(float32(half)*(t+1) + 0.5)
}

// TileScale chooses the colour scale of TileGrid.
type TileScale int

const (
	// ScaleShared uses one scale, max |w| over all units, so that tiles
	// can be compared with each other.
	ScaleShared TileScale = iota
	// ScalePerTile scales each unit by its own max |w|, showing the
	// pattern of weak units too.
	ScalePerTile
)

// GridShape returns the columns and rows TileGrid uses for units tiles:
// cols = min(⌈√(2·units)⌉, units) and rows = ⌈units/cols⌉, a grid about
// twice as wide as high (128 → 16×8, 512 → 32×16, 10 → 5×2, 1 → 1×1).
func GridShape(units int) (cols, rows int) {
	if units <= 0 {
		return 0, 0
	}
	cols = int(math.Ceil(math.Sqrt(float64(2 * units))))
	for (cols-1)*(cols-1) >= 2*units { // guard against rounding up too far
		cols--
	}
	for cols*cols < 2*units {
		cols++
	}
	cols = min(cols, units)
	return cols, (units + cols - 1) / cols
}

// TileGrid renders the incoming weights of every unit of a dense layer as
// square tiles in a grid laid out by GridShape, separated by 1-pixel
// transparent gaps; unused grid cells stay transparent. w is the layer's
// (inputs, units) row-major weight matrix, w[input*units+unit], and inputs
// must be a square (784 gives 28×28 tiles).
// It panics if units < 1 or len(w)/units is not a whole square.
func TileGrid(w []float32, units int, sc TileScale, pal Diverging) *image.RGBA {
	side := tileSide(len(w), units)
	cols, rows := GridShape(units)
	img := image.NewRGBA(image.Rect(0, 0, cols*(side+1)-1, rows*(side+1)-1))
	if pal.r == nil {
		panic("viz: use of a zero Diverging palette")
	}
	inv := make([]float32, units) // 1/scale per unit, 0 for "all neutral"
	var shared float32
	if sc == ScaleShared {
		shared = maxAbs32(w, 1, 0)
	}
	base := make([]int, units) // offset of each tile's top-left pixel
	for u := range units {
		scale := shared
		if sc != ScaleShared {
			scale = maxAbs32(w, units, u)
		}
		if scale > 0 {
			inv[u] = 1 / scale
		}
		base[u] = img.PixOffset((u%cols)*(side+1), (u/cols)*(side+1))
	}
	// Walk w in memory order, one input pixel of every unit at a time.
	lut := &pal.r.lut
	for p := range side * side {
		off := (p/side)*img.Stride + 4*(p%side)
		for u, v := range w[p*units : (p+1)*units] {
			col := lut[signedIndex(v*inv[u])]
			i := base[u] + off
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = col.R, col.G, col.B, col.A
		}
	}
	return img
}

// TileGridUnitAt returns the unit whose tile contains pixel (x, y) of a
// TileGrid image for units tiles of side×side pixels; ok is false on gaps,
// unused cells and outside the image.
func TileGridUnitAt(x, y, units, side int) (unit int, ok bool) {
	cols, rows := GridShape(units)
	if x < 0 || y < 0 || side < 1 {
		return 0, false
	}
	c, r := x/(side+1), y/(side+1)
	if c >= cols || r >= rows || x%(side+1) == side || y%(side+1) == side {
		return 0, false
	}
	unit = r*cols + c
	return unit, unit < units
}

func tileSide(n, units int) int {
	if units < 1 || n%units != 0 {
		panic(fmt.Sprintf("viz: TileGrid: len(w) = %d is not a multiple of units = %d", n, units))
	}
	inputs := n / units
	side := int(math.Round(math.Sqrt(float64(inputs))))
	if side*side != inputs || side == 0 {
		panic(fmt.Sprintf("viz: TileGrid: %d inputs per unit is not a square", inputs))
	}
	return side
}

// maxAbs32 returns the largest finite |w[i*stride+off]|.
func maxAbs32(w []float32, stride, off int) float32 {
	var m float32
	for i := off; i < len(w); i += stride {
		v := math.Float32frombits(math.Float32bits(w[i]) &^ (1 << 31)) // |w[i]| without a branch
		if v > m && v <= math.MaxFloat32 {
			m = v
		}
	}
	return m
}

// Matrix renders the (rows, cols) row-major matrix m as a rows×cols
// raster, one pixel per value, mapping [lo, hi] linearly onto pal (e.g.
// ReLU activations or counts). Values outside are clamped; NaN, and every
// value when hi ≤ lo, get pal's lowest colour.
// It panics if len(m) != rows*cols.
func Matrix(m []float32, rows, cols int, lo, hi float32, pal Sequential) *image.RGBA {
	if rows < 0 || cols < 0 || len(m) != rows*cols {
		panic(fmt.Sprintf("viz: Matrix: len(m) = %d, want rows*cols = %d×%d", len(m), rows, cols))
	}
	if pal.r == nil {
		panic("viz: use of a zero Sequential palette")
	}
	img := image.NewRGBA(image.Rect(0, 0, cols, rows))
	inv := float32(0)
	if hi > lo {
		inv = 1 / (hi - lo)
	}
	for i, v := range m {
		t := (v - lo) * inv
		var col color.RGBA
		switch {
		case !(t > 0): // also NaN
			col = pal.r.lut[0]
		case t >= 1:
			col = pal.r.lut[lutSize-1]
		default:
			col = pal.r.lut[int(t*(lutSize-1)+0.5)]
		}
		img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = col.R, col.G, col.B, col.A
	}
	return img
}
