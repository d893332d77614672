package nn

import "backproplab/nn/kern"

// Workspace holds the per-batch values of a forward and backward pass. The
// trainer's stepper and views read them: everything shown is what the engine
// computed.
type Workspace struct {
	Rows int         // rows of the last pass
	Z    [][]float32 // per layer: pre-activations (Rows, Out); the last is the logits
	A    [][]float32 // per layer: activations f(Z); the last is the softmax probabilities
	// Delta per layer: ∂L/∂Z (Rows, Out) of the last backward pass.
	Delta      [][]float32
	SampleLoss []float32 // per-sample loss of the last ForwardLoss (Rows)
	Grad       []float32 // ∂L/∂params of the last Backward, laid out like Network.Params
	// Mask per layer: the dropout mask (Rows, Out) of a hidden layer with a
	// dropout rate, 0 for a dropped unit and 1/(1−rate) for a kept one; nil
	// for other layers. Forward and Backward apply it while Dropping is set
	// (DrawMasks sets it; training only).
	Mask     [][]float32
	Dropping bool

	cap    int
	pool   *pool // nil for one thread
	job    job
	csc    csc // the batch in column form, for ∂L/∂W1
	halves halves
}

// NewWorkspace returns a workspace for batches of up to rows inputs.
func NewWorkspace(a Arch, rows int) *Workspace {
	w := a.Widths()
	ws := &Workspace{cap: rows, Grad: make([]float32, a.NumParams()), SampleLoss: make([]float32, rows)}
	for l := 1; l < len(w); l++ {
		ws.Z = append(ws.Z, make([]float32, rows*w[l]))
		ws.A = append(ws.A, make([]float32, rows*w[l]))
		ws.Delta = append(ws.Delta, make([]float32, rows*w[l]))
		var m []float32
		if l < len(w)-1 && a.DropRate(l-1) > 0 {
			m = make([]float32, rows*w[l])
		}
		ws.Mask = append(ws.Mask, m)
	}
	return ws
}

// Cap returns the largest batch the workspace holds.
func (ws *Workspace) Cap() int { return ws.cap }

// Probs returns row i of the output probabilities of the last pass.
func (ws *Workspace) Probs(i int) []float32 {
	p := ws.A[len(ws.A)-1]
	c := len(p) / ws.cap
	return p[i*c : (i+1)*c]
}

// Forward runs the batch through the network, filling ws.Z and ws.A; the
// last layer's A holds the softmax probabilities (for regression, the
// output itself).
func (n *Network) Forward(ws *Workspace, in *Input) {
	n.forwardLogits(ws, in)
	last := len(n.Layers) - 1
	c := n.Layers[last].Out
	if n.Arch.Loss == Regression {
		copy(ws.A[last][:in.Rows*c], ws.Z[last][:in.Rows*c])
		return
	}
	for i := range in.Rows {
		Softmax(ws.Z[last][i*c:(i+1)*c], ws.A[last][i*c:(i+1)*c])
	}
}

// ForwardLoss runs the batch forward and computes the loss against labels y.
// It fills ws.SampleLoss and, with delta set, ws.Delta of the output layer
// with ∂L/∂z of the mean loss. It returns the mean loss and the number of
// correct predictions.
func (n *Network) ForwardLoss(ws *Workspace, in *Input, y []uint8, delta bool) (loss float64, correct int) {
	return n.forwardLossScaled(ws, in, y, delta, 1/float32(in.Rows))
}

func (n *Network) forwardLossScaled(ws *Workspace, in *Input, y []uint8, delta bool, scale float32) (float64, int) {
	if len(y) != in.Rows {
		panic("nn: ForwardLoss label count mismatch")
	}
	n.forwardLogits(ws, in)
	return n.lossOfLogits(ws, in.Rows, y, in.Target, delta, scale)
}

// FirstProduct sets p (in.Rows, out) to the batch times w, a matrix laid
// out like the first layer's weights (in.Cols, out): the first layer's
// pre-activations without the bias, computed as Forward computes them.
// The first layer is linear in its weights, so the product for a
// combination of weight matrices is the same combination of their
// products; loss-landscape slices use this to evaluate many weights on
// the same batch cheaply.
func FirstProduct(in *Input, w []float32, out int, p []float32) {
	if len(w) != in.Cols*out || len(p) < in.Rows*out {
		panic("nn: FirstProduct shape mismatch")
	}
	if splitsInputs(Dense{In: in.Cols, Out: out}) {
		firstProductHalves(in, w, out, p)
		return
	}
	kern.SparseGemm(in.Rows, out, in.Ptr[:in.Rows+1], in.Idx, in.Val, w, out, p, out)
}

// ForwardLossFrom is ForwardLoss (without ∂L/∂z) for a batch whose first
// layer's product with the weights, z0 = X·W1 (len(y), Out of layer 0), is
// given (see FirstProduct): it adds the first layer's bias, applies its
// activation and runs the other layers, then returns the mean loss and
// the number of correct predictions against y (and target for
// regression). Given Forward's own product it returns ForwardLoss's
// result to the bit.
func (n *Network) ForwardLossFrom(ws *Workspace, z0 []float32, y []uint8, target []float32) (loss float64, correct int) {
	rows := len(y)
	ly := n.Layers[0]
	if rows > ws.cap {
		panic("nn: batch larger than workspace")
	}
	if len(z0) != rows*ly.Out {
		panic("nn: ForwardLossFrom shape mismatch")
	}
	ws.Rows = rows
	z := ws.Z[0][:rows*ly.Out]
	copy(z, z0)
	a := ws.A[0][:rows*ly.Out]
	if act := fusedAct(n, 0, a); act != nil {
		kern.BiasReLU(z, ly.B, act) // as the product's epilogue computes it
	} else {
		for i := 0; i < len(z); i += ly.Out {
			kern.Axpy(1, ly.B, z[i:i+ly.Out])
		}
	}
	if needsFinish(n, ws, 0) {
		finish(n, 0, z, a, maskOf(ws, 0, 0, rows*ly.Out))
	}
	for l := 1; l < len(n.Layers); l++ {
		ws.split(n.Layers[l].Out, forwardRows, n, nil, l, rows, 1)
	}
	return n.lossOfLogits(ws, rows, y, target, false, 1)
}

// lossOfLogits computes the loss of the last pass's logits against y (and
// target for regression); see forwardLossScaled.
func (n *Network) lossOfLogits(ws *Workspace, rows int, y []uint8, target []float32, delta bool, scale float32) (float64, int) {
	last := len(n.Layers) - 1
	c := n.Layers[last].Out
	var d []float32
	if delta {
		d = ws.Delta[last][:rows*c]
	}
	if n.Arch.Loss == Regression {
		if len(target) != rows {
			panic("nn: regression batch without targets")
		}
		return regressionForward(ws.Z[last][:rows], target[:rows], ws.A[last][:rows], ws.SampleLoss[:rows], d, scale), 0
	}
	loss := n.Arch.Loss.Forward(ws.Z[last][:rows*c], c, y, ws.A[last][:rows*c], ws.SampleLoss[:rows], d, scale)
	correct := 0
	for i := range rows {
		if Argmax(ws.A[last][i*c:(i+1)*c]) == int(y[i]) {
			correct++
		}
	}
	return loss, correct
}

func (n *Network) forwardLogits(ws *Workspace, in *Input) {
	if in.Rows > ws.cap {
		panic("nn: batch larger than workspace")
	}
	if in.Cols != n.Arch.Inputs {
		panic("nn: input width mismatch")
	}
	ws.Rows = in.Rows
	for l, ly := range n.Layers {
		if l == 0 && splitsInputs(ly) {
			n.forwardFirstHalves(ws, in)
			continue
		}
		if l == 1 && splitsInputs(n.Layers[0]) {
			ws.split(max(ly.Out, n.Layers[0].Out), addHalvesForwardRows, n, in, l, in.Rows, 1)
			continue
		}
		ws.split(ly.Out, forwardRows, n, in, l, in.Rows, 1)
	}
}

// forwardRows computes layer j.l's z and a for the rows [lo, hi) of the
// batch.
func forwardRows(j *job, lo, hi int) {
	n, ws, in, l := j.net, j.ws, j.in, j.l
	ly := n.Layers[l]
	rows := hi - lo
	z := ws.Z[l][lo*ly.Out : hi*ly.Out]
	a := ws.A[l][lo*ly.Out : hi*ly.Out]
	if l == 0 {
		kern.SparseGemmBias(rows, ly.Out, in.Ptr[lo:hi+1], in.Idx, in.Val, ly.W, ly.Out, z, ly.Out, ly.B, fusedAct(n, l, a))
	} else {
		prev := n.Layers[l-1]
		kern.GemmBias(rows, ly.Out, ly.In, ws.A[l-1][lo*prev.Out:hi*prev.Out], prev.Out, ly.W, ly.Out, z, ly.Out, ly.B, fusedAct(n, l, a))
	}
	if needsFinish(n, ws, l) {
		finish(n, l, z, a, maskOf(ws, l, lo*ly.Out, hi*ly.Out))
	}
}

// maskOf returns elements [lo, hi) of layer l's dropout mask while masks
// apply, else nil.
func maskOf(ws *Workspace, l, lo, hi int) []float32 {
	if m := ws.Mask[l]; ws.Dropping && m != nil {
		return m[lo:hi]
	}
	return nil
}

// fusedAct returns a, the activations of layer l, when the layer's
// product computes them in its epilogue (kern.GemmBias): a hidden ReLU
// layer. Otherwise it returns nil, and the product adds the bias alone.
func fusedAct(n *Network, l int, a []float32) []float32 {
	if l < len(n.Layers)-1 && n.Arch.Act(l) == ReLU {
		return a
	}
	return nil
}

// needsFinish reports whether layer l needs a pass after its product: a
// hidden layer whose activation the product does not compute, or whose
// dropout mask applies.
func needsFinish(n *Network, ws *Workspace, l int) bool {
	if l == len(n.Layers)-1 {
		return false
	}
	return n.Arch.Act(l) != ReLU || ws.Dropping && ws.Mask[l] != nil
}

// finish completes a hidden layer's z (the product plus bias), a block of
// whole rows or a segment of one: it sets a = f(z) unless the product did,
// and applies the dropout mask m (nil for none).
func finish(n *Network, l int, z, a, m []float32) {
	if n.Arch.Act(l) != ReLU {
		n.Arch.Act(l).Apply(z, a)
	}
	for i, v := range m {
		a[i] *= v
	}
}
