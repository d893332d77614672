package probe

import (
	"fmt"
	"math"

	"backproplab/nn"
	"backproplab/nn/kern"
)

// inputGrad back-propagates the output delta left in ws through net (the
// engine's Backward) and one step further, to the inputs, with the engine's
// kernel: ∂/∂x = δ_1·W_1ᵀ. It returns (Rows, Inputs) values.
func inputGrad(net *nn.Network, ws *nn.Workspace, in *nn.Input) []float32 {
	net.Backward(ws, in)
	ly := net.Layers[0]
	rows := ws.Rows
	dx := make([]float32, rows*ly.In)
	kern.GemmTB(rows, ly.Out, ly.In, ws.Delta[0][:rows*ly.Out], ly.Out, ly.W, ly.Out, dx, ly.In)
	return dx
}

// InputGradient returns ∂L/∂x of p's mean data loss with respect to every
// input of every row, (Rows, Inputs). The penalty does not depend on x.
func InputGradient(p Problem) []float32 {
	ws := nn.NewWorkspace(p.Net.Arch, p.In.Rows)
	p.Net.ForwardLoss(ws, p.In, p.Y, true)
	return inputGrad(p.Net, ws, p.In)
}

// checkImage validates one input image for net.
func checkImage(net *nn.Network, x []float32) error {
	if len(x) != net.Arch.Inputs {
		return fmt.Errorf("probe: the image has %d pixels, the network takes %d", len(x), net.Arch.Inputs)
	}
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("probe: pixel %d is %v", i, v)
		}
	}
	return nil
}

// Saliency returns ∂z_c/∂x: how the score of class c (its logit, the
// softmax's input) changes with each pixel of the image x. Positive pixels
// push for class c, negative ones against it.
func Saliency(net *nn.Network, x []float32, c int) ([]float32, error) {
	if err := checkImage(net, x); err != nil {
		return nil, err
	}
	if c < 0 || c >= net.Arch.Outputs {
		return nil, fmt.Errorf("probe: class %d out of range [0, %d)", c, net.Arch.Outputs)
	}
	ws := nn.NewWorkspace(net.Arch, 1)
	in := nn.NewInput(len(x), x)
	net.Forward(ws, in)
	last := len(net.Layers) - 1
	d := ws.Delta[last][:net.Arch.Outputs]
	clear(d)
	d[c] = 1 // ∂z_c/∂z = one-hot(c)
	return inputGrad(net, ws, in), nil
}

// Scores returns the logits z and the probabilities p of image x.
func Scores(net *nn.Network, x []float32) (z, p []float32, err error) {
	if err := checkImage(net, x); err != nil {
		return nil, nil, err
	}
	ws := nn.NewWorkspace(net.Arch, 1)
	net.Forward(ws, nn.NewInput(len(x), x))
	last := len(net.Layers) - 1
	c := net.Arch.Outputs
	return append([]float32(nil), ws.Z[last][:c]...), append([]float32(nil), ws.A[last][:c]...), nil
}

// Fool returns the image one signed-gradient step of size eps moves x
// toward class target: x' = clip(x − ε·sign(∂L/∂x), 0, 1), where L is the
// network's loss with target as the label (Goodfellow et al. 2015, "fast
// gradient sign method", in its targeted form). x is not modified.
func Fool(net *nn.Network, x []float32, target int, eps float64) ([]float32, error) {
	if net.Arch.Loss == nn.Regression {
		return nil, fmt.Errorf("probe: a regression network has no classes to aim at")
	}
	if !(eps >= 0) || eps > 1 {
		return nil, fmt.Errorf("probe: ε = %g out of range [0, 1]", eps)
	}
	p, err := NewInputProblem(net, x, target)
	if err != nil {
		return nil, err
	}
	if err := checkImage(net, x); err != nil {
		return nil, err
	}
	g := InputGradient(p)
	out := make([]float32, len(x))
	for i, v := range x {
		s := 0.0
		switch {
		case g[i] > 0:
			s = 1
		case g[i] < 0:
			s = -1
		}
		out[i] = float32(min(max(float64(v)-eps*s, 0), 1))
	}
	return out, nil
}
