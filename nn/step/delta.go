package step

import (
	"math"

	"backproplab/nn"
)

// DeltaChain says how the followed sample's error signal δ_j = ∂ℓ/∂z_j of
// unit j in a layer was obtained, with the numbers.
//
// For the output layer δ comes from the loss (Output is set; for
// cross-entropy δ_j = p_j − y_j). For a hidden layer l it comes from the
// layer above, as nn.Network.Backward computes it:
//
//	δ_j = f′(z_j) · Σ_k W_{l+1}[j][k] · δ_k
//
// with W_{l+1} the weights before the update and δ_k the deltas of layer
// l+1; FPrime and Back are the two factors, evaluated in float64 from the
// engine's values, and Delta is the engine's own δ_j.
type DeltaChain struct {
	Layer, J int
	Output   bool
	// Output layer: P is p_j (the output), Y is 1 for the label, else 0.
	P float64
	Y int
	// Hidden layer: the activation, z_j and a_j, f′(z_j), the sum
	// Σ_k W_{l+1}[j][k]·δ_k over the Above units of layer l+1.
	Act          nn.Activation
	Z, A         float64
	FPrime, Back float64
	Above        int
	Delta        float64 // the engine's δ_j
}

// DeltaOf returns how δ of unit j of layer l was obtained for the followed
// sample. It panics if the unit does not exist.
func (tr *Trace) DeltaOf(l, j int) DeltaChain {
	if l < 0 || l >= len(tr.Layers) || j < 0 || j >= tr.Layers[l].Out {
		panic("step: unit out of range")
	}
	ly := tr.Layers[l]
	d := DeltaChain{Layer: l, J: j, Z: float64(ly.Z[j]), A: float64(ly.A[j]), Delta: float64(ly.Delta[j])}
	if l == len(tr.Layers)-1 {
		d.Output, d.P = true, float64(ly.A[j])
		if j == tr.Label {
			d.Y = 1
		}
		return d
	}
	d.Act = tr.arch.Act(l)
	d.FPrime = float64(d.Act.Derivative(ly.Z[j], ly.A[j]))
	up := tr.Layers[l+1]
	w := tr.before.Layers[l+1].W // (In, Out): W[j][k] at j·Out + k
	for k := range up.Out {
		d.Back += float64(w[j*up.Out+k]) * float64(up.Delta[k])
	}
	d.Above = up.Out
	return d
}

// Informative returns a weight of layer l whose chain for the followed
// sample is not zero where possible: from the input with the largest |a_i|
// (a pixel for the first layer) to the unit with the largest |δ_j|. It
// returns false if l is not a layer.
func (tr *Trace) Informative(l int) (WeightRef, bool) {
	if l < 0 || l >= len(tr.Layers) {
		return WeightRef{}, false
	}
	in := tr.Input
	if l > 0 {
		in = tr.Layers[l-1].A
	}
	return WeightRef{Layer: l, I: argmaxAbs(in), J: argmaxAbs(tr.Layers[l].Delta)}, true
}

// argmaxAbs returns the index of the largest |v_i| (the first of equals; 0
// for an empty slice).
func argmaxAbs(v []float32) int {
	best, k := -1.0, 0
	for i, x := range v {
		if a := math.Abs(float64(x)); a > best {
			best, k = a, i
		}
	}
	return k
}

// Act returns the activation of hidden layer l (0-based).
func (tr *Trace) Act(l int) nn.Activation { return tr.arch.Act(l) }
