package probe

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"

	"backproplab/assets"
	"backproplab/nn"
	"backproplab/nn/digit"
)

// TestSaliencyMatchesDifferences compares ∂z_c/∂x with central differences
// of the engine's logits on every input, and ∂L/∂x likewise.
func TestSaliencyMatchesDifferences(t *testing.T) {
	for _, act := range []nn.Activation{nn.ReLU, nn.Sigmoid, nn.Tanh} {
		for _, loss := range []nn.Loss{nn.CrossEntropy, nn.MSE} {
			t.Run(fmt.Sprintf("%v/%v", act, loss), func(t *testing.T) {
				p := newTestProblem(t, act, loss, []int{5, 4}, 1, 11)
				x := make([]float32, p.In.Cols)
				p.In.Dense(0, x)
				for c := range p.Net.Arch.Outputs {
					s, err := Saliency(p.Net, x, c)
					if err != nil {
						t.Fatal(err)
					}
					z64 := func(x []float32) float64 {
						n, err := newNet64(Problem{Net: p.Net, In: nn.NewInput(len(x), x), Y: p.Y})
						if err != nil {
							t.Fatal(err)
						}
						return n.z[len(n.z)-1][c]
					}
					for i := range x {
						want := centralInput(z64, x, i, 1e-4)
						if e := RelErr(float64(s[i]), want); e > tol {
							t.Errorf("∂z_%d/∂x_%d = %g, differences %g: relative error %.3g", c, i, s[i], want, e)
						}
					}
				}
				g := InputGradient(p)
				l64 := func(x []float32) float64 {
					n, err := newNet64(Problem{Net: p.Net, In: nn.NewInput(len(x), x), Y: p.Y})
					if err != nil {
						t.Fatal(err)
					}
					return n.base
				}
				for i := range x {
					want := centralInput(l64, x, i, 1e-4)
					if e := RelErr(float64(g[i]), want); e > tol {
						t.Errorf("∂L/∂x_%d = %g, differences %g: relative error %.3g", i, g[i], want, e)
					}
				}
			})
		}
	}
}

// TestForward64MatchesEngine checks the float64 forward pass against the
// engine's loss on every activation and loss.
func TestForward64MatchesEngine(t *testing.T) {
	for _, act := range []nn.Activation{nn.ReLU, nn.Sigmoid, nn.Tanh} {
		for _, loss := range []nn.Loss{nn.CrossEntropy, nn.MSE} {
			p := newTestProblem(t, act, loss, []int{5, 4}, 4, 5)
			p.L1, p.L2 = 0.01, 0.02
			n, err := newNet64(p)
			if err != nil {
				t.Fatal(err)
			}
			if gap, l := n.Gap(), p.Loss(); RelErr(n.base, l) > 1e-6 {
				t.Errorf("%v/%v: float64 objective %g, engine %g (gap %g)", act, loss, n.base, l, gap)
			}
		}
	}
}

// sevenAndModel returns the bundled model and the test drawing of a 7.
func sevenAndModel(t *testing.T) (*nn.Network, []float32) {
	t.Helper()
	b := assets.ModelBytes()
	m, err := nn.ReadModel(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../digit/testdata/seven.json")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := digit.ParseDrawings(data)
	if err != nil || len(ds) != 1 {
		t.Fatalf("seven.json: %v (%d drawings)", err, len(ds))
	}
	x, ok := digit.FromDrawing(ds[0], digit.DefaultOptions())
	if !ok {
		t.Fatal("seven.json: no digit")
	}
	return m.Net, x[:]
}

// TestFoolRaisesTarget runs the one-step adversary on the bundled model and
// a drawn 7, toward every other class.
func TestFoolRaisesTarget(t *testing.T) {
	net, x := sevenAndModel(t)
	orig := slices.Clone(x)
	_, p0, err := Scores(net, x)
	if err != nil {
		t.Fatal(err)
	}
	if k := nn.Argmax(p0); k != 7 {
		t.Fatalf("the bundled model reads the test 7 as %d", k)
	}
	const eps = 0.1
	for target := range 10 {
		if target == 7 {
			continue
		}
		adv, err := Fool(net, x, target, eps)
		if err != nil {
			t.Fatal(err)
		}
		_, p1, _ := Scores(net, adv)
		if p1[target] <= p0[target] {
			t.Errorf("target %d: p = %.3g before, %.3g after a step of ε = %g", target, p0[target], p1[target], eps)
		}
		changed := 0
		for i, v := range adv {
			if v < 0 || v > 1 || abs(v-x[i]) > eps+1e-6 {
				t.Fatalf("target %d: pixel %d = %g from %g, outside [0, 1] or moved more than ε", target, i, v, x[i])
			}
			if v != x[i] {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("target %d: no pixel changed", target)
		}
	}
	if !slices.Equal(x, orig) {
		t.Error("Fool modified its input")
	}
	for _, bad := range []float64{-0.1, 2} {
		if _, err := Fool(net, x, 3, bad); err == nil {
			t.Errorf("Fool with ε = %g succeeded", bad)
		}
	}
	if _, err := Fool(net, x, 10, 0.1); err == nil {
		t.Error("Fool toward class 10 succeeded")
	}
	if _, err := Saliency(net, x[:10], 0); err == nil {
		t.Error("Saliency of a short image succeeded")
	}
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
