package live

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"backproplab/nn"
)

// fixture returns a small learnable dataset: a bright blob whose position
// depends on the label.
func fixture(n int, seed uint64) *nn.Dataset {
	rng := rand.New(rand.NewPCG(seed, 3))
	img := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range n {
		l := uint8(rng.IntN(10))
		lab[i] = l
		cx, cy := 6+int(l%5)*4, 8+int(l/5)*10
		for y := cy - 2; y <= cy+2; y++ {
			for x := cx - 2; x <= cx+2; x++ {
				img[i*784+y*28+x] = uint8(100 + rng.IntN(156))
			}
		}
	}
	return nn.NewDataset(img, lab, 784)
}

func smallConfig() Config {
	c := DefaultConfig()
	c.Arch.Hidden = []int{16}
	c.Settings.BatchSize = 32
	c.Settings.Epochs = 2
	return c
}

func newRunner(t *testing.T, cfg Config) *Runner {
	t.Helper()
	r, err := New(context.Background(), Data{Train: fixture(320, 1), Test: fixture(100, 2)}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// wait polls the runner's snapshot until cond holds.
func wait(t *testing.T, r *Runner, what string, cond func(*Snapshot) bool) *Snapshot {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := r.Snapshot(); cond(s) {
			return s
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s; state %v", what, r.Snapshot().State)
	return nil
}

func TestStepBatchAndEpoch(t *testing.T) {
	r := newRunner(t, smallConfig())
	if s := r.Snapshot(); s.State != Paused || len(s.Batches) != 0 || s.BatchesPerEpoch != 10 {
		t.Fatalf("new runner: state %v, batches %d, per epoch %d; want paused, 0, 10", s.State, len(s.Batches), s.BatchesPerEpoch)
	}
	r.StepBatch()
	s := wait(t, r, "one batch", func(s *Snapshot) bool { return len(s.Batches) == 1 && s.State == Paused })
	if s.Batch != 1 || s.Grad == nil || s.Step == nil {
		t.Errorf("after one batch: batch %d, grad %v, step %v", s.Batch, s.Grad != nil, s.Step != nil)
	}
	r.StepEpoch()
	s = wait(t, r, "epoch end", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	if len(s.Batches) != 10 || len(s.Epochs) != 1 {
		t.Errorf("after Step epoch: %d batches, %d epochs; want 10, 1", len(s.Batches), len(s.Epochs))
	}
	full := 0
	for _, p := range s.Tests {
		if p.Full {
			full++
		}
	}
	if full != 1 {
		t.Errorf("%d full test evaluations after one epoch, want 1", full)
	}
}

func TestPlayPauseFinish(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.SetDelay(time.Millisecond)
	r.Play()
	wait(t, r, "running", func(s *Snapshot) bool { return s.State == Running && len(s.Batches) > 0 })
	start := time.Now()
	r.Pause()
	s := wait(t, r, "paused", func(s *Snapshot) bool { return s.State == Paused })
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("pause took %v, want < 100 ms", d)
	}
	n := len(s.Batches)
	time.Sleep(20 * time.Millisecond)
	if got := len(r.Snapshot().Batches); got != n {
		t.Errorf("training went on after Pause: %d then %d batches", n, got)
	}
	r.SetDelay(0)
	r.Play()
	s = wait(t, r, "finished", func(s *Snapshot) bool { return s.State == Finished })
	if len(s.Epochs) != 2 {
		t.Errorf("finished after %d epochs, want 2", len(s.Epochs))
	}
	// Play past the end trains one more epoch.
	r.Play()
	s = wait(t, r, "one more epoch", func(s *Snapshot) bool { return s.State == Finished && len(s.Epochs) == 3 })
	if s.Tests[len(s.Tests)-1].Accuracy < 0.5 {
		t.Errorf("test accuracy %.2f after 3 epochs on an easy set, want > 0.5", s.Tests[len(s.Tests)-1].Accuracy)
	}
}

func TestSnapshotsAreImmutable(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.StepBatch()
	s := wait(t, r, "one batch", func(s *Snapshot) bool { return len(s.Batches) == 1 && s.State == Paused })
	params := slices.Clone(s.Net.Params)
	batches := slices.Clone(s.Batches)
	r.StepEpoch()
	wait(t, r, "epoch", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	if !slices.Equal(params, s.Net.Params) {
		t.Error("an old snapshot's weights changed")
	}
	if len(s.Batches) != 1 || s.Batches[0] != batches[0] {
		t.Error("an old snapshot's history changed")
	}
}

func TestSettingsMidTraining(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.SetLearningRate(0.01)
	r.SetBatchSize(64)
	r.StepBatch()
	s := wait(t, r, "one batch", func(s *Snapshot) bool { return len(s.Batches) == 1 && s.State == Paused })
	if b := s.Batches[0]; b.LR != 0.01 || b.Size != 64 {
		t.Errorf("batch used lr %v size %d, want 0.01 and 64", b.LR, b.Size)
	}
	if s.LearningRate != 0.01 || s.Config.Settings.BatchSize != 64 {
		t.Errorf("snapshot shows lr %v batch %d", s.LearningRate, s.Config.Settings.BatchSize)
	}
	r.SetLearningRate(-1)
	s = wait(t, r, "error", func(s *Snapshot) bool { return s.Err != nil })
	if s.LearningRate != 0.01 {
		t.Errorf("a bad learning rate changed it to %v", s.LearningRate)
	}
}

func TestResetAndDeterminism(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.StepEpoch()
	a := wait(t, r, "epoch", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	r.Reset(smallConfig())
	wait(t, r, "reset", func(s *Snapshot) bool { return len(s.Batches) == 0 })
	r.StepEpoch()
	b := wait(t, r, "epoch again", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	if !slices.Equal(a.Net.Params, b.Net.Params) {
		t.Error("the same seed gave different weights after one epoch")
	}
	bad := smallConfig()
	bad.Arch.Hidden = []int{0}
	r.Reset(bad)
	s := wait(t, r, "error", func(s *Snapshot) bool { return s.Err != nil })
	if len(s.Config.Arch.Hidden) != 1 || s.Config.Arch.Hidden[0] != 16 {
		t.Errorf("a bad Reset changed the architecture to %v", s.Config.Arch.Hidden)
	}
}

func TestNonFiniteFails(t *testing.T) {
	cfg := smallConfig()
	cfg.Settings.Optimizer = nn.SGD
	cfg.Settings.LearningRate = 1000
	r := newRunner(t, cfg)
	r.Play()
	s := wait(t, r, "failure", func(s *Snapshot) bool { return s.State == Failed })
	if !errors.Is(s.Err, nn.ErrNonFinite) {
		t.Errorf("error %v, want ErrNonFinite", s.Err)
	}
	if !s.Net.Finite() {
		t.Error("the kept weights are not finite")
	}
	r.StepBatch() // ignored while failed
	time.Sleep(10 * time.Millisecond)
	if r.Snapshot().State != Failed {
		t.Error("a failed run stepped")
	}
}

// TestRecoverAfterFailure checks that Recover lowers the learning rate and
// that training goes on from the last finite weights.
func TestRecoverAfterFailure(t *testing.T) {
	cfg := smallConfig()
	cfg.Settings.Optimizer = nn.SGD
	cfg.Settings.LearningRate = 1000
	r := newRunner(t, cfg)
	r.Play()
	failed := wait(t, r, "failure", func(s *Snapshot) bool { return s.State == Failed })
	r.Recover(0.01)
	if s := wait(t, r, "paused", func(s *Snapshot) bool { return s.State != Failed }); s.State != Paused {
		t.Fatalf("state %v after Recover, want paused", s.State)
	}
	s := wait(t, r, "recovered", func(s *Snapshot) bool { return s.State == Paused })
	if s.Err != nil || s.Config.Settings.LearningRate != 0.01 {
		t.Fatalf("after Recover: error %v, learning rate %g; want none, 0.01", s.Err, s.Config.Settings.LearningRate)
	}
	last := 0
	if n := len(failed.Batches); n > 0 {
		last = failed.Batches[n-1].Step
	}
	if tl := r.Timeline(); tl.Pos < 0 || (last > 0 && tl.Marks[tl.Pos].Step >= last) {
		t.Errorf("Recover went to timeline mark %d; want one before update %d", tl.Pos, last)
	}
	if !s.Net.Finite() {
		t.Error("Recover left non-finite weights")
	}
	r.StepBatch()
	s = wait(t, r, "a step after recovery", func(s *Snapshot) bool {
		return s.State == Paused && len(s.Batches) > 0 && s.Batches[len(s.Batches)-1].LR == 0.01
	})
	if !s.Net.Finite() || math.IsNaN(s.Batches[len(s.Batches)-1].Loss) {
		t.Error("the step after recovery is not finite")
	}
}

func TestCloseStopsWorker(t *testing.T) {
	r, err := New(context.Background(), Data{Train: fixture(320, 1)}, smallConfig())
	if err != nil {
		t.Fatal(err)
	}
	r.Play()
	start := time.Now()
	r.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case <-r.Done():
	default:
		t.Error("worker still running")
	}
	r.Pause() // must not block after Close
	if m := r.Model(); m != nil {
		t.Error("Model after Close returned a model")
	}
}

func TestModelAndLoad(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.StepEpoch()
	wait(t, r, "epoch", func(s *Snapshot) bool { return s.Epoch == 1 && s.State == Paused })
	m := r.Model()
	if m == nil || len(m.Epochs) != 1 {
		t.Fatalf("Model: %+v", m)
	}
	r2 := newRunner(t, smallConfig())
	r2.Load(m)
	s := wait(t, r2, "loaded", func(s *Snapshot) bool { return slices.Equal(s.Net.Params, m.Net.Params) })
	if s.State != Paused {
		t.Errorf("state after Load %v, want paused", s.State)
	}
}

// TestDoTrainingAddsTestPoints checks that training done through Do (as the
// backprop stepper does) gets its test points: the live sample after a
// step, the whole test set after an epoch.
func TestDoTrainingAddsTestPoints(t *testing.T) {
	r := newRunner(t, smallConfig())
	tests := func() []TestPoint {
		r.Do(func(*nn.Trainer) {}) // the worker published after the command before
		return r.Snapshot().Tests
	}
	before := len(tests())
	r.Do(func(tr *nn.Trainer) {
		if _, err := tr.Step(); err != nil {
			t.Error(err)
		}
	})
	tp := tests()
	if len(tp) != before+1 || tp[len(tp)-1].Full {
		t.Fatalf("after one step through Do: %d test points (last full %v), want %d and a sample point", len(tp), len(tp) > 0 && tp[len(tp)-1].Full, before+1)
	}
	r.Do(func(tr *nn.Trainer) {
		for e := tr.Epoch(); tr.Epoch() == e; {
			if _, err := tr.Step(); err != nil {
				t.Error(err)
				return
			}
		}
	})
	tp = tests()
	if last := tp[len(tp)-1]; len(tp) != before+2 || !last.Full || last.Epoch != 1 {
		t.Errorf("after an epoch through Do: %d test points, last %+v; want %d, a full test at epoch 1", len(tp), last, before+2)
	}
	r.Do(func(*nn.Trainer) {})
	if got := len(tests()); got != before+2 {
		t.Errorf("a Do that does not train added test points: %d, want %d", got, before+2)
	}
}

// TestDoBatchesPlacesTestPoints checks that an epoch trained through
// DoBatches gets the live test points after the same batches as in training,
// and the whole test set at its end.
func TestDoBatchesPlacesTestPoints(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.Do(func(*nn.Trainer) {})
	before := len(r.Snapshot().Tests)
	var batches int
	r.DoBatches(func(tr *nn.Trainer, batch func(nn.BatchMetrics)) {
		batches = tr.BatchesPerEpoch()
		for e := tr.Epoch(); tr.Epoch() == e; {
			m, err := tr.Step()
			if err != nil {
				t.Error(err)
				return
			}
			batch(m)
		}
	})
	r.Do(func(*nn.Trainer) {}) // the worker published after the command before
	tp := r.Snapshot().Tests[before:]
	k := max(1, batches/liveTestsPerEpoch)
	wantLive := batches / k
	if batches%k == 0 {
		wantLive-- // the epoch's last batch gets the whole test set instead
	}
	live, full := 0, 0
	for _, p := range tp {
		if p.Full {
			full++
		} else {
			live++
		}
	}
	if r.Snapshot().SamplesPerSec <= 0 {
		t.Error("the batches trained through DoBatches do not count in samples per second")
	}
	if live != wantLive || full != 1 || !tp[len(tp)-1].Full {
		t.Errorf("%d batches: %d live points and %d full (last full %v); want %d and 1, the full one last",
			batches, live, full, tp[len(tp)-1].Full, wantLive)
	}
}

// TestPublishesOnlyWhenRead trains an epoch of many small batches with no
// reader: the worker publishes the snapshots a command or the epoch's end
// asks for, and none in between, however long the epoch lasts.
func TestPublishesOnlyWhenRead(t *testing.T) {
	c := smallConfig()
	c.Arch.Hidden = []int{256, 256} // an epoch of many publishEvery on any host
	c.Settings.BatchSize, c.Settings.Epochs = 4, 1
	r, err := New(context.Background(), Data{Train: fixture(4000, 1), Test: fixture(100, 2)}, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	r.Play()
	deadline := time.After(time.Minute)
	for r.snap.Load().State != Finished { // not Snapshot: that would ask for more
		select {
		case <-r.Changed():
		case <-deadline:
			t.Fatal("the epoch did not finish")
		}
	}
	// New's snapshot, Play's, and the epoch's end (which finishes the run).
	if s := r.snap.Load(); s.Version != 3 || s.Batch != 0 || s.Epoch != 1 {
		t.Errorf("unread run published version %d at epoch %d batch %d; want version 3 at the end of epoch 1", s.Version, s.Epoch, s.Batch)
	}
	// A command still publishes at once.
	r.StepBatch()
	if s := wait(t, r, "a step", func(s *Snapshot) bool { return s.Samples > 4000 }); s.Samples != 4004 || s.State != Paused {
		t.Errorf("after a step: %d samples, state %v; want 4004, paused", s.Samples, s.State)
	}
}
