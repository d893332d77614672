package digit

import (
	"image"
	"math"
)

// canvas is a coverage raster: w×h values in [0, 1], row-major; pixel
// (j, i) covers [j, j+1) × [i, i+1) and is sampled at its centre.
type canvas struct {
	pix  []float32
	w, h int
}

// reset sizes c to w×h, reusing its storage, and clears it.
func (c *canvas) reset(w, h int) {
	if cap(c.pix) < w*h {
		c.pix = make([]float32, w*h)
	}
	c.pix = c.pix[:w*h]
	clear(c.pix)
	c.w, c.h = w, h
}

// transform maps pad coordinates to raster coordinates:
// raster = (pad − origin) · scale.
type transform struct{ ox, oy, s float64 }

func (t transform) apply(p Point) (x, y float64) {
	return (float64(p.X) - t.ox) * t.s, (float64(p.Y) - t.oy) * t.s
}

// strokes draws every stroke with a pen of radius r raster pixels: each
// segment between consecutive points is a capsule (a segment with round
// caps), a single point is a disc. Overlaps keep the larger coverage, so
// joints and crossings are not darker than the line.
func (c *canvas) strokes(ss []Stroke, t transform, r float64) {
	for _, s := range ss {
		if len(s) == 0 {
			continue
		}
		ax, ay := t.apply(s[0])
		if len(s) == 1 {
			c.capsule(ax, ay, ax, ay, r)
			continue
		}
		for _, q := range s[1:] {
			bx, by := t.apply(q)
			c.capsule(ax, ay, bx, by, r)
			ax, ay = bx, by
		}
	}
}

// capsule draws the segment (ax, ay)–(bx, by) with radius r. A pixel at
// distance d from the segment gets the overlap of [d−½, d+½] with [−r, r]:
// exact coverage of a straight edge by a one-pixel box filter, and correct
// for pens thinner than a pixel too. (The float min and max built-ins
// handle NaN and are slow; the hot loop compares by hand.)
func (c *canvas) capsule(ax, ay, bx, by, r float64) {
	for _, v := range [...]float64{ax, ay, bx, by, r} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
	}
	R := r + 0.5 // coverage is zero from distance R on
	R2 := R * R
	inner2 := -1.0 // full coverage up to distance r − ½, if positive
	if r > 0.5 {
		inner2 = (r - 0.5) * (r - 0.5)
	}
	thin := r < 0.5 // the pen never covers a whole pixel
	dx, dy := bx-ax, by-ay
	var inv float64
	if ll := dx*dx + dy*dy; ll > 0 {
		inv = 1 / ll
	}
	ylo, yhi := sort2(ay, by)
	i0 := clampIndex(math.Ceil(ylo-R-0.5), c.h)
	i1 := clampIndex(math.Floor(yhi+R-0.5)+1, c.h)
	for i := i0; i < i1; i++ {
		cy := float64(i) + 0.5
		// The segment points within R of this row lie between t0 and t1;
		// only pixels within R of those can be covered.
		xl, xr := sort2(ax, bx)
		if dy != 0 {
			t0 := clamp01((cy - R - ay) / dy)
			t1 := clamp01((cy + R - ay) / dy)
			xl, xr = sort2(ax+t0*dx, ax+t1*dx)
		}
		j0 := clampIndex(math.Ceil(xl-R-0.5), c.w)
		j1 := clampIndex(math.Floor(xr+R-0.5)+1, c.w)
		row := c.pix[i*c.w : (i+1)*c.w]
		py := cy - ay
		for j := j0; j < j1; j++ {
			if row[j] >= 1 {
				continue // already full: most of a chain's capsule overlaps the last one
			}
			px := float64(j) + 0.5 - ax
			t := clamp01((px*dx + py*dy) * inv)
			ex, ey := px-t*dx, py-t*dy
			d2 := ex*ex + ey*ey
			if !(d2 < R2) {
				continue
			}
			cov := float32(1)
			if d2 > inner2 {
				d := math.Sqrt(d2)
				if thin {
					lo, hi := d-0.5, d+0.5
					if lo < -r {
						lo = -r
					}
					if hi > r {
						hi = r
					}
					cov = float32(hi - lo)
				} else {
					cov = float32(R - d)
				}
			}
			if cov > row[j] {
				row[j] = cov
			}
		}
	}
}

// clamp01 clamps v to [0, 1].
func clamp01(v float64) float64 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// sort2 returns a and b in increasing order.
func sort2(a, b float64) (lo, hi float64) {
	if a > b {
		return b, a
	}
	return a, b
}

// clampIndex converts v to an index in [0, n]; NaN gives 0.
func clampIndex(v float64, n int) int {
	if !(v > 0) {
		return 0
	}
	if v >= float64(n) {
		return n
	}
	return int(v)
}

// Raster renders the whole pad of d with its longer side size pixels (the
// shorter side in proportion, at least 1) as white ink on black, with the
// pen width of o (o.MNIST is ignored). It is the high-resolution picture
// the preprocessing starts from, for the app to show. An invalid drawing
// gives a black image. Raster panics if size < 1 or o.PenWidth is not in
// (0, 1].
func Raster(d Drawing, size int, o Options) *image.Gray {
	if size < 1 {
		panic("digit: raster size must be ≥ 1")
	}
	o.mustPen()
	if err := d.Validate(); err != nil {
		return image.NewGray(image.Rect(0, 0, size, size))
	}
	s := float64(size) / float64(max(d.Width, d.Height))
	w := max(int(math.Round(float64(d.Width)*s)), 1)
	h := max(int(math.Round(float64(d.Height)*s)), 1)
	var c canvas
	c.reset(w, h)
	c.strokes(d.Strokes, transform{s: s}, o.penRadius(d)*s)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range c.pix {
		img.Pix[i] = uint8(v*255 + 0.5)
	}
	return img
}
