package viz

import (
	"image"
	"image/color"
	"math"
)

// ClassColors returns the colours of up to five classes of a 2D dataset:
// Okabe–Ito orange, blue, bluish green, vermillion and reddish purple.
// Classes 0 and 1 are Playground's orange and blue.
func ClassColors() []color.NRGBA {
	return []color.NRGBA{oiOrange, oiBlue, oiGreen, oiVermillion, oiPurple}
}

// PlaneValues renders the n×n row-major values as an n×n raster on pal's
// symmetric scale [−scale, scale] after subtracting mid, e.g. mid 0.5 and
// scale 0.5 for a sigmoid's output. It panics if len(v) != n*n.
func PlaneValues(v []float32, n int, mid, scale float32, pal Diverging) *image.RGBA {
	if len(v) != n*n {
		panic("viz: PlaneValues: len(v) != n*n")
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for i, x := range v {
		t := 0.0
		if scale > 0 {
			t = float64((x - mid) / scale)
		}
		t = math.Max(-1, math.Min(1, t))
		if math.IsNaN(t) {
			t = 0
		}
		c := pal.At((t + 1) / 2)
		o := 4 * i
		img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = c.R, c.G, c.B, 255
	}
	return img
}

// PlaneClasses renders class probabilities over an n×n grid, probs[c]
// holding class c's probability at each point, as an n×n raster: each
// point takes the colour of its likeliest class, washed towards bg as the
// probability falls to 1/k. With discrete set every point takes its
// class's colour at half strength (the decision regions).
func PlaneClasses(probs [][]float32, n int, colors []color.NRGBA, bg color.NRGBA, discrete bool) *image.RGBA {
	k := len(probs)
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for i := range n * n {
		best, p := 0, float32(-1)
		for c := range k {
			if probs[c][i] > p {
				best, p = c, probs[c][i]
			}
		}
		// Confidence 0 at p = 1/k, 1 at p = 1.
		conf := 0.4
		if !discrete {
			conf = float64(p-1/float32(k)) / float64(1-1/float32(k))
			conf = 0.6 * math.Max(0, math.Min(1, conf))
		}
		c := colors[best%len(colors)]
		o := 4 * i
		img.Pix[o] = mix(bg.R, c.R, conf)
		img.Pix[o+1] = mix(bg.G, c.G, conf)
		img.Pix[o+2] = mix(bg.B, c.B, conf)
		img.Pix[o+3] = 255
	}
	return img
}

func mix(a, b uint8, t float64) uint8 {
	return uint8(math.Round(float64(a) + (float64(b)-float64(a))*t))
}

// Discretize rounds each value in v to the nearest of −1, 0 and 1 in a
// new slice, for a regression map's "discretise output".
func Discretize(v []float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		switch {
		case x > 0.5:
			out[i] = 1
		case x < -0.5:
			out[i] = -1
		}
	}
	return out
}

// PlanePoint is a point to draw on a plane map: its position in pixels,
// its colour, and whether it is a test point (drawn hollow-ringed in fg).
type PlanePoint struct {
	X, Y float64
	C    color.NRGBA
	Test bool
}

// Upscale returns src enlarged by the integer factor f, each pixel a
// f×f block.
func Upscale(src *image.RGBA, f int) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()*f, b.Dy()*f))
	rowLen := 4 * dst.Rect.Dx()
	for y := range b.Dy() {
		// Widen source row y into the first of its f rows, then copy that.
		so := src.PixOffset(b.Min.X, b.Min.Y+y)
		row := dst.Pix[y*f*dst.Stride : y*f*dst.Stride+rowLen]
		for x := range b.Dx() {
			px := src.Pix[so+4*x : so+4*x+4]
			for k := range f {
				copy(row[4*(x*f+k):], px)
			}
		}
		for k := 1; k < f; k++ {
			copy(dst.Pix[(y*f+k)*dst.Stride:], row)
		}
	}
	return dst
}

// DrawPoints draws pts on img as discs of radius r with a 1-pixel ring: a
// ring in the background colour bg for training points, in fg for test
// points.
func DrawPoints(img *image.RGBA, pts []PlanePoint, r float64, fg, bg color.NRGBA) {
	for _, p := range pts {
		ring := bg
		if p.Test {
			ring = fg
		}
		x0, x1 := int(math.Floor(p.X-r-1)), int(math.Ceil(p.X+r+1))
		y0, y1 := int(math.Floor(p.Y-r-1)), int(math.Ceil(p.Y+r+1))
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				if !(image.Point{x, y}).In(img.Rect) {
					continue
				}
				d := math.Hypot(float64(x)+0.5-p.X, float64(y)+0.5-p.Y)
				var c color.NRGBA
				switch {
				case d <= r-1:
					c = p.C
				case d <= r+0.5:
					c = ring
				default:
					continue
				}
				o := img.PixOffset(x, y)
				img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = c.R, c.G, c.B, 255
			}
		}
	}
}

// OrBu is Playground's diverging palette for neuron maps and weights:
// orange for negative values, white at zero, blue for positive ones.
var OrBu = NewDiverging("OrBu",
	hex(0xb35806), hex(0xe08214), hex(0xf5b357), hex(0xfce0b6), hex(0xf7f7f7),
	hex(0xc6dbef), hex(0x6baed6), hex(0x2171b5), hex(0x08306b))
