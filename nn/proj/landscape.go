package proj

import (
	"context"
	"math"
	"math/rand/v2"

	"backproplab/nn"
)

// Progress is told how many of total evaluations are done. It is called on
// the goroutine that started the computation.
type Progress func(done, total int)

// Steps returns n evenly spaced values from lo to hi inclusive (n ≥ 2; one
// value lo for n = 1).
func Steps(lo, hi float64, n int) []float64 {
	if n <= 0 {
		return nil
	}
	s := make([]float64, n)
	for i := range s {
		if n > 1 {
			s[i] = lo + (hi-lo)*float64(i)/float64(n-1)
		} else {
			s[i] = lo
		}
	}
	return s
}

// Line returns the mean data loss on d of the parameters θ(α) = a + α·(b − a)
// for each α in alphas: α = 0 is a, α = 1 is b. a and b must share an
// architecture; neither is modified.
func Line(ctx context.Context, a, b *nn.Network, d *nn.Dataset, alphas []float64, progress Progress) ([]float64, error) {
	if len(a.Params) != len(b.Params) {
		panic("proj: Line architecture mismatch")
	}
	dir := make([]float64, len(a.Params)) // exact: θ(1) is b to the bit
	for i := range dir {
		dir[i] = float64(b.Params[i]) - float64(a.Params[i])
	}
	pts := make([][2]float64, len(alphas))
	for i, al := range alphas {
		pts[i][0] = al
	}
	// The first layer's product at θ(α) is (1 − α)·X·Wa + α·X·Wb: at α = 0
	// and 1 exactly each snapshot's own.
	first := firstBasis{w: [][]float32{a.Layers[0].W, b.Layers[0].W}, coef: func(p [2]float64, c []float64) {
		c[0], c[1] = 1-p[0], p[0]
	}}
	return evalPoints(ctx, a, dir, nil, first, d, pts, progress)
}

// Directions returns two random directions in a's parameter space, each
// filter-normalised (Li et al. 2018, §4): a Gaussian direction whose part
// for each unit's incoming weights (a column of W, the unit's "filter") is
// rescaled to the norm of that unit's weights in net. The bias parts are
// zero, as in the paper's treatment of biases.
func Directions(net *nn.Network, seed uint64) (d1, d2 []float32) {
	rng := rand.New(rand.NewPCG(seed, 0x6c616e64)) // "land"
	return filterNormal(net, rng), filterNormal(net, rng)
}

func filterNormal(net *nn.Network, rng *rand.Rand) []float32 {
	dir := make([]float32, len(net.Params))
	g := make([]float64, 0, 1024)
	o := 0
	for _, ly := range net.Layers {
		w := dir[o : o+ly.In*ly.Out]
		for j := range ly.Out {
			g = g[:0]
			var gn, wn float64
			for i := range ly.In {
				v := rng.NormFloat64()
				g = append(g, v)
				gn += v * v
				x := float64(ly.W[i*ly.Out+j])
				wn += x * x
			}
			s := 0.0
			if gn > 0 {
				s = math.Sqrt(wn / gn)
			}
			for i, v := range g {
				w[i*ly.Out+j] = float32(v * s)
			}
		}
		o += ly.In*ly.Out + ly.Out // the biases stay zero
	}
	return dir
}

// Plane is a 2D slice of the loss landscape: the loss at
// θ = Centre + α·D1 + β·D2 on a grid of α and β.
type Plane struct {
	Centre, D1, D2 []float32
	Alphas, Betas  []float64
	Loss           []float64 // (len(Betas), len(Alphas)): Loss[j*len(Alphas)+i] is at (Alphas[i], Betas[j])
}

// Slice evaluates the mean data loss on d over the grid alphas × betas
// around centre's parameters along d1 and d2 (see Directions). centre is
// not modified.
func Slice(ctx context.Context, centre *nn.Network, d1, d2 []float32, d *nn.Dataset, alphas, betas []float64, progress Progress) (*Plane, error) {
	if len(d1) != len(centre.Params) || len(d2) != len(centre.Params) {
		panic("proj: Slice direction length mismatch")
	}
	pts := make([][2]float64, 0, len(alphas)*len(betas))
	for _, b := range betas {
		for _, a := range alphas {
			pts = append(pts, [2]float64{a, b})
		}
	}
	w := len(centre.Layers[0].W)
	first := firstBasis{w: [][]float32{centre.Layers[0].W, d1[:w], d2[:w]}, coef: func(p [2]float64, c []float64) {
		c[0], c[1], c[2] = 1, p[0], p[1]
	}}
	loss, err := evalPoints(ctx, centre, widen(d1), widen(d2), first, d, pts, progress)
	if err != nil {
		return nil, err
	}
	return &Plane{Centre: append([]float32(nil), centre.Params...), D1: d1, D2: d2, Alphas: alphas, Betas: betas, Loss: loss}, nil
}

// Coords returns where params lies in the plane: the (α, β) whose point
// Centre + α·D1 + β·D2 is nearest to params (least squares). The training
// path's snapshots are placed on a slice with it; their distance from the
// plane is not shown.
func (p *Plane) Coords(params []float32) (alpha, beta float64) {
	var a11, a12, a22, b1, b2 float64
	for i, c := range p.Centre {
		x, y := float64(p.D1[i]), float64(p.D2[i])
		r := float64(params[i]) - float64(c)
		a11 += x * x
		a12 += x * y
		a22 += y * y
		b1 += x * r
		b2 += y * r
	}
	det := a11*a22 - a12*a12
	if det == 0 {
		return 0, 0
	}
	return (a22*b1 - a12*b2) / det, (a11*b2 - a12*b1) / det
}

func widen(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}
