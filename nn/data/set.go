package data

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"backproplab/nn"
)

// Set is a dataset as the trainer, the evaluation, the stepper and the
// views use it: its description (name, class names, features), its
// training and test parts, and for a 2D dataset its points.
//
// A Set is never modified after it is built, so goroutines may share one.
type Set struct {
	Info  nn.DataInfo
	Train *nn.Dataset
	Test  *nn.Dataset
	// Plane holds a 2D dataset's points, in the order of Train's and
	// Test's rows, and the features the rows hold; nil for images.
	Plane *PlaneData
}

// PlaneData is the geometry behind a 2D dataset's rows.
type PlaneData struct {
	Train, Test []Point
	Features    []Feature
	// Spec made the points; its Kind is Drawn for a drawn dataset.
	Spec Spec
}

// Regression reports whether the set has real targets rather than classes.
func (s *Set) Regression() bool { return s.Train.Target != nil }

// Outputs returns the number of output units a network for s needs: the
// number of classes, or 1 for regression.
func (s *Set) Outputs() int {
	if s.Regression() {
		return 1
	}
	return len(s.Info.Classes)
}

// Inputs returns the number of inputs a network for s needs.
func (s *Set) Inputs() int { return s.Train.Dim }

// Loss returns the loss a network for s uses by default: Regression for
// real targets, cross-entropy for classes.
func (s *Set) Loss() nn.Loss {
	if s.Regression() {
		return nn.Regression
	}
	return nn.CrossEntropy
}

// Fits reports whether a network of architecture a can train on s.
func (s *Set) Fits(a nn.Arch) error {
	switch {
	case a.Inputs != s.Inputs():
		return fmt.Errorf("data: %s has %d inputs, the network %d", s.Info.Name, s.Inputs(), a.Inputs)
	case s.Regression() != (a.Loss == nn.Regression):
		return fmt.Errorf("data: %s and the network disagree on regression (%s loss)", s.Info.Name, a.Loss)
	case a.Outputs != s.Outputs():
		return fmt.Errorf("data: %s has %d classes, the network %d outputs", s.Info.Name, s.Outputs(), a.Outputs)
	}
	return nil
}

// MaxCoord bounds the coordinates and values of points FromPoints accepts,
// far outside the plane shown (±Extent) but small enough that every
// feature stays a finite float32.
const MaxCoord = 1000

// ClassNames returns n class names "0", "1", … .
func ClassNames(n int) []string {
	c := make([]string, n)
	for i := range c {
		c[i] = strconv.Itoa(i)
	}
	return c
}

// New2D generates the 2D dataset s describes and splits it.
func New2D(s Spec) (*Set, error) {
	pts, err := Generate(s)
	if err != nil {
		return nil, err
	}
	return FromPoints(s, pts)
}

// FromPoints builds a 2D dataset from points, e.g. drawn by the user:
// s.Kind names it (Drawn for drawn points), s.Features gives the inputs,
// and the points are shuffled with s.Seed and split by s.TrainRatio
// (at least one training point). s.Points and s.Noise are recorded but not
// used. Classification points must have classes 0..s.NumClasses()−1 for a
// generated kind, or 0..MaxClasses−1 for drawn points, whose class count is
// the largest class + 1 (at least 2). A regression kind uses the points'
// values.
func FromPoints(s Spec, pts []Point) (*Set, error) {
	if len(pts) < 1 {
		return nil, errors.New("data: no points")
	}
	if len(pts) > MaxPoints {
		return nil, fmt.Errorf("data: %d points, at most %d", len(pts), MaxPoints)
	}
	if len(s.Features) == 0 {
		return nil, errors.New("data: no input features")
	}
	if !(s.TrainRatio >= MinRatio && s.TrainRatio <= MaxRatio) && !(s.Kind == Drawn && s.TrainRatio == 1) {
		return nil, fmt.Errorf("data: training ratio %v, want %v..%v", s.TrainRatio, MinRatio, MaxRatio)
	}
	regression := IsRegression(s.Kind)
	classes := s.NumClasses()
	if s.Kind == Drawn {
		classes = 2
		for _, p := range pts {
			classes = max(classes, p.Class+1)
		}
	}
	for _, p := range pts {
		if !finite(p.X) || !finite(p.Y) || !finite(p.Value) {
			return nil, errors.New("data: a point is not a finite number")
		}
		if math.Abs(p.X) > MaxCoord || math.Abs(p.Y) > MaxCoord || math.Abs(p.Value) > MaxCoord {
			return nil, fmt.Errorf("data: point (%g, %g) is beyond ±%g", p.X, p.Y, float64(MaxCoord))
		}
		if !regression && (p.Class < 0 || p.Class >= min(classes, MaxClasses)) {
			return nil, fmt.Errorf("data: class %d out of range (0..%d)", p.Class, min(classes, MaxClasses)-1)
		}
	}
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x73706c6974)) // "split"
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	nTrain := max(1, min(len(pts), int(math.Round(s.TrainRatio*float64(len(pts))))))
	pd := &PlaneData{Features: append([]Feature(nil), s.Features...), Spec: s}
	for k, i := range order {
		if k < nTrain {
			pd.Train = append(pd.Train, pts[i])
		} else {
			pd.Test = append(pd.Test, pts[i])
		}
	}
	info := nn.DataInfo{Name: s.Kind, Features: FeatureNames(s.Features), Points: len(pts), Noise: s.Noise, TrainRatio: s.TrainRatio, Seed: s.Seed}
	if !regression {
		info.Classes = ClassNames(classes)
	}
	return &Set{
		Info:  info,
		Train: rows(pd.Train, s.Features, regression),
		Test:  rows(pd.Test, s.Features, regression),
		Plane: pd,
	}, nil
}

// rows encodes points as dataset rows of the given features.
func rows(pts []Point, fs []Feature, regression bool) *nn.Dataset {
	x := make([]float32, len(pts)*len(fs))
	labels := make([]uint8, len(pts))
	var target []float32
	if regression {
		target = make([]float32, len(pts))
	}
	for i, p := range pts {
		Encode(fs, p.X, p.Y, x[i*len(fs):(i+1)*len(fs)])
		if regression {
			target[i] = float32(p.Value)
		} else {
			labels[i] = uint8(p.Class)
		}
	}
	return nn.NewDenseDataset(x, labels, target, len(fs))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// FromInfo makes again the generated 2D dataset a model file's config.json
// describes (same kind, classes, points, noise, ratio, seed and features).
func FromInfo(d nn.DataInfo) (*Set, error) {
	if !slices.Contains(Kinds(), d.Name) {
		return nil, fmt.Errorf("data: %q is not a generated 2D dataset", d.Name)
	}
	fs, err := ParseFeatures(strings.Join(d.Features, ","))
	if err != nil {
		return nil, err
	}
	s := Spec{Kind: d.Name, Classes: len(d.Classes), Points: d.Points, Noise: d.Noise, TrainRatio: d.TrainRatio, Seed: d.Seed, Features: fs}
	return New2D(s)
}
