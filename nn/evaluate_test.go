package nn

import (
	"math"
	"slices"
	"testing"
)

// TestEvaluator compares Evaluator.Run, which works in chunks of 500 rows,
// with one ForwardLoss over all 1234 rows.
func TestEvaluator(t *testing.T) {
	const n = 1234
	data := synthDataset(n, 9)
	net := NewNetwork(smallArch(), 2)
	e := NewEvaluator(net.Arch)
	pred := make([]uint8, n)
	probs := make([]float32, n*10)
	loss, acc := e.Run(net, data, pred, probs)

	ws := NewWorkspace(net.Arch, n)
	var in Input
	y := make([]uint8, n)
	data.Gather(seq(0, n), &in, y)
	wantLoss, hits := net.ForwardLoss(ws, &in, y, false)
	if math.Abs(loss-wantLoss) > 1e-9*wantLoss || acc != float64(hits)/n {
		t.Errorf("Evaluator.Run = %.9g, %g; ForwardLoss gives %.9g, %g", loss, acc, wantLoss, float64(hits)/n)
	}
	for i := range n {
		p := probs[i*10 : (i+1)*10]
		if !slices.Equal(p, ws.Probs(i)) {
			t.Fatalf("row %d: probabilities %v, ForwardLoss %v", i, p, ws.Probs(i))
		}
		if int(pred[i]) != Argmax(p) {
			t.Fatalf("row %d: predicted %d, argmax of probabilities %d", i, pred[i], Argmax(p))
		}
	}
	// The same again without outputs, and the trainer's Evaluate.
	if l2, a2 := e.Run(net, data, nil, nil); l2 != loss || a2 != acc {
		t.Errorf("second Run = %g, %g, first %g, %g", l2, a2, loss, acc)
	}
	if l, a := e.Run(net, data.Subset(nil), nil, nil); l != 0 || a != 0 {
		t.Errorf("Run on an empty set = %g, %g, want 0, 0", l, a)
	}
	if allocs := mallocs(2, func() { e.Run(net, data, pred, probs) }); allocs != 0 {
		t.Errorf("Evaluator.Run: %d allocations in 2 calls, want 0", allocs)
	}
}

func TestPredictor(t *testing.T) {
	data := synthDataset(5, 10)
	net := NewNetwork(TutorialArch(), 3)
	p := NewPredictor(net.Arch)
	ws := NewWorkspace(net.Arch, 5)
	var in Input
	y := make([]uint8, 5)
	data.Gather(seq(0, 5), &in, y)
	net.Forward(ws, &in)
	x := make([]float32, 784)
	for i := range 5 {
		data.Pixels(i, x)
		got := p.Predict(net, x)
		if !slices.Equal(got, ws.Probs(i)) {
			t.Errorf("Predict(image %d) = %v, batch Forward %v", i, got, ws.Probs(i))
		}
		if h := p.WS.A[0][:128]; !slices.Equal(h, ws.A[0][i*128:(i+1)*128]) {
			t.Errorf("Predict(image %d): hidden activations differ from the batch pass", i)
		}
	}
	if allocs := mallocs(20, func() { p.Predict(net, x) }); allocs != 0 {
		t.Errorf("Predict: %d allocations in 20 calls, want 0", allocs)
	}
}

// TestStepAllocs checks that a training step allocates nothing once warm.
// The History does grow: one BatchMetrics per step and one EpochMetrics per
// epoch, so the test gives it room first and stays within one epoch.
func TestStepAllocs(t *testing.T) {
	if got := mallocs(5, func() { allocSink = make([]byte, 64) }); got < 5 {
		t.Fatalf("mallocs counted %d allocations of 5", got)
	}
	data := randomDataset(1500, 1)
	for _, m := range []Method{SGD, Momentum, Adam} {
		s := testSettings(m, 1e-3, 64, 1500)
		tr := newTestTrainer(t, data, s)
		for range 2 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		tr.History.Batches = make([]BatchMetrics, 0, 100)
		// 2 + 1 + 3·5 = 18 steps, of 24 in the epoch.
		allocs := mallocs(5, func() {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 || tr.Epoch() != 0 {
			t.Errorf("%v: %d allocations in 5 steps, want 0", m, allocs)
		}
	}
}

var allocSink []byte
