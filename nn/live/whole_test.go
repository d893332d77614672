package live

import (
	"math"
	"testing"

	"backproplab/nn"
)

// TestWholeSets checks that a run told to evaluate its whole sets records,
// at step 0 and for every snapshot after a step, the whole training set's
// and the whole test set's loss and accuracy for the snapshot's weights,
// equal to the engine's evaluation of those weights, and no live-sample or
// epoch-end points.
func TestWholeSets(t *testing.T) {
	train, test := fixture(320, 1), fixture(100, 2) // newRunner's data
	cfg := smallConfig()
	r := newRunner(t, cfg)
	r.WholeSets(true)
	r.Reset(cfg) // forget the live-sample point of the start
	s := wait(t, r, "the step-0 point", func(s *Snapshot) bool { return len(s.Tests) == 1 && s.Tests[0].Whole })
	if s.Tests[0].Step != 0 {
		t.Fatalf("after a reset: test points %+v, want one whole point at step 0", s.Tests)
	}
	ev := nn.NewEvaluator(cfg.Arch)
	check := func(s *Snapshot) {
		t.Helper()
		p := s.Tests[len(s.Tests)-1]
		if !p.Whole || !p.Full || p.Step != len(s.Batches) {
			t.Fatalf("last test point %+v after %d steps, want a whole point at step %d", p, len(s.Batches), len(s.Batches))
		}
		trLoss, trAcc := ev.Run(s.Net, train, nil, nil)
		teLoss, teAcc := ev.Run(s.Net, test, nil, nil)
		if p.TrainLoss != trLoss || p.TrainAccuracy != trAcc || p.Loss != teLoss || p.Accuracy != teAcc {
			t.Errorf("step %d: whole point train %.6f/%.4f test %.6f/%.4f, engine says train %.6f/%.4f test %.6f/%.4f",
				p.Step, p.TrainLoss, p.TrainAccuracy, p.Loss, p.Accuracy, trLoss, trAcc, teLoss, teAcc)
		}
		if math.IsNaN(p.Loss) || math.IsNaN(p.TrainLoss) {
			t.Errorf("step %d: NaN loss in %+v", p.Step, p)
		}
	}
	check(s)
	for i := 1; i <= 3; i++ {
		r.StepBatch()
		s = wait(t, r, "a step", func(s *Snapshot) bool { return len(s.Batches) == i && s.State == Paused })
		check(s)
	}
	r.StepEpoch() // crosses an epoch end: still no epoch-end point
	s = wait(t, r, "an epoch", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	check(s)
	for _, p := range s.Tests {
		if !p.Whole {
			t.Errorf("a point that is not whole: %+v", p)
		}
	}
	first := s.Tests[0].TrainLoss
	if last := s.Tests[len(s.Tests)-1].TrainLoss; !(last < first) {
		t.Errorf("whole training loss went from %.4f to %.4f over an epoch", first, last)
	}
}
