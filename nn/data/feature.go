package data

import (
	"fmt"
	"math"
	"strings"
)

// Feature is one input a 2D dataset offers the network, computed from a
// point (x₁, x₂), as in TensorFlow Playground.
type Feature int

// The features.
const (
	X1    Feature = iota // x₁
	X2                   // x₂
	X1Sq                 // x₁²
	X2Sq                 // x₂²
	X1X2                 // x₁·x₂
	SinX1                // sin x₁
	SinX2                // sin x₂
)

// NumFeatures is the number of features.
const NumFeatures = 7

var featureNames = [NumFeatures]string{X1: "x1", X2: "x2", X1Sq: "x1sq", X2Sq: "x2sq", X1X2: "x1x2", SinX1: "sinx1", SinX2: "sinx2"}

// String returns the feature's name in flags and model files, e.g. "sinx1".
func (f Feature) String() string {
	if f < 0 || f >= NumFeatures {
		return fmt.Sprintf("Feature(%d)", int(f))
	}
	return featureNames[f]
}

// Value returns the feature at the point (x1, x2).
func (f Feature) Value(x1, x2 float64) float64 {
	switch f {
	case X1:
		return x1
	case X2:
		return x2
	case X1Sq:
		return x1 * x1
	case X2Sq:
		return x2 * x2
	case X1X2:
		return x1 * x2
	case SinX1:
		return math.Sin(x1)
	case SinX2:
		return math.Sin(x2)
	}
	panic("data: bad feature")
}

// DefaultFeatures returns x₁ and x₂.
func DefaultFeatures() []Feature { return []Feature{X1, X2} }

// AllFeatures returns every feature in order.
func AllFeatures() []Feature {
	fs := make([]Feature, NumFeatures)
	for i := range fs {
		fs[i] = Feature(i)
	}
	return fs
}

// ParseFeatures parses a comma-separated list of feature names such as
// "x1,x2,sinx1". Each may appear once; at least one is needed.
func ParseFeatures(s string) ([]Feature, error) {
	var fs []Feature
	seen := [NumFeatures]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		f := Feature(-1)
		for i, n := range featureNames {
			if n == p {
				f = Feature(i)
			}
		}
		if f < 0 {
			return nil, fmt.Errorf("data: unknown feature %q (want %s)", p, strings.Join(featureNames[:], ", "))
		}
		if seen[f] {
			return nil, fmt.Errorf("data: feature %s given twice", p)
		}
		seen[f] = true
		fs = append(fs, f)
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("data: no features (want some of %s)", strings.Join(featureNames[:], ", "))
	}
	return fs, nil
}

// FeatureNames returns the names of fs.
func FeatureNames(fs []Feature) []string {
	n := make([]string, len(fs))
	for i, f := range fs {
		n[i] = f.String()
	}
	return n
}

// Encode writes the features fs of the point (x1, x2) into dst (len(fs)).
func Encode(fs []Feature, x1, x2 float64, dst []float32) {
	for i, f := range fs {
		dst[i] = float32(f.Value(x1, x2))
	}
}
