package nn

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Dense is one fully connected layer: z = a·W + b.
type Dense struct {
	In, Out int
	W       []float32 // (In, Out): W[i*Out+j] is the weight from input i to unit j.
	B       []float32 // (Out)
}

// Network is a multilayer perceptron with a softmax output (or one linear
// output for regression). Its parameters
// live in one contiguous slice; the layers' W and B are views into it.
type Network struct {
	Arch   Arch
	Layers []Dense
	Params []float32 // W1, b1, W2, b2, … back to back.

	off []int // offset of each layer's W in Params
}

// NewNetwork returns a network with freshly initialised weights drawn from a
// PCG generator seeded with seed. It panics if the architecture is invalid.
func NewNetwork(a Arch, seed uint64) *Network {
	if err := a.Validate(); err != nil {
		panic(err)
	}
	n := newZero(a)
	rng := rand.New(rand.NewPCG(seed, 0x6261636b70726f70)) // "backprop"
	for _, l := range n.Layers {
		var lim float64
		switch a.Init {
		case HeUniform:
			lim = math.Sqrt(6 / float64(l.In))
		default:
			lim = math.Sqrt(6 / float64(l.In+l.Out))
		}
		for i := range l.W {
			l.W[i] = float32((2*rng.Float64() - 1) * lim)
		}
	}
	return n
}

// newZero returns a network of architecture a with all parameters zero.
func newZero(a Arch) *Network {
	n := &Network{Arch: a, Params: make([]float32, a.NumParams())}
	n.Layers, n.off = layerViews(a, n.Params)
	return n
}

// layerViews slices p into the layers of architecture a and returns them
// with the offset of each layer's W in p.
func layerViews(a Arch, p []float32) ([]Dense, []int) {
	w := a.Widths()
	ls := make([]Dense, len(w)-1)
	offs := make([]int, len(ls))
	off := 0
	for l := range ls {
		in, out := w[l], w[l+1]
		offs[l] = off
		ls[l] = Dense{In: in, Out: out, W: p[off : off+in*out : off+in*out]}
		off += in * out
		ls[l].B = p[off : off+out : off+out]
		off += out
	}
	return ls, offs
}

// Clone returns a deep copy of the network.
func (n *Network) Clone() *Network {
	c := &Network{Arch: n.Arch.Clone(), Params: slices.Clone(n.Params)}
	c.Layers, c.off = layerViews(c.Arch, c.Params)
	return c
}

// CopyFrom copies src's parameters into n. Both must have the same architecture.
func (n *Network) CopyFrom(src *Network) {
	if len(n.Params) != len(src.Params) {
		panic("nn: CopyFrom architecture mismatch")
	}
	copy(n.Params, src.Params)
}

// Finite reports whether every parameter is a finite number.
func (n *Network) Finite() bool {
	for _, v := range n.Params {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return false
		}
	}
	return true
}

// LayerGrads returns the views of grad (laid out like Params) that hold
// layer l's weight and bias gradients.
func (n *Network) LayerGrads(grad []float32, l int) (gW, gB []float32) {
	ly := n.Layers[l]
	o := n.off[l]
	return grad[o : o+ly.In*ly.Out], grad[o+ly.In*ly.Out : o+ly.In*ly.Out+ly.Out]
}
