package lab

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"backproplab/nn"
)

// Variable names the setting an experiment varies.
type Variable string

// The settings an experiment can vary.
const (
	VaryOptimizer  Variable = "optimizer"  // values "gd", "sgd", "momentum", "adam", optionally "@lr", e.g. "sgd@0.1"
	VaryLoss       Variable = "loss"       // "ce" or "mse"
	VaryLR         Variable = "lr"         // learning rate
	VaryL1         Variable = "l1"         // L1 factor
	VaryL2         Variable = "l2"         // L2 factor
	VaryTrainSize  Variable = "train_size" // number of training images
	VaryWidth      Variable = "width"      // units in every hidden layer
	VaryDepth      Variable = "depth"      // number of hidden layers, each as wide as the first
	VaryActivation Variable = "activation" // "relu", "sigmoid" or "tanh"
	VaryBatchSize  Variable = "batch_size" // mini-batch size
)

// Variables lists every variable in the order the UI offers them.
func Variables() []Variable {
	return []Variable{VaryOptimizer, VaryLoss, VaryLR, VaryL1, VaryL2, VaryTrainSize, VaryWidth, VaryDepth, VaryActivation, VaryBatchSize}
}

// MinRuns and MaxRuns bound the number of values an experiment compares.
const (
	MinRuns = 2
	MaxRuns = 4
)

// Config is one network and its training settings.
type Config struct {
	Arch     nn.Arch     `json:"arch"`
	Settings nn.Settings `json:"settings"`
}

// Experiment defines a comparison: Base with Vary set to each of Values.
// Patience > 0 turns on early stopping for every run.
type Experiment struct {
	Name     string   `json:"name,omitempty"`
	Base     Config   `json:"base"`
	Vary     Variable `json:"vary"`
	Values   []string `json:"values"`
	Patience int      `json:"patience,omitempty"`
}

// Spec is one concrete run: a label for the legend and its configuration.
type Spec struct {
	Label  string
	Config Config
}

// Specs returns the runs of e, one per value, or an error naming the first
// unusable value.
func (e Experiment) Specs() ([]Spec, error) {
	if len(e.Values) < MinRuns || len(e.Values) > MaxRuns {
		return nil, fmt.Errorf("lab: compare %d to %d values, not %d", MinRuns, MaxRuns, len(e.Values))
	}
	if e.Patience < 0 {
		return nil, fmt.Errorf("lab: patience %d must not be negative", e.Patience)
	}
	specs := make([]Spec, 0, len(e.Values))
	for _, v := range e.Values {
		c, err := Apply(e.Base, e.Vary, v)
		if err != nil {
			return nil, err
		}
		specs = append(specs, Spec{Label: Label(e.Vary, v), Config: c})
	}
	return specs, nil
}

// Apply returns base with variable set to value.
func Apply(base Config, variable Variable, value string) (Config, error) {
	c := base
	c.Arch.Hidden = append([]int(nil), base.Arch.Hidden...)
	v := strings.TrimSpace(value)
	bad := func(err error) (Config, error) {
		return Config{}, fmt.Errorf("lab: %s value %q: %w", variable, value, err)
	}
	var err error
	switch variable {
	case VaryOptimizer:
		name, lr, hasLR := strings.Cut(v, "@")
		if c.Settings.Optimizer, err = nn.ParseMethod(strings.TrimSpace(name)); err != nil {
			return bad(err)
		}
		if hasLR {
			if c.Settings.LearningRate, err = strconv.ParseFloat(strings.TrimSpace(lr), 64); err != nil {
				return bad(err)
			}
		}
	case VaryLoss:
		c.Arch.Loss, err = nn.ParseLoss(v)
	case VaryLR:
		c.Settings.LearningRate, err = strconv.ParseFloat(v, 64)
	case VaryL1:
		c.Settings.L1, err = strconv.ParseFloat(v, 64)
	case VaryL2:
		c.Settings.L2, err = strconv.ParseFloat(v, 64)
	case VaryTrainSize:
		c.Settings.TrainSize, err = parseInt(v)
	case VaryBatchSize:
		c.Settings.BatchSize, err = parseInt(v)
	case VaryActivation:
		c.Arch.Activation, err = nn.ParseActivation(v)
	case VaryWidth:
		var w int
		if w, err = parseInt(v); err == nil {
			if len(c.Arch.Hidden) == 0 {
				c.Arch.Hidden = []int{w}
			}
			for i := range c.Arch.Hidden {
				c.Arch.Hidden[i] = w
			}
		}
	case VaryDepth:
		var d int
		if d, err = parseInt(v); err == nil {
			w := 128
			if len(c.Arch.Hidden) > 0 {
				w = c.Arch.Hidden[0]
			}
			c.Arch.Hidden = make([]int, max(d, 0))
			for i := range c.Arch.Hidden {
				c.Arch.Hidden[i] = w
			}
		}
	default:
		return Config{}, fmt.Errorf("lab: unknown setting %q", variable)
	}
	if err != nil {
		return bad(err)
	}
	if err := c.Arch.Validate(); err != nil {
		return bad(err)
	}
	if err := c.Settings.Validate(); err != nil {
		return bad(err)
	}
	return c, nil
}

func parseInt(s string) (int, error) {
	n, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "_", ""))
	if err != nil {
		return 0, errors.New("not a whole number")
	}
	return n, nil
}

// Label returns the legend text for value of variable, e.g. "SGD, lr 0.1"
// or "1,000 images". It is English; the app may translate the parts.
func Label(variable Variable, value string) string {
	v := strings.TrimSpace(value)
	switch variable {
	case VaryOptimizer:
		name, lr, ok := strings.Cut(v, "@")
		name = strings.ToUpper(strings.TrimSpace(name))
		if name == "MOMENTUM" {
			name = "Momentum"
		}
		if ok {
			return name + ", lr " + strings.TrimSpace(lr)
		}
		return name
	case VaryLoss:
		if v == "mse" {
			return "MSE"
		}
		return "cross-entropy"
	case VaryLR:
		return "lr " + v
	case VaryL1:
		return "L1 " + v
	case VaryL2:
		return "L2 " + v
	case VaryTrainSize:
		if n, err := parseInt(v); err == nil {
			return Thousands(n) + " images"
		}
	case VaryWidth:
		return v + " hidden units"
	case VaryDepth:
		return v + " hidden layers"
	case VaryBatchSize:
		return "batch " + v
	}
	return v
}

// Thousands formats n with comma separators, e.g. 60,000 (and -12,345).
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
