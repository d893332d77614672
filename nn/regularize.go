package nn

import "backproplab/nn/kern"

// Penalty returns the regularisation term added to the loss,
// l1·Σ|w| + l2·Σw², over the weights (not the biases), as Keras's
// kernel_regularizer does.
func (n *Network) Penalty(l1, l2 float64) float64 {
	if l1 == 0 && l2 == 0 {
		return 0
	}
	var s1, s2 float64
	for _, ly := range n.Layers {
		for _, w := range ly.W {
			s1 += float64(abs32(w))
			s2 += float64(w) * float64(w)
		}
	}
	return l1*s1 + l2*s2
}

// AddPenaltyGrad adds the penalty's gradient, l1·sign(w) + 2·l2·w, to grad
// (laid out like Params).
func (n *Network) AddPenaltyGrad(grad []float32, l1, l2 float64) {
	for l, ly := range n.Layers {
		gW, _ := n.LayerGrads(grad, l)
		if l2 != 0 {
			kern.Axpy(float32(2*l2), ly.W, gW)
		}
		if l1 != 0 {
			a := float32(l1)
			for i, w := range ly.W {
				switch {
				case w > 0:
					gW[i] += a
				case w < 0:
					gW[i] -= a
				}
			}
		}
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
