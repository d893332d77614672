package nn

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestNonFiniteLoss trains the tutorial network with SGD at learning rate
// 1000: the loss explodes within a few batches, and Step must then report
// ErrNonFinite and keep the weights from before the failing batch.
func TestNonFiniteLoss(t *testing.T) {
	data := synthDataset(1000, 1)
	s := testSettings(SGD, 1000, 128, 1000)
	s.Epochs = 100
	tr, err := NewTrainer(NewNetwork(TutorialArch(), 1), data, s)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		before := params(tr.Net)
		steps := tr.Opt.T
		_, err := tr.Step()
		if err == nil {
			continue
		}
		checkNonFinite(t, tr, err, before, steps)
		t.Logf("batch %d: %v", i+1, err)
		// Trying again fails the same way and changes nothing.
		_, err = tr.Step()
		checkNonFinite(t, tr, err, before, steps)
		// Run reports it too.
		if err := tr.Run(context.Background(), nil); !errors.Is(err, ErrNonFinite) {
			t.Errorf("Run = %v, want ErrNonFinite", err)
		}
		return
	}
	t.Fatal("50 batches at learning rate 1000 kept a finite loss")
}

// TestNonFiniteLossFirstBatch forces an infinite loss on the first batch
// with output biases near the float32 limit.
func TestNonFiniteLossFirstBatch(t *testing.T) {
	tr := newTestTrainer(t, synthDataset(100, 1), testSettings(Adam, 1e-3, 10, 100))
	b := tr.Net.Layers[len(tr.Net.Layers)-1].B
	for i := range b {
		b[i] = 3e38
		if i%2 == 1 {
			b[i] = -3e38
		}
	}
	before := params(tr.Net)
	_, err := tr.Step()
	checkNonFinite(t, tr, err, before, 0)
	if len(tr.History.Batches) != 0 || tr.Samples() != 0 {
		t.Errorf("a failed step entered the history: %d batches, %d samples", len(tr.History.Batches), tr.Samples())
	}
}

func TestCheckLoss(t *testing.T) {
	limit := DivergenceFactor * math.Log(10)
	tests := []struct {
		loss           Loss
		value, penalty float64
		blame          string // what the message blames; "" for no error
	}{
		{CrossEntropy, 2.3, 0, ""},
		{CrossEntropy, limit * 0.999, 0, ""},
		{CrossEntropy, limit * 1.001, 0, "learning rate"},
		{CrossEntropy, math.NaN(), 0, "learning rate"},
		{CrossEntropy, math.Inf(1), 0, "learning rate"},
		{MSE, 1e6, 0, ""}, // no explosion limit for MSE, which is bounded anyway
		{MSE, math.NaN(), 0, "learning rate"},
		{MSE, math.Inf(-1), 0, "learning rate"},
		// --l2 1e300 and --l1 1e30 blamed the learning rate (issue 15).
		{CrossEntropy, 2.3, 1e302, "weight penalty"},
		{CrossEntropy, 2.3, 1e33, "weight penalty"},
		{MSE, 0.1, math.Inf(1), "weight penalty"},
		{CrossEntropy, limit * 2, 1e9, "learning rate"}, // exploded weights make a large penalty too
	}
	for _, tc := range tests {
		a := smallArch()
		a.Loss = tc.loss
		tr, err := NewTrainer(NewNetwork(a, 1), synthDataset(10, 1), testSettings(SGD, 0.1, 10, 10))
		if err != nil {
			t.Fatal(err)
		}
		err = tr.checkLoss(tc.value, tc.penalty)
		if (err != nil) != (tc.blame != "") || (err != nil && !errors.Is(err, ErrNonFinite)) {
			t.Errorf("%v: checkLoss(%g, %g) = %v, want error %v", tc.loss, tc.value, tc.penalty, err, tc.blame != "")
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.blame+" ") {
			t.Errorf("%v: checkLoss(%g, %g) = %q, want it to blame the %s", tc.loss, tc.value, tc.penalty, err, tc.blame)
		}
		if err != nil && strings.Contains(err.Error(), "are kept") {
			t.Errorf("checkLoss = %q: nn cannot know what its caller keeps", err)
		}
	}
}

func checkNonFinite(t *testing.T, tr *Trainer, err error, before []float32, steps int) {
	t.Helper()
	if !errors.Is(err, ErrNonFinite) {
		t.Fatalf("Step = %v, want an error wrapping ErrNonFinite", err)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "nn: ") {
		t.Errorf("error %q: want one line starting with \"nn: \"", msg)
	}
	if !tr.Net.Finite() {
		t.Errorf("weights not finite after the failed step")
	}
	if !sameBits(before, tr.Net.Params) || tr.Opt.T != steps {
		t.Errorf("the failed step changed the weights or the optimiser (T %d, want %d)", tr.Opt.T, steps)
	}
}

func TestRunCancelled(t *testing.T) {
	data := synthDataset(300, 1)
	s := testSettings(SGD, 0.1, 32, 300)
	tr := newTestTrainer(t, data, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := tr.Run(ctx, nil); !errors.Is(err, context.Canceled) || len(tr.History.Batches) != 0 {
		t.Errorf("Run with a cancelled context = %v after %d batches, want context.Canceled after 0", err, len(tr.History.Batches))
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err := tr.Run(ctx, func(BatchMetrics) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || len(tr.History.Batches) != 3 {
		t.Errorf("Run cancelled in the third report = %v after %d batches, want context.Canceled after 3", err, len(tr.History.Batches))
	}
	// Training resumes where it stopped.
	if err := tr.Run(context.Background(), nil); err != nil || tr.Epoch() != 1 || len(tr.History.Batches) != 10 {
		t.Errorf("resumed Run = %v, epoch %d, %d batches; want nil, 1, 10", err, tr.Epoch(), len(tr.History.Batches))
	}
}
