package proj

import (
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"backproplab/nn"
)

// batchRows is how many rows a forward pass takes at a time.
const batchRows = 500

// Sample returns n distinct rows of a data set of total rows, drawn from a
// PCG seeded with seed, in increasing order. It returns every row when
// n ≥ total.
func Sample(total, n int, seed uint64) []int {
	if n >= total {
		n = total
	}
	if n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x70726f6a)) // "proj"
	rows := rng.Perm(total)[:n]
	slices.Sort(rows)
	return rows
}

// Layers returns how many representations net has: the input, each hidden
// layer and the output.
func Layers(net *nn.Network) int { return len(net.Layers) + 1 }

// Width returns the number of values in representation k of net: the input
// size for k = 0, otherwise the units of layer k.
func Width(net *nn.Network, k int) int {
	if k == 0 {
		return net.Arch.Inputs
	}
	return net.Layers[k-1].Out
}

// Activations returns representation k of every row of d under net, one
// row per sample: (d.N, Width(net, k)). Representation 0 is the raw input,
// 1 … L−1 are the hidden layers' activations and L (= Layers−1) is the
// output layer's logits. An empty d gives an empty matrix. It panics if k is out of range or d does not fit
// net.
func Activations(net *nn.Network, d *nn.Dataset, k int) *mat.Dense {
	if k < 0 || k >= Layers(net) {
		panic("proj: no such layer")
	}
	if d.Dim != net.Arch.Inputs {
		panic("proj: data set does not fit the network")
	}
	w := Width(net, k)
	if d.N == 0 {
		return &mat.Dense{}
	}
	out := mat.NewDense(d.N, w, nil)
	raw := out.RawMatrix()
	if k == 0 {
		x := make([]float32, d.Dim)
		for i := range d.N {
			d.Pixels(i, x)
			row := raw.Data[i*raw.Stride : i*raw.Stride+w]
			for j, v := range x {
				row[j] = float64(v)
			}
		}
		return out
	}
	ws := nn.NewWorkspace(net.Arch, min(batchRows, d.N))
	var in nn.Input
	y := make([]uint8, ws.Cap())
	idx := make([]int, 0, ws.Cap())
	last := len(net.Layers) - 1
	for a := 0; a < d.N; a += ws.Cap() {
		b := min(a+ws.Cap(), d.N)
		idx = idx[:0]
		for r := a; r < b; r++ {
			idx = append(idx, r)
		}
		d.Gather(idx, &in, y[:b-a])
		net.Forward(ws, &in)
		src := ws.A[k-1]
		if k-1 == last {
			src = ws.Z[last]
		}
		for i := range b - a {
			row := raw.Data[(a+i)*raw.Stride : (a+i)*raw.Stride+w]
			for j, v := range src[i*w : (i+1)*w] {
				row[j] = float64(v)
			}
		}
	}
	return out
}
