package probe

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"backproplab/nn"
)

// TestCheckParamMatchesEngine compares every parameter's engine gradient
// with central differences on every activation, loss and depth (up to three
// hidden layers, so every layer kind: first, middle, last hidden and
// output), with and without the weight penalty.
func TestCheckParamMatchesEngine(t *testing.T) {
	for _, act := range []nn.Activation{nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Linear} {
		for _, loss := range []nn.Loss{nn.CrossEntropy, nn.MSE} {
			for _, hidden := range [][]int{nil, {5}, {5, 4}, {5, 4, 3}} {
				for _, pen := range []struct{ l1, l2 float64 }{{0, 0}, {0.01, 0.02}} {
					name := fmt.Sprintf("%v/%v/%d-hidden/l1=%g,l2=%g", act, loss, len(hidden), pen.l1, pen.l2)
					t.Run(name, func(t *testing.T) {
						p := newTestProblem(t, act, loss, hidden, 4, 7)
						p.L1, p.L2 = pen.l1, pen.l2
						before := slices.Clone(p.Net.Params)
						grad := p.Gradient()
						for idx := range p.Net.Params {
							r, err := RefAt(p.Net.Arch, idx)
							if err != nil {
								t.Fatal(err)
							}
							c, err := CheckParam(p, grad, r, 0)
							if err != nil {
								t.Fatal(err)
							}
							if c.Kink {
								t.Errorf("%v: a kink at every step (%g)", r, c.Step)
								continue
							}
							if c.RelErr > tol {
								t.Errorf("%v: engine %g, differences %g (h = %g): relative error %.3g > %g", r, c.Engine, c.Numeric, c.Step, c.RelErr, tol)
							}
							if !(c.Step > 0) {
								t.Errorf("%v: step %g, want > 0", r, c.Step)
							}
						}
						if !slices.Equal(before, p.Net.Params) {
							t.Error("the checks changed the network")
						}
					})
				}
			}
		}
	}
}

// TestCheckCatchesErrors makes sure the check can fail: a gradient 1 % off,
// and a backward pass through the wrong activation, are caught.
func TestCheckCatchesErrors(t *testing.T) {
	p := newTestProblem(t, nn.Tanh, nn.CrossEntropy, []int{5, 4}, 4, 7)
	grad := p.Gradient()
	k := 0
	for i, g := range grad {
		if math.Abs(float64(g)) > math.Abs(float64(grad[k])) {
			k = i
		}
	}
	grad[k] *= 1.01
	r, _ := RefAt(p.Net.Arch, k)
	if c, _ := CheckParam(p, grad, r, 0); c.RelErr <= tol {
		t.Errorf("%v: a gradient 1 %% off passed (relative error %.3g)", r, c.RelErr)
	}

	// Forward with tanh, backward with sigmoid's derivative.
	ws := nn.NewWorkspace(p.Net.Arch, p.In.Rows)
	p.Net.ForwardLoss(ws, p.In, p.Y, true)
	wrong := p.Net.Clone()
	wrong.Arch.Activation = nn.Sigmoid
	wrong.Backward(ws, p.In)
	lc, err := CheckAll(context.Background(), p, ws.Grad, 1000, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lc[0].Worst <= tol {
		t.Errorf("a backward pass with the wrong activation passed: layer 1's worst relative error %.3g", lc[0].Worst)
	}
}

func TestCheckAll(t *testing.T) {
	p := newTestProblem(t, nn.ReLU, nn.CrossEntropy, []int{5, 4}, 8, 3)
	grad := p.Gradient()
	var calls, last int
	lc, err := CheckAll(context.Background(), p, grad, 10, 1, func(done, total int) { calls, last = done, total })
	if err != nil {
		t.Fatal(err)
	}
	widths := p.Net.Arch.Widths()
	total := 0
	for l, c := range lc {
		n := widths[l]*widths[l+1] + widths[l+1]
		if c.Layer != l || c.Params != n {
			t.Errorf("layer %d: got layer %d with %d parameters, want %d", l, c.Layer, c.Params, n)
		}
		if got := c.Checked + c.Kinks; got != min(10, n) {
			t.Errorf("layer %d: %d checked + %d kinks, want %d", l, c.Checked, c.Kinks, min(10, n))
		}
		total += c.Checked + c.Kinks
		if c.Worst > tol || c.Median > c.Worst {
			t.Errorf("layer %d: worst %.3g, median %.3g", l, c.Worst, c.Median)
		}
		if c.WorstCheck.RelErr != c.Worst {
			t.Errorf("layer %d: worst check has %.3g, worst %.3g", l, c.WorstCheck.RelErr, c.Worst)
		}
	}
	if calls != total || last != total {
		t.Errorf("progress ended at %d of %d, want %d of %d", calls, last, total, total)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckAll(ctx, p, grad, 10, 1, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("CheckAll with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := CheckAll(context.Background(), p, grad[1:], 10, 1, nil); err == nil {
		t.Error("CheckAll with a short gradient succeeded")
	}
}

func TestRelErr(t *testing.T) {
	tests := []struct{ a, b, want float64 }{
		{1, 1, 0},
		{0, 0, 0},
		{1, 1.001, 0.001 / 1.001},
		{-2, 2, 2},
		{1e-9, 2e-9, 1e-9 / Floor},
		{math.NaN(), 1, math.Inf(1)},
	}
	for _, tc := range tests {
		if got := RelErr(tc.a, tc.b); math.Abs(got-tc.want) > 1e-12*max(1, tc.want) && got != tc.want {
			t.Errorf("RelErr(%g, %g) = %g, want %g", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestIndexRefAt(t *testing.T) {
	a := nn.Arch{Inputs: 4, Hidden: []int{3}, Outputs: 2}
	tests := []struct {
		r    Ref
		want int
	}{
		{Ref{0, 0, 0, false}, 0},
		{Ref{0, 1, 2, false}, 5},
		{Ref{0, 0, 2, true}, 14},
		{Ref{1, 0, 0, false}, 15},
		{Ref{1, 2, 1, false}, 20},
		{Ref{1, 0, 1, true}, 22},
	}
	for _, tc := range tests {
		got, err := Index(a, tc.r)
		if err != nil || got != tc.want {
			t.Errorf("Index(%v) = %d, %v, want %d", tc.r, got, err, tc.want)
		}
		back, err := RefAt(a, tc.want)
		if err != nil || back.String() != tc.r.String() {
			t.Errorf("RefAt(%d) = %v, %v, want %v", tc.want, back, err, tc.r)
		}
	}
	for _, r := range []Ref{{-1, 0, 0, false}, {2, 0, 0, false}, {0, 4, 0, false}, {0, 0, 3, true}, {1, 0, -1, false}} {
		if _, err := Index(a, r); err == nil {
			t.Errorf("Index(%v) succeeded", r)
		}
	}
	if _, err := RefAt(a, a.NumParams()); err == nil {
		t.Error("RefAt past the end succeeded")
	}
}

// TestCheckParamLayersAndRegression covers per-layer activations (the
// linear one included) and the regression loss.
func TestCheckParamLayersAndRegression(t *testing.T) {
	tests := []struct {
		acts []nn.Activation
		loss nn.Loss
	}{
		{[]nn.Activation{nn.Tanh, nn.Linear}, nn.CrossEntropy},
		{[]nn.Activation{nn.Linear, nn.Sigmoid}, nn.MSE},
		{[]nn.Activation{nn.Sigmoid, nn.Tanh}, nn.Regression},
		{[]nn.Activation{nn.Linear, nn.Tanh}, nn.Regression},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v/%v", tc.acts, tc.loss), func(t *testing.T) {
			p := newTestProblem(t, nn.Tanh, nn.CrossEntropy, []int{5, 4}, 4, 13)
			a := p.Net.Arch
			a.Activations, a.Loss = tc.acts, tc.loss
			if tc.loss == nn.Regression {
				a.Outputs = 1
				p.In.Target = []float32{0.3, -0.7, 1.2, 0}
				p.Y = make([]uint8, 4)
			}
			net := nn.NewNetwork(a, 5)
			for _, ly := range net.Layers {
				for i := range ly.B {
					ly.B[i] = float32(i%3) * 0.1
				}
			}
			p.Net = net
			n, err := newNet64(p)
			if err != nil {
				t.Fatal(err)
			}
			if e := RelErr(n.base, p.Loss()); e > 1e-6 {
				t.Errorf("float64 objective %g, engine %g", n.base, p.Loss())
			}
			grad := p.Gradient()
			lc, err := CheckAll(context.Background(), p, grad, 1000, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range lc {
				if c.Worst > tol || c.Checked+c.Kinks != c.Params {
					t.Errorf("layer %d: worst %.3g at %v, %d + %d of %d checked", c.Layer+1, c.Worst, c.WorstCheck.Ref, c.Checked, c.Kinks, c.Params)
				}
			}
		})
	}
}
