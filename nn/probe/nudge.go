package probe

import (
	"fmt"
	"math"

	"backproplab/nn"
)

// NudgePoint compares, for one change Δ, the first-order prediction of the
// change of the objective with the change a second forward pass measures.
type NudgePoint struct {
	Delta     float64 // the change actually made (Δ rounded as float32 holds it)
	Predicted float64 // g·Δ
	Actual    float64 // L(θ+Δ) − L(θ)
}

// NudgeParam moves parameter r of p by each of deltas in turn, on a copy of
// the network, and returns the predicted and actual change of the objective,
// where g is grad's value for r (the engine's gradient).
func NudgeParam(p Problem, grad []float32, r Ref, deltas []float64) ([]NudgePoint, error) {
	idx, err := Index(p.Net.Arch, r)
	if err != nil {
		return nil, err
	}
	if len(grad) != len(p.Net.Params) {
		return nil, fmt.Errorf("probe: gradient of %d values for %d parameters", len(grad), len(p.Net.Params))
	}
	if err := finiteAll(deltas); err != nil {
		return nil, err
	}
	e := newEvaluator(p)
	l0 := e.loss()
	g := float64(grad[idx])
	w := e.net.Params[idx]
	out := make([]NudgePoint, len(deltas))
	for k, d := range deltas {
		wd := float32(float64(w) + d)
		e.net.Params[idx] = wd
		dd := float64(wd) - float64(w)
		out[k] = NudgePoint{Delta: dd, Predicted: g * dd, Actual: e.loss() - l0}
	}
	e.net.Params[idx] = w
	return out, nil
}

// NudgeInput moves input pixel i of p's single image by each of deltas and
// returns the predicted and actual change of the loss, with g = ∂L/∂x_i from
// InputGradient. Pixels may leave [0, 1]: this is the function's slope, not
// a drawing.
func NudgeInput(p Problem, pixel int, deltas []float64) ([]NudgePoint, error) {
	if p.In.Rows != 1 {
		return nil, fmt.Errorf("probe: nudging a pixel needs one image, not %d", p.In.Rows)
	}
	if pixel < 0 || pixel >= p.In.Cols {
		return nil, fmt.Errorf("probe: pixel %d out of range [0, %d)", pixel, p.In.Cols)
	}
	if err := finiteAll(deltas); err != nil {
		return nil, err
	}
	g := float64(InputGradient(p)[pixel])
	x := make([]float32, p.In.Cols)
	p.In.Dense(0, x)
	ws := nn.NewWorkspace(p.Net.Arch, 1)
	in := &nn.Input{}
	loss := func(x []float32) float64 {
		in.Reset(len(x))
		in.AppendDense(x)
		l, _ := p.Net.ForwardLoss(ws, in, p.Y, false)
		return l
	}
	x0 := x[pixel]
	l0 := loss(x)
	out := make([]NudgePoint, len(deltas))
	for k, d := range deltas {
		x[pixel] = float32(float64(x0) + d)
		dd := float64(x[pixel]) - float64(x0)
		out[k] = NudgePoint{Delta: dd, Predicted: g * dd, Actual: loss(x) - l0}
	}
	return out, nil
}

// Deltas returns n values evenly spaced over [−span, span] (n ≥ 2).
func Deltas(span float64, n int) []float64 {
	n = max(n, 2)
	d := make([]float64, n)
	for i := range d {
		d[i] = -span + 2*span*float64(i)/float64(n-1)
	}
	return d
}

func finiteAll(v []float64) error {
	for _, d := range v {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return fmt.Errorf("probe: Δ = %g is not a finite number", d)
		}
	}
	return nil
}
