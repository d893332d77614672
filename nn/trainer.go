package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// ErrNonFinite reports that the loss became NaN or infinite, or exploded
// past DivergenceFactor × ln C for cross-entropy (ln C is the loss of an
// untrained network with C classes), most often because the learning rate
// is too large.
var ErrNonFinite = errors.New("loss is not finite or has exploded")

// DivergenceFactor sets when a cross-entropy loss counts as exploded: above
// DivergenceFactor × ln C. Working runs stay far below it (about 10 × ln C
// at worst in their first batches).
const DivergenceFactor = 100

// chunkRows is the most rows one forward/backward pass holds. Larger batches
// (full-batch GD) are processed in chunks whose gradients are summed.
const chunkRows = 1024

// BatchMetrics describes one training step.
type BatchMetrics struct {
	Step     int     // updates so far, counting this one (1-based)
	Epoch    int     // 0-based epoch the batch belongs to
	Batch    int     // 0-based batch index within the epoch
	Batches  int     // batches in this epoch at the current batch size
	Size     int     // rows in this batch
	Loss     float64 // mean data loss of the batch plus the penalty, before the update
	Accuracy float64 // fraction of the batch classified correctly, before the update
	Samples  int64   // training samples processed so far
	LR       float64 // learning rate used
	Elapsed  time.Duration
	// EpochEnd is set when this batch completed an epoch.
	EpochEnd *EpochMetrics
}

// EpochMetrics summarises one epoch, as Keras prints it.
type EpochMetrics struct {
	Epoch         int     `json:"epoch"` // 1-based
	TrainLoss     float64 `json:"train_loss"`
	TrainAccuracy float64 `json:"train_accuracy"`
	ValLoss       float64 `json:"val_loss,omitempty"`
	ValAccuracy   float64 `json:"val_accuracy,omitempty"`
	HasVal        bool    `json:"-"`
	Seconds       float64 `json:"seconds"`
	// CPUSeconds is the CPU time the whole process used from the epoch's
	// first step to the end of its last (every thread and goroutine, so
	// it means most for headless runs), or 0 when unknown.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	Step       int     `json:"-"`
}

// Trainer trains a network on a dataset one mini-batch at a time. It is not
// safe for concurrent use: one goroutine owns it, and others see the network
// only through snapshots (Snapshot).
type Trainer struct {
	Net      *Network
	Opt      *Optimizer
	Settings Settings
	Train    *Dataset // the training rows actually used
	Val      *Dataset // held-out rows, or nil
	WS       *Workspace

	// History holds every batch's metrics and every epoch's summary so far.
	History History

	rng       *rand.Rand
	perm      []int
	pos       int // next row of perm
	epoch     int
	batch     int
	samples   int64
	elapsed   time.Duration
	epochLoss float64
	epochHit  float64
	epochRows int
	epochTime time.Duration
	epochCPU  time.Duration // ProcessCPU at the epoch's start, −1 if unknown

	last  []int // rows of the last Step, a view of perm
	in    Input
	y     []uint8
	accum []float32
	eval  *Evaluator
	aug   *augmenter
	drop  *rand.PCG // dropout masks' source, saved by State
	dropR *rand.Rand
}

// History is the record of a training run.
type History struct {
	Batches []BatchMetrics
	Epochs  []EpochMetrics
}

// NewTrainer returns a trainer for net on data with settings s. It uses the
// first s.TrainSize rows of data and holds out the last s.ValSplit of those
// for validation. The batch order is drawn from s.Seed.
func NewTrainer(net *Network, data *Dataset, s Settings) (*Trainer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if data.Dim != net.Arch.Inputs {
		return nil, fmt.Errorf("nn: data has %d inputs, the network %d", data.Dim, net.Arch.Inputs)
	}
	if (net.Arch.Loss == Regression) != (data.Target != nil) {
		return nil, errors.New("nn: a regression network needs data with real targets, a classifier data with classes")
	}
	if s.Augment && !data.Images() {
		return nil, errors.New("nn: augmentation needs image data")
	}
	n := min(s.TrainSize, data.N)
	nVal := int(math.Round(float64(n) * s.ValSplit))
	if n-nVal < 1 {
		return nil, fmt.Errorf("nn: no training rows left (size %d, validation split %v)", n, s.ValSplit)
	}
	t := &Trainer{Net: net, Settings: s}
	if n-nVal == data.N {
		t.Train = data // datasets are read-only: share rather than copy
	} else {
		t.Train = data.View(seq(0, n-nVal)) // shares the pixels
	}
	if nVal > 0 {
		t.Val = data.View(seq(n-nVal, n))
	}
	t.Opt = NewOptimizer(s.Optimizer, s.LearningRate, s.Momentum, len(net.Params))
	t.rng = rand.New(rand.NewPCG(s.Seed, 0x62617463686573)) // "batches"
	t.perm = seq(0, t.Train.N)
	t.WS = NewWorkspace(net.Arch, min(t.batchSize(), chunkRows))
	t.y = make([]uint8, min(t.batchSize(), chunkRows))
	if s.Augment {
		t.aug = newAugmenter(s.Seed, net.Arch.Inputs)
	}
	if net.Arch.HasDropout() {
		t.drop = rand.NewPCG(s.Seed, 0x64726f706f7574) // "dropout"
		t.dropR = rand.New(t.drop)
	}
	return t, nil
}

func seq(a, b int) []int {
	s := make([]int, b-a)
	for i := range s {
		s[i] = a + i
	}
	return s
}

// batchSize returns the effective batch size: the whole set for GD.
func (t *Trainer) batchSize() int {
	if t.Settings.Optimizer == GD {
		return t.Train.N
	}
	return min(t.Settings.BatchSize, t.Train.N)
}

// Epoch returns the 0-based epoch in progress (or about to start).
func (t *Trainer) Epoch() int { return t.epoch }

// BatchInEpoch returns the 0-based index of the next batch within the epoch.
func (t *Trainer) BatchInEpoch() int { return t.batch }

// BatchesPerEpoch returns the number of batches in an epoch at the current batch size.
func (t *Trainer) BatchesPerEpoch() int {
	bs := t.batchSize()
	return (t.Train.N + bs - 1) / bs
}

// Samples returns the number of training samples processed so far.
func (t *Trainer) Samples() int64 { return t.samples }

// Elapsed returns the time spent in Step so far.
func (t *Trainer) Elapsed() time.Duration { return t.elapsed }

// SetLearningRate changes the learning rate from the next batch on.
func (t *Trainer) SetLearningRate(lr float64) error {
	s := t.Settings
	s.LearningRate = lr
	if err := s.Validate(); err != nil {
		return err
	}
	t.Settings.LearningRate, t.Opt.LearningRate = lr, lr
	return nil
}

// SetPenalty changes the L1 and L2 factors from the next batch on.
func (t *Trainer) SetPenalty(l1, l2 float64) error {
	s := t.Settings
	s.L1, s.L2 = l1, l2
	if err := s.Validate(); err != nil {
		return err
	}
	t.Settings.L1, t.Settings.L2 = l1, l2
	return nil
}

// SetBatchSize changes the batch size from the next batch on.
func (t *Trainer) SetBatchSize(bs int) error {
	s := t.Settings
	s.BatchSize = bs
	if err := s.Validate(); err != nil {
		return err
	}
	t.Settings.BatchSize = bs
	return nil
}

// Step trains on one mini-batch (for GD, the whole set) and returns its
// metrics. On a non-finite loss it returns an error wrapping ErrNonFinite
// and leaves the weights as they were before the step.
func (t *Trainer) Step() (BatchMetrics, error) {
	start := time.Now()
	if t.pos == 0 {
		t.rng.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		t.epochLoss, t.epochHit, t.epochRows, t.epochTime = 0, 0, 0, 0
		t.epochCPU = ProcessCPU()
	}
	bs := t.batchSize()
	rows := t.perm[t.pos:min(t.pos+bs, len(t.perm))]
	t.last = rows
	loss, hits := t.gradient(rows)
	penalty := t.Net.Penalty(t.Settings.L1, t.Settings.L2)
	if err := t.checkLoss(loss, penalty); err != nil {
		return BatchMetrics{}, err
	}
	loss += penalty
	t.Opt.stepPenalized(t.Net, t.WS.Grad, t.Settings.L1, t.Settings.L2, t.WS)

	m := BatchMetrics{
		Step: t.Opt.T, Epoch: t.epoch, Batch: t.batch, Batches: t.BatchesPerEpoch(), Size: len(rows),
		Loss: loss, Accuracy: float64(hits) / float64(len(rows)), LR: t.Settings.LearningRate,
	}
	t.pos += len(rows)
	t.batch++
	t.samples += int64(len(rows))
	t.epochLoss += loss * float64(len(rows))
	t.epochHit += float64(hits)
	t.epochRows += len(rows)
	d := time.Since(start)
	t.elapsed += d
	t.epochTime += d
	m.Samples, m.Elapsed = t.samples, t.elapsed
	if t.pos >= len(t.perm) {
		e := EpochMetrics{
			Epoch: t.epoch + 1, TrainLoss: t.epochLoss / float64(t.epochRows),
			TrainAccuracy: t.epochHit / float64(t.epochRows), Seconds: t.epochTime.Seconds(), Step: t.Opt.T,
		}
		if cpu := ProcessCPU(); t.epochCPU > 0 && cpu > t.epochCPU {
			e.CPUSeconds = (cpu - t.epochCPU).Seconds()
		}
		if t.Val != nil {
			e.ValLoss, e.ValAccuracy = t.Evaluate(t.Val)
			e.ValLoss += penalty
			e.HasVal = true
		}
		t.History.Epochs = append(t.History.Epochs, e)
		m.EpochEnd = &t.History.Epochs[len(t.History.Epochs)-1]
		t.pos, t.batch = 0, 0
		t.epoch++
	}
	t.History.Batches = append(t.History.Batches, m)
	return m, nil
}

// gradient sets t.WS.Grad to the mean-loss gradient over rows and returns the
// mean data loss and the number of correct predictions. Batches larger than
// the workspace are processed in chunks and their gradients summed.
func (t *Trainer) gradient(rows []int) (float64, int) {
	scale := 1 / float32(len(rows))
	if len(rows) <= t.WS.Cap() {
		t.gather(rows)
		loss, hits := t.Net.forwardLossScaled(t.WS, &t.in, t.y[:len(rows)], true, scale)
		t.Net.Backward(t.WS, &t.in)
		t.WS.Dropping = false
		return loss, hits
	}
	if t.accum == nil {
		t.accum = make([]float32, len(t.Net.Params))
	}
	clear(t.accum)
	var total float64
	hits := 0
	for a := 0; a < len(rows); a += t.WS.Cap() {
		part := rows[a:min(a+t.WS.Cap(), len(rows))]
		t.gather(part)
		loss, h := t.Net.forwardLossScaled(t.WS, &t.in, t.y[:len(part)], true, scale)
		t.Net.Backward(t.WS, &t.in)
		t.WS.Dropping = false
		for i, g := range t.WS.Grad {
			t.accum[i] += g
		}
		total += loss * float64(len(part))
		hits += h
		Yield() // a full batch (GD) is seconds of work in a browser (GOOS=js)
	}
	copy(t.WS.Grad, t.accum)
	return total / float64(len(rows)), hits
}

func (t *Trainer) gather(rows []int) {
	if len(rows) > len(t.y) {
		threads := t.WS.Threads()
		t.WS = NewWorkspace(t.Net.Arch, min(len(rows), chunkRows))
		t.WS.SetThreads(threads)
		t.y = make([]uint8, t.WS.Cap())
	}
	if t.dropR != nil {
		t.WS.DrawMasks(t.Net.Arch, len(rows), t.dropR)
	}
	if t.aug != nil {
		t.aug.gather(t.Train, rows, &t.in, t.y)
		return
	}
	t.Train.Gather(rows, &t.in, t.y)
}

// SetThreads sets how many threads a step (and the validation) may use:
// HeadlessThreads() for headless training, 1 where a core must stay free.
// Layers narrower than 256 units use one. The results are the same bits
// whatever the count.
func (t *Trainer) SetThreads(n int) {
	t.WS.SetThreads(n)
	if t.eval != nil {
		t.eval.SetThreads(n)
	}
}

// Evaluate returns the mean loss and the accuracy of the network on d.
func (t *Trainer) Evaluate(d *Dataset) (loss, accuracy float64) {
	if t.eval == nil {
		t.eval = NewEvaluator(t.Net.Arch)
		t.eval.SetThreads(t.WS.Threads())
	}
	return t.eval.Run(t.Net, d, nil, nil)
}

// Run trains until the settings' epoch count is reached, calling report (if
// not nil) after every batch. It stops early with ctx's error when ctx is
// done, checking before every batch.
func (t *Trainer) Run(ctx context.Context, report func(BatchMetrics)) error {
	for t.epoch < t.Settings.Epochs {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := t.Step()
		if err != nil {
			return err
		}
		if report != nil {
			report(m)
		}
	}
	return nil
}

// LastBatch returns a copy of the training rows (indices into Train) that
// the last Step used, or nil before the first Step.
func (t *Trainer) LastBatch() []int { return slices.Clone(t.last) }

// TrainerState is everything a Trainer needs to continue a run exactly
// from one moment: the weights, the optimiser, the settings, the position
// in the batch order and the history's length. The batch order itself is
// replayed from the seed on Restore.
type TrainerState struct {
	Params   []float32
	Opt      *Optimizer
	Settings Settings
	Epoch    int // 0-based epoch in progress
	Batch    int // 0-based next batch within the epoch
	Pos      int // next row of the epoch's permutation
	Samples  int64
	Elapsed  time.Duration
	Batches  int // len(History.Batches)
	Epochs   int // len(History.Epochs)

	epochLoss, epochHit float64
	epochRows           int
	epochTime           time.Duration
	aug                 []byte // the augmenter's PCG state
	drop                []byte // the dropout masks' PCG state
}

// Bytes returns the approximate memory the state holds.
func (s *TrainerState) Bytes() int {
	return 4*(len(s.Params)+len(s.Opt.M)+len(s.Opt.V)) + len(s.aug) + len(s.drop) + 256
}

// State returns a deep copy of the trainer's state.
func (t *Trainer) State() *TrainerState {
	s := &TrainerState{
		Params: slices.Clone(t.Net.Params), Opt: t.Opt.Clone(), Settings: t.Settings,
		Epoch: t.epoch, Batch: t.batch, Pos: t.pos, Samples: t.samples, Elapsed: t.elapsed,
		Batches: len(t.History.Batches), Epochs: len(t.History.Epochs),
		epochLoss: t.epochLoss, epochHit: t.epochHit, epochRows: t.epochRows, epochTime: t.epochTime,
	}
	if t.aug != nil {
		s.aug, _ = t.aug.pcg.MarshalBinary() // never fails
	}
	if t.drop != nil {
		s.drop, _ = t.drop.MarshalBinary() // never fails
	}
	return s
}

// Restore puts the trainer back to state s, taken from this trainer or one
// made with the same data and seed, so that training continues exactly as it
// did from there. The history is cut back to s's length into new backing
// arrays, so slices shared earlier are never overwritten.
func (t *Trainer) Restore(s *TrainerState) error {
	switch {
	case len(s.Params) != len(t.Net.Params):
		return errors.New("nn: restore: architecture mismatch")
	case s.Batches > len(t.History.Batches) || s.Epochs > len(t.History.Epochs):
		return errors.New("nn: restore: state is newer than the trainer's history")
	case s.Pos > len(t.perm):
		return errors.New("nn: restore: batch position out of range")
	}
	if err := s.Settings.Validate(); err != nil {
		return fmt.Errorf("nn: restore: %w", err)
	}
	copy(t.Net.Params, s.Params)
	t.Opt = s.Opt.Clone()
	t.Settings = s.Settings
	// Replay the shuffles: one per epoch started.
	t.rng = rand.New(rand.NewPCG(t.Settings.Seed, 0x62617463686573)) // "batches"
	for i := range t.perm {
		t.perm[i] = i
	}
	shuffles := s.Epoch
	if s.Pos > 0 {
		shuffles++
	}
	for range shuffles {
		t.rng.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
	}
	t.epoch, t.batch, t.pos, t.samples, t.elapsed = s.Epoch, s.Batch, s.Pos, s.Samples, s.Elapsed
	t.epochLoss, t.epochHit, t.epochRows, t.epochTime = s.epochLoss, s.epochHit, s.epochRows, s.epochTime
	t.epochCPU = -1 // set again when the next epoch starts
	t.History.Batches = slices.Clone(t.History.Batches[:s.Batches])
	t.History.Epochs = slices.Clone(t.History.Epochs[:s.Epochs])
	t.last = nil
	if t.aug != nil && s.aug != nil {
		if err := t.aug.pcg.UnmarshalBinary(s.aug); err != nil {
			return fmt.Errorf("nn: restore: %w", err)
		}
	}
	if t.drop != nil && s.drop != nil {
		if err := t.drop.UnmarshalBinary(s.drop); err != nil {
			return fmt.Errorf("nn: restore: %w", err)
		}
	}
	return nil
}

// checkLoss returns an error wrapping ErrNonFinite when the loss, data
// plus penalty, is NaN or infinite, or when a cross-entropy loss has
// exploded. The message blames the L1/L2 penalty when the data loss alone
// was fine, and the learning rate otherwise.
func (t *Trainer) checkLoss(data, penalty float64) error {
	bad := func(loss float64) string {
		switch {
		case math.IsNaN(loss) || math.IsInf(loss, 0):
			return fmt.Sprintf("loss is %v", loss)
		case t.Net.Arch.Loss == CrossEntropy && loss > DivergenceFactor*math.Log(float64(t.Net.Arch.Outputs)):
			return fmt.Sprintf("loss exploded to %.4g, over %d × ln %d", loss, DivergenceFactor, t.Net.Arch.Outputs)
		}
		return ""
	}
	what := bad(data + penalty)
	if what == "" {
		return nil
	}
	cause := fmt.Sprintf("the learning rate %g is probably too large", t.Settings.LearningRate)
	if bad(data) == "" {
		cause = fmt.Sprintf("the weight penalty %.4g is too large for these weights (l1 %g, l2 %g)", penalty, t.Settings.L1, t.Settings.L2)
	}
	return fmt.Errorf("nn: epoch %d, batch %d: %s (%w): %s; training stopped before this batch changed the weights",
		t.epoch+1, t.batch+1, what, ErrNonFinite, cause)
}
