package step

import (
	"math"
	"slices"
	"testing"

	"backproplab/nn"
)

// TestUpdateShownEqualsEngine checks, for each optimiser, that the rule a
// weight's chain shows gives the update the engine applied, and that the
// optimiser's state shown is the engine's.
func TestUpdateShownEqualsEngine(t *testing.T) {
	tests := []struct {
		m  nn.Method
		lr float64
	}{
		{nn.SGD, 0.1}, {nn.Momentum, 0.05}, {nn.Adam, 1e-2}, {nn.GD, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.m.String(), func(t *testing.T) {
			tn := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(tc.m, tc.lr, 8))
			var tr *Trace
			for range 3 { // the third update has non-zero optimiser state
				var err error
				if tr, err = TraceBatch(tn, 0); err != nil {
					t.Fatal(err)
				}
			}
			if tc.m == nn.GD && len(tr.Rows) != tn.Train.N {
				t.Errorf("GD batch has %d rows, want the whole set %d", len(tr.Rows), tn.Train.N)
			}
			if !slices.Equal(tr.after, tn.Net.Params) {
				t.Fatal("weights after differ from the trainer's")
			}
			checked := 0
			for l, ly := range tr.Layers {
				for i := range ly.In {
					for j := range ly.Out {
						c := tr.Weight(WeightRef{l, i, j})
						if c.G == 0 {
							continue
						}
						checked++
						// float32 rounds w+Δ to w's precision: allow a few ulps of w.
						if math.Abs(c.Rule-c.Delta) > 1e-3*math.Abs(c.Rule)+4*0x1p-24*math.Abs(c.W0) {
							t.Fatalf("W%d[%d][%d]: rule gives %v, engine moved it by %v", l+1, i, j, c.Rule, c.Delta)
						}
						if c.W0+c.Delta != c.W0+float64(tr.after[c.Index]-tr.before.Params[c.Index]) || c.W1 != float64(tn.Net.Params[c.Index]) {
							t.Fatalf("W%d[%d][%d]: before/after not the engine's", l+1, i, j)
						}
						switch tc.m {
						case nn.Adam:
							if c.T != 3 || !close(c.M1, c.MHat*(1-0.9*0.9*0.9), 1e-4, 1e-9) {
								t.Fatalf("Adam: t = %d, m = %v, m̂ = %v", c.T, c.M1, c.MHat)
							}
							if c.M1 != float64(tn.Opt.M[c.Index]) || c.V1 != float64(tn.Opt.V[c.Index]) {
								t.Fatal("Adam: shown m, v are not the optimiser's")
							}
						case nn.Momentum:
							if c.U1 != float64(tn.Opt.M[c.Index]) || !close(c.U1, c.Rule, 1e-4, 1e-9) {
								t.Fatalf("momentum: u = %v, optimiser %v, rule %v", c.U1, tn.Opt.M[c.Index], c.Rule)
							}
						}
					}
				}
			}
			if checked == 0 {
				t.Fatal("no weight had a gradient")
			}
		})
	}
}

// TestSampleStep checks a one-sample step: the update is the engine's
// optimiser on the sample's gradient, the trainer's batch position is kept,
// the loss after is the engine's loss of the new weights, and with a small
// rate it went down.
func TestSampleStep(t *testing.T) {
	tests := []struct {
		lr   float64
		down bool
	}{{0.05, true}, {0.5, true}}
	for _, tc := range tests {
		tn := newTrainer(t, nn.Tanh, nn.CrossEntropy, settings(nn.SGD, tc.lr, 8))
		want := tn.Net.Clone()
		ws := nn.NewWorkspace(want.Arch, 1)
		var in nn.Input
		y := make([]uint8, 1)
		tn.Train.Gather([]int{5}, &in, y)
		want.ForwardLoss(ws, &in, y, true)
		want.Backward(ws, &in)
		nn.NewOptimizer(nn.SGD, tc.lr, 0, len(want.Params)).Step(want.Params, ws.Grad)

		tr, err := TraceSample(tn, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tn.Net.Params, want.Params) {
			t.Errorf("lr %v: sample step differs from the engine's SGD step", tc.lr)
		}
		if tn.BatchInEpoch() != 0 || len(tn.History.Batches) != 0 {
			t.Errorf("lr %v: the sample step moved the batch position", tc.lr)
		}
		if tr.SampleLoss != tr.BatchLoss {
			t.Errorf("lr %v: sample loss %v ≠ batch loss %v for a batch of one", tc.lr, tr.SampleLoss, tr.BatchLoss)
		}
		if after := lossAt(tn.Net.Clone(), tn.Train, []int{5}, 0, 0, to64(tn.Net.Params)); after != tr.SampleAfter {
			t.Errorf("lr %v: SampleAfter = %v, engine %v", tc.lr, tr.SampleAfter, after)
		}
		if got := tr.SampleAfter < tr.SampleLoss; got != tc.down {
			t.Errorf("lr %v: loss %v → %v; want down = %v", tc.lr, tr.SampleLoss, tr.SampleAfter, tc.down)
		}
	}
}

// TestEpochStep checks that an epoch step trains every remaining batch with
// the trainer and records each batch's loss.
func TestEpochStep(t *testing.T) {
	tn := newTrainer(t, nn.ReLU, nn.MSE, settings(nn.Adam, 1e-2, 8))
	if _, err := TraceBatch(tn, 0); err != nil {
		t.Fatal(err)
	}
	tr, err := TraceEpoch(tn, 2)
	if err != nil {
		t.Fatal(err)
	}
	if tn.Epoch() != 1 || tn.BatchInEpoch() != 0 {
		t.Errorf("after the epoch step: epoch %d batch %d, want 1 0", tn.Epoch(), tn.BatchInEpoch())
	}
	if got, want := len(tr.EpochLosses), tn.BatchesPerEpoch()-1; got != want {
		t.Errorf("len(EpochLosses) = %d, want %d", got, want)
	}
	for i, l := range tr.EpochLosses {
		if l != tn.History.Batches[i+1].Loss {
			t.Errorf("EpochLosses[%d] = %v, history %v", i, l, tn.History.Batches[i+1].Loss)
		}
	}
	if len(tr.Terms) != 4 || tr.Kind != Epoch {
		t.Errorf("MSE terms %v, kind %v", tr.Terms, tr.Kind)
	}
	var sum float64
	for _, v := range tr.Terms {
		sum += v
	}
	if !close(sum/4, tr.SampleLoss, 1e-5, 1e-9) {
		t.Errorf("mean of MSE terms %v ≠ sample loss %v", sum/4, tr.SampleLoss)
	}
}

// TestInputStep checks that a step on an image from outside the training
// set (a drawing) is exactly the sample step on the same pixels and label,
// and that bad input is an error, not a panic.
func TestInputStep(t *testing.T) {
	for _, m := range []nn.Method{nn.SGD, nn.Adam} {
		a := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(m, 0.05, 8))
		b := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(m, 0.05, 8))
		const row = 7
		x := make([]float32, a.Train.Dim)
		a.Train.Pixels(row, x)
		want, err := TraceSample(a, row)
		if err != nil {
			t.Fatal(err)
		}
		got, err := TraceInput(b, x, int(a.Train.Labels[row]))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Net.Params, b.Net.Params) {
			t.Errorf("%v: the drawn-image step updated the weights differently from the sample step", m)
		}
		if !got.Drawn || want.Drawn || got.SampleLoss != want.SampleLoss || got.SampleAfter != want.SampleAfter || !slices.Equal(got.Input, want.Input) {
			t.Errorf("%v: drawn trace (drawn %v, loss %v → %v) differs from the sample trace (drawn %v, loss %v → %v)",
				m, got.Drawn, got.SampleLoss, got.SampleAfter, want.Drawn, want.SampleLoss, want.SampleAfter)
		}
		if b.BatchInEpoch() != 0 || len(b.History.Batches) != 0 {
			t.Errorf("%v: the drawn-image step moved the batch position", m)
		}
	}
	tn := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(nn.SGD, 0.05, 8))
	bad := []struct {
		name  string
		x     []float32
		label int
	}{
		{"too few pixels", make([]float32, 3), 0},
		{"label too large", make([]float32, 16), 4},
		{"negative label", make([]float32, 16), -1},
		{"NaN pixel", append(make([]float32, 15), float32(math.NaN())), 1},
	}
	for _, tc := range bad {
		if _, err := TraceInput(tn, tc.x, tc.label); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestEpochStepReportsBatches checks that TraceEpochFunc reports every batch
// it trains, in order, the last one ending the epoch.
func TestEpochStepReportsBatches(t *testing.T) {
	tn := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(nn.Adam, 1e-2, 8))
	if _, err := TraceBatch(tn, 0); err != nil {
		t.Fatal(err)
	}
	var got []nn.BatchMetrics
	if _, err := TraceEpochFunc(tn, 0, func(m nn.BatchMetrics) { got = append(got, m) }); err != nil {
		t.Fatal(err)
	}
	want := tn.History.Batches[1:]
	if len(got) != len(want) {
		t.Fatalf("reported %d batches, the epoch trained %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Step != want[i].Step || got[i].Loss != want[i].Loss {
			t.Errorf("batch %d reported as update %d loss %v, history has %d %v", i, got[i].Step, got[i].Loss, want[i].Step, want[i].Loss)
		}
	}
	if got[len(got)-1].EpochEnd == nil {
		t.Error("the last reported batch does not end the epoch")
	}
}

// TestDryStep checks that TraceDry shows the same step as TraceInput and
// leaves the trainer's weights and optimiser as they were.
func TestDryStep(t *testing.T) {
	for _, m := range []nn.Method{nn.SGD, nn.Momentum, nn.Adam} {
		a := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(m, 0.05, 8))
		b := newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(m, 0.05, 8))
		if _, err := TraceBatch(b, 0); err != nil { // an optimiser with some state
			t.Fatal(err)
		}
		if _, err := TraceBatch(a, 0); err != nil {
			t.Fatal(err)
		}
		const row = 5
		x := make([]float32, a.Train.Dim)
		a.Train.Pixels(row, x)
		params, opt := slices.Clone(b.Net.Params), b.Opt.Clone()
		got, err := TraceDry(b, x, int(a.Train.Labels[row]))
		if err != nil {
			t.Fatal(err)
		}
		want, err := TraceInput(a, x, int(a.Train.Labels[row]))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(b.Net.Params, params) || b.Opt.T != opt.T || !slices.Equal(b.Opt.M, opt.M) || !slices.Equal(b.Opt.V, opt.V) {
			t.Errorf("%v: the dry step changed the trainer", m)
		}
		if !got.Dry || !got.Drawn || want.Dry || got.SampleLoss != want.SampleLoss || got.SampleAfter != want.SampleAfter ||
			!slices.Equal(got.Layers[0].DeltaW, want.Layers[0].DeltaW) {
			t.Errorf("%v: dry trace (dry %v, loss %v → %v) differs from the applied one (dry %v, loss %v → %v)",
				m, got.Dry, got.SampleLoss, got.SampleAfter, want.Dry, want.SampleLoss, want.SampleAfter)
		}
	}
	if _, err := TraceDry(newTrainer(t, nn.ReLU, nn.CrossEntropy, settings(nn.SGD, 0.05, 8)), make([]float32, 3), 0); err == nil {
		t.Error("too few pixels: no error")
	}
}
