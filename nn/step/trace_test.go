package step

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"backproplab/nn"
)

// The engine computes in float32: finite differences use a large step and a
// loose relative tolerance, as nn's own gradient checks do.
const (
	fdStep  = 1e-2
	fdTol   = 2e-2
	fdFloor = 1e-3
)

// newTrainer returns a trainer for a small network on random 4×4 images.
func newTrainer(t *testing.T, act nn.Activation, loss nn.Loss, s nn.Settings) *nn.Trainer {
	t.Helper()
	const n, dim = 40, 16
	rng := rand.New(rand.NewPCG(7, 8))
	img := make([]uint8, n*dim)
	for i := range img {
		if rng.IntN(3) > 0 {
			img[i] = uint8(rng.IntN(256))
		}
	}
	lab := make([]uint8, n)
	for i := range lab {
		lab[i] = uint8(rng.IntN(4))
	}
	a := nn.Arch{Inputs: dim, Hidden: []int{6}, Outputs: 4, Activation: act, Loss: loss}
	s.TrainSize, s.Epochs = n, 3
	tr, err := nn.NewTrainer(nn.NewNetwork(a, 3), nn.NewDataset(img, lab, dim), s)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func settings(m nn.Method, lr float64, bs int) nn.Settings {
	s := nn.DefaultSettings()
	s.Optimizer, s.LearningRate, s.BatchSize = m, lr, bs
	return s
}

// lossAt returns the engine's loss of rows (data plus penalty) for net with
// its parameters set to p.
func lossAt(net *nn.Network, d *nn.Dataset, rows []int, l1, l2 float64, p []float64) float64 {
	for i, v := range p {
		net.Params[i] = float32(v)
	}
	ws := nn.NewWorkspace(net.Arch, len(rows))
	var in nn.Input
	y := make([]uint8, len(rows))
	d.Gather(rows, &in, y)
	loss, _ := net.ForwardLoss(ws, &in, y, false)
	return loss + net.Penalty(l1, l2)
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

func close(a, b, tol, floor float64) bool {
	return math.Abs(a-b) <= tol*max(math.Abs(a), math.Abs(b), floor)
}

// TestDisplayedGradientsMatchEngineAndFiniteDifferences checks that the
// gradients and deltas a batch trace shows are the engine's, bit for bit,
// and agree with finite differences of the engine's loss.
func TestDisplayedGradientsMatchEngineAndFiniteDifferences(t *testing.T) {
	tests := []struct {
		name string
		act  nn.Activation
		loss nn.Loss
		l2   float64
	}{
		{"tanh ce", nn.Tanh, nn.CrossEntropy, 0},
		{"tanh mse", nn.Tanh, nn.MSE, 0},
		{"sigmoid ce l2", nn.Sigmoid, nn.CrossEntropy, 1e-2},
		{"relu ce", nn.ReLU, nn.CrossEntropy, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := settings(nn.SGD, 0.1, 8)
			s.L2 = tc.l2
			tn := newTrainer(t, tc.act, tc.loss, s)
			tr, err := TraceBatch(tn, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Rows) != 8 || tr.Sample != 3 {
				t.Fatalf("rows %d, sample %d; want 8, 3", len(tr.Rows), tr.Sample)
			}
			// The engine's own gradient of the same batch, computed afresh.
			net := tr.Before()
			var in nn.Input
			y := make([]uint8, len(tr.Rows))
			tn.Train.Gather(tr.Rows, &in, y)
			ref := nn.NewWorkspace(net.Arch, len(tr.Rows))
			loss, _ := net.ForwardLoss(ref, &in, y, true)
			net.Backward(ref, &in)
			net.AddPenaltyGrad(ref.Grad, 0, tc.l2)
			if !slices.Equal(tr.Grad(), ref.Grad) {
				t.Errorf("trace gradient differs from the engine's")
			}
			if tr.BatchLoss != loss {
				t.Errorf("BatchLoss = %v, want the engine's %v", tr.BatchLoss, loss)
			}
			for l, ly := range tr.Layers {
				gW, gB := net.LayerGrads(ref.Grad, l)
				if !slices.Equal(ly.GradW, gW) || !slices.Equal(ly.GradB, gB) {
					t.Errorf("layer %d: displayed ∂L/∂W or ∂L/∂b differ from the engine's", l)
				}
				// The sample's δ is the batch's δ row times B (the mean's 1/B).
				for j, d := range ly.Delta {
					want := float64(ref.Delta[l][tr.Sample*ly.Out+j]) * float64(len(tr.Rows))
					if !close(float64(d), want, 1e-5, 1e-6) {
						t.Errorf("layer %d: δ[%d] = %v, want B·engine δ %v", l, j, d, want)
					}
				}
			}
			if tc.act == nn.ReLU {
				return // finite differences across ReLU's kink are unreliable
			}
			// Finite differences of the batch loss over all parameters.
			p0 := to64(net.Params)
			fdNet := net.Clone()
			want := fd.Gradient(nil, func(p []float64) float64 {
				return lossAt(fdNet, tn.Train, tr.Rows, 0, tc.l2, p)
			}, p0, &fd.Settings{Formula: fd.Central, Step: fdStep})
			for i, g := range tr.Grad() {
				if !close(float64(g), want[i], fdTol, fdFloor) {
					t.Errorf("∂L/∂θ[%d] = %v, finite differences %v", i, g, want[i])
				}
			}
			// The sample's δ is ∂ℓ/∂b: finite differences of its own loss.
			sw := fd.Gradient(nil, func(p []float64) float64 {
				return lossAt(fdNet, tn.Train, tr.Rows[tr.Sample:tr.Sample+1], 0, 0, p)
			}, p0, &fd.Settings{Formula: fd.Central, Step: fdStep})
			off := 0
			for l, ly := range tr.Layers {
				off += ly.In * ly.Out
				for j, d := range ly.Delta {
					if !close(float64(d), sw[off+j], fdTol, fdFloor) {
						t.Errorf("layer %d: sample δ[%d] = %v, finite differences %v", l, j, d, sw[off+j])
					}
				}
				// The chain rule of one weight per unit: δ_j·a_i = ∂ℓ/∂w_ij.
				for j := range ly.Out {
					c := tr.Weight(WeightRef{Layer: l, I: 2, J: j})
					if !close(c.SampleGrad, sw[c.Index], fdTol, fdFloor) {
						t.Errorf("W%d[2][%d]: δ·a = %v, finite differences %v", l+1, j, c.SampleGrad, sw[c.Index])
					}
					if c.G != float64(ref.Grad[c.Index]) {
						t.Errorf("W%d[2][%d]: G = %v, engine %v", l+1, j, c.G, ref.Grad[c.Index])
					}
				}
				off += ly.Out
			}
		})
	}
}
