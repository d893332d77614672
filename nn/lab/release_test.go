package lab

import (
	"context"
	"testing"

	"backproplab/nn"
)

// held returns, for each run of r, the rows (training, validation, test) and
// the optimiser and best-weight values it still references, read on the
// runner's goroutine.
func held(t *testing.T, r *Runner) []int {
	t.Helper()
	ch := make(chan []int, 1)
	r.send(func() {
		n := make([]int, len(r.runs))
		for i, ru := range r.runs {
			for _, d := range []*nn.Dataset{ru.job.Train, ru.job.Val, ru.job.Test} {
				if d != nil {
					n[i] += d.N
				}
			}
			if ru.t != nil {
				n[i] += ru.t.Train.N + len(ru.t.Opt.M) + len(ru.t.Opt.V) + len(ru.t.WS.Grad)
				if ru.t.Val != nil {
					n[i] += ru.t.Val.N
				}
			}
			if ru.eval != nil {
				n[i]++
			}
			n[i] += len(ru.best)
		}
		ch <- n
	})
	select {
	case n := <-ch:
		return n
	case <-r.Done():
		t.Fatal("runner stopped")
		return nil
	}
}

// TestFinishedRunsRelease checks that a run gives up its rows, its trainer
// and its optimiser's state when it finishes, however it finishes, while
// its curves and final network stay: a finished k-fold validation or
// lesson must not hold the folds' copies of the data.
func TestFinishedRunsRelease(t *testing.T) {
	train, test := blobs(400, 21), blobs(100, 22)
	shifted := blobs(100, 23)
	for i, l := range shifted.Labels {
		shifted.Labels[i] = (l + 1) % 10 // validation gets worse as training learns: stops early
	}
	diverging := smallBase(400, 3)
	diverging.Settings.Optimizer = nn.SGD
	broken := smallBase(400, 2)
	broken.Arch.Hidden = []int{0}
	kf := KFold{Base: smallBase(400, 2), K: 5, Patience: 1}
	foldJobs, err := kf.Jobs(train)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		jobs []Job
		want []Status
	}{
		{"k-fold", foldJobs, []Status{Done, Done, Done, Done, Done}},
		{"early stopping", []Job{{Spec: Spec{Label: "a", Config: smallBase(400, 40)}, Train: train, Val: shifted, Test: test, Patience: 2}}, []Status{Stopped}},
		{"diverged", []Job{{Spec: Spec{Label: "lr 1000", Config: withLR(diverging, 1000)}, Train: train, Val: test, Test: test}}, []Status{Diverged}},
		{"failed", []Job{{Spec: Spec{Label: "broken", Config: broken}, Train: train, Val: test}}, []Status{Failed}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Start(context.Background(), c.name, c.jobs)
			defer r.Close()
			before := held(t, r)
			s := finish(t, r)
			after := held(t, r)
			for i, ru := range s.Runs {
				if ru.Status != c.want[i] {
					t.Fatalf("run %d: status %s (%s), want %s", i, ru.Status, ru.Err, c.want[i])
				}
				if c.want[i] != Failed && before[i] == 0 {
					t.Errorf("run %d held nothing before training: the count misses what it should see", i)
				}
				if after[i] != 0 {
					t.Errorf("run %d (%s) still holds %d rows and values after finishing", i, ru.Status, after[i])
				}
				if len(ru.Epochs) == 0 && c.want[i] != Failed && c.want[i] != Diverged {
					t.Errorf("run %d lost its curves", i)
				}
				if m := r.Model(i); (m != nil) != (c.want[i] != Failed) {
					t.Errorf("run %d: model %v after finishing", i, m != nil)
				}
			}
		})
	}
}

func withLR(c Config, lr float64) Config {
	c.Settings.LearningRate = lr
	return c
}
