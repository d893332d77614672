package probe

import (
	"context"
	"fmt"
	"slices"

	"backproplab/nn"
)

// Silence returns a copy of net in which the given units of hidden layer
// layer (0-based) are switched off: their outgoing weights, row j of the
// next layer's W, are zero, so the rest of the network no longer hears
// them. net itself is not modified.
func Silence(net *nn.Network, layer int, units []int) (*nn.Network, error) {
	if layer < 0 || layer >= len(net.Layers)-1 {
		return nil, fmt.Errorf("probe: layer %d is not a hidden layer", layer+1)
	}
	c := net.Clone()
	next := c.Layers[layer+1]
	for _, j := range units {
		if j < 0 || j >= next.In {
			return nil, fmt.Errorf("probe: unit %d out of range [0, %d)", j, next.In)
		}
		clear(next.W[j*next.Out : (j+1)*next.Out])
	}
	return c, nil
}

// Accuracy is a network's accuracy on a dataset, overall and per class.
type Accuracy struct {
	Overall  float64
	PerClass []float64 // (Outputs) correct / count per true class; 0 when count is 0
	Count    []int     // (Outputs) examples per true class
}

// Evaluate returns net's accuracy on d, with the engine's evaluator.
func Evaluate(ctx context.Context, net *nn.Network, d *nn.Dataset) (Accuracy, error) {
	if err := ctx.Err(); err != nil {
		return Accuracy{}, err
	}
	if d.Dim != net.Arch.Inputs {
		return Accuracy{}, fmt.Errorf("probe: the data has %d inputs, the network takes %d", d.Dim, net.Arch.Inputs)
	}
	pred := make([]uint8, d.N)
	_, acc := nn.NewEvaluator(net.Arch).Run(net, d, pred, nil)
	c := net.Arch.Outputs
	a := Accuracy{Overall: acc, PerClass: make([]float64, c), Count: make([]int, c)}
	hits := make([]int, c)
	for i, y := range d.Labels {
		if int(y) >= c {
			continue
		}
		a.Count[y]++
		if pred[i] == y {
			hits[y]++
		}
	}
	for k := range c {
		if a.Count[k] > 0 {
			a.PerClass[k] = float64(hits[k]) / float64(a.Count[k])
		}
	}
	return a, ctx.Err()
}

// Ablation is the accuracy of a network before and after silencing units.
type Ablation struct {
	Layer  int
	Units  []int
	Before Accuracy
	After  Accuracy
}

// Ablate evaluates net on d as it is and with the given units of hidden
// layer layer silenced (on a copy, see Silence).
func Ablate(ctx context.Context, net *nn.Network, d *nn.Dataset, layer int, units []int) (Ablation, error) {
	off, err := Silence(net, layer, units)
	if err != nil {
		return Ablation{}, err
	}
	a := Ablation{Layer: layer, Units: slices.Clone(units)}
	if a.Before, err = Evaluate(ctx, net, d); err != nil {
		return Ablation{}, err
	}
	if a.After, err = Evaluate(ctx, off, d); err != nil {
		return Ablation{}, err
	}
	return a, nil
}
