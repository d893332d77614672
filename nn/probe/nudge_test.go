package probe

import (
	"math"
	"slices"
	"testing"

	"backproplab/nn"
)

func TestNudgeParam(t *testing.T) {
	p := newTestProblem(t, nn.Tanh, nn.CrossEntropy, []int{5}, 4, 2)
	p.L2 = 0.01
	before := slices.Clone(p.Net.Params)
	grad := p.Gradient()
	deltas := Deltas(0.5, 21)
	for _, r := range []Ref{{0, 2, 3, false}, {1, 4, 1, false}, {1, 0, 2, true}} {
		pts, err := NudgeParam(p, grad, r, deltas)
		if err != nil {
			t.Fatal(err)
		}
		idx, _ := Index(p.Net.Arch, r)
		g := float64(grad[idx])
		for k, pt := range pts {
			if pt.Predicted != g*pt.Delta {
				t.Errorf("%v Δ = %g: predicted %g, want g·Δ = %g", r, pt.Delta, pt.Predicted, g*pt.Delta)
			}
			if math.Abs(pt.Delta-deltas[k]) > 1e-6 {
				t.Errorf("%v: Δ %g made as %g", r, deltas[k], pt.Delta)
			}
		}
		// Near Δ = 0 the first-order picture holds: the actual change
		// agrees with g·Δ to a few per cent (the curvature's share).
		small, err := NudgeParam(p, grad, r, []float64{-1e-2, 1e-2})
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range small {
			if e := RelErr(pt.Actual, pt.Predicted); e > 0.05 {
				t.Errorf("%v Δ = %g: actual %g, predicted %g", r, pt.Delta, pt.Actual, pt.Predicted)
			}
		}
		if pts[len(pts)/2].Actual != 0 {
			t.Errorf("%v: Δ = 0 changed the loss by %g", r, pts[len(pts)/2].Actual)
		}
	}
	if !slices.Equal(before, p.Net.Params) {
		t.Error("nudging changed the network")
	}
	if _, err := NudgeParam(p, grad, Ref{Layer: 5}, deltas); err == nil {
		t.Error("nudging a parameter of layer 6 succeeded")
	}
	if _, err := NudgeParam(p, grad, Ref{}, []float64{math.NaN()}); err == nil {
		t.Error("nudging by NaN succeeded")
	}
}

func TestNudgeInput(t *testing.T) {
	p := newTestProblem(t, nn.Sigmoid, nn.MSE, []int{5}, 1, 4)
	g := InputGradient(p)
	for pix := range p.In.Cols {
		pts, err := NudgeInput(p, pix, []float64{-0.3, -1e-2, 0, 1e-2, 0.3})
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range pts {
			if pt.Predicted != float64(g[pix])*pt.Delta {
				t.Errorf("pixel %d Δ = %g: predicted %g, want g·Δ = %g", pix, pt.Delta, pt.Predicted, float64(g[pix])*pt.Delta)
			}
		}
		if pts[2].Actual != 0 {
			t.Errorf("pixel %d: Δ = 0 changed the loss by %g", pix, pts[2].Actual)
		}
		for _, pt := range pts[1:4:4] {
			if math.Abs(pt.Predicted) > 1e-5 && RelErr(pt.Actual, pt.Predicted) > 0.05 {
				t.Errorf("pixel %d Δ = %g: actual %g, predicted %g", pix, pt.Delta, pt.Actual, pt.Predicted)
			}
		}
	}
	q := newTestProblem(t, nn.Sigmoid, nn.MSE, []int{5}, 2, 4)
	if _, err := NudgeInput(q, 0, []float64{1}); err == nil {
		t.Error("nudging a pixel of a batch of two succeeded")
	}
	if _, err := NudgeInput(p, p.In.Cols, []float64{1}); err == nil {
		t.Error("nudging a pixel out of range succeeded")
	}
}
