// Package live runs a trainer on a worker goroutine for an interactive
// front end: it takes commands (play, pause, step, reset, change settings)
// and publishes immutable snapshots that any goroutine may read.
//
// # Invariants
//
//   - Only the worker goroutine touches the trainer and its network.
//   - A published Snapshot is never modified. Its history slices share
//     backing arrays with later snapshots, but the worker only appends past
//     their lengths, so readers never race with it.
//   - Every command is answered within one training step (well under 100 ms
//     for mini-batches).
package live

import (
	"time"

	"backproplab/nn"
)

// State is what the worker is doing.
type State int

// The worker's states.
const (
	Paused   State = iota // waiting for a command
	Running               // training continuously
	Finished              // the configured epochs are done; Play continues past them
	Failed                // training stopped on an error (see Snapshot.Err)
)

// Config is a network architecture with its training settings.
type Config struct {
	Arch     nn.Arch
	Settings nn.Settings
}

// DefaultConfig returns the Keras tutorial's model and settings.
func DefaultConfig() Config {
	return Config{Arch: nn.TutorialArch(), Settings: nn.DefaultSettings()}
}

// TestPoint is one evaluation on (a sample of) the test set.
type TestPoint struct {
	Step     int     // updates so far
	Epoch    float64 // epochs so far, fractional
	Loss     float64
	Accuracy float64
	Full     bool // on the full test set (at an epoch end) rather than the live sample
	// Whole marks a point of a run that evaluates its whole training and
	// test sets at every snapshot (Runner.WholeSets): Loss and Accuracy
	// are the whole test set's (Full is set too), TrainLoss and
	// TrainAccuracy the whole training set's.
	Whole         bool
	TrainLoss     float64
	TrainAccuracy float64
}

// Snapshot is an immutable view of a training run at one moment.
type Snapshot struct {
	Version uint64 // increases with every publication
	Config  Config
	State   State
	Err     error // why training failed, with State == Failed

	Net  *nn.Network // a copy of the weights
	Grad []float32   // ∂L/∂params of the last batch, laid out like Net.Params (nil before the first step)
	Step []float32   // the last update ΔW, laid out like Net.Params (nil before the first step)

	Batches []nn.BatchMetrics // every batch so far (append-only, shared)
	Epochs  []nn.EpochMetrics // every epoch so far (append-only, shared)
	Tests   []TestPoint       // live test evaluations (append-only, shared)

	Epoch           int // 0-based epoch in progress
	Batch           int // 0-based next batch within the epoch
	BatchesPerEpoch int
	Updates         int           // weight updates so far (the optimiser's step count, stepper steps of one sample included)
	Samples         int64         // training samples of the batches so far
	Elapsed         time.Duration // time spent in Trainer.Step so far
	SamplesPerSec   float64       // recent throughput over the same time as Elapsed (nn.Throughput)
	LearningRate    float64
	Delay           time.Duration // pause between batches (0 is full speed)

	// Loaded reports whether the weights came from a model file (Load)
	// rather than from the seed.
	Loaded bool

	// Marker, when set, is the position (in epochs) of the timeline mark a
	// view shows while the run is rewound; the runner never sets it.
	Marker *float64
}

// Progress returns the fraction of the current epoch that is done.
func (s *Snapshot) Progress() float64 {
	if s.BatchesPerEpoch == 0 {
		return 0
	}
	return float64(s.Batch) / float64(s.BatchesPerEpoch)
}

// EpochsDone returns the epochs done so far as a fraction, e.g. 2.5.
func (s *Snapshot) EpochsDone() float64 { return float64(s.Epoch) + s.Progress() }
