package probe

import (
	"fmt"
	"slices"

	"backproplab/nn"
)

// Problem is the objective a gradient is taken of: the mean data loss of Net
// on the batch In with labels Y, plus the weight penalty
// L1·Σ|w| + L2·Σw², exactly as the trainer's objective.
type Problem struct {
	Net    *nn.Network // never modified
	In     *nn.Input   // (Rows, Inputs)
	Y      []uint8     // (Rows)
	L1, L2 float64
}

// NewProblem gathers the given rows of d into a problem for net.
func NewProblem(net *nn.Network, d *nn.Dataset, rows []int, l1, l2 float64) (Problem, error) {
	if len(rows) == 0 {
		return Problem{}, fmt.Errorf("probe: no rows")
	}
	if d.Dim != net.Arch.Inputs {
		return Problem{}, fmt.Errorf("probe: the data has %d inputs, the network takes %d", d.Dim, net.Arch.Inputs)
	}
	for _, r := range rows {
		if r < 0 || r >= d.N {
			return Problem{}, fmt.Errorf("probe: row %d out of range [0, %d)", r, d.N)
		}
	}
	p := Problem{Net: net, In: &nn.Input{}, Y: make([]uint8, len(rows)), L1: l1, L2: l2}
	d.Gather(rows, p.In, p.Y)
	for _, y := range p.Y {
		if int(y) >= net.Arch.Outputs {
			return Problem{}, fmt.Errorf("probe: label %d but the network has %d outputs", y, net.Arch.Outputs)
		}
	}
	return p, nil
}

// NewInputProblem is NewProblem for one image x (Inputs values) of class label.
func NewInputProblem(net *nn.Network, x []float32, label int) (Problem, error) {
	if len(x) != net.Arch.Inputs {
		return Problem{}, fmt.Errorf("probe: the image has %d pixels, the network takes %d", len(x), net.Arch.Inputs)
	}
	if label < 0 || label >= net.Arch.Outputs {
		return Problem{}, fmt.Errorf("probe: label %d out of range [0, %d)", label, net.Arch.Outputs)
	}
	return Problem{Net: net, In: nn.NewInput(len(x), x), Y: []uint8{uint8(label)}}, nil
}

// Gradient returns the engine's gradient of the objective, laid out like
// Net.Params: ForwardLoss, Backward and AddPenaltyGrad, as the trainer runs them.
func (p Problem) Gradient() []float32 {
	ws := nn.NewWorkspace(p.Net.Arch, p.In.Rows)
	p.Net.ForwardLoss(ws, p.In, p.Y, true)
	p.Net.Backward(ws, p.In)
	p.Net.AddPenaltyGrad(ws.Grad, p.L1, p.L2)
	return slices.Clone(ws.Grad)
}

// Loss returns the objective at the network's own parameters.
func (p Problem) Loss() float64 {
	return newEvaluator(p).loss()
}

// evaluator runs the objective on a private copy of the network, whose
// parameters can be perturbed and restored.
type evaluator struct {
	p   Problem
	net *nn.Network
	ws  *nn.Workspace
}

func newEvaluator(p Problem) *evaluator {
	return &evaluator{p: p, net: p.Net.Clone(), ws: nn.NewWorkspace(p.Net.Arch, p.In.Rows)}
}

// loss runs the engine's forward pass on the copy and returns the objective.
func (e *evaluator) loss() float64 {
	l, _ := e.net.ForwardLoss(e.ws, e.p.In, e.p.Y, false)
	return l + e.net.Penalty(e.p.L1, e.p.L2)
}

// Ref names one parameter: W_l[I][J], the weight from input I of layer l to
// its unit J, or, with Bias set, b_l[J].
type Ref struct {
	Layer, I, J int
	Bias        bool
}

// String returns "W1[i][j]" or "b1[j]", with layers counted from 1.
func (r Ref) String() string {
	if r.Bias {
		return fmt.Sprintf("b%d[%d]", r.Layer+1, r.J)
	}
	return fmt.Sprintf("W%d[%d][%d]", r.Layer+1, r.I, r.J)
}

// Index returns r's position in the parameters of a network of architecture
// a (W1, b1, W2, b2, … back to back), or an error if a has no such parameter.
func Index(a nn.Arch, r Ref) (int, error) {
	w := a.Widths()
	if r.Layer < 0 || r.Layer >= len(w)-1 {
		return 0, fmt.Errorf("probe: layer %d out of range [1, %d]", r.Layer+1, len(w)-1)
	}
	in, out := w[r.Layer], w[r.Layer+1]
	if r.J < 0 || r.J >= out || (!r.Bias && (r.I < 0 || r.I >= in)) {
		return 0, fmt.Errorf("probe: %v out of range (layer %d is %d → %d)", r, r.Layer+1, in, out)
	}
	off := 0
	for l := range r.Layer {
		off += w[l]*w[l+1] + w[l+1]
	}
	if r.Bias {
		return off + in*out + r.J, nil
	}
	return off + r.I*out + r.J, nil
}

// RefAt is the inverse of Index: the parameter at position idx.
func RefAt(a nn.Arch, idx int) (Ref, error) {
	w := a.Widths()
	off := 0
	for l := range len(w) - 1 {
		in, out := w[l], w[l+1]
		switch k := idx - off; {
		case k < 0:
		case k < in*out:
			return Ref{Layer: l, I: k / out, J: k % out}, nil
		case k < in*out+out:
			return Ref{Layer: l, J: k - in*out, Bias: true}, nil
		}
		off += in*out + out
	}
	return Ref{}, fmt.Errorf("probe: parameter %d out of range [0, %d)", idx, off)
}
