package digit

import (
	"fmt"
	"image"
	"math"
	"sync"
)

// Geometry of the network's input, as MNIST defines it.
const (
	// Side is the width and height of the network's input image.
	Side = 28
	// Pixels is Side², the length of the input vector.
	Pixels = Side * Side
	// Box is the longer side, in pixels, of the scaled ink bounding box.
	Box = 20
	// Centre is where the centre of mass lands, in 0-based pixel indices
	// (Σ j·v / Σ v); MNIST's training digits average (14.0, 14.0), each
	// within half a pixel of it.
	Centre = 14
)

// DefaultPenWidth is the pen diameter as a fraction of the pad width that
// gives MNIST-like strokes for digits drawn over about two thirds of the
// pad's height: the ten digits of testdata/digits.json (64 % of the pad
// high) come out with mean intensity 0.129, MNIST's being 0.131.
const DefaultPenWidth = 0.095

// supersample is how many raster pixels per output pixel FromDrawing
// renders before the box filter; analytic edge coverage makes 4 close to
// the converged result (see TestSupersampleConverged).
const supersample = 4

// MinContrast is the smallest luminance difference between background and
// ink, on a 0…1 scale, at which FromImage finds ink at all.
const MinContrast = 0.1

// minExtent is the smallest longer side of the ink's bounding box, as a
// fraction of the longer side of the pad or image, that counts as a digit.
const minExtent = 0.03

// maxImagePixels bounds the images FromImage converts.
const maxImagePixels = 1 << 26

// Options control the preprocessing. The zero value is not valid; start
// from DefaultOptions.
type Options struct {
	// PenWidth is the pen diameter as a fraction of Drawing.Width, in
	// (0, 1]. Only drawings use it.
	PenWidth float32
	// MNIST selects the full MNIST preparation (crop to the ink, scale the
	// longer side to Box pixels, centre the mass on pixel (Centre, Centre)).
	// When false, the whole pad or image is only scaled down to 28×28
	// (letterboxed if not square): what the network sees without
	// preprocessing.
	MNIST bool
}

// DefaultOptions returns the options of the app's pad: DefaultPenWidth and
// the full MNIST preparation.
func DefaultOptions() Options {
	return Options{PenWidth: DefaultPenWidth, MNIST: true}
}

// Validate reports whether o can render drawings: PenWidth in (0, 1].
func (o Options) Validate() error {
	if !(o.PenWidth > 0 && o.PenWidth <= 1) {
		return fmt.Errorf("digit: pen width must be in (0, 1], got %v", o.PenWidth)
	}
	return nil
}

func (o Options) mustPen() {
	if err := o.Validate(); err != nil {
		panic(err.Error())
	}
}

// penRadius reports the pen radius in pad units.
func (o Options) penRadius(d Drawing) float64 {
	return float64(o.PenWidth) * float64(d.Width) / 2
}

// Preprocessor turns drawings and images into network inputs, reusing its
// scratch buffers: after the first calls of a given size it allocates
// nothing. The zero value is ready to use. A Preprocessor is not safe for
// concurrent use; the package-level FromDrawing and FromImage draw from a
// pool of them.
type Preprocessor struct {
	raster canvas    // FromDrawing: the rendered ink
	lum    []float32 // FromImage: luminance, then ink
	alpha  []float32 // FromImage: alpha of images with transparency
	ring   []float32 // FromImage: border values for the median
	tmp    []float32 // resample: horizontal pass
	box    [Pixels]float32
	xs, ys taps
}

var pool = sync.Pool{New: func() any { return new(Preprocessor) }}

// FromDrawing renders d and prepares it as MNIST was prepared (see the
// package documentation), with a fresh or pooled Preprocessor. It is safe
// for concurrent use.
func FromDrawing(d Drawing, o Options) (x [Pixels]float32, ok bool) {
	p := pool.Get().(*Preprocessor)
	defer pool.Put(p)
	return p.FromDrawing(d, o)
}

// FromImage prepares img as MNIST was prepared (see the package
// documentation), with a pooled Preprocessor. It is safe for concurrent
// use.
func FromImage(img image.Image, o Options) (x [Pixels]float32, ok bool) {
	p := pool.Get().(*Preprocessor)
	defer pool.Put(p)
	return p.FromImage(img, o)
}

// FromDrawing returns the network input for d: values in [0, 1], white ink
// on black, row-major 28×28. It reports ok=false, with x all zero, when d
// is invalid (see Drawing.Validate) or holds too little ink to be a digit:
// no point inside the pad, or an ink bounding box whose longer side is
// under two pen widths (a dot or a tick) or under 3 % of the pad's longer
// side. It panics if o.PenWidth is not in (0, 1].
func (p *Preprocessor) FromDrawing(d Drawing, o Options) (x [Pixels]float32, ok bool) {
	return p.fromDrawing(d, o, supersample)
}

// fromDrawing is FromDrawing rendering k raster pixels per output pixel.
func (p *Preprocessor) fromDrawing(d Drawing, o Options, k int) (x [Pixels]float32, ok bool) {
	o.mustPen()
	if d.Validate() != nil {
		return x, false
	}
	r := o.penRadius(d)
	W, H := float64(d.Width), float64(d.Height)
	// Ink bounding box in pad units: the points ± the pen radius, clipped
	// to the pad.
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, s := range d.Strokes {
		for _, q := range s {
			x0, x1 = min(x0, float64(q.X)), max(x1, float64(q.X))
			y0, y1 = min(y0, float64(q.Y)), max(y1, float64(q.Y))
		}
	}
	x0, y0 = max(x0-r, 0), max(y0-r, 0)
	x1, y1 = min(x1+r, W), min(y1+r, H)
	long := max(x1-x0, y1-y0)
	if !(x1 > x0 && y1 > y0) || long < 4*r || long < minExtent*max(W, H) {
		return x, false
	}
	if !o.MNIST {
		// Whole pad, longer side Side·k raster pixels.
		s := float64(Side*k) / max(W, H)
		p.raster.reset(outLen(W*s, 1, Side*k), outLen(H*s, 1, Side*k))
		p.raster.strokes(d.Strokes, transform{s: s}, r*s)
		return x, p.letterbox(&x, p.raster.pix, p.raster.w, p.raster.h)
	}
	// Ink box only, longer side Box·k raster pixels.
	s := float64(Box*k) / long
	bw, bh := (x1-x0)*s, (y1-y0)*s
	p.raster.reset(outLen(bw, 1, Box*k), outLen(bh, 1, Box*k))
	p.raster.strokes(d.Strokes, transform{ox: x0, oy: y0, s: s}, r*s)
	return x, p.fit(&x, p.raster.pix, p.raster.w, 0, 0, bw, bh)
}

// fit scales the ink box [x0, x0+bw) × [y0, y0+bh) of src (row-major,
// width sw) so that its longer side is Box pixels, by area averaging, and
// centres its mass in x. It reports whether there was ink.
func (p *Preprocessor) fit(x *[Pixels]float32, src []float32, sw int, x0, y0, bw, bh float64) bool {
	f := max(bw, bh) / Box // source pixels per output pixel
	ow, oh := outLen(bw, f, Box), outLen(bh, f, Box)
	p.xs.build(x0, x0+bw, f, ow, sw)
	p.ys.build(y0, y0+bh, f, oh, len(src)/sw)
	p.tmp = resample(p.box[:ow*oh], src, sw, &p.xs, &p.ys, p.tmp)
	return centre(x, p.box[:ow*oh], ow, oh)
}

// letterbox scales the whole sw×sh src so that its longer side is Side
// pixels, by area averaging, and centres it in x. It reports whether
// there was ink.
func (p *Preprocessor) letterbox(x *[Pixels]float32, src []float32, sw, sh int) bool {
	f := float64(max(sw, sh)) / Side
	ow, oh := outLen(float64(sw), f, Side), outLen(float64(sh), f, Side)
	p.xs.build(0, float64(sw), f, ow, sw)
	p.ys.build(0, float64(sh), f, oh, sh)
	p.tmp = resample(p.box[:ow*oh], src, sw, &p.xs, &p.ys, p.tmp)
	place(x, p.box[:ow*oh], ow, oh, (Side-ow)/2, (Side-oh)/2)
	for _, v := range x {
		if v > 0 {
			return true
		}
	}
	return false
}

// Render28 returns x as a 28×28 grey image, white ink on black, for
// showing or saving what the network sees. Values are clamped to [0, 1]
// and rounded to 8 bits. Reading the image back with FromImage gives x
// again within that rounding when x is already MNIST-like, as results of
// FromDrawing and FromImage are (its brightest pixel 1, its centre of mass
// within half a pixel of (Centre, Centre)).
func Render28(x [Pixels]float32) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, Side, Side))
	for i, v := range x {
		img.Pix[i] = uint8(min(max(v, 0), 1)*255 + 0.5)
	}
	return img
}
