package probe

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"

	"backproplab/nn"
)

// Curve answers "how many units does a 7 need?": the accuracy on one class
// as the units of a hidden layer are silenced one after another, the most
// important for that class first, beside the same with the units taken in
// a random order and the accuracy on the other classes.
type Curve struct {
	Layer, Class int
	// Importance is, per unit, how much the mean loss on the class's
	// examples rises when that unit alone is silenced (Silence).
	Importance []float64 // (units)
	// Order lists the units by importance, the largest rise first.
	Order []int // (units)
	// Class[k] is the accuracy on the class's examples with Order[:k]
	// silenced; Others[k] is the accuracy on the rest of the data with the
	// same units silenced; Random[k] is the accuracy on the class with the
	// first k units of RandomOrder silenced. Each has units+1 values.
	ClassAcc, Others, Random []float64
	RandomOrder              []int
	// Examples and Rest are how many examples of the class and of the
	// other classes were evaluated.
	Examples, Rest int
}

// Needed returns the fewest units (silenced in Order) after which the
// accuracy on the class falls below frac of its value with all units, or
// −1 when it never does.
func (c Curve) Needed(frac float64) int {
	if len(c.ClassAcc) == 0 {
		return -1
	}
	for k, a := range c.ClassAcc {
		if a < frac*c.ClassAcc[0] {
			return k
		}
	}
	return -1
}

// UnitCurve computes the Curve of class on hidden layer layer (0-based) of
// net, on the examples of d (the rest of d, at most rest rows of it drawn
// with seed, gives Others; seed also draws RandomOrder). progress, if not
// nil, is told how many of the evaluations are done. net is not modified:
// every silencing is on a copy.
func UnitCurve(ctx context.Context, net *nn.Network, d *nn.Dataset, layer, class, rest int, seed uint64, progress func(done, total int)) (Curve, error) {
	if layer < 0 || layer >= len(net.Layers)-1 {
		return Curve{}, fmt.Errorf("probe: layer %d is not a hidden layer", layer+1)
	}
	if class < 0 || class >= net.Arch.Outputs {
		return Curve{}, fmt.Errorf("probe: class %d out of range [0, %d)", class, net.Arch.Outputs)
	}
	if d.Dim != net.Arch.Inputs {
		return Curve{}, fmt.Errorf("probe: the data has %d inputs, the network takes %d", d.Dim, net.Arch.Inputs)
	}
	var mine, others []int
	for i, y := range d.Labels {
		if int(y) == class {
			mine = append(mine, i)
		} else {
			others = append(others, i)
		}
	}
	if len(mine) == 0 {
		return Curve{}, fmt.Errorf("probe: the data has no example of class %d", class)
	}
	rng := rand.New(rand.NewPCG(seed, 0x63757276)) // "curv"
	if len(others) > rest {
		rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
		others = others[:max(rest, 0)]
		slices.Sort(others)
	}
	dc, do := d.Subset(mine), d.Subset(others)
	units := net.Layers[layer+1].In
	c := Curve{Layer: layer, Class: class, Importance: make([]float64, units), Examples: dc.N, Rest: do.N}
	total := units + 3*(units+1)
	done := 0
	tick := func() error {
		done++
		if progress != nil {
			progress(done, total)
		}
		return ctx.Err()
	}
	ev := nn.NewEvaluator(net.Arch)
	base, _ := ev.Run(net, dc, nil, nil)
	for j := range units {
		off, err := Silence(net, layer, []int{j})
		if err != nil {
			return Curve{}, err
		}
		l, _ := ev.Run(off, dc, nil, nil)
		c.Importance[j] = l - base
		if err := tick(); err != nil {
			return Curve{}, err
		}
	}
	c.Order = make([]int, units)
	for j := range c.Order {
		c.Order[j] = j
	}
	sort.SliceStable(c.Order, func(a, b int) bool { return c.Importance[c.Order[a]] > c.Importance[c.Order[b]] })
	c.RandomOrder = rng.Perm(units)
	// sweep silences order's units one by one on one copy and evaluates
	// after each.
	sweep := func(order []int, sets ...*nn.Dataset) ([][]float64, error) {
		out := make([][]float64, len(sets))
		cp := net.Clone()
		next := cp.Layers[layer+1]
		for k := 0; k <= len(order); k++ {
			if k > 0 {
				j := order[k-1]
				clear(next.W[j*next.Out : (j+1)*next.Out])
			}
			for s, ds := range sets {
				acc := 0.0
				if ds.N > 0 {
					_, acc = ev.Run(cp, ds, nil, nil)
				}
				out[s] = append(out[s], acc)
				if err := tick(); err != nil {
					return nil, err
				}
			}
		}
		return out, nil
	}
	r, err := sweep(c.Order, dc, do)
	if err != nil {
		return Curve{}, err
	}
	c.ClassAcc, c.Others = r[0], r[1]
	if r, err = sweep(c.RandomOrder, dc); err != nil {
		return Curve{}, err
	}
	c.Random = r[0]
	return c, nil
}
