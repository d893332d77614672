package nn

import (
	"fmt"
	"math"

	"backproplab/nn/kern"
)

// Method is an optimisation method.
type Method int

// The optimisation methods.
const (
	// GD is full-batch gradient descent: one update per epoch, on the
	// gradient of the whole training set.
	GD Method = iota
	// SGD is mini-batch stochastic gradient descent: w ← w − η·g.
	SGD
	// Momentum is SGD with momentum, as Keras does it:
	// u ← μ·u − η·g; w ← w + u.
	Momentum
	// Adam is Adam with the Keras defaults β1 0.9, β2 0.999, ε 1e-7.
	Adam
)

var methodNames = [...]string{GD: "gd", SGD: "sgd", Momentum: "momentum", Adam: "adam"}

// String returns the method's name as used in flags and files.
func (m Method) String() string {
	if m < 0 || int(m) >= len(methodNames) {
		return fmt.Sprintf("Method(%d)", int(m))
	}
	return methodNames[m]
}

// ParseMethod returns the method named s ("gd", "sgd", "momentum" or "adam").
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if n == s {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown optimizer %q (want gd, sgd, momentum or adam)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := ParseMethod(string(b))
	*m = v
	return err
}

// The Adam constants, as in Keras.
const (
	AdamBeta1   = 0.9
	AdamBeta2   = 0.999
	AdamEpsilon = 1e-7
)

// Optimizer updates parameters from their gradients and keeps the state that
// the method needs (velocity for momentum; m, v and t for Adam).
type Optimizer struct {
	Method       Method
	LearningRate float64
	Momentum     float64 // μ, for Momentum

	T    int       // number of updates so far
	M, V []float32 // Adam's first and second moments; Momentum's velocity is M
}

// NewOptimizer returns an optimiser for n parameters.
func NewOptimizer(m Method, lr, momentum float64, n int) *Optimizer {
	o := &Optimizer{Method: m, LearningRate: lr, Momentum: momentum}
	switch m {
	case Momentum:
		o.M = make([]float32, n)
	case Adam:
		o.M = make([]float32, n)
		o.V = make([]float32, n)
	}
	return o
}

// Clone returns a deep copy of the optimiser's state.
func (o *Optimizer) Clone() *Optimizer {
	c := *o
	c.M = append([]float32(nil), o.M...)
	c.V = append([]float32(nil), o.V...)
	return &c
}

// AdamStepSize returns Adam's bias-corrected step size for update t (1-based):
// η·√(1−β2ᵗ)/(1−β1ᵗ).
func AdamStepSize(lr float64, t int) float64 {
	return lr * math.Sqrt(1-math.Pow(AdamBeta2, float64(t))) / (1 - math.Pow(AdamBeta1, float64(t)))
}

// StepPenalized adds the gradient of net's penalty l1·Σ|w| + l2·Σw² to
// grad (laid out like net.Params), as Network.AddPenaltyGrad does, and
// applies one update to net's parameters with it. For Adam both happen in
// one pass over the parameters.
func (o *Optimizer) StepPenalized(net *Network, grad []float32, l1, l2 float64) {
	o.stepPenalized(net, grad, l1, l2, nil)
}

// stepPenalized is StepPenalized, splitting Adam's large ranges over ws's
// threads when ws is not nil.
func (o *Optimizer) stepPenalized(net *Network, grad []float32, l1, l2 float64, ws *Workspace) {
	if o.Method != Adam {
		net.AddPenaltyGrad(grad, l1, l2)
		o.Step(net.Params, grad)
		return
	}
	if l1 == 0 && l2 == 0 && ws == nil {
		o.Step(net.Params, grad)
		return
	}
	o.T++
	lrT := float32(AdamStepSize(o.LearningRate, o.T))
	for l, ly := range net.Layers {
		w := net.off[l] // W, then B
		b := w + ly.In*ly.Out
		// Split only where the backward pass split the layer's weight
		// gradient by its rows, so that each thread updates the rows it
		// computed (see halves.go).
		wws := ws
		if l == 0 && !splitsInputs(ly) || ly.Out < parMinWidth {
			wws = nil
		}
		o.adamRange(net.Params, grad, w, b, lrT, float32(l1), float32(l2), wws)
		o.adamRange(net.Params, grad, b, b+ly.Out, lrT, 0, 0, nil)
	}
}

// adamRange updates params[i:j], over ws's threads when ws is not nil and
// the range is large. Shares start at multiples of 16 parameters, so that
// each element gets the same bits whatever the split.
func (o *Optimizer) adamRange(params, grad []float32, i, j int, lrT, l1, l2 float32, ws *Workspace) {
	if ws == nil || ws.pool == nil || j-i < parMinParams {
		kern.AdamPenalized(params[i:j], grad[i:j], o.M[i:j], o.V[i:j], lrT, AdamBeta1, AdamBeta2, AdamEpsilon, l1, l2)
		return
	}
	jb := &ws.job
	*jb = job{fn: adamShare, opt: o, off: i, lrT: lrT, l1: l1, l2: l2, params: params, grad: grad}
	ws.pool.run(jb, j-i, 16)
	*jb = job{}
}

// adamShare updates the share [lo, hi) of the range j.off….
func adamShare(j *job, lo, hi int) {
	o, a, b := j.opt, j.off+lo, j.off+hi
	kern.AdamPenalized(j.params[a:b], j.grad[a:b], o.M[a:b], o.V[a:b], j.lrT, AdamBeta1, AdamBeta2, AdamEpsilon, j.l1, j.l2)
}

// Step applies one update to params given grad.
func (o *Optimizer) Step(params, grad []float32) {
	o.T++
	lr := float32(o.LearningRate)
	switch o.Method {
	case GD, SGD:
		kern.Axpy(-lr, grad, params)
	case Momentum:
		mu := float32(o.Momentum)
		u := o.M
		for i, g := range grad {
			u[i] = mu*u[i] - lr*g
		}
		kern.Axpy(1, u, params)
	case Adam:
		kern.Adam(params, grad, o.M, o.V, float32(AdamStepSize(o.LearningRate, o.T)), AdamBeta1, AdamBeta2, AdamEpsilon)
	default:
		panic("nn: bad optimizer")
	}
}
