package nn

import (
	"fmt"
	"math"

	"backproplab/nn/kern"
)

// Activation is a hidden layer's non-linearity.
type Activation int

// The hidden-layer activations.
const (
	ReLU Activation = iota
	Sigmoid
	Tanh
	// Linear is the identity: a layer of linear units.
	Linear
)

var activationNames = [...]string{ReLU: "relu", Sigmoid: "sigmoid", Tanh: "tanh", Linear: "linear"}

// String returns the activation's name as used in flags and model files.
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// ParseActivation returns the activation named s ("relu", "sigmoid", "tanh"
// or "linear").
func ParseActivation(s string) (Activation, error) {
	for i, n := range activationNames {
		if n == s {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q (want relu, sigmoid, tanh or linear)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (a Activation) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Activation) UnmarshalText(b []byte) error {
	v, err := ParseActivation(string(b))
	*a = v
	return err
}

// Apply sets out[i] = f(z[i]).
func (a Activation) Apply(z, out []float32) {
	out = out[:len(z)]
	switch a {
	case ReLU:
		// Branch-free max(v, 0): clear negative values (sign bit set) to +0.
		for i, v := range z {
			b := math.Float32bits(v)
			out[i] = math.Float32frombits(b &^ uint32(int32(b)>>31))
		}
	case Sigmoid:
		for i, v := range z {
			out[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range z {
			out[i] = tanh32(v)
		}
	case Linear:
		copy(out, z)
	default:
		panic("nn: bad activation")
	}
}

// Backward multiplies grad in place by f′(z), given the activation's output
// a = f(z): grad[i] *= f′(z[i]). For ReLU this is the mask a > 0.
func (a Activation) Backward(act, grad []float32) {
	grad = grad[:len(act)]
	switch a {
	case ReLU:
		// A ReLU output is +0 or positive, so its bits are zero exactly
		// where the unit is off: the kernel clears grad there, branch-free
		// (signs are random, and a branch mispredicts half the time).
		kern.ReLUBackward(act, grad)
	case Sigmoid:
		for i, v := range act {
			grad[i] *= v * (1 - v)
		}
	case Tanh:
		for i, v := range act {
			grad[i] *= 1 - v*v
		}
	case Linear:
	default:
		panic("nn: bad activation")
	}
}

// Derivative returns f′(z) given z and a = f(z).
func (a Activation) Derivative(z, act float32) float32 {
	switch a {
	case ReLU:
		if z > 0 {
			return 1
		}
		return 0
	case Sigmoid:
		return act * (1 - act)
	case Tanh:
		return 1 - act*act
	case Linear:
		return 1
	}
	panic("nn: bad activation")
}

func sigmoid(v float32) float32 {
	if v >= 0 {
		return float32(1 / (1 + math.Exp(-float64(v))))
	}
	e := math.Exp(float64(v))
	return float32(e / (1 + e))
}
