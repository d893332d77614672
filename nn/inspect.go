package nn

import (
	"context"
	"slices"
)

// Inspection: what the app's "Inside the network" screen shows about a
// network, computed without a window.

// Evaluation is a network's full evaluation on a test set: what
// `backproplab eval` reports, plus every prediction, the confusion matrix
// and the mistakes.
type Evaluation struct {
	Loss, Accuracy float64
	Pred           []uint8   // (N) predicted class of each image
	Probs          []float32 // (N, Outputs) class probabilities
	Counts         [][]int   // (Outputs, Outputs): Counts[t][p] images of true class t predicted as p
	Mistakes       []int     // the wrongly predicted images, most confident first
}

// Evaluate runs net over every image of d.
func Evaluate(net *Network, d *Dataset) *Evaluation {
	c := net.Arch.Outputs
	ev := &Evaluation{Pred: make([]uint8, d.N), Probs: make([]float32, d.N*c)}
	ev.Loss, ev.Accuracy = NewEvaluator(net.Arch).Run(net, d, ev.Pred, ev.Probs)
	ev.Counts = ConfusionMatrix(ev.Pred, d.Labels, c)
	for i, p := range ev.Pred {
		if p != d.Labels[i] {
			ev.Mistakes = append(ev.Mistakes, i)
		}
	}
	conf := func(i int) float32 { return ev.Probs[i*c+int(ev.Pred[i])] }
	slices.SortStableFunc(ev.Mistakes, func(a, b int) int { return descending(float64(conf(a)), float64(conf(b))) })
	return ev
}

// Cell returns the images of true class t predicted as p, in order;
// labels are the evaluated set's.
func (ev *Evaluation) Cell(labels []uint8, t, p int) []int {
	var out []int
	for i, q := range ev.Pred {
		if int(q) == p && int(labels[i]) == t {
			out = append(out, i)
		}
	}
	return out
}

// MostExciting returns the k images of d with the largest pre-activation
// z = b + x·W[:, unit] of the first layer's unit, largest first, and
// their z. It stops early, with what it has found, when ctx is done.
func MostExciting(ctx context.Context, net *Network, d *Dataset, unit, k int) (rows []int, z []float32) {
	l := net.Layers[0]
	w := make([]float32, l.In) // the unit's incoming weights, contiguous
	for i := range w {
		w[i] = l.W[i*l.Out+unit]
	}
	x := make([]float32, d.Dim)
	for i := range d.N {
		if i%1000 == 0 {
			if ctx.Err() != nil {
				break
			}
			Yield()
		}
		d.Pixels(i, x)
		zi := l.B[unit]
		for j, v := range x {
			if v != 0 {
				zi += v * w[j]
			}
		}
		if len(z) == k && zi <= z[k-1] {
			continue
		}
		pos := len(z)
		for pos > 0 && z[pos-1] < zi {
			pos--
		}
		rows, z = slices.Insert(rows, pos, i), slices.Insert(z, pos, zi)
		if len(z) > k {
			rows, z = rows[:k], z[:k]
		}
	}
	return rows, z
}

// Contributions returns the k units of the last hidden layer whose
// activation a[j] times its weight to output class c is largest, largest
// first, and those products. a holds that layer's activations.
func Contributions(net *Network, a []float32, c, k int) (units []int, vals []float64) {
	out := net.Layers[len(net.Layers)-1]
	val := make([]float64, len(a))
	units = make([]int, len(a))
	for j := range a {
		units[j] = j
		val[j] = float64(a[j]) * float64(out.W[j*out.Out+c])
	}
	slices.SortStableFunc(units, func(x, y int) int { return descending(val[x], val[y]) })
	units = units[:min(k, len(units))]
	vals = make([]float64, len(units))
	for i, u := range units {
		vals[i] = val[u]
	}
	return units, vals
}

// descending orders larger values first.
func descending(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
