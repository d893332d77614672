package live

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"backproplab/nn"
)

func tinyData(n int) Data {
	const dim = 16
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]uint8, n*dim)
	for i := range img {
		img[i] = uint8(rng.IntN(256))
	}
	lab := make([]uint8, n)
	for i := range lab {
		lab[i] = uint8(rng.IntN(3))
	}
	return Data{Train: nn.NewDataset(img, lab, dim)}
}

func tinyConfig(m nn.Method) Config {
	s := nn.DefaultSettings()
	s.Optimizer, s.LearningRate, s.BatchSize, s.Epochs, s.TrainSize = m, 1e-2, 8, 3, 60
	return Config{Arch: nn.Arch{Inputs: 16, Hidden: []int{5}, Outputs: 3, Activation: nn.ReLU}, Settings: s}
}

// waitFor waits until the runner's snapshot satisfies ok.
func waitFor(t *testing.T, r *Runner, ok func(*Snapshot) bool) *Snapshot {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		if s := r.Snapshot(); ok(s) {
			return s
		}
		select {
		case <-r.Changed():
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out; state %v epoch %d", r.Snapshot().State, r.Snapshot().Epoch)
		}
	}
}

func losses(bs []nn.BatchMetrics) []float64 {
	var l []float64
	for _, b := range bs {
		l = append(l, b.Loss)
	}
	return l
}

// TestRewindResumeReplays checks that rewinding to an epoch end and
// resuming gives exactly the run that never left, for each optimiser.
func TestRewindResumeReplays(t *testing.T) {
	for _, m := range []nn.Method{nn.SGD, nn.Momentum, nn.Adam, nn.GD} {
		t.Run(m.String(), func(t *testing.T) {
			r, err := New(context.Background(), tinyData(60), tinyConfig(m))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			r.SetTimeline(3, 1<<30)
			r.Play()
			done := waitFor(t, r, func(s *Snapshot) bool { return s.State == Finished })
			want, wantLoss := slices.Clone(done.Net.Params), losses(done.Batches)

			tl := r.Timeline()
			ep1 := -1
			for i, mk := range tl.Marks {
				if mk.EpochEnd && mk.Epochs == 1 {
					ep1 = i
				}
			}
			if ep1 < 0 || !tl.Marks[0].EpochEnd || tl.Marks[0].Step != 0 {
				t.Fatalf("marks %+v: no start or epoch-1 mark", tl.Marks)
			}
			if len(tl.Params) != len(tl.Marks) || !slices.Equal(tl.Params[len(tl.Params)-1], want) || slices.Equal(tl.Params[0], want) {
				t.Fatal("the timeline's weights are not each mark's: the last should be the final weights, the first not")
			}
			if err := r.Seek(ep1); err != nil {
				t.Fatal(err)
			}
			s := r.Snapshot()
			if s.Epoch != 1 || s.Batch != 0 || len(s.Epochs) != 1 || s.State != Paused {
				t.Fatalf("after seek: epoch %d batch %d, %d epochs, state %v", s.Epoch, s.Batch, len(s.Epochs), s.State)
			}
			if got := r.Timeline(); got.Pos != ep1 || len(got.HeadBatches) != len(wantLoss) {
				t.Fatalf("timeline pos %d (want %d), head %d batches (want %d)", got.Pos, ep1, len(got.HeadBatches), len(wantLoss))
			}
			// Forward again to the end, then back, then resume.
			if err := r.Seek(len(r.Timeline().Marks) - 1); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Snapshot().Net.Params, want) {
				t.Fatal("seeking to the last mark does not restore the final weights")
			}
			if err := r.Seek(ep1); err != nil {
				t.Fatal(err)
			}
			r.Resume()
			got := waitFor(t, r, func(s *Snapshot) bool { return s.State == Finished })
			if !slices.Equal(got.Net.Params, want) {
				t.Error("resumed run ends with different weights")
			}
			if !slices.Equal(losses(got.Batches), wantLoss) {
				t.Errorf("resumed losses differ:\n got %v\nwant %v", losses(got.Batches), wantLoss)
			}
			if r.Timeline().Pos != -1 {
				t.Error("after resuming the timeline is not at its head")
			}
		})
	}
}

// TestTimelineBudget checks that the budget holds, that epoch ends outlive
// the snapshots within epochs, and that the first and last stay.
func TestTimelineBudget(t *testing.T) {
	r, err := New(context.Background(), tinyData(60), tinyConfig(nn.Adam))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	one := r.Timeline().Marks[0].Bytes
	tests := []struct {
		keep     int
		epochEnd bool // all kept marks are epoch ends (or the last)
	}{{4, true}, {6, false}, {2, false}}
	for _, tc := range tests {
		r.Reset(tinyConfig(nn.Adam))
		r.SetTimeline(1, tc.keep*one)
		r.Do(func(*nn.Trainer) {}) // wait for both
		r.Play()
		waitFor(t, r, func(s *Snapshot) bool { return s.State == Finished })
		tl := r.Timeline()
		if tl.Bytes > tl.Budget || len(tl.Marks) > tc.keep {
			t.Errorf("keep %d: %d marks, %d bytes over budget %d", tc.keep, len(tl.Marks), tl.Bytes, tl.Budget)
		}
		last := tl.Marks[len(tl.Marks)-1]
		if tl.Marks[0].Step != 0 || last.Step != r.Snapshot().Batches[len(r.Snapshot().Batches)-1].Step {
			t.Errorf("keep %d: first %d or last %d mark dropped", tc.keep, tl.Marks[0].Step, last.Step)
		}
		for _, mk := range tl.Marks {
			if tc.epochEnd && !mk.EpochEnd {
				t.Errorf("keep %d: mark at step %d within an epoch kept before an epoch end", tc.keep, mk.Step)
			}
		}
	}
}
