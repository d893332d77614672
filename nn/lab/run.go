package lab

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"backproplab/nn"
)

// Status says where a run stands.
type Status string

// The run states.
const (
	Waiting  Status = "waiting"  // not started
	Training Status = "training" // started, not done
	Done     Status = "done"     // trained all its epochs
	Stopped  Status = "stopped"  // stopped early; the best weights were restored
	Diverged Status = "diverged" // the loss became NaN or infinite
	Failed   Status = "failed"   // could not be set up
)

// Point is a training-curve point: the mean loss and accuracy of the
// batches since the previous point, at a fractional epoch.
type Point struct {
	Epoch    float64 `json:"epoch"`
	Loss     float64 `json:"loss"`
	Accuracy float64 `json:"accuracy"`
}

// EpochPoint is one epoch's summary: the training loss (including any
// L1/L2 penalty) and accuracy averaged over its batches, and the
// validation data loss and accuracy after it.
type EpochPoint struct {
	Epoch         int     `json:"epoch"` // 1-based
	TrainLoss     float64 `json:"train_loss"`
	TrainAccuracy float64 `json:"train_accuracy"`
	ValLoss       float64 `json:"val_loss"`
	ValAccuracy   float64 `json:"val_accuracy"`
}

// RunState is an immutable picture of one run.
type RunState struct {
	Label    string       `json:"label"`
	Config   Config       `json:"config"`
	Patience int          `json:"patience,omitempty"`
	Status   Status       `json:"status"`
	Err      string       `json:"error,omitempty"`
	Train    []Point      `json:"train"`
	Epochs   []EpochPoint `json:"epochs"`
	Progress float64      `json:"progress"` // epochs trained, fractional
	// BestEpoch is the 1-based epoch of the lowest validation loss, or 0.
	BestEpoch int `json:"best_epoch"`
	// Restored reports whether the weights were reset to BestEpoch's.
	Restored bool    `json:"restored,omitempty"`
	Seconds  float64 `json:"seconds"` // training and validation time
	// ValRows is the number of images the run is validated on (0 in
	// lesson files from before it was saved), and HeldOut whether they
	// are held out of the training set: a k-fold fold or an experiment's
	// validation rows (Split). Lesson files from before the split have
	// experiments validated, and their best epoch picked, on the test set.
	ValRows int  `json:"val_rows,omitempty"`
	HeldOut bool `json:"held_out,omitempty"`
	// TestRows is the number of test images the run's final network (the
	// restored one, under early stopping) was evaluated on once it ended,
	// and TestLoss and TestAccuracy its data loss and accuracy there. No
	// run trains or selects on them. TestRows is 0 when there is no such
	// figure: a run not yet ended, k-fold, a run that diverged and was not
	// restored, an older lesson file.
	TestRows     int     `json:"test_rows,omitempty"`
	TestLoss     float64 `json:"test_loss,omitempty"`
	TestAccuracy float64 `json:"test_accuracy,omitempty"`
}

// Finished reports whether the run will not train any further.
func (r *RunState) Finished() bool {
	return r.Status == Done || r.Status == Stopped || r.Status == Diverged || r.Status == Failed
}

// pointsPerEpoch is the number of training-curve points per epoch.
const pointsPerEpoch = 10

// run is one job in training; only the runner's goroutine touches it.
// A finished run keeps only its state and its final network: its trainer
// (with the optimiser's state and the rows it trained on), its evaluator
// and its copy of the best weights are released (see release).
type run struct {
	job      Job
	t        *nn.Trainer
	eval     *nn.Evaluator
	net      *nn.Network // the final weights, once finished
	state    RunState
	best     []float32 // parameters after BestEpoch
	bestLoss float64
	evalTime time.Duration
	winLoss  float64
	winAcc   float64
	winN     int
	busy     bool // in the runner's current step
	threads  int  // the trainer's and evaluator's thread count
}

// setThreads gives the run's trainer and evaluator n threads.
func (r *run) setThreads(n int) {
	if r.t == nil || r.threads == n {
		return
	}
	r.threads = n
	r.t.SetThreads(n)
	r.eval.SetThreads(n)
}

func newRun(j Job) *run {
	r := &run{job: j, bestLoss: math.Inf(1)}
	r.state = RunState{Label: j.Spec.Label, Config: j.Spec.Config, Patience: j.Patience, Status: Waiting, HeldOut: j.HeldOut}
	if j.Val != nil {
		r.state.ValRows = j.Val.N
	}
	c := j.Spec.Config
	if err := c.Arch.Validate(); err != nil {
		r.fail(err)
		return r
	}
	if j.Val == nil || j.Val.N == 0 {
		r.fail(errors.New("lab: no validation rows"))
		return r
	}
	net := nn.NewNetwork(c.Arch, c.Settings.Seed)
	t, err := nn.NewTrainer(net, j.Train, c.Settings)
	if err != nil {
		r.fail(err)
		return r
	}
	r.t, r.eval = t, nn.NewEvaluator(c.Arch)
	if c.Settings.Epochs == 0 {
		r.state.Status = Done
	}
	return r
}

func (r *run) fail(err error) {
	r.state.Status, r.state.Err = Failed, err.Error()
	r.release()
}

// progress returns the epochs trained so far, fractional.
func (r *run) progress() float64 {
	if r.t == nil {
		return r.state.Progress
	}
	return float64(r.t.Epoch()) + float64(r.t.BatchInEpoch())/float64(r.t.BatchesPerEpoch())
}

// after returns the run's progress once its next batch is trained. The
// runner steps the run that will then be furthest behind, so that a
// full-batch run (GD: an epoch a step) waits until the others have caught
// up instead of going first: in a browser its step takes seconds, and the
// others show their progress meanwhile.
func (r *run) after() float64 {
	p := r.progress()
	if r.t != nil {
		p += 1 / float64(max(r.t.BatchesPerEpoch(), 1))
	}
	return p
}

// step trains one batch and, at an epoch's end, validates and applies the
// early-stopping rule. It reports whether the run's state changed beyond
// its progress.
func (r *run) step() {
	r.state.Status = Training
	m, err := r.t.Step()
	if err != nil {
		if errors.Is(err, nn.ErrNonFinite) {
			r.state.Status = Diverged
		} else {
			r.state.Status = Failed
		}
		r.state.Err = err.Error()
		r.finish()
		return
	}
	r.winLoss += m.Loss * float64(m.Size)
	r.winAcc += m.Accuracy * float64(m.Size)
	r.winN += m.Size
	// pointsPerEpoch windows of (nearly) equal size, the last ending with the epoch.
	if b := max(m.Batches, 1); (m.Batch+1)*pointsPerEpoch/b != m.Batch*pointsPerEpoch/b || m.EpochEnd != nil {
		x := float64(m.Epoch) + float64(m.Batch+1)/float64(max(m.Batches, 1))
		r.state.Train = append(r.state.Train, Point{Epoch: x, Loss: r.winLoss / float64(r.winN), Accuracy: r.winAcc / float64(r.winN)})
		r.winLoss, r.winAcc, r.winN = 0, 0, 0
	}
	if e := m.EpochEnd; e != nil {
		start := time.Now()
		loss, acc := r.eval.Run(r.t.Net, r.job.Val, nil, nil)
		r.evalTime += time.Since(start)
		r.state.Epochs = append(r.state.Epochs, EpochPoint{
			Epoch: e.Epoch, TrainLoss: e.TrainLoss, TrainAccuracy: e.TrainAccuracy, ValLoss: loss, ValAccuracy: acc,
		})
		if loss < r.bestLoss {
			r.bestLoss, r.state.BestEpoch = loss, e.Epoch
			if r.job.Patience > 0 {
				r.best = append(r.best[:0], r.t.Net.Params...)
			}
		} else if r.job.Patience > 0 && e.Epoch-r.state.BestEpoch >= r.job.Patience {
			r.state.Status = Stopped
			r.finish()
			return
		}
	}
	if r.t.Epoch() >= r.t.Settings.Epochs {
		r.state.Status = Done
		r.finish()
		return
	}
	r.sync()
}

// finish restores the best weights under early stopping, evaluates the
// final network on the test set once (the only time a run reads it),
// records the final time and progress, and releases what the run no
// longer needs.
func (r *run) finish() {
	// A run that diverged mid-epoch holds broken weights even when its
	// last finished epoch was the best.
	if r.job.Patience > 0 && r.best != nil && (r.state.BestEpoch < len(r.state.Epochs) || r.state.Status == Diverged) {
		copy(r.t.Net.Params, r.best)
		r.state.Restored = true
	}
	st := r.state.Status
	if te := r.job.Test; te != nil && te.N > 0 && (st == Done || st == Stopped || st == Diverged && r.state.Restored) {
		loss, acc := r.eval.Run(r.t.Net, te, nil, nil)
		if !math.IsNaN(loss) && !math.IsInf(loss, 0) {
			r.state.TestRows, r.state.TestLoss, r.state.TestAccuracy = te.N, loss, acc
		}
	}
	r.sync()
	r.release()
}

// release drops the trainer, the evaluator, the best weights' copy and the
// job's rows (validation and test too), keeping the state the screen shows and the final network.
// Validation folds and training subsets are copies of the data, so for
// k-fold cross-validation on MNIST this is tens of megabytes per run.
func (r *run) release() {
	if r.t != nil {
		r.net = r.t.Net
	}
	r.t, r.eval, r.best = nil, nil, nil
	r.job.Train, r.job.Val, r.job.Test = nil, nil, nil
}

func (r *run) sync() {
	r.state.Progress = r.progress()
	r.state.Seconds = (r.t.Elapsed() + r.evalTime).Seconds()
}

// snapshot returns a copy of the run's state that later steps never change.
func (r *run) snapshot() RunState {
	s := r.state
	s.Train = slices.Clip(s.Train)
	s.Epochs = slices.Clip(s.Epochs)
	s.Config.Arch.Hidden = slices.Clone(s.Config.Arch.Hidden)
	return s
}

// model returns a copy of the run's network with its settings, or nil.
func (r *run) model() *nn.Model {
	net := r.net
	if r.t != nil {
		net = r.t.Net
	}
	if net == nil {
		return nil
	}
	return &nn.Model{Net: net.Clone(), Settings: r.job.Spec.Config.Settings, Note: fmt.Sprintf("lesson run %q", r.state.Label)}
}
