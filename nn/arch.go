package nn

import (
	"errors"
	"fmt"
	"slices"
)

// Init is a weight initialisation scheme. Biases always start at zero.
type Init int

// The initialisation schemes.
const (
	// GlorotUniform draws from U(−l, l) with l = √(6/(fanIn+fanOut)), the Keras default.
	GlorotUniform Init = iota
	// HeUniform draws from U(−l, l) with l = √(6/fanIn), suited to ReLU.
	HeUniform
)

var initNames = [...]string{GlorotUniform: "glorot", HeUniform: "he"}

// String returns the scheme's short name, "glorot" or "he".
func (in Init) String() string {
	if in < 0 || int(in) >= len(initNames) {
		return fmt.Sprintf("Init(%d)", int(in))
	}
	return initNames[in]
}

// ParseInit returns the scheme named s.
func ParseInit(s string) (Init, error) {
	for i, n := range initNames {
		if n == s {
			return Init(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown initialisation %q (want glorot or he)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (in Init) MarshalText() ([]byte, error) { return []byte(in.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (in *Init) UnmarshalText(b []byte) error {
	v, err := ParseInit(string(b))
	*in = v
	return err
}

// Arch describes a network: Inputs → Hidden… → Outputs (softmax, or one
// linear unit for the Regression loss).
type Arch struct {
	Inputs     int        `json:"inputs"`
	Hidden     []int      `json:"hidden"`
	Outputs    int        `json:"outputs"`
	Activation Activation `json:"activation"`
	Loss       Loss       `json:"loss"`
	Init       Init       `json:"init"`
	// Activations, when not nil, gives each hidden layer its own
	// activation (len(Hidden) entries) and overrides Activation.
	Activations []Activation `json:"activations,omitempty"`
	// Dropout, when not nil, gives each hidden layer's dropout rate
	// (len(Hidden) entries in [0, MaxDropout]): during training each unit's
	// output is zeroed with that probability and the others scaled by
	// 1/(1−rate) (inverted dropout); evaluation uses every unit.
	Dropout []float64 `json:"dropout,omitempty"`
}

// MaxDropout is the largest dropout rate Validate accepts.
const MaxDropout = 0.9

// Act returns hidden layer l's activation.
func (a Arch) Act(l int) Activation {
	if a.Activations != nil {
		return a.Activations[l]
	}
	return a.Activation
}

// DropRate returns hidden layer l's dropout rate, 0 for none.
func (a Arch) DropRate(l int) float64 {
	if l < len(a.Dropout) {
		return a.Dropout[l]
	}
	return 0
}

// HasDropout reports whether any hidden layer drops units in training.
func (a Arch) HasDropout() bool {
	for _, r := range a.Dropout {
		if r > 0 {
			return true
		}
	}
	return false
}

// Clone returns a copy of a that shares no slices with it.
func (a Arch) Clone() Arch {
	a.Hidden = slices.Clone(a.Hidden)
	a.Activations = slices.Clone(a.Activations)
	a.Dropout = slices.Clone(a.Dropout)
	return a
}

// TutorialArch returns the classic Keras tutorial network:
// 784 → Dense 128 ReLU → Dense 10 softmax, cross-entropy, Glorot-uniform.
func TutorialArch() Arch {
	return Arch{Inputs: 784, Hidden: []int{128}, Outputs: 10, Activation: ReLU, Loss: CrossEntropy, Init: GlorotUniform}
}

// MaxWidth is the largest layer width Validate accepts.
const MaxWidth = 4096

// MaxLayers is the largest number of hidden layers Validate accepts.
const MaxLayers = 8

// Validate reports whether the architecture is usable.
func (a Arch) Validate() error {
	if a.Inputs < 1 || a.Inputs > 1<<16 {
		return fmt.Errorf("nn: inputs %d out of range", a.Inputs)
	}
	if a.Loss == Regression {
		if a.Outputs != 1 {
			return fmt.Errorf("nn: regression needs 1 output, not %d", a.Outputs)
		}
	} else if a.Outputs < 2 || a.Outputs > 256 {
		return fmt.Errorf("nn: outputs %d out of range (2..256)", a.Outputs)
	}
	if len(a.Hidden) > MaxLayers {
		return fmt.Errorf("nn: %d hidden layers, at most %d", len(a.Hidden), MaxLayers)
	}
	for _, h := range a.Hidden {
		if h < 1 || h > MaxWidth {
			return fmt.Errorf("nn: hidden width %d out of range (1..%d)", h, MaxWidth)
		}
	}
	if a.Activation < 0 || int(a.Activation) >= len(activationNames) {
		return errors.New("nn: bad activation")
	}
	if a.Activations != nil && len(a.Activations) != len(a.Hidden) {
		return fmt.Errorf("nn: %d activations for %d hidden layers", len(a.Activations), len(a.Hidden))
	}
	for _, f := range a.Activations {
		if f < 0 || int(f) >= len(activationNames) {
			return errors.New("nn: bad activation")
		}
	}
	if a.Dropout != nil && len(a.Dropout) != len(a.Hidden) {
		return fmt.Errorf("nn: %d dropout rates for %d hidden layers", len(a.Dropout), len(a.Hidden))
	}
	for _, r := range a.Dropout {
		if !(r >= 0 && r <= MaxDropout) {
			return fmt.Errorf("nn: dropout rate %v out of range (0..%v)", r, MaxDropout)
		}
	}
	if a.Loss < 0 || int(a.Loss) >= len(lossNames) {
		return errors.New("nn: bad loss")
	}
	if a.Init < 0 || int(a.Init) >= len(initNames) {
		return errors.New("nn: bad initialisation")
	}
	return nil
}

// Widths returns the layer widths from input to output, e.g. [784 128 10].
func (a Arch) Widths() []int {
	w := make([]int, 0, len(a.Hidden)+2)
	w = append(w, a.Inputs)
	w = append(w, a.Hidden...)
	return append(w, a.Outputs)
}

// NumParams returns the number of weights and biases.
func (a Arch) NumParams() int {
	w := a.Widths()
	n := 0
	for l := 1; l < len(w); l++ {
		n += w[l-1]*w[l] + w[l]
	}
	return n
}

// String describes the architecture, e.g. "784-128relu-10", with a
// layer's dropout rate after it ("2-8tanh/d0.2-1").
func (a Arch) String() string {
	s := fmt.Sprint(a.Inputs)
	for l, h := range a.Hidden {
		s += fmt.Sprintf("-%d%s", h, a.Act(l))
		if r := a.DropRate(l); r > 0 {
			s += fmt.Sprintf("/d%g", r)
		}
	}
	return s + fmt.Sprintf("-%d", a.Outputs)
}
