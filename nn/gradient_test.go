package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// The engine computes in float32, so the finite differences use a large
// step and compare with a loose relative tolerance: per component,
// |a−b| / max(|a|, |b|, gradFloor) < gradTol.
const (
	gradStep  = 1e-2
	gradTol   = 2e-2
	gradFloor = 1e-3
	// reluMargin keeps every hidden pre-activation this far from ReLU's kink,
	// well beyond what a step of gradStep moves it.
	reluMargin = 0.05
)

// gradProblem is a small network with a batch of dense inputs and labels.
type gradProblem struct {
	net *Network
	in  *Input
	y   []uint8
}

// newGradProblem returns a network 6 → hidden… → 3 with random weights and
// biases and a batch of 4 dense random inputs (one zero per row, to use the
// sparse path). For ReLU it resamples until every hidden pre-activation is
// at least reluMargin away from 0.
func newGradProblem(t *testing.T, act Activation, loss Loss, hidden []int, seed uint64) gradProblem {
	t.Helper()
	a := Arch{Inputs: 6, Hidden: hidden, Outputs: 3, Activation: act, Loss: loss}
	const rows = 4
	for try := range uint64(1000) {
		rng := rand.New(rand.NewPCG(seed, try))
		net := NewNetwork(a, seed*1000+try)
		for _, ly := range net.Layers {
			for i := range ly.B {
				ly.B[i] = float32(rng.Float64() - 0.5)
			}
		}
		var xs [][]float32
		y := make([]uint8, rows)
		for i := range rows {
			x := make([]float32, a.Inputs)
			for j := range x {
				x[j] = float32(2*rng.Float64() - 1)
			}
			x[rng.IntN(len(x))] = 0
			xs = append(xs, x)
			y[i] = uint8(rng.IntN(a.Outputs))
		}
		p := gradProblem{net: net, in: NewInput(a.Inputs, xs...), y: y}
		if act != ReLU || p.awayFromKinks() {
			return p
		}
	}
	t.Fatal("no sample keeps the ReLU pre-activations away from 0")
	return gradProblem{}
}

// awayFromKinks reports whether every hidden pre-activation is at least
// reluMargin away from 0.
func (p gradProblem) awayFromKinks() bool {
	ws := NewWorkspace(p.net.Arch, p.in.Rows)
	p.net.Forward(ws, p.in)
	for l := range len(p.net.Layers) - 1 {
		for _, z := range ws.Z[l][:p.in.Rows*p.net.Layers[l].Out] {
			if math.Abs(float64(z)) < reluMargin {
				return false
			}
		}
	}
	return true
}

// analytic runs ForwardLoss and Backward and returns the workspace.
func (p gradProblem) analytic() *Workspace {
	ws := NewWorkspace(p.net.Arch, p.in.Rows)
	p.net.ForwardLoss(ws, p.in, p.y, true)
	p.net.Backward(ws, p.in)
	return ws
}

// numericParamGrad returns the central-difference gradient of the mean loss
// with respect to the parameters.
func (p gradProblem) numericParamGrad() []float64 {
	probe := p.net.Clone()
	ws := NewWorkspace(p.net.Arch, p.in.Rows)
	f := func(x []float64) float64 {
		for i, v := range x {
			probe.Params[i] = float32(v)
		}
		loss, _ := probe.ForwardLoss(ws, p.in, p.y, false)
		return loss
	}
	return fd.Gradient(nil, f, to64(p.net.Params), &fd.Settings{Formula: fd.Central, Step: gradStep})
}

// numericDelta returns the central-difference gradient of the mean loss with
// respect to layer l's pre-activations z (rows, Out), at the values in ws.
// For the output layer it differentiates Loss.Forward; for a hidden layer it
// applies the activation and runs the rest of the network, as a network of
// its own, forward.
func (p gradProblem) numericDelta(ws *Workspace, l int) []float64 {
	a := p.net.Arch
	rows := p.in.Rows
	w := a.Widths()
	width := w[l+1]
	z0 := to64(ws.Z[l][:rows*width])
	if l == len(p.net.Layers)-1 {
		z, pr := make([]float32, len(z0)), make([]float32, len(z0))
		return fd.Gradient(nil, func(x []float64) float64 {
			for i, v := range x {
				z[i] = float32(v)
			}
			return a.Loss.Forward(z, width, p.y, pr, nil, nil, 1)
		}, z0, &fd.Settings{Formula: fd.Central, Step: gradStep})
	}
	rest := a
	rest.Inputs, rest.Hidden = width, a.Hidden[l+1:]
	tail := newZero(rest)
	copy(tail.Params, p.net.Params[p.net.off[l+1]:])
	tws := NewWorkspace(rest, rows)
	z, act := make([]float32, width), make([]float32, width)
	in := &Input{}
	return fd.Gradient(nil, func(x []float64) float64 {
		in.Reset(width)
		for i := range rows {
			for j := range z {
				z[j] = float32(x[i*width+j])
			}
			a.Activation.Apply(z, act)
			in.AppendDense(act)
		}
		loss, _ := tail.ForwardLoss(tws, in, p.y, false)
		return loss
	}, z0, &fd.Settings{Formula: fd.Central, Step: gradStep})
}

func TestBackwardMatchesFiniteDifferences(t *testing.T) {
	for _, act := range []Activation{ReLU, Sigmoid, Tanh} {
		for _, loss := range []Loss{CrossEntropy, MSE} {
			for _, hidden := range [][]int{nil, {5}, {5, 4}} {
				name := fmt.Sprintf("%v/%v/%d-hidden", act, loss, len(hidden))
				t.Run(name, func(t *testing.T) {
					p := newGradProblem(t, act, loss, hidden, 7)
					ws := p.analytic()
					got, want := to64(ws.Grad), p.numericParamGrad()
					if worst, at := maxRelDiff(got, want, gradFloor); worst > gradTol {
						t.Errorf("∂L/∂params[%d] = %g, finite differences %g (relative error %.3g > %g)", at, got[at], want[at], worst, gradTol)
					}
					for l, ly := range p.net.Layers {
						got := to64(ws.Delta[l][:p.in.Rows*ly.Out])
						want := p.numericDelta(ws, l)
						if worst, at := maxRelDiff(got, want, gradFloor); worst > gradTol {
							t.Errorf("Delta[%d][%d] = %g, finite differences %g (relative error %.3g > %g)", l, at, got[at], want[at], worst, gradTol)
						}
					}
				})
			}
		}
	}
}

// TestGradientCheckCatchesErrors makes sure the check above can fail: a
// gradient off by 5 % in one component, and a backward pass through the
// wrong activation, are both caught.
func TestGradientCheckCatchesErrors(t *testing.T) {
	p := newGradProblem(t, Tanh, CrossEntropy, []int{5, 4}, 7)
	want := p.numericParamGrad()
	ws := p.analytic()
	got := to64(ws.Grad)
	k := 0
	for i, v := range got {
		if math.Abs(v) > math.Abs(got[k]) {
			k = i
		}
	}
	got[k] *= 1.05
	if worst, _ := maxRelDiff(got, want, gradFloor); worst <= gradTol {
		t.Errorf("a gradient 5 %% off in component %d passed the check (relative error %.3g)", k, worst)
	}
	got[k] = math.NaN()
	if worst, _ := maxRelDiff(got, want, gradFloor); worst <= gradTol {
		t.Errorf("a NaN gradient passed the check")
	}

	// Forward with tanh, backward with sigmoid's derivative.
	ws = NewWorkspace(p.net.Arch, p.in.Rows)
	p.net.ForwardLoss(ws, p.in, p.y, true)
	wrong := p.net.Clone()
	wrong.Arch.Activation = Sigmoid
	wrong.Backward(ws, p.in)
	if worst, _ := maxRelDiff(to64(ws.Grad), want, gradFloor); worst <= gradTol {
		t.Errorf("a backward pass with the wrong activation passed the check (relative error %.3g)", worst)
	}
}

func TestPenaltyGradMatchesFiniteDifferences(t *testing.T) {
	tests := []struct{ l1, l2 float64 }{{0.3, 0}, {0, 0.2}, {0.3, 0.2}, {0, 0}}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("l1=%g,l2=%g", tc.l1, tc.l2), func(t *testing.T) {
			p := newGradProblem(t, Tanh, CrossEntropy, []int{5, 4}, 3)
			// Keep weights away from L1's kink at 0.
			for _, ly := range p.net.Layers {
				for i, w := range ly.W {
					if math.Abs(float64(w)) < 3*gradStep {
						ly.W[i] = float32(math.Copysign(3*gradStep, float64(w)))
					}
				}
			}
			grad := make([]float32, len(p.net.Params))
			p.net.AddPenaltyGrad(grad, tc.l1, tc.l2)
			probe := p.net.Clone()
			want := fd.Gradient(nil, func(x []float64) float64 {
				for i, v := range x {
					probe.Params[i] = float32(v)
				}
				return probe.Penalty(tc.l1, tc.l2)
			}, to64(p.net.Params), &fd.Settings{Formula: fd.Central, Step: gradStep})
			got := to64(grad)
			if worst, at := maxRelDiff(got, want, gradFloor); worst > gradTol {
				t.Errorf("penalty gradient[%d] = %g, finite differences %g (relative error %.3g)", at, got[at], want[at], worst)
			}
			for l := range p.net.Layers {
				if _, gB := p.net.LayerGrads(grad, l); slicesNonZero(gB) {
					t.Errorf("layer %d: penalty gradient on biases %v, want 0 (biases are not regularised)", l, gB)
				}
			}

			// The training objective: mean loss plus penalty.
			ws := p.analytic()
			p.net.AddPenaltyGrad(ws.Grad, tc.l1, tc.l2)
			pws := NewWorkspace(p.net.Arch, p.in.Rows)
			want = fd.Gradient(nil, func(x []float64) float64 {
				for i, v := range x {
					probe.Params[i] = float32(v)
				}
				loss, _ := probe.ForwardLoss(pws, p.in, p.y, false)
				return loss + probe.Penalty(tc.l1, tc.l2)
			}, to64(p.net.Params), &fd.Settings{Formula: fd.Central, Step: gradStep})
			got = to64(ws.Grad)
			if worst, at := maxRelDiff(got, want, gradFloor); worst > gradTol {
				t.Errorf("objective gradient[%d] = %g, finite differences %g (relative error %.3g)", at, got[at], want[at], worst)
			}
		})
	}
}

func TestPenalty(t *testing.T) {
	a := Arch{Inputs: 2, Hidden: []int{1}, Outputs: 2}
	n := newZero(a)
	copy(n.Layers[0].W, []float32{1, -2})
	n.Layers[0].B[0] = 100 // biases do not count
	copy(n.Layers[1].W, []float32{3, 0})
	copy(n.Layers[1].B, []float32{-50, 7})
	tests := []struct{ l1, l2, want float64 }{
		{0, 0, 0},
		{1, 0, 6},        // |1|+|−2|+|3|
		{0, 1, 14},       // 1+4+9
		{0.5, 0.1, 4.4},  // 3 + 1.4
		{0.01, 0, 0.06},  // small factors
		{0, 1e-4, 14e-4}, // Keras-sized L2
	}
	for _, tc := range tests {
		if got := n.Penalty(tc.l1, tc.l2); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Penalty(%g, %g) = %g, want %g", tc.l1, tc.l2, got, tc.want)
		}
	}
	grad := make([]float32, len(n.Params))
	n.AddPenaltyGrad(grad, 0.5, 0.1)
	// W1: 0.5·sign + 0.2·w; b1: 0; W2; b2.
	want := []float32{0.5 + 0.2, -0.5 - 0.4, 0, 0.5 + 0.6, 0, 0, 0}
	for i := range want {
		if math.Abs(float64(grad[i]-want[i])) > 1e-6 {
			t.Errorf("AddPenaltyGrad(0.5, 0.1) = %v, want %v", grad, want)
			break
		}
	}
}

func slicesNonZero(x []float32) bool {
	for _, v := range x {
		if v != 0 {
			return true
		}
	}
	return false
}
