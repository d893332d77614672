package nn

import (
	"math/rand/v2"
	"testing"
)

// TestForwardLossFromMatchesForwardLoss checks that the loss from the
// first layer's product (FirstProduct) equals ForwardLoss to the bit, for
// several architectures and losses, with one thread and with two.
func TestForwardLossFromMatchesForwardLoss(t *testing.T) {
	d := randomDataset(60, 3)
	rng := rand.New(rand.NewPCG(5, 6))
	target := make([]float32, 60)
	for i := range target {
		target[i] = float32(rng.NormFloat64())
	}
	for _, tc := range []struct {
		name string
		arch Arch
	}{
		{"tutorial", TutorialArch()},
		{"tanh two hidden", Arch{Inputs: 784, Hidden: []int{300, 40}, Outputs: 10, Activation: Tanh}},
		{"no hidden", Arch{Inputs: 784, Outputs: 10, Loss: MSE}},
		{"regression", Arch{Inputs: 784, Hidden: []int{16}, Outputs: 1, Activation: Sigmoid, Loss: Regression}},
	} {
		for _, threads := range []int{1, 2} {
			net := NewNetwork(tc.arch, 7)
			for i := range net.Params { // non-zero biases too
				net.Params[i] += float32(0.01 * rng.NormFloat64())
			}
			ws := NewWorkspace(tc.arch, 60)
			ws.SetThreads(threads)
			var in Input
			y := make([]uint8, 60)
			rows := make([]int, 60)
			for i := range rows {
				rows[i] = i
			}
			d.Gather(rows, &in, y)
			var tg []float32
			if tc.arch.Loss == Regression {
				in.Target, tg = target, target
			}
			wantLoss, wantHits := net.ForwardLoss(ws, &in, y, false)
			p := make([]float32, 60*net.Layers[0].Out)
			FirstProduct(&in, net.Layers[0].W, net.Layers[0].Out, p)
			gotLoss, gotHits := net.ForwardLossFrom(ws, p, y, tg)
			if gotLoss != wantLoss || gotHits != wantHits {
				t.Errorf("%s, %d threads: ForwardLossFrom = %v, %d; want ForwardLoss's %v, %d", tc.name, threads, gotLoss, gotHits, wantLoss, wantHits)
			}
		}
	}
}
