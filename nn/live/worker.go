package live

import (
	"context"
	"math"
	"runtime"
	"slices"
	"time"

	"backproplab/nn"
)

// loop is the worker goroutine: it runs commands, and trains while Running.
// It keeps one OS thread, so that training does not hop between threads
// and its CPU time is that thread's (scripts/throughput reads it).
func (w *worker) loop(ctx context.Context) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(w.r.done)
	defer func() { // the snapshots are gone: they leave room to the others
		if w.tl.shared != nil {
			w.tl.shared.remove(w.r)
		}
	}()
	var next time.Time // earliest start of the next batch when a delay is set
	for {
		if w.state != Running {
			select {
			case <-ctx.Done():
				return
			case f := <-w.r.cmds:
				f(w)
				w.publish()
			case <-w.r.trim:
				w.trimTimeline()
			}
			continue
		}
		if !w.drain(ctx) {
			return
		}
		if w.state != Running {
			w.publish()
			continue
		}
		if wait := time.Until(next); w.delay > 0 && wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case f := <-w.r.cmds:
				timer.Stop()
				f(w)
				w.publish()
			case <-timer.C:
			}
			continue
		}
		w.step()
		nn.Yield() // let a browser paint (GOOS=js)
		next = time.Now().Add(w.delay)
	}
}

// drain runs the queued commands without waiting. It returns false when ctx is done.
func (w *worker) drain(ctx context.Context) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case f := <-w.r.cmds:
			f(w)
		case <-w.r.trim:
			w.trimTimeline()
		default:
			return true
		}
	}
}

// step trains one batch and publishes a snapshot when one is due: when
// stepping or slowed down, at the end of an epoch or of the run, and
// otherwise at most every publishEvery once the last one has been read.
func (w *worker) step() {
	t := w.t
	due := w.delay > 0 || w.stepTo > 0 || (w.r.read.Load() && time.Since(w.last) >= publishEvery)
	if due {
		w.prev = append(w.prev[:0], t.Net.Params...)
	}
	m, err := t.Step()
	if err != nil {
		w.state, w.err = Failed, err
		w.publish()
		return
	}
	if due {
		w.update = slices.Grow(w.update[:0], len(w.prev))[:len(w.prev)]
		for i, p := range t.Net.Params {
			w.update[i] = p - w.prev[i]
		}
	}
	if w.testAfter(m) {
		due = true
	}
	w.observe()
	switch {
	case w.stepTo > 0 && t.Opt.T >= w.stepTo:
		w.state, w.stepTo, due = Paused, 0, true
	case w.epochTo >= 0 && t.Epoch() >= w.epochTo:
		w.state, w.epochTo, due = Paused, -1, true
	}
	if t.Epoch() >= w.stopAt && w.state == Running {
		w.state, due = Finished, true
	}
	if due {
		w.publish()
	}
}

// testAfter records the test points due after batch m, as training makes
// them: the whole test set at an epoch's end, the live sample several times
// an epoch. It reports whether it evaluated the whole set.
func (w *worker) testAfter(m nn.BatchMetrics) bool {
	if w.whole {
		return false // publish evaluates the whole sets
	}
	if m.EpochEnd != nil {
		w.evalLive(true)
		return true
	}
	if k := max(1, m.Batches/liveTestsPerEpoch); (m.Batch+1)%k == 0 {
		w.evalLive(false)
	}
	return false
}

// evalLive evaluates the live test sample, or with full the whole test set,
// and records the point.
func (w *worker) evalLive(full bool) {
	d := w.liveTest
	if full {
		d = w.data.Test
	}
	if d == nil {
		return
	}
	loss, acc := w.eval.Run(w.t.Net, d, nil, nil)
	epochs := float64(w.t.Epoch())
	if n := w.t.BatchesPerEpoch(); n > 0 {
		epochs += float64(w.t.BatchInEpoch()) / float64(n)
	}
	w.tests = append(w.tests, TestPoint{Step: w.t.Opt.T, Epoch: epochs, Loss: loss, Accuracy: acc, Full: full})
}

// evalWhole records a Whole test point for the current weights, unless
// the last point is already theirs.
func (w *worker) evalWhole() {
	t := w.t
	if n := len(w.tests); n > 0 && w.tests[n-1].Whole && w.tests[n-1].Step == t.Opt.T {
		return
	}
	p := TestPoint{Step: t.Opt.T, Epoch: float64(t.Epoch()), Whole: true, Full: true, Loss: math.NaN(), Accuracy: math.NaN()}
	if n := t.BatchesPerEpoch(); n > 0 {
		p.Epoch += float64(t.BatchInEpoch()) / float64(n)
	}
	p.TrainLoss, p.TrainAccuracy = w.eval.Run(t.Net, w.data.Train, nil, nil)
	if w.data.Test != nil && w.data.Test.N > 0 {
		p.Loss, p.Accuracy = w.eval.Run(t.Net, w.data.Test, nil, nil)
	}
	w.tests = append(w.tests, p)
}

// publish stores a new snapshot and signals Changed.
func (w *worker) publish() {
	t := w.t
	if w.whole {
		w.evalWhole()
	}
	w.observe()
	w.version++
	cfg := w.cfg
	cfg.Arch = cfg.Arch.Clone()
	s := &Snapshot{
		Version: w.version, Config: cfg, State: w.state, Err: w.err,
		Net:     t.Net.Clone(),
		Batches: t.History.Batches, Epochs: t.History.Epochs, Tests: w.tests,
		Epoch: t.Epoch(), Batch: t.BatchInEpoch(), BatchesPerEpoch: t.BatchesPerEpoch(),
		Updates: t.Opt.T, Samples: t.Samples(), Elapsed: t.Elapsed(), SamplesPerSec: nn.Throughput(t.History.Batches),
		LearningRate: t.Settings.LearningRate, Delay: w.delay, Loaded: w.loaded,
	}
	if t.Opt.T > 0 {
		s.Grad = slices.Clone(t.WS.Grad)
	}
	if w.update != nil {
		s.Step = slices.Clone(w.update)
	}
	w.r.read.Store(false)
	w.r.snap.Store(s)
	w.last = time.Now()
	select {
	case w.r.changed <- struct{}{}:
	default:
	}
}
