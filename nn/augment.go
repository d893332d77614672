package nn

import (
	"math"
	"math/rand/v2"
)

// augmenter makes randomly distorted copies of 28×28 training images, so
// that a model also reads digits drawn with a mouse: random shifts (±3 px),
// rotations (±12°), scaling (0.8–1.15) and stroke thickness changes.
type augmenter struct {
	rng      *rand.Rand
	pcg      *rand.PCG // rng's source, saved by Trainer.State
	side     int
	src, dst []float32
	tmp      []float32
}

func newAugmenter(seed uint64, dim int) *augmenter {
	side := int(math.Sqrt(float64(dim)))
	if side*side != dim {
		panic("nn: augmentation needs square images")
	}
	pcg := rand.NewPCG(seed, 0x6175676d656e74) // "augment"
	return &augmenter{
		rng: rand.New(pcg), pcg: pcg,
		side: side, src: make([]float32, dim), dst: make([]float32, dim), tmp: make([]float32, dim),
	}
}

// gather fills in and y with distorted copies of the given rows.
func (a *augmenter) gather(d *Dataset, rows []int, in *Input, y []uint8) {
	in.Reset(d.Dim)
	for k, r := range rows {
		d.Pixels(r, a.src)
		a.distort()
		in.AppendDense(a.dst)
		y[k] = d.Labels[r]
	}
}

// distort maps a.src to a.dst through a random affine transform about the
// image centre, sampled bilinearly, then thickens or thins the strokes.
func (a *augmenter) distort() {
	n := a.side
	r := a.rng
	angle := (r.Float64()*2 - 1) * 12 * math.Pi / 180
	scale := 0.8 + r.Float64()*0.35
	dx := (r.Float64()*2 - 1) * 3
	dy := (r.Float64()*2 - 1) * 3
	sin, cos := math.Sincos(angle)
	c := float64(n-1) / 2
	// Inverse map: for each destination pixel, the source position.
	for yy := range n {
		for xx := range n {
			u := (float64(xx) - c - dx) / scale
			v := (float64(yy) - c - dy) / scale
			sx := cos*u + sin*v + c
			sy := -sin*u + cos*v + c
			a.dst[yy*n+xx] = bilinear(a.src, n, sx, sy)
		}
	}
	switch p := r.Float64(); {
	case p < 0.3:
		a.morph(true)
	case p < 0.45:
		a.morph(false)
	}
}

// morph thickens (dilate) or thins (erode) the strokes with a 3×3 cross,
// blended half-way so that the change is moderate.
func (a *augmenter) morph(dilate bool) {
	n := a.side
	copy(a.tmp, a.dst)
	for yy := range n {
		for xx := range n {
			v := a.tmp[yy*n+xx]
			m := v
			for _, o := range [4][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
				x2, y2 := xx+o[0], yy+o[1]
				var w float32
				if x2 >= 0 && x2 < n && y2 >= 0 && y2 < n {
					w = a.tmp[y2*n+x2]
				}
				if dilate {
					m = max(m, w)
				} else {
					m = min(m, w)
				}
			}
			a.dst[yy*n+xx] = (v + m) / 2
		}
	}
}

func bilinear(img []float32, n int, x, y float64) float32 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := float32(x-x0), float32(y-y0)
	ix, iy := int(x0), int(y0)
	at := func(i, j int) float32 {
		if i < 0 || j < 0 || i >= n || j >= n {
			return 0
		}
		return img[j*n+i]
	}
	top := at(ix, iy)*(1-fx) + at(ix+1, iy)*fx
	bot := at(ix, iy+1)*(1-fx) + at(ix+1, iy+1)*fx
	return top*(1-fy) + bot*fy
}
