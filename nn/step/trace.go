// Package step traces one training step of the engine phase by phase, for
// a teacher who walks a class through backpropagation: the forward pass of
// a selected sample, its loss, the deltas flowing back, the gradients, the
// optimiser's update of a selected weight, and the loss after the update.
//
// # Invariants
//
//   - Every number comes from the engine's own code: nn.Network.ForwardLoss,
//     nn.Network.Backward, nn.Network.AddPenaltyGrad, nn.Optimizer.Step and
//     nn.Trainer.Step. Nothing is recomputed by a second implementation,
//     except the textbook forms of the optimiser's rule that Weight shows
//     next to the engine's result.
//   - A Trace is immutable once returned and safe to read from any goroutine.
//   - A sample's δ is ∂ℓ/∂z of that sample's own loss ℓ; the batch's
//     gradient is ∂L/∂θ of the mean loss L = (1/B)·Σℓ (plus the penalty),
//     the one the optimiser used.
package step

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"backproplab/nn"
)

// Kind is how much one step trains.
type Kind int

// The step kinds.
const (
	Sample Kind = iota // one training sample: an update on a batch of one
	Batch              // the trainer's next mini-batch (for GD, the whole set)
	Epoch              // the rest of the current epoch; the last batch is traced
)

// Layer holds one dense layer's values for the selected sample and the
// batch gradients.
type Layer struct {
	In, Out int
	Z, A    []float32 // (Out) pre-activation and activation of the sample; A of the last layer is the softmax
	Delta   []float32 // (Out) δ = ∂ℓ/∂z for the sample
	GradW   []float32 // (In, Out) ∂L/∂W of the batch, penalty included
	GradB   []float32 // (Out) ∂L/∂b of the batch
	DeltaW  []float32 // (In, Out) the update W_after − W_before
}

// Trace is the record of one step.
type Trace struct {
	Kind       Kind
	Loss       nn.Loss
	Activation nn.Activation // the hidden layers'
	Method     nn.Method
	LR         float64
	Momentum   float64
	L1, L2     float64

	Rows   []int     // the batch's rows in the trainer's training set
	Labels []uint8   // their labels
	Sample int       // index into Rows of the followed sample
	Input  []float32 // (Inputs) the followed sample's pixels in [0, 1]
	Label  int
	// Drawn is set when the sample is an image from outside the training
	// set (TraceInput); Rows then index that one image, not the set.
	Drawn bool
	// Dry is set when the update was computed but not applied (TraceDry):
	// the trainer's network and optimiser are as they were before.
	Dry bool

	Layers       []Layer
	SampleLoss   float64   // ℓ of the followed sample before the update
	SampleAfter  float64   // ℓ of the followed sample after the update
	Terms        []float64 // MSE: (p_j − t_j)² per class; CE: nil
	BatchLoss    float64   // mean data loss of the batch before the update
	BatchAfter   float64   // mean data loss of the same batch after the update
	Penalty      float64   // the regularisation term before the update
	PenaltyAfter float64
	// EpochLosses holds, for an Epoch step, the loss of every batch trained;
	// their ups and downs are SGD's noise.
	EpochLosses []float64
	// TrainLossBefore and TrainLossAfter are, for an Epoch step, the mean
	// loss on the whole training set before and after the epoch.
	TrainLossBefore, TrainLossAfter float64

	Step        int // optimiser updates after this step (Optimizer.T)
	Epoch, Next int // 0-based epoch and next batch after the step
	PerEpoch    int // batches in an epoch

	arch       nn.Arch
	before     *nn.Network   // weights before the (last) update
	after      []float32     // weights after it
	grad       []float32     // the gradient the optimiser used
	opt0, opt1 *nn.Optimizer // optimiser state before and after
	train      *nn.Dataset
}

// ErrNoSteps is returned when the trainer has no training rows to step.
var ErrNoSteps = errors.New("step: nothing to train")

// TraceSample trains t on the single training row row with the trainer's
// optimiser and returns the trace. The trainer's batch position and history
// are left as they are: this is an extra update on a batch of one.
func TraceSample(t *nn.Trainer, row int) (*Trace, error) {
	if row < 0 || row >= t.Train.N {
		return nil, fmt.Errorf("step: row %d out of range [0, %d)", row, t.Train.N)
	}
	return traceOne(t, t.Train, row)
}

// TraceInput is TraceSample for an image from outside the training set, such
// as a digit drawn on the pad: x holds its pixels in [0, 1] (Inputs of them,
// ink bright), label its class. The pixels are quantised to 8 bits, as MNIST
// stores them, and the trace's Input holds what the engine saw. Drawn is set.
func TraceInput(t *nn.Trainer, x []float32, label int) (*Trace, error) {
	a := t.Net.Arch
	if len(x) != a.Inputs {
		return nil, fmt.Errorf("step: the image has %d pixels, the network takes %d", len(x), a.Inputs)
	}
	if label < 0 || label >= a.Outputs || label > 255 {
		return nil, fmt.Errorf("step: label %d out of range [0, %d)", label, a.Outputs)
	}
	pix := make([]uint8, len(x))
	for i, v := range x {
		if math.IsNaN(float64(v)) {
			return nil, fmt.Errorf("step: pixel %d is NaN", i)
		}
		pix[i] = uint8(math.Round(float64(min(max(v, 0), 1)) * 255))
	}
	tr, err := traceOne(t, nn.NewDataset(pix, []uint8{uint8(label)}, len(pix)), 0)
	if tr != nil {
		tr.Drawn = true
	}
	return tr, err
}

// TraceDry is TraceInput that leaves t as it was: the trace holds the
// forward pass, the loss, the gradients and the update that the image would
// make, but the network's weights and the optimiser's state are restored
// afterwards. Dry and Drawn are set. It is for following an image that must
// not be trained on, such as a test image.
func TraceDry(t *nn.Trainer, x []float32, label int) (*Trace, error) {
	params := slices.Clone(t.Net.Params)
	opt := t.Opt.Clone()
	tr, err := TraceInput(t, x, label)
	copy(t.Net.Params, params)
	*t.Opt = *opt
	if tr != nil {
		tr.Dry = true
	}
	return tr, err
}

// traceOne trains t on row of d alone and returns the trace.
func traceOne(t *nn.Trainer, d *nn.Dataset, row int) (*Trace, error) {
	tr := newTraceFrom(t, d, Sample, []int{row}, 0, t.Net.Clone(), t.Opt.Clone())
	ws := nn.NewWorkspace(t.Net.Arch, 1)
	var in nn.Input
	y := make([]uint8, 1)
	d.Gather(tr.Rows, &in, y)
	loss, _ := t.Net.ForwardLoss(ws, &in, y, true)
	t.Net.Backward(ws, &in)
	t.Net.AddPenaltyGrad(ws.Grad, tr.L1, tr.L2)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return nil, fmt.Errorf("step: %w", nn.ErrNonFinite)
	}
	tr.grad = slices.Clone(ws.Grad)
	tr.BatchLoss = loss
	t.Opt.Step(t.Net.Params, ws.Grad)
	tr.finish(t)
	return tr, nil
}

// TraceBatch trains t on its next mini-batch with Trainer.Step, exactly as
// training does, and returns the trace, following sample (an index into the batch, clamped).
func TraceBatch(t *nn.Trainer, sample int) (*Trace, error) { return TraceBatchFunc(t, sample, nil) }

// TraceBatchFunc is TraceBatch that also calls batch (when not nil) with the
// metrics of the batch it trains.
func TraceBatchFunc(t *nn.Trainer, sample int, batch func(nn.BatchMetrics)) (*Trace, error) {
	before, opt0 := t.Net.Clone(), t.Opt.Clone()
	m, err := t.Step()
	if err != nil {
		return nil, err
	}
	if batch != nil {
		batch(m)
	}
	tr := newTraceFrom(t, t.Train, Batch, t.LastBatch(), sample, before, opt0)
	tr.grad = slices.Clone(t.WS.Grad)
	tr.BatchLoss = m.Loss - tr.Penalty
	tr.finish(t)
	return tr, nil
}

// TraceEpoch trains t to the end of its current epoch with Trainer.Step and
// traces the last batch. It records every batch's loss and the loss on the
// whole training set before and after. It follows sample of the last batch.
func TraceEpoch(t *nn.Trainer, sample int) (*Trace, error) { return TraceEpochFunc(t, sample, nil) }

// TraceEpochFunc is TraceEpoch that also calls batch (when not nil) with
// the metrics of every batch it trains, as it trains them.
func TraceEpochFunc(t *nn.Trainer, sample int, batch func(nn.BatchMetrics)) (*Trace, error) {
	start := t.Epoch()
	before, _ := t.Evaluate(t.Train)
	var losses []float64
	for {
		if t.Epoch() > start {
			break
		}
		last := t.BatchInEpoch() == t.BatchesPerEpoch()-1
		if last {
			tr, err := TraceBatchFunc(t, sample, batch)
			if err != nil {
				return nil, err
			}
			tr.Kind = Epoch
			tr.EpochLosses = append(losses, tr.BatchLoss+tr.Penalty)
			tr.TrainLossBefore = before
			tr.TrainLossAfter, _ = t.Evaluate(t.Train)
			return tr, nil
		}
		m, err := t.Step()
		if err != nil {
			return nil, err
		}
		if batch != nil {
			batch(m)
		}
		losses = append(losses, m.Loss)
	}
	return nil, ErrNoSteps
}

// newTraceFrom starts the trace of a step of t on rows of d (the trainer's
// training set, or a drawn image's own), from the weights and optimiser
// state before it.
func newTraceFrom(t *nn.Trainer, d *nn.Dataset, k Kind, rows []int, sample int, before *nn.Network, opt0 *nn.Optimizer) *Trace {
	s := t.Settings
	tr := &Trace{
		Kind: k, Loss: before.Arch.Loss, Activation: before.Arch.Activation, Method: t.Opt.Method, LR: opt0.LearningRate, Momentum: opt0.Momentum,
		L1: s.L1, L2: s.L2, Rows: rows, Sample: min(max(sample, 0), len(rows)-1),
		arch: before.Arch, before: before, opt0: opt0, train: d,
	}
	tr.Labels = make([]uint8, len(rows))
	for i, r := range rows {
		tr.Labels[i] = d.Labels[r]
	}
	tr.Penalty = before.Penalty(s.L1, s.L2)
	return tr
}

// finish records the state after the update and the per-sample views.
func (tr *Trace) finish(t *nn.Trainer) {
	tr.after = slices.Clone(t.Net.Params)
	tr.opt1 = t.Opt.Clone()
	tr.Step, tr.Epoch, tr.Next, tr.PerEpoch = t.Opt.T, t.Epoch(), t.BatchInEpoch(), t.BatchesPerEpoch()
	tr.PenaltyAfter = t.Net.Penalty(tr.L1, tr.L2)
	tr.BatchAfter = batchLoss(t.Net, tr.train, tr.Rows)
	tr.Layers = make([]Layer, len(tr.before.Layers))
	after := tr.afterNet()
	for l, ly := range tr.before.Layers {
		gW, gB := tr.before.LayerGrads(tr.grad, l)
		aW := after.Layers[l].W
		dW := make([]float32, len(ly.W))
		for i := range dW {
			dW[i] = aW[i] - ly.W[i]
		}
		tr.Layers[l] = Layer{In: ly.In, Out: ly.Out, GradW: gW, GradB: gB, DeltaW: dW}
	}
	tr.follow(tr.Sample)
}

// afterNet returns the network with the weights after the update.
func (tr *Trace) afterNet() *nn.Network {
	n := tr.before.Clone()
	copy(n.Params, tr.after)
	return n
}

// WithSample returns a copy of the trace that follows sample k of the batch
// (clamped). It recomputes only the sample's own forward and backward pass.
func (tr *Trace) WithSample(k int) *Trace {
	c := *tr
	c.Layers = slices.Clone(tr.Layers)
	c.follow(min(max(k, 0), len(tr.Rows)-1))
	return &c
}

// follow runs the engine on the followed sample alone, before and after
// the update, and fills the per-sample fields.
func (tr *Trace) follow(k int) {
	tr.Sample = k
	row := tr.Rows[k]
	tr.Label = int(tr.Labels[k])
	tr.Input = make([]float32, tr.arch.Inputs)
	tr.train.Pixels(row, tr.Input)
	ws := nn.NewWorkspace(tr.arch, 1)
	var in nn.Input
	y := make([]uint8, 1)
	tr.train.Gather([]int{row}, &in, y)
	tr.SampleLoss, _ = tr.before.ForwardLoss(ws, &in, y, true)
	tr.before.Backward(ws, &in)
	for l := range tr.Layers {
		ly := &tr.Layers[l]
		ly.Z = slices.Clone(ws.Z[l][:ly.Out])
		ly.A = slices.Clone(ws.A[l][:ly.Out])
		ly.Delta = slices.Clone(ws.Delta[l][:ly.Out])
	}
	tr.Terms = nil
	if tr.Loss == nn.MSE {
		p := tr.Layers[len(tr.Layers)-1].A
		for j, pv := range p {
			d := float64(pv)
			if j == tr.Label {
				d--
			}
			tr.Terms = append(tr.Terms, d*d)
		}
	}
	tr.SampleAfter, _ = tr.afterNet().ForwardLoss(ws, &in, y, false)
}

// batchLoss returns the engine's mean data loss of net on the given rows.
func batchLoss(net *nn.Network, d *nn.Dataset, rows []int) float64 {
	const chunk = 1024
	ws := nn.NewWorkspace(net.Arch, min(len(rows), chunk))
	var in nn.Input
	y := make([]uint8, ws.Cap())
	var total float64
	for a := 0; a < len(rows); a += chunk {
		part := rows[a:min(a+chunk, len(rows))]
		d.Gather(part, &in, y[:len(part)])
		l, _ := net.ForwardLoss(ws, &in, y[:len(part)], false)
		total += l * float64(len(part))
	}
	return total / float64(len(rows))
}

// Probs returns the followed sample's output probabilities.
func (tr *Trace) Probs() []float32 { return tr.Layers[len(tr.Layers)-1].A }

// Before returns a copy of the network as it was before the update.
func (tr *Trace) Before() *nn.Network { return tr.before.Clone() }

// Grad returns the gradient the optimiser used, laid out like Params. The
// caller must not modify it.
func (tr *Trace) Grad() []float32 { return tr.grad }

// EpochsDone returns the epochs trained after the step, counting the
// current epoch's batches as a fraction, as the timeline counts them.
func (tr *Trace) EpochsDone() float64 {
	if tr.PerEpoch <= 0 {
		return float64(tr.Epoch)
	}
	return float64(tr.Epoch) + float64(tr.Next)/float64(tr.PerEpoch)
}
