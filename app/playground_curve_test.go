package app

import (
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/live"
)

// TestPlaygroundLossIsWholeSets checks that, after steps taken with the
// Step button, the Playground's loss chart ends at, and its readout shows,
// the loss of the shown network on the whole training set and the whole
// test set, as the engine's evaluator computes them.
func TestPlaygroundLossIsWholeSets(t *testing.T) {
	u := newTestUI(t)
	p, r := showPlayground(t, u)
	set := p.data.Load()
	ev := nn.NewEvaluator(r.Snapshot().Config.Arch)
	for i := 1; i <= 5; i++ {
		p.stepBatch()
		s := waitRun(t, r, "a step", func(s *live.Snapshot) bool { return len(s.Batches) == i && s.State == live.Paused })
		u.sess.bridge.tick(true)
		trainLoss, trainAcc := ev.Run(s.Net, set.Train, nil, nil)
		testLoss, testAcc := ev.Run(s.Net, set.Test, nil, nil)
		c := p.lastChart.Load()
		if c == nil || len(c.Series) != 2 {
			t.Fatalf("step %d: loss chart %+v, want two series", i, c)
		}
		for k, want := range []float64{trainLoss, testLoss} {
			sr := c.Series[k]
			if n := len(sr.Y); n != i+1 || sr.Y[n-1] != want {
				t.Errorf("step %d: series %q = %v, want %d points ending at %v", i, sr.Name, sr.Y, i+1, want)
			}
		}
		for _, want := range []string{Tf("Training loss %.4f · test loss %.4f", trainLoss, testLoss),
			Tf("Training accuracy %.1f %% · test accuracy %.1f %%", 100*trainAcc, 100*testAcc)} {
			if !strings.Contains(p.loss.Text, want) {
				t.Errorf("step %d: readout %q lacks %q", i, p.loss.Text, want)
			}
		}
	}
}
