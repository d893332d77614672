package lab

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"backproplab/nn"
	"backproplab/nn/data"
)

// Plane is the 2D dataset of a Playground lesson: a generated dataset (or
// the user's own points) and the features the network sees. The network
// and its settings are the lesson's Config.
type Plane struct {
	Dataset    string   `json:"dataset"` // a data.Kinds name, or data.Drawn
	Classes    int      `json:"classes,omitempty"`
	Points     int      `json:"points"`
	Noise      float64  `json:"noise"`
	TrainRatio float64  `json:"train_ratio"`
	Seed       uint64   `json:"seed"`
	Features   []string `json:"features"` // data.Feature names: x1, x2, x1sq, …
	// Drawn holds the user's points when Dataset is data.Drawn.
	Drawn []data.Point `json:"drawn,omitempty"`
}

// NewPlane records spec (and, for a drawn dataset, its points).
func NewPlane(spec data.Spec, drawn []data.Point) Plane {
	p := Plane{Dataset: spec.Kind, Classes: spec.Classes, Points: spec.Points, Noise: spec.Noise,
		TrainRatio: spec.TrainRatio, Seed: spec.Seed, Features: data.FeatureNames(spec.Features)}
	if spec.Kind == data.Drawn {
		p.Drawn = slices.Clone(drawn)
	}
	return p
}

// Spec returns the dataset's spec, or an error naming what is out of range.
func (p Plane) Spec() (data.Spec, error) {
	if p.Dataset != data.Drawn && !slices.Contains(data.Kinds(), p.Dataset) {
		return data.Spec{}, fmt.Errorf("lab: unknown 2D dataset %q", p.Dataset)
	}
	fs, err := data.ParseFeatures(strings.Join(p.Features, ","))
	if err != nil {
		return data.Spec{}, fmt.Errorf("lab: %w", err)
	}
	s := data.Spec{Kind: p.Dataset, Classes: p.Classes, Points: p.Points, Noise: p.Noise, TrainRatio: p.TrainRatio, Seed: p.Seed, Features: fs}
	if p.Dataset == data.Drawn {
		if len(p.Drawn) > data.MaxPoints {
			return data.Spec{}, fmt.Errorf("lab: %d drawn points, at most %d", len(p.Drawn), data.MaxPoints)
		}
		for _, q := range p.Drawn {
			if math.IsNaN(q.X) || math.IsNaN(q.Y) || math.IsInf(q.X, 0) || math.IsInf(q.Y, 0) || q.Class < 0 || q.Class >= data.MaxClasses {
				return data.Spec{}, errors.New("lab: a drawn point is out of range")
			}
		}
		return s, nil
	}
	if _, err := data.New2D(s); err != nil {
		return data.Spec{}, fmt.Errorf("lab: %w", err)
	}
	return s, nil
}

// PlanePreset is a ready-made Playground lesson: a dataset, a network and
// its settings, and what to look for. Title and Hint are English; the app
// translates them.
type PlanePreset struct {
	ID          string
	Title, Hint string
	Plane       Plane
	Config      Config
}

// planeConfig is a Playground network: hidden widths, one activation for
// every hidden layer, Adam at lr, batch 10.
func planeConfig(inputs, outputs int, act nn.Activation, lr float64, hidden ...int) Config {
	a := nn.Arch{Inputs: inputs, Hidden: hidden, Outputs: outputs, Activation: act, Loss: nn.CrossEntropy}
	for range hidden {
		a.Activations = append(a.Activations, act)
	}
	s := nn.DefaultSettings()
	s.Optimizer, s.LearningRate, s.BatchSize, s.Epochs = nn.Adam, lr, 10, 100000
	return Config{Arch: a, Settings: s}
}

func plane(kind string, noise, ratio float64, features ...string) Plane {
	return Plane{Dataset: kind, Classes: 3, Points: 500, Noise: noise, TrainRatio: ratio, Seed: 1, Features: features}
}

// PlanePresets returns the Playground's lessons.
func PlanePresets() []PlanePreset {
	overfit := planeConfig(2, 2, nn.ReLU, 0.03, 8, 8, 8)
	return []PlanePreset{
		{
			ID: "xor-hidden", Title: "XOR needs a hidden layer",
			Hint:  "With no hidden layer the boundary is a straight line and XOR stays near chance. Add a hidden layer of 4 tanh neurons (+ layer) and train again: the boundary bends around the four quadrants.",
			Plane: plane(data.XOR, 0.1, 0.5, "x1", "x2"), Config: planeConfig(2, 2, nn.Tanh, 0.03),
		},
		{
			ID: "spiral-depth", Title: "Spiral needs depth or features",
			Hint:  "One small layer on x₁, x₂ cannot wrap around the spiral. Either add layers and neurons, or tick sin x₁ and sin x₂: the right features make a small network enough.",
			Plane: plane(data.Spiral, 0.1, 0.5, "x1", "x2"), Config: planeConfig(2, 2, nn.Tanh, 0.03, 4),
		},
		{
			ID: "overfit", Title: "Overfitting: 10 % training data, 30 % noise",
			Hint:  "A big network on few noisy points: watch the training loss fall below the test loss and the boundary bend around single noisy points (tick Show test data). Then set L2 to 0.01 or a dropout of 0.3 and reset, and compare the boundary and the test loss.",
			Plane: plane(data.Circle, 0.3, 0.1, "x1", "x2"), Config: overfit,
		},
		{
			ID: "lr-high", Title: "Learning rate too high",
			Hint:  "At learning rate 3 watch the loss jump about and the boundary flicker instead of settling. Lower the learning rate to 0.03 and reset, and compare.",
			Plane: plane(data.Circle, 0.1, 0.5, "x1", "x2"), Config: planeConfig(2, 2, nn.Tanh, 3, 4, 2),
		},
	}
}
