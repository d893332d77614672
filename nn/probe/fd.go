package probe

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"backproplab/nn"
)

// DefaultStep is how far a finite-difference step moves the pre-activation
// a parameter feeds: a weight W_l[i][j] moves by h = DefaultStep / max|a_i|
// over the batch's rows (a_i its input: a pixel, or a unit of the layer
// below), a bias by h = DefaultStep. The differences are of the float64
// forward pass, whose rounding (1e-16 of the loss, divided by h) is far
// below the error of the central formula, which grows like h²: 1e-4
// keeps that near 1e-8 and rarely crosses a ReLU kink.
const DefaultStep = 1e-4

// maxStep bounds the step of a weight whose inputs are all tiny.
const maxStep = 1

// Floor is the smallest denominator of RelErr: gradients below it, where
// the float32 engine's own rounding dominates, are compared in absolute
// terms.
const Floor = 1e-7

// retries is how many times Check divides the step by 10 when the step
// crosses a kink (a ReLU unit switching, or an L1-penalised weight crossing
// 0), where the loss has no derivative to estimate.
const retries = 2

// RelErr returns the relative error |a − b| / max(|a|, |b|, Floor); 0 when
// a = b, +Inf when either is NaN.
func RelErr(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.Inf(1)
	}
	d := math.Abs(a - b)
	if d == 0 {
		return 0
	}
	return d / max(math.Abs(a), math.Abs(b), Floor)
}

// Check compares one parameter's gradient from backpropagation with its
// central finite difference.
type Check struct {
	Ref   Ref
	Index int // position in Params
	// Engine is ∂L/∂θ from the engine's backward pass (float32).
	Engine float64
	// Numeric is (L(θ+h) − L(θ−h)) / 2h from the engine's forward pass
	// (the same layers, weights, activation and loss) evaluated in float64.
	Numeric float64
	Step    float64 // h
	RelErr  float64 // RelErr(Engine, Numeric)
	// Gap is the float64 forward pass's objective minus the engine's
	// float32 one, at the network's own parameters: rounding, about 1e-7
	// of the loss.
	Gap float64
	// Kink reports that even the smallest step tried crossed a kink of the
	// loss (a ReLU unit turning on or off, or |w| at 0): there the
	// derivative is one-sided and the difference is not an estimate of it.
	Kink bool
}

// CheckParam checks parameter r of p against grad, the engine's gradient
// (from p.Gradient or a trace). h is how far the step moves the
// pre-activation the parameter feeds (DefaultStep if h is 0; see
// DefaultStep). When the step crosses a kink it retries with h/10 and h/100.
func CheckParam(p Problem, grad []float32, r Ref, h float64) (Check, error) {
	idx, err := Index(p.Net.Arch, r)
	if err != nil {
		return Check{}, err
	}
	if len(grad) != len(p.Net.Params) {
		return Check{}, fmt.Errorf("probe: gradient of %d values for %d parameters", len(grad), len(p.Net.Params))
	}
	if h == 0 {
		h = DefaultStep
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return Check{}, fmt.Errorf("probe: step %g is not positive", h)
	}
	c, err := newChecker(p)
	if err != nil {
		return Check{}, err
	}
	return c.check(grad, r, idx, h), nil
}

// checker runs finite differences of one problem.
type checker struct {
	n      *net64
	gap    float64
	scale  [][]float64 // per layer and input: max |a_i| over the rows
	sp, sm []bool
}

func newChecker(p Problem) (*checker, error) {
	n, err := newNet64(p)
	if err != nil {
		return nil, err
	}
	c := &checker{n: n, gap: n.Gap(), scale: make([][]float64, len(p.Net.Layers))}
	for l, ly := range p.Net.Layers {
		s := make([]float64, ly.In)
		if l == 0 {
			for e, i := range p.In.Idx[:p.In.Ptr[p.In.Rows]] {
				s[i] = max(s[i], math.Abs(float64(p.In.Val[e])))
			}
		} else {
			for k, a := range n.a[l-1] {
				s[k%ly.In] = max(s[k%ly.In], math.Abs(a))
			}
		}
		c.scale[l] = s
	}
	return c, nil
}

func (c *checker) check(grad []float32, r Ref, idx int, h float64) Check {
	ck := Check{Ref: r, Index: idx, Engine: float64(grad[idx]), Gap: c.gap}
	h = c.stepFor(r, h)
	for try := 0; ; try++ {
		ck.Numeric, ck.Kink = c.central(r, h)
		ck.Step = h
		if !ck.Kink || try == retries {
			break
		}
		h /= 10
	}
	ck.RelErr = RelErr(ck.Engine, ck.Numeric)
	return ck
}

// stepFor returns the step of parameter r that moves its pre-activation by
// about h: h / max|a_i| for a weight with input i, h for a bias.
func (c *checker) stepFor(r Ref, h float64) float64 {
	if r.Bias {
		return h
	}
	if a := c.scale[r.Layer][r.I]; a > 0 {
		return min(h/a, maxStep)
	}
	return h
}

// central returns the central difference of the objective in parameter r
// with step h, and whether the step crossed a kink.
func (c *checker) central(r Ref, h float64) (d float64, kink bool) {
	var lp, lm float64
	lp, c.sp = c.n.perturbed(r, h, c.sp[:0])
	lm, c.sm = c.n.perturbed(r, -h, c.sm[:0])
	for i, s := range c.sp {
		if s != c.sm[i] {
			kink = true
			break
		}
	}
	if c.n.p.L1 != 0 && !r.Bias {
		ly := c.n.p.Net.Layers[r.Layer]
		w := c.n.w[r.Layer][r.I*ly.Out+r.J]
		if (w+h > 0) != (w-h > 0) {
			kink = true
		}
	}
	return (lp - lm) / (2 * h), kink
}

// LayerCheck summarises the checks of a sample of one layer's parameters.
type LayerCheck struct {
	Layer   int // 0-based
	Params  int // weights and biases in the layer
	Checked int // parameters compared (kinks excluded)
	Kinks   int // parameters whose every step crossed a kink, left out
	// Worst and Median are the largest and the median relative error of
	// the parameters compared.
	Worst, Median float64
	WorstCheck    Check // the check with the worst relative error
}

// Progress is told how many parameters of how many have been checked.
type Progress func(done, total int)

// CheckAll checks up to perLayer parameters of each layer, drawn at random
// (PCG seeded with seed) among those with a non-zero engine gradient, topped
// up with zero-gradient ones when a layer has fewer: a zero that should not
// be shows as a relative error of 1. It stops with ctx's error when ctx is
// done; progress (when not nil) is called after each parameter.
func CheckAll(ctx context.Context, p Problem, grad []float32, perLayer int, seed uint64, progress Progress) ([]LayerCheck, error) {
	if len(grad) != len(p.Net.Params) {
		return nil, fmt.Errorf("probe: gradient of %d values for %d parameters", len(grad), len(p.Net.Params))
	}
	if perLayer < 1 {
		return nil, fmt.Errorf("probe: %d parameters per layer", perLayer)
	}
	rng := rand.New(rand.NewPCG(seed, 0x636865636b)) // "check"
	ch, err := newChecker(p)
	if err != nil {
		return nil, err
	}
	var picks [][]int
	total, off := 0, 0
	for _, ly := range p.Net.Layers {
		n := ly.In*ly.Out + ly.Out
		picks = append(picks, pickParams(rng, grad[off:off+n], off, perLayer))
		total += len(picks[len(picks)-1])
		off += n
	}
	out := make([]LayerCheck, len(picks))
	done := 0
	for l, idxs := range picks {
		ly := p.Net.Layers[l]
		lc := LayerCheck{Layer: l, Params: ly.In*ly.Out + ly.Out}
		var errs []float64
		for _, idx := range idxs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			nn.Yield()
			r, _ := RefAt(p.Net.Arch, idx)
			c := ch.check(grad, r, idx, DefaultStep)
			done++
			if progress != nil {
				progress(done, total)
			}
			if c.Kink {
				lc.Kinks++
				continue
			}
			if len(errs) == 0 || c.RelErr > lc.Worst {
				lc.Worst, lc.WorstCheck = c.RelErr, c
			}
			errs = append(errs, c.RelErr)
		}
		lc.Checked = len(errs)
		if len(errs) > 0 {
			slices.Sort(errs)
			lc.Median = errs[len(errs)/2]
			if len(errs)%2 == 0 {
				lc.Median = (errs[len(errs)/2-1] + errs[len(errs)/2]) / 2
			}
		}
		out[l] = lc
	}
	return out, nil
}

// pickParams draws up to k positions (offset by off) of g, first among its
// non-zero values, then among its zeros.
func pickParams(rng *rand.Rand, g []float32, off, k int) []int {
	var nz, z []int
	for i, v := range g {
		if v != 0 {
			nz = append(nz, off+i)
		} else {
			z = append(z, off+i)
		}
	}
	rng.Shuffle(len(nz), func(i, j int) { nz[i], nz[j] = nz[j], nz[i] })
	rng.Shuffle(len(z), func(i, j int) { z[i], z[j] = z[j], z[i] })
	picked := nz[:min(k, len(nz))]
	picked = append(picked, z[:min(k-len(picked), len(z))]...)
	slices.Sort(picked)
	return picked
}
