package probe

import (
	"math"
	"math/rand/v2"
	"testing"

	"backproplab/nn"
)

// tol is the largest relative error allowed between the float32 engine's
// gradient and float64 central differences of its forward pass.
const tol = 1e-3

// reluMargin keeps every hidden pre-activation of a test problem this far
// from ReLU's kink, well beyond what a step moves it.
const reluMargin = 0.05

// newTestProblem returns a network 6 → hidden… → 3 with random weights and
// biases and a batch of rows dense random inputs in [−1, 1] (one zero per
// row, for the sparse path). For ReLU it resamples until every hidden
// pre-activation is at least reluMargin from 0.
func newTestProblem(t *testing.T, act nn.Activation, loss nn.Loss, hidden []int, rows int, seed uint64) Problem {
	t.Helper()
	a := nn.Arch{Inputs: 6, Hidden: hidden, Outputs: 3, Activation: act, Loss: loss}
	for try := range uint64(1000) {
		rng := rand.New(rand.NewPCG(seed, try))
		net := nn.NewNetwork(a, seed*1000+try)
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
		p := Problem{Net: net, In: nn.NewInput(a.Inputs, xs...), Y: y}
		if act != nn.ReLU || awayFromKinks(p) {
			return p
		}
	}
	t.Fatal("no sample keeps the ReLU pre-activations away from 0")
	return Problem{}
}

func awayFromKinks(p Problem) bool {
	ws := nn.NewWorkspace(p.Net.Arch, p.In.Rows)
	p.Net.Forward(ws, p.In)
	for l := range len(p.Net.Layers) - 1 {
		for _, z := range ws.Z[l][:p.In.Rows*p.Net.Layers[l].Out] {
			if math.Abs(float64(z)) < reluMargin {
				return false
			}
		}
	}
	return true
}

// centralInput returns the central difference of f in x[i] with step h, in float64.
func centralInput(f func([]float32) float64, x []float32, i int, h float64) float64 {
	x0 := x[i]
	xp, xm := float32(float64(x0)+h), float32(float64(x0)-h)
	x[i] = xp
	fp := f(x)
	x[i] = xm
	fm := f(x)
	x[i] = x0
	return (fp - fm) / (float64(xp) - float64(xm))
}
