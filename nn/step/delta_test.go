package step

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"backproplab/nn"
)

// deepTrace traces one sample step of a 16 → 6 → 5 → 4 → 4 network with
// the given hidden activations (one per layer) and loss.
func deepTrace(t *testing.T, acts []nn.Activation, loss nn.Loss) *Trace {
	t.Helper()
	const n, dim = 12, 16
	rng := rand.New(rand.NewPCG(3, 4))
	img := make([]uint8, n*dim)
	for i := range img {
		img[i] = uint8(rng.IntN(256))
	}
	lab := make([]uint8, n)
	for i := range lab {
		lab[i] = uint8(rng.IntN(4))
	}
	a := nn.Arch{Inputs: dim, Hidden: []int{6, 5, 4}, Outputs: 4, Activation: acts[0], Activations: acts, Loss: loss}
	s := settings(nn.SGD, 0.1, 4)
	s.TrainSize = n
	tn, err := nn.NewTrainer(nn.NewNetwork(a, 5), nn.NewDataset(img, lab, dim), s)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := TraceSample(tn, 2)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestDeltaOfMatchesEngine checks, for every unit of every layer of a
// three-hidden-layer network, on every activation and loss, that the
// factors DeltaOf shows give the engine's δ: f′(z_j)·Σ_k w_jk·δ_k for a
// hidden unit, p_j − y_j (cross-entropy) or the softmax-MSE form for an
// output; and that Informative picks a weight with a non-zero chain.
func TestDeltaOfMatchesEngine(t *testing.T) {
	acts := [][]nn.Activation{
		{nn.ReLU, nn.ReLU, nn.ReLU},
		{nn.Tanh, nn.Tanh, nn.Tanh},
		{nn.Sigmoid, nn.Sigmoid, nn.Sigmoid},
		{nn.Linear, nn.Linear, nn.Linear},
		{nn.Tanh, nn.ReLU, nn.Sigmoid},
	}
	for _, act := range acts {
		for _, loss := range []nn.Loss{nn.CrossEntropy, nn.MSE} {
			t.Run(fmt.Sprintf("%v/%v", act, loss), func(t *testing.T) {
				tr := deepTrace(t, act, loss)
				last := len(tr.Layers) - 1
				probs := tr.Layers[last].A
				for l, ly := range tr.Layers {
					for j := range ly.Out {
						d := tr.DeltaOf(l, j)
						var want float64
						switch {
						case l < last:
							if d.Output || d.Act != act[l] || d.Above != tr.Layers[l+1].Out {
								t.Fatalf("layer %d unit %d: %+v", l, j, d)
							}
							want = d.FPrime * d.Back
						case loss == nn.CrossEntropy:
							want = d.P - float64(d.Y)
						default:
							g := func(k int) float64 {
								y := 0.0
								if k == tr.Label {
									y = 1
								}
								return 2 * (float64(probs[k]) - y) / float64(len(probs))
							}
							var s float64
							for k, p := range probs {
								s += float64(p) * g(k)
							}
							want = d.P * (g(j) - s)
						}
						if l == last && (!d.Output || d.Y != btoi(j == tr.Label)) {
							t.Fatalf("output unit %d: %+v", j, d)
						}
						if diff := math.Abs(want - d.Delta); diff > 1e-5*max(math.Abs(d.Delta), 1e-3) {
							t.Errorf("layer %d unit %d: factors give %g, engine δ %g", l+1, j, want, d.Delta)
						}
					}
					r, ok := tr.Informative(l)
					if !ok || !tr.Valid(r) || r.Layer != l {
						t.Fatalf("layer %d: Informative %+v, %v", l, r, ok)
					}
					for i := range ly.In {
						if c := tr.Weight(WeightRef{Layer: l, I: i, J: r.J}); math.Signbit(c.SampleGrad) && c.SampleGrad == 0 {
							t.Fatalf("layer %d: W[%d][%d]'s sample gradient is −0", l, i, r.J)
						}
					}
					if c := tr.Weight(r); c.SampleGrad == 0 && anyNonZero(ly.Delta) {
						t.Errorf("layer %d: Informative %+v has a zero chain (δ_j %g, a_i %g)", l, r, c.DeltaJ, c.AI)
					}
				}
				if _, ok := tr.Informative(len(tr.Layers)); ok {
					t.Error("Informative accepted a layer past the last")
				}
			})
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func anyNonZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}
