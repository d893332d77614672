package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"backproplab/nn"
)

// publishEvery is the most often a running worker publishes snapshots.
// While running it publishes only once the last snapshot has been read
// (Snapshot), so a reader that looks ten times a second costs at most ten
// snapshots a second, and one that does not look costs none.
const publishEvery = 66 * time.Millisecond

// liveTestRows is the size of the fixed test sample evaluated several times
// per epoch for the live test-accuracy curve.
const liveTestRows = 1000

// liveTestsPerEpoch is how often per epoch the live sample is evaluated.
const liveTestsPerEpoch = 10

// Data is what the runner trains and tests on.
type Data struct {
	Train *nn.Dataset
	Test  *nn.Dataset
}

// Runner owns a trainer on its own goroutine. All its methods are safe to
// call from any goroutine; commands are queued and run between batches.
type Runner struct {
	cmds    chan func(*worker)
	changed chan struct{}
	snap    atomic.Pointer[Snapshot]
	read    atomic.Bool // the latest snapshot has been read: a new one is wanted
	tl      atomic.Pointer[Timeline]
	trim    chan struct{} // wakes the worker to thin its timeline (Budget)
	cancel  context.CancelFunc
	done    chan struct{}
	once    sync.Once
}

// worker is the state only the runner's goroutine touches.
type worker struct {
	r        *Runner
	data     Data
	cfg      Config
	t        *nn.Trainer
	state    State
	err      error
	stopAt   int // epoch count at which running stops (Finished)
	stepTo   int // >0: run until this many updates, then pause
	epochTo  int // >=0 while stepping an epoch: run until this epoch starts, then pause
	delay    time.Duration
	version  uint64
	last     time.Time
	prev     []float32 // parameters before the last update
	update   []float32 // last ΔW
	tests    []TestPoint
	liveTest *nn.Dataset
	eval     *nn.Evaluator
	loaded   bool // the weights came from Load
	whole    bool // evaluate the whole sets at every snapshot (WholeSets)
	tl       timeline
}

// New starts a runner on data with cfg. It stops when ctx is done or Close
// is called.
func New(ctx context.Context, data Data, cfg Config) (*Runner, error) {
	if data.Train == nil || data.Train.N == 0 {
		return nil, errors.New("live: no training data")
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &Runner{cmds: make(chan func(*worker), 64), changed: make(chan struct{}, 1), trim: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	w := &worker{r: r, data: data, epochTo: -1, tl: timeline{every: DefaultTimelineEvery, budget: DefaultTimelineBudget, pos: -1, owner: r}}
	if data.Test != nil && data.Test.N > 0 {
		w.liveTest = data.Test.View(seq(min(liveTestRows, data.Test.N)))
	}
	if err := w.reset(cfg); err != nil {
		cancel()
		return nil, err
	}
	w.publish()
	go w.loop(ctx)
	return r, nil
}

// Snapshot returns the latest published snapshot. It never returns nil.
// While training runs, reading it asks the worker for a newer one (at most
// every publishEvery).
func (r *Runner) Snapshot() *Snapshot {
	if !r.read.Load() { // load first: most calls find it set and write nothing
		r.read.Store(true)
	}
	return r.snap.Load()
}

// Changed returns a channel that receives (coalesced) when a new snapshot is published.
func (r *Runner) Changed() <-chan struct{} { return r.changed }

// Close stops the worker and waits for it to finish.
func (r *Runner) Close() {
	r.once.Do(r.cancel)
	<-r.done
}

// Done returns a channel closed when the worker has stopped.
func (r *Runner) Done() <-chan struct{} { return r.done }

func (r *Runner) send(f func(*worker)) {
	select {
	case r.cmds <- f:
	case <-r.done:
	}
}

// Play trains continuously until Pause, the configured epoch count, or an error.
func (r *Runner) Play() { r.send(func(w *worker) { w.play() }) }

// Pause stops training after the batch in progress.
func (r *Runner) Pause() {
	r.send(func(w *worker) {
		if w.state == Running {
			w.state = Paused
		}
		w.stepTo, w.epochTo = 0, -1
	})
}

// StepBatch trains one mini-batch, then pauses.
func (r *Runner) StepBatch() {
	r.send(func(w *worker) {
		if w.state == Failed {
			return
		}
		w.stepTo, w.epochTo = w.t.Opt.T+1, -1
		w.state = Running
	})
}

// StepEpoch trains to the end of the current epoch, then pauses.
func (r *Runner) StepEpoch() {
	r.send(func(w *worker) {
		if w.state == Failed {
			return
		}
		w.stepTo, w.epochTo = 0, w.t.Epoch()+1
		w.state = Running
	})
}

// Reset re-initialises the network from cfg's seed and starts over, paused.
// An invalid cfg leaves the run as it is and reports the error in the snapshot.
func (r *Runner) Reset(cfg Config) {
	r.send(func(w *worker) {
		if err := w.reset(cfg); err != nil {
			w.err = err
		}
	})
}

// SetLearningRate changes the learning rate from the next batch on.
func (r *Runner) SetLearningRate(lr float64) {
	r.send(func(w *worker) { w.apply(w.t.SetLearningRate(lr), func(c *Config) { c.Settings.LearningRate = lr }) })
}

// Recover continues after a failed step (a non-finite or exploded loss).
// The weights the failed step left are finite but are the ones whose loss
// exploded, so Recover first goes back to the latest timeline snapshot
// taken before them (each further Recover goes one snapshot further back),
// then sets the learning rate to lr and pauses, so that Play or a step goes
// on from there. A run that has not failed only gets the new learning rate.
func (r *Runner) Recover(lr float64) {
	r.send(func(w *worker) {
		if w.state == Failed {
			if w.tl.pos < 0 {
				w.record() // keep the head, as Seek does
			}
			if i := w.tl.before(w.t.Opt.T); i >= 0 {
				if err := w.seek(i); err != nil {
					w.err = err
					return
				}
			}
			w.state, w.err, w.stepTo, w.epochTo = Paused, nil, 0, -1
		}
		w.apply(w.t.SetLearningRate(lr), func(c *Config) { c.Settings.LearningRate = lr })
	})
}

// SetBatchSize changes the batch size from the next batch on.
func (r *Runner) SetBatchSize(bs int) {
	r.send(func(w *worker) { w.apply(w.t.SetBatchSize(bs), func(c *Config) { c.Settings.BatchSize = bs }) })
}

// SetPenalty changes the L1 and L2 factors from the next batch on.
func (r *Runner) SetPenalty(l1, l2 float64) {
	r.send(func(w *worker) {
		w.apply(w.t.SetPenalty(l1, l2), func(c *Config) { c.Settings.L1, c.Settings.L2 = l1, l2 })
	})
}

// SetEpochs changes the number of epochs Play trains to.
func (r *Runner) SetEpochs(n int) {
	r.send(func(w *worker) {
		if n >= 0 {
			w.cfg.Settings.Epochs, w.stopAt = n, n
			w.t.Settings.Epochs = n
			if w.state == Finished && w.t.Epoch() < n {
				w.state = Paused
			}
		}
	})
}

// WholeSets(true) makes the run evaluate its whole training set and its
// whole test set for every snapshot it publishes after an update (at most
// every publishEvery while it runs, and at step 0), recording both losses
// and accuracies as a Whole test point, instead of the live test sample and
// the epoch-end test: the curves a small data set (a few thousand points)
// can afford at the screen's refresh rate.
func (r *Runner) WholeSets(on bool) { r.send(func(w *worker) { w.whole = on }) }

// SetDelay sets a pause between batches, so that a class can follow; 0 is full speed.
func (r *Runner) SetDelay(d time.Duration) { r.send(func(w *worker) { w.delay = max(d, 0) }) }

// Load replaces the network with a trained model and its settings, paused.
func (r *Runner) Load(m *nn.Model) {
	r.send(func(w *worker) {
		cfg := Config{Arch: m.Net.Arch, Settings: m.Settings}
		if err := cfg.Settings.Validate(); err != nil {
			cfg.Settings = w.cfg.Settings
		}
		if err := w.reset(cfg); err != nil {
			w.err = err
			return
		}
		w.t.Net.CopyFrom(m.Net)
		w.loaded = true
	})
}

// Model returns a copy of the current network with its settings and epoch
// history, taken on the worker between batches.
func (r *Runner) Model() *nn.Model {
	ch := make(chan *nn.Model, 1)
	r.send(func(w *worker) {
		ch <- &nn.Model{Net: w.t.Net.Clone(), Settings: w.cfg.Settings, Epochs: slices.Clone(w.t.History.Epochs)}
	})
	select {
	case m := <-ch:
		return m
	case <-r.done:
		return nil
	}
}

// Do runs f on the worker goroutine between batches, with exclusive access
// to the trainer, and waits for it. It returns false if the runner has
// stopped. f must not keep references to the trainer's mutable state.
//
// When f trains (as the backprop stepper does), the test points follow as
// in training: the whole test set when f finished an epoch, else the live
// test sample. DoBatches places them batch by batch instead.
func (r *Runner) Do(f func(t *nn.Trainer)) bool {
	return r.DoBatches(func(t *nn.Trainer, _ func(nn.BatchMetrics)) { f(t) })
}

// DoBatches is Do for an f that reports each batch it trains with
// Trainer.Step by calling batch with its metrics: the test points are then
// made after the same batches as in training, so that the live test curve
// follows an epoch stepped this way too.
func (r *Runner) DoBatches(f func(t *nn.Trainer, batch func(nn.BatchMetrics))) bool {
	ch := make(chan struct{})
	r.send(func(w *worker) {
		epoch, steps, reported := w.t.Epoch(), w.t.Opt.T, false
		f(w.t, func(m nn.BatchMetrics) {
			reported = true
			w.testAfter(m)
		})
		switch {
		case reported:
		case w.t.Epoch() > epoch:
			w.evalLive(true)
		case w.t.Opt.T != steps:
			w.evalLive(false)
		}
		close(ch)
	})
	select {
	case <-ch:
		return true
	case <-r.done:
		return false
	}
}

func (w *worker) apply(err error, f func(*Config)) {
	if err != nil {
		w.err = err
		return
	}
	w.err = nil
	f(&w.cfg)
}

func (w *worker) play() {
	if w.state == Failed {
		return
	}
	w.stepTo, w.epochTo = 0, -1
	if w.t.Epoch() >= w.stopAt {
		// Play past the configured epochs: one more epoch at a time.
		w.stopAt = w.t.Epoch() + 1
	}
	w.state = Running
}

func (w *worker) reset(cfg Config) error {
	if err := cfg.Arch.Validate(); err != nil {
		return err
	}
	if err := cfg.Settings.Validate(); err != nil {
		return err
	}
	if cfg.Arch.Inputs != w.data.Train.Dim {
		return fmt.Errorf("live: the network has %d inputs, the data %d", cfg.Arch.Inputs, w.data.Train.Dim)
	}
	net := nn.NewNetwork(cfg.Arch, cfg.Settings.Seed)
	t, err := nn.NewTrainer(net, w.data.Train, cfg.Settings)
	if err != nil {
		return err
	}
	cfg.Arch.Hidden = slices.Clone(cfg.Arch.Hidden)
	w.cfg, w.t = cfg, t
	w.state, w.err, w.loaded = Paused, nil, false
	w.stopAt, w.stepTo, w.epochTo = cfg.Settings.Epochs, 0, -1
	w.prev, w.update, w.tests = nil, nil, nil
	w.eval = nn.NewEvaluator(cfg.Arch)
	if w.liveTest != nil && !w.whole { // else publish evaluates the whole sets
		w.evalLive(false)
	}
	return nil
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
