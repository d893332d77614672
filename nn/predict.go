package nn

// Predictor runs single inputs through a network without allocating. Its
// workspace keeps the last pass's pre-activations and activations, which the
// views show.
type Predictor struct {
	WS *Workspace
	in Input
}

// NewPredictor returns a predictor for networks of architecture a.
func NewPredictor(a Arch) *Predictor {
	return &Predictor{WS: NewWorkspace(a, 1)}
}

// Predict runs x (length Inputs) through net and returns the output
// probabilities, a view into the workspace valid until the next call.
func (p *Predictor) Predict(net *Network, x []float32) []float32 {
	p.in.Reset(net.Arch.Inputs)
	p.in.AppendDense(x)
	net.Forward(p.WS, &p.in)
	return p.WS.Probs(0)
}
