package probe

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"backproplab/nn"
)

// tail returns the layers after hidden layer l of net as a network of its
// own, taking layer l's activations as input.
func tail(net *nn.Network, l int) *nn.Network {
	a := net.Arch
	w := a.Widths()
	rest := a
	rest.Inputs, rest.Hidden = w[l+1], slices.Clone(a.Hidden[l+1:])
	t := nn.NewNetwork(rest, 0)
	off := 0
	for k := 0; k <= l; k++ {
		off += w[k]*w[k+1] + w[k+1]
	}
	copy(t.Params, net.Params[off:])
	return t
}

// TestSilenceEqualsZeroActivation checks that a silenced unit's copy gives
// the same outputs as the original network with that unit's activation set
// to zero (run as head, then masked activations through the tail).
func TestSilenceEqualsZeroActivation(t *testing.T) {
	for _, hidden := range [][]int{{5}, {5, 4}} {
		p := newTestProblem(t, nn.Tanh, nn.CrossEntropy, hidden, 6, 9)
		orig := slices.Clone(p.Net.Params)
		for l := range hidden {
			units := []int{1, 3}
			off, err := Silence(p.Net, l, units)
			if err != nil {
				t.Fatal(err)
			}
			ws := nn.NewWorkspace(p.Net.Arch, p.In.Rows)
			p.Net.Forward(ws, p.In)
			width := hidden[l]
			var rows [][]float32
			for r := range p.In.Rows {
				a := slices.Clone(ws.A[l][r*width : (r+1)*width])
				for _, j := range units {
					a[j] = 0
				}
				rows = append(rows, a)
			}
			tl := tail(p.Net, l)
			tws := nn.NewWorkspace(tl.Arch, p.In.Rows)
			tl.Forward(tws, nn.NewInput(width, rows...))
			ows := nn.NewWorkspace(off.Arch, p.In.Rows)
			off.Forward(ows, p.In)
			for r := range p.In.Rows {
				want, got := tws.Probs(r), ows.Probs(r)
				for k := range want {
					if RelErr(float64(got[k]), float64(want[k])) > 1e-5 {
						t.Errorf("hidden %v, layer %d, row %d: silenced copy gives p = %v, zeroed activations %v", hidden, l+1, r, got, want)
						break
					}
				}
			}
		}
		if !slices.Equal(orig, p.Net.Params) {
			t.Error("Silence modified the network")
		}
		if _, err := Silence(p.Net, len(hidden), []int{0}); err == nil {
			t.Error("silencing a unit of the output layer succeeded")
		}
		if _, err := Silence(p.Net, 0, []int{5}); err == nil {
			t.Error("silencing unit 5 of 5 succeeded")
		}
	}
}

func TestAblate(t *testing.T) {
	const n, dim = 200, 6
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]uint8, n*dim)
	lab := make([]uint8, n)
	for i := range n {
		lab[i] = uint8(rng.IntN(3))
		for j := range dim {
			img[i*dim+j] = uint8(rng.IntN(60))
		}
		img[i*dim+int(lab[i])] = 255 // class k lights pixel k
	}
	d := nn.NewDataset(img, lab, dim)
	a := nn.Arch{Inputs: dim, Hidden: []int{4}, Outputs: 3, Activation: nn.ReLU, Loss: nn.CrossEntropy}
	s := nn.DefaultSettings()
	s.TrainSize, s.Epochs, s.BatchSize, s.LearningRate = n, 30, 20, 0.05
	tr, err := nn.NewTrainer(nn.NewNetwork(a, 1), d, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	orig := slices.Clone(tr.Net.Params)
	res, err := Ablate(context.Background(), tr.Net, d, 0, []int{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	_, acc := nn.NewEvaluator(a).Run(tr.Net, d, nil, nil)
	if res.Before.Overall != acc {
		t.Errorf("accuracy before %g, the engine's evaluator %g", res.Before.Overall, acc)
	}
	if acc < 0.9 {
		t.Errorf("the test network learnt only %.2f", acc)
	}
	total, hits := 0, 0.0
	for k, c := range res.Before.Count {
		total += c
		hits += res.Before.PerClass[k] * float64(c)
	}
	if total != n || int(hits+0.5) != int(acc*n+0.5) {
		t.Errorf("per class: %v of %v, %d examples, %g hits; want %d and %g", res.Before.PerClass, res.Before.Count, total, hits, n, acc*n)
	}
	// With every hidden unit silent the output is the bias alone: one class.
	if res.After.Overall > 0.5 {
		t.Errorf("all units silenced: accuracy %.2f, want at most one class's share", res.After.Overall)
	}
	zeros := 0
	for _, v := range res.After.PerClass {
		if v == 0 {
			zeros++
		}
	}
	if zeros != 2 {
		t.Errorf("all units silenced: per-class accuracy %v, want two classes at 0", res.After.PerClass)
	}
	if !slices.Equal(orig, tr.Net.Params) {
		t.Error("Ablate modified the network")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Ablate(ctx, tr.Net, d, 0, []int{0}); err == nil {
		t.Error("Ablate with a cancelled context succeeded")
	}
}
