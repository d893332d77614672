package nn

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// newArchProblem returns a network of architecture a (6 inputs) with random
// biases and a batch of 4 dense random inputs with labels, and targets
// for regression.
func newArchProblem(a Arch, seed uint64) gradProblem {
	const rows = 4
	rng := rand.New(rand.NewPCG(seed, 1))
	net := NewNetwork(a, seed)
	for _, ly := range net.Layers {
		for i := range ly.B {
			ly.B[i] = float32(rng.Float64() - 0.5)
		}
	}
	var xs [][]float32
	y := make([]uint8, rows)
	var target []float32
	for i := range rows {
		x := make([]float32, a.Inputs)
		for j := range x {
			x[j] = float32(2*rng.Float64() - 1)
		}
		xs = append(xs, x)
		if a.Loss == Regression {
			target = append(target, float32(2*rng.Float64()-1))
		} else {
			y[i] = uint8(rng.IntN(a.Outputs))
		}
	}
	in := NewInput(a.Inputs, xs...)
	in.Target = target
	return gradProblem{net: net, in: in, y: y}
}

// checkParamGrad compares Backward's gradient with central differences of
// ForwardLoss, both with the masks in mask (nil for no dropout).
func checkParamGrad(t *testing.T, p gradProblem, mask [][]float32) {
	t.Helper()
	withMask := func(ws *Workspace) {
		if mask == nil {
			return
		}
		for l, m := range mask {
			copy(ws.Mask[l], m)
		}
		ws.Dropping = true
	}
	ws := NewWorkspace(p.net.Arch, p.in.Rows)
	withMask(ws)
	p.net.ForwardLoss(ws, p.in, p.y, true)
	p.net.Backward(ws, p.in)
	probe := p.net.Clone()
	pws := NewWorkspace(p.net.Arch, p.in.Rows)
	withMask(pws)
	want := fd.Gradient(nil, func(x []float64) float64 {
		for i, v := range x {
			probe.Params[i] = float32(v)
		}
		loss, _ := probe.ForwardLoss(pws, p.in, p.y, false)
		return loss
	}, to64(p.net.Params), &fd.Settings{Formula: fd.Central, Step: gradStep})
	got := to64(ws.Grad)
	if worst, at := maxRelDiff(got, want, gradFloor); worst > gradTol {
		t.Errorf("∂L/∂params[%d] = %g, finite differences %g (relative error %.3g > %g)", at, got[at], want[at], worst, gradTol)
	}
}

func TestPerLayerActivationAndRegressionGradients(t *testing.T) {
	tests := []struct {
		acts []Activation
		loss Loss
		out  int
	}{
		{[]Activation{Tanh, Linear, Sigmoid}, CrossEntropy, 3},
		{[]Activation{Sigmoid, Tanh, Linear}, MSE, 3},
		{[]Activation{Tanh, Tanh, Tanh}, Regression, 1},
		{[]Activation{Linear, Sigmoid, Tanh}, Regression, 1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v/%v", tc.acts, tc.loss), func(t *testing.T) {
			a := Arch{Inputs: 6, Hidden: []int{5, 4, 3}, Outputs: tc.out, Activations: tc.acts, Loss: tc.loss}
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			checkParamGrad(t, newArchProblem(a, 11), nil)
		})
	}
	t.Run("no hidden layer/regression", func(t *testing.T) {
		checkParamGrad(t, newArchProblem(Arch{Inputs: 6, Outputs: 1, Loss: Regression}, 5), nil)
	})
}

func TestDropoutGradientsWithFixedMask(t *testing.T) {
	for _, act := range []Activation{Tanh, Sigmoid, Linear} {
		for _, loss := range []Loss{CrossEntropy, Regression} {
			t.Run(fmt.Sprintf("%v/%v", act, loss), func(t *testing.T) {
				out := 3
				if loss == Regression {
					out = 1
				}
				a := Arch{Inputs: 6, Hidden: []int{5, 4}, Outputs: out, Activation: act, Loss: loss, Dropout: []float64{0.4, 0.3}}
				p := newArchProblem(a, 3)
				ws := NewWorkspace(a, p.in.Rows)
				ws.DrawMasks(a, p.in.Rows, rand.New(rand.NewPCG(9, 9)))
				dropped := 0
				for _, m := range ws.Mask {
					for _, v := range m {
						if v == 0 {
							dropped++
						}
					}
				}
				if dropped == 0 {
					t.Fatal("the mask drops nothing; the test would not test dropout")
				}
				checkParamGrad(t, p, ws.Mask)
			})
		}
	}
}

func TestDropoutMasksAndEvaluation(t *testing.T) {
	a := Arch{Inputs: 6, Hidden: []int{8}, Outputs: 3, Activation: Tanh, Dropout: []float64{0.5}}
	ws := NewWorkspace(a, 200)
	ws.DrawMasks(a, 200, rand.New(rand.NewPCG(1, 2)))
	kept := 0
	for _, v := range ws.Mask[0] {
		switch v {
		case 0:
		case 2:
			kept++
		default:
			t.Fatalf("mask value %v, want 0 or 1/(1−0.5) = 2", v)
		}
	}
	if frac := float64(kept) / float64(len(ws.Mask[0])); frac < 0.4 || frac > 0.6 {
		t.Errorf("kept %.2f of the units at rate 0.5", frac)
	}
	if ws.Mask[1] != nil {
		t.Error("the output layer has a dropout mask")
	}
	// Evaluation (no DrawMasks) uses every unit: the same as without dropout.
	p := newArchProblem(a, 4)
	plain := p.net.Clone()
	plain.Arch.Dropout = nil
	w1, w2 := NewWorkspace(a, 4), NewWorkspace(plain.Arch, 4)
	l1, _ := p.net.ForwardLoss(w1, p.in, p.y, false)
	l2, _ := plain.ForwardLoss(w2, p.in, p.y, false)
	if l1 != l2 {
		t.Errorf("evaluation loss with dropout %v, without %v", l1, l2)
	}
}

func TestDropoutTrainingIsDeterministic(t *testing.T) {
	a := Arch{Inputs: 784, Hidden: []int{16, 8}, Outputs: 10, Activation: ReLU, Dropout: []float64{0.3, 0.2}}
	s := DefaultSettings()
	s.BatchSize, s.TrainSize, s.Seed = 16, 200, 5
	d := synthDataset(200, 1)
	run := func(steps int) (*Trainer, []float32) {
		tr, err := NewTrainer(NewNetwork(a, 1), d, s)
		if err != nil {
			t.Fatal(err)
		}
		for range steps {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return tr, slices.Clone(tr.Net.Params)
	}
	_, p1 := run(30)
	tr, p2 := run(30)
	if !sameBits(p1, p2) {
		t.Fatal("two runs with the same seed differ")
	}
	// Restore to the middle and continue: the same weights as straight through.
	tr2, _ := run(15)
	st := tr2.State()
	for range 15 {
		tr2.Step()
	}
	if err := tr2.Restore(st); err != nil {
		t.Fatal(err)
	}
	for range 15 {
		tr2.Step()
	}
	if !sameBits(tr2.Net.Params, tr.Net.Params) {
		t.Error("restoring and replaying dropout gives other weights")
	}
	noDrop := a.Clone()
	noDrop.Dropout = nil
	tr3, err := NewTrainer(NewNetwork(noDrop, 1), d, s)
	if err != nil {
		t.Fatal(err)
	}
	for range 30 {
		tr3.Step()
	}
	if sameBits(tr3.Net.Params, p1) {
		t.Error("dropout changed nothing")
	}
}

func TestDenseDatasetGather(t *testing.T) {
	x := []float32{1, 0, 2, 3, 0, 0, -1, 5, 7}
	d := NewDenseDataset(x, []uint8{0, 1, 0}, []float32{0.5, -0.5, 1}, 3)
	var in Input
	y := make([]uint8, 2)
	d.Gather([]int{2, 0}, &in, y)
	row := make([]float32, 3)
	in.Dense(0, row)
	if !slices.Equal(row, []float32{-1, 5, 7}) || y[0] != 0 || y[1] != 0 || !slices.Equal(in.Target, []float32{1, 0.5}) {
		t.Errorf("Gather([2 0]) = row %v, labels %v, targets %v", row, y, in.Target)
	}
	d.Gather([]int{1}, &in, y[:1])
	in.Dense(0, row)
	if !slices.Equal(row, []float32{3, 0, 0}) || y[0] != 1 || !slices.Equal(in.Target, []float32{-0.5}) {
		t.Errorf("Gather([1]) = row %v, label %v, targets %v", row, y[0], in.Target)
	}
	s := d.Subset([]int{1, 2})
	s.Pixels(1, row)
	if s.N != 2 || !slices.Equal(row, []float32{-1, 5, 7}) || !slices.Equal(s.Target, []float32{-0.5, 1}) {
		t.Errorf("Subset = %d rows, row 1 %v, targets %v", s.N, row, s.Target)
	}
	rows := []int{0, 1, 2}
	yy := make([]uint8, 3)
	d.Gather(rows, &in, yy)
	if n := mallocs(100, func() { d.Gather(rows, &in, yy) }); n != 0 {
		t.Errorf("dense Gather allocates %d times per call", n)
	}
}

func TestModelRecordsDatasetAndLayers(t *testing.T) {
	a := Arch{Inputs: 3, Hidden: []int{4, 2}, Outputs: 1, Loss: Regression, Activations: []Activation{Tanh, Linear}, Dropout: []float64{0.2, 0}}
	info := &DataInfo{Name: "plane", Features: []string{"x1", "x2", "sinx1"}, Points: 300, Noise: 0.1, TrainRatio: 0.5, Seed: 3}
	m := &Model{Net: NewNetwork(a, 1), Settings: DefaultSettings(), Data: info}
	path := t.TempDir() + "/m.npz"
	if err := SaveModel(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Net.Arch.String() != a.String() || got.Data == nil || got.Data.Name != "plane" || !slices.Equal(got.Data.Features, info.Features) || got.Data.Seed != 3 {
		t.Errorf("round trip: arch %s, data %+v", got.Net.Arch, got.Data)
	}
	m.Data = &DataInfo{Name: "xor", Classes: []string{"a", "b"}}
	m.Net = NewNetwork(Arch{Inputs: 2, Outputs: 3}, 1)
	if err := SaveModel(path, m); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadModel(path); err == nil {
		t.Error("a model with 3 outputs and 2 class names loaded")
	}
}
