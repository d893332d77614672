package probe

import (
	"fmt"
	"math"

	"backproplab/nn"
)

// net64 is the engine's forward pass in float64 for one problem: the same
// layers, weights, activation and loss as nn.Network.ForwardLoss, without
// float32 rounding, so that a central difference of it resolves gradients
// far below float32's noise (a float32 loss moves by about 1e-8 from
// rounding alone, which swamps a difference of 1e-4·2h). Its base pass is
// checked against the engine's loss (Gap).
type net64 struct {
	p     Problem
	acts  []nn.Activation // per hidden layer
	loss  nn.Loss
	rows  int
	w, b  [][]float64 // per layer: W (In, Out) and b (Out)
	z, a  [][]float64 // per layer: the base pass, (rows, Out)
	base  float64     // the base objective
	pen   float64     // the base penalty
	delta []float64   // scratch: a perturbed layer's pre-activations
}

// newNet64 copies p's network into float64 and runs the base pass. It fails
// for an activation or loss it does not know.
func newNet64(p Problem) (*net64, error) {
	a := p.Net.Arch
	n := &net64{p: p, loss: a.Loss, rows: p.In.Rows}
	for l := range a.Hidden {
		switch act := a.Act(l); act {
		case nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Linear:
			n.acts = append(n.acts, act)
		default:
			return nil, fmt.Errorf("probe: no float64 forward pass for activation %v", act)
		}
	}
	switch a.Loss {
	case nn.CrossEntropy, nn.MSE:
	case nn.Regression:
		if len(p.In.Target) != p.In.Rows {
			return nil, fmt.Errorf("probe: a regression batch without targets")
		}
	default:
		return nil, fmt.Errorf("probe: no float64 forward pass for loss %v", a.Loss)
	}
	for _, ly := range p.Net.Layers {
		n.w = append(n.w, to64(ly.W))
		n.b = append(n.b, to64(ly.B))
		n.z = append(n.z, make([]float64, n.rows*ly.Out))
		n.a = append(n.a, make([]float64, n.rows*ly.Out))
	}
	n.forwardFrom(0, n.z, n.a)
	n.pen = p.Net.Penalty(p.L1, p.L2)
	n.base = n.dataLoss(n.z[len(n.z)-1]) + n.pen
	return n, nil
}

func to64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// layerOut computes z = a_prev·W + b for layer l into z, with a_prev the
// sparse input for layer 0 and aPrev otherwise, then a = f(z) (hidden).
func (n *net64) layerOut(l int, aPrev, z, a []float64) {
	ly := n.p.Net.Layers[l]
	w, b := n.w[l], n.b[l]
	for r := range n.rows {
		zr := z[r*ly.Out : (r+1)*ly.Out]
		copy(zr, b)
		if l == 0 {
			in := n.p.In
			for e := in.Ptr[r]; e < in.Ptr[r+1]; e++ {
				x := float64(in.Val[e])
				wi := w[int(in.Idx[e])*ly.Out:]
				for j := range zr {
					zr[j] += x * wi[j]
				}
			}
		} else {
			ar := aPrev[r*ly.In : (r+1)*ly.In]
			for i, x := range ar {
				if x == 0 {
					continue
				}
				wi := w[i*ly.Out:]
				for j := range zr {
					zr[j] += x * wi[j]
				}
			}
		}
	}
	if l < len(n.w)-1 {
		n.activate(l, z, a)
	}
}

// forwardFrom runs layers l… into z and a, reading layer l−1's activations
// from a.
func (n *net64) forwardFrom(l int, z, a [][]float64) {
	for k := l; k < len(n.w); k++ {
		var prev []float64
		if k > 0 {
			prev = a[k-1]
		}
		n.layerOut(k, prev, z[k], a[k])
	}
}

// activate sets a = f(z) with hidden layer l's activation.
func (n *net64) activate(l int, z, a []float64) {
	for i, v := range z {
		switch n.acts[l] {
		case nn.Linear:
			a[i] = v
		case nn.ReLU:
			a[i] = max(v, 0)
		case nn.Sigmoid:
			a[i] = 1 / (1 + math.Exp(-v))
		case nn.Tanh:
			a[i] = math.Tanh(v)
		}
	}
}

// dataLoss returns the mean loss of the logits z (rows, Outputs), as
// nn.Loss.Forward defines it.
func (n *net64) dataLoss(z []float64) float64 {
	c := n.p.Net.Arch.Outputs
	var total float64
	if n.loss == nn.Regression {
		for r, v := range z[:n.rows] {
			d := v - float64(n.p.In.Target[r])
			total += d * d
		}
		return total / float64(n.rows)
	}
	for r := range n.rows {
		zr := z[r*c : (r+1)*c]
		y := int(n.p.Y[r])
		m := zr[0]
		for _, v := range zr[1:] {
			m = max(m, v)
		}
		var s float64
		for _, v := range zr {
			s += math.Exp(v - m)
		}
		switch n.loss {
		case nn.CrossEntropy:
			total += math.Log(s) - (zr[y] - m)
		case nn.MSE:
			var l float64
			for j, v := range zr {
				d := math.Exp(v-m) / s
				if j == y {
					d--
				}
				l += d * d
			}
			total += l / float64(c)
		}
	}
	return total / float64(n.rows)
}

// perturbed returns the objective with parameter r (at index idx) moved by
// d, and for ReLU whether each hidden pre-activation from r's layer on is
// positive (appended to signs). Layers below r's are the base pass's; r's
// own layer changes in one column.
func (n *net64) perturbed(r Ref, d float64, signs []bool) (float64, []bool) {
	l := r.Layer
	z := make([][]float64, len(n.w))
	a := make([][]float64, len(n.w))
	copy(z, n.z)
	copy(a, n.a)
	ly := n.p.Net.Layers[l]
	z[l] = append(n.delta[:0], n.z[l]...)
	n.delta = z[l]
	for row := range n.rows {
		x := 1.0
		if !r.Bias {
			x = n.input(l, row, r.I)
		}
		z[l][row*ly.Out+r.J] += x * d
	}
	if l < len(n.w)-1 {
		a[l] = make([]float64, len(z[l]))
		n.activate(l, z[l], a[l])
		for k := l + 1; k < len(n.w); k++ {
			z[k] = make([]float64, len(n.z[k]))
			a[k] = make([]float64, len(n.a[k]))
		}
		n.forwardFrom(l+1, z, a)
	}
	for k := l; k < len(n.w)-1; k++ {
		if n.acts[k] != nn.ReLU {
			continue
		}
		for _, v := range z[k] {
			signs = append(signs, v > 0)
		}
	}
	pen := n.pen
	if !r.Bias && (n.p.L1 != 0 || n.p.L2 != 0) {
		w := n.w[l][r.I*ly.Out+r.J]
		pen += n.p.L1*(math.Abs(w+d)-math.Abs(w)) + n.p.L2*((w+d)*(w+d)-w*w)
	}
	return n.dataLoss(z[len(z)-1]) + pen, signs
}

// input returns a_i of layer l for a row: a pixel for layer 0.
func (n *net64) input(l, row, i int) float64 {
	if l > 0 {
		return n.a[l-1][row*n.p.Net.Layers[l].In+i]
	}
	in := n.p.In
	for e := in.Ptr[row]; e < in.Ptr[row+1]; e++ {
		if int(in.Idx[e]) == i {
			return float64(in.Val[e])
		}
	}
	return 0
}

// Gap returns the difference between the float64 forward pass's objective
// and the engine's float32 one at the network's own parameters: float32
// rounding, about 1e-7 of the loss when all is well.
func (n *net64) Gap() float64 {
	return n.base - n.p.Loss()
}
