package step

import (
	"math"

	"backproplab/nn"
)

// WeightRef names W_l[i][j], the weight from input i of layer l to its unit j.
type WeightRef struct{ Layer, I, J int }

// Chain is the life of one weight during a step: the chain rule that gives
// its gradient and the optimiser's rule that updates it, with the numbers.
type Chain struct {
	Ref   WeightRef
	Index int // position in Params

	// The chain rule for the followed sample: ∂ℓ/∂w_ij = δ_j · a_i, where a_i
	// is the layer's input i (a pixel for the first layer).
	DeltaJ, AI, SampleGrad float64
	// G is ∂L/∂w of the batch (the mean of δ_j·a_i over the batch, plus
	// the penalty's gradient): the number the optimiser used.
	G float64

	W0, W1 float64 // the weight before and after (the engine's values)
	// Delta is W1 − W0 as the engine computed it.
	Delta float64
	// Rule is the update the textbook rule gives, in float64 from the
	// optimiser's state, for comparison with Delta.
	Rule float64

	T int // the update's number, 1-based (Adam's t)
	// Momentum: U0 and U1 are the velocity before and after (u ← μ·u − η·g).
	// Adam: M0, V0 are the moments before, M1, V1 after
	// (m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²); MHat and VHat their
	// bias-corrected values m/(1−β1ᵗ), v/(1−β2ᵗ); StepSize is Keras's
	// αₜ = η·√(1−β2ᵗ)/(1−β1ᵗ), and the step is αₜ·m/(√v + ε).
	U0, U1         float64
	M0, V0, M1, V1 float64
	MHat, VHat     float64
	StepSize       float64
}

// Valid reports whether r names a weight of the traced network.
func (tr *Trace) Valid(r WeightRef) bool {
	if r.Layer < 0 || r.Layer >= len(tr.Layers) {
		return false
	}
	ly := tr.Layers[r.Layer]
	return r.I >= 0 && r.I < ly.In && r.J >= 0 && r.J < ly.Out
}

// Weight returns the chain of weight r. It panics if r is not Valid.
func (tr *Trace) Weight(r WeightRef) Chain {
	if !tr.Valid(r) {
		panic("step: weight out of range")
	}
	ly := tr.Layers[r.Layer]
	k := r.I*ly.Out + r.J
	idx := k // the index of W_l[i][j] in Params: W1, b1, W2, b2, …
	for _, p := range tr.Layers[:r.Layer] {
		idx += p.In*p.Out + p.Out
	}
	c := Chain{Ref: r, Index: idx, T: tr.opt1.T}
	c.DeltaJ = float64(ly.Delta[r.J])
	if r.Layer == 0 {
		c.AI = float64(tr.Input[r.I])
	} else {
		c.AI = float64(tr.Layers[r.Layer-1].A[r.I])
	}
	c.SampleGrad = c.DeltaJ * c.AI
	if c.SampleGrad == 0 {
		c.SampleGrad = 0 // not −0 (a negative δ_j times an input of 0), which reads as a sign
	}
	c.G = float64(tr.grad[idx])
	c.W0, c.W1 = float64(tr.before.Params[idx]), float64(tr.after[idx])
	c.Delta = float64(tr.after[idx] - tr.before.Params[idx])
	eta := tr.opt0.LearningRate
	switch tr.Method {
	case nn.GD, nn.SGD:
		c.Rule = -eta * c.G
	case nn.Momentum:
		c.U0, c.U1 = float64(tr.opt0.M[idx]), float64(tr.opt1.M[idx])
		c.Rule = tr.opt0.Momentum*c.U0 - eta*c.G
	case nn.Adam:
		t := float64(c.T)
		c.M0, c.V0 = float64(tr.opt0.M[idx]), float64(tr.opt0.V[idx])
		c.M1, c.V1 = float64(tr.opt1.M[idx]), float64(tr.opt1.V[idx])
		m := nn.AdamBeta1*c.M0 + (1-nn.AdamBeta1)*c.G
		v := nn.AdamBeta2*c.V0 + (1-nn.AdamBeta2)*c.G*c.G
		c.MHat = m / (1 - math.Pow(nn.AdamBeta1, t))
		c.VHat = v / (1 - math.Pow(nn.AdamBeta2, t))
		c.StepSize = nn.AdamStepSize(eta, c.T)
		c.Rule = -c.StepSize * m / (math.Sqrt(v) + nn.AdamEpsilon)
	}
	return c
}
