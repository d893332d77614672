package data

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseFeatures checks that any list either parses into distinct known
// features that print back to an equivalent list, or gives an error.
func FuzzParseFeatures(f *testing.F) {
	for _, s := range []string{"x1,x2", "x1, x2,x1sq,x2sq,x1x2,sinx1,sinx2", "", ",", "x1,x1", "SINX1", "x9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseFeatures(s)
		if err != nil {
			return
		}
		if len(fs) == 0 || len(fs) > NumFeatures {
			t.Fatalf("ParseFeatures(%q) = %v", s, fs)
		}
		again, err := ParseFeatures(strings.Join(FeatureNames(fs), ","))
		if err != nil || len(again) != len(fs) {
			t.Fatalf("ParseFeatures(%q) = %v, which does not parse back: %v %v", s, fs, again, err)
		}
		for i := range fs {
			if fs[i] != again[i] {
				t.Fatalf("round trip of %q: %v then %v", s, fs, again)
			}
		}
	})
}

// FuzzFromPoints builds drawn datasets from arbitrary points: an error or
// a set whose rows match its points, never a panic.
func FuzzFromPoints(f *testing.F) {
	f.Add(1.0, 2.0, 0, -1.0, 0.5, 1, 0.5, uint64(1))
	f.Add(0.0, 0.0, 7, 1e300, -3.0, -1, 0.05, uint64(2))
	f.Fuzz(func(t *testing.T, x1, y1 float64, c1 int, x2, y2 float64, c2 int, ratio float64, seed uint64) {
		pts := []Point{{X: x1, Y: y1, Class: c1}, {X: x2, Y: y2, Class: c2}}
		set, err := FromPoints(Spec{Kind: Drawn, TrainRatio: ratio, Seed: seed, Features: AllFeatures()}, pts)
		if err != nil {
			return
		}
		if set.Train.N+set.Test.N != 2 || set.Train.N < 1 || set.Outputs() < 2 {
			t.Fatalf("FromPoints(%v) = %d train, %d test, %d classes", pts, set.Train.N, set.Test.N, set.Outputs())
		}
		row := make([]float32, set.Inputs())
		for i := range set.Train.N {
			set.Train.Pixels(i, row)
			for _, v := range row {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("FromPoints(%v): row %d = %v", pts, i, row)
				}
			}
		}
	})
}
