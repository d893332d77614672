package data

import (
	"math"
	"slices"
	"testing"

	"backproplab/nn"
)

func TestGenerateIsDeterministic(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			s := DefaultSpec(kind)
			s.Noise = 0.2
			a, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Generate(s)
			if !slices.Equal(a, b) {
				t.Error("the same spec gave other points")
			}
			if len(a) != s.Points {
				t.Errorf("%d points, want %d", len(a), s.Points)
			}
			s.Seed = 2
			c, _ := Generate(s)
			if slices.Equal(a, c) {
				t.Error("another seed gave the same points")
			}
			counts := make([]int, max(1, s.NumClasses()))
			for _, p := range a {
				if math.Abs(p.X) > 12 || math.Abs(p.Y) > 12 || math.IsNaN(p.X+p.Y+p.Value) {
					t.Fatalf("point %+v off the plane", p)
				}
				if IsRegression(kind) {
					// The plane's noise may carry a value past ±1, as in Playground.
					if lim := 1 + 4*s.Noise; math.Abs(p.Value) > lim {
						t.Fatalf("value %v outside ±%v", p.Value, lim)
					}
					continue
				}
				counts[p.Class]++
			}
			if !IsRegression(kind) {
				for c, n := range counts {
					if n < s.Points/len(counts)/3 {
						t.Errorf("class %d has %d of %d points", c, n, s.Points)
					}
				}
			}
		})
	}
}

// TestNoNoiseLabels checks the labels against the definitions when there
// is no noise.
func TestNoNoiseLabels(t *testing.T) {
	tests := []struct {
		kind  string
		label func(p Point) int
	}{
		{XOR, func(p Point) int { return btoi(p.X*p.Y >= 0) }},
		{Circle, func(p Point) int { return btoi(math.Hypot(p.X, p.Y) < 2.5) }},
		{Gauss, func(p Point) int { return btoi(p.X+p.Y > 0) }}, // far from the diagonal at low variance, nearly always
	}
	for _, tc := range tests {
		pts, err := Generate(Spec{Kind: tc.kind, Points: 400, TrainRatio: 0.5, Seed: 3, Features: DefaultFeatures()})
		if err != nil {
			t.Fatal(err)
		}
		wrong := 0
		for _, p := range pts {
			if tc.label(p) != p.Class {
				wrong++
			}
		}
		if wrong > 2 {
			t.Errorf("%s: %d of 400 points carry another label than the definition", tc.kind, wrong)
		}
	}
	// Plane: the value is (x+y)/10.
	pts, _ := Generate(Spec{Kind: Plane, Points: 50, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()})
	for _, p := range pts {
		if math.Abs(p.Value-(p.X+p.Y)/10) > 1e-12 {
			t.Fatalf("plane point %+v, want value (x+y)/10", p)
		}
	}
}

func TestSpecValidate(t *testing.T) {
	good := DefaultSpec(SpiralK)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []func(*Spec){
		func(s *Spec) { s.Kind = "nope" },
		func(s *Spec) { s.Classes = 6 },
		func(s *Spec) { s.Classes = 1 },
		func(s *Spec) { s.Points = 3 },
		func(s *Spec) { s.Points = MaxPoints + 1 },
		func(s *Spec) { s.Noise = 0.51 },
		func(s *Spec) { s.Noise = math.NaN() },
		func(s *Spec) { s.TrainRatio = 0.05 },
		func(s *Spec) { s.TrainRatio = 0.95 },
		func(s *Spec) { s.Features = nil },
		func(s *Spec) { s.Features = []Feature{9} },
	}
	for i, f := range bad {
		s := good
		s.Features = slices.Clone(good.Features)
		f(&s)
		if err := s.Validate(); err == nil {
			t.Errorf("case %d: Validate(%+v) = nil, want an error", i, s)
		}
	}
}

func TestFeatures(t *testing.T) {
	fs, err := ParseFeatures("x1, x2,x1sq,x2sq,x1x2,sinx1,sinx2")
	if err != nil || !slices.Equal(fs, AllFeatures()) {
		t.Fatalf("ParseFeatures(all) = %v, %v", fs, err)
	}
	dst := make([]float32, len(fs))
	Encode(fs, 2, -3, dst)
	want := []float32{2, -3, 4, 9, -6, float32(math.Sin(2)), float32(math.Sin(-3))}
	if !slices.Equal(dst, want) {
		t.Errorf("Encode(all, 2, −3) = %v, want %v", dst, want)
	}
	for _, s := range []string{"", "x3", "x1,x1", " , "} {
		if _, err := ParseFeatures(s); err == nil {
			t.Errorf("ParseFeatures(%q) = nil error", s)
		}
	}
}

func TestNew2DSplitAndRows(t *testing.T) {
	s := Spec{Kind: SpiralK, Classes: 4, Points: 200, Noise: 0.1, TrainRatio: 0.3, Seed: 7, Features: []Feature{X1, SinX2, X1X2}}
	set, err := New2D(s)
	if err != nil {
		t.Fatal(err)
	}
	if set.Train.N != 60 || set.Test.N != 140 || set.Inputs() != 3 || set.Outputs() != 4 || set.Regression() {
		t.Fatalf("set: %d train, %d test, %d inputs, %d outputs", set.Train.N, set.Test.N, set.Inputs(), set.Outputs())
	}
	if !slices.Equal(set.Info.Classes, []string{"0", "1", "2", "3"}) || !slices.Equal(set.Info.Features, []string{"x1", "sinx2", "x1x2"}) {
		t.Errorf("info %+v", set.Info)
	}
	row := make([]float32, 3)
	for i, p := range set.Plane.Test {
		set.Test.Pixels(i, row)
		want := make([]float32, 3)
		Encode(s.Features, p.X, p.Y, want)
		if !slices.Equal(row, want) || int(set.Test.Labels[i]) != p.Class {
			t.Fatalf("test row %d = %v label %d, point %+v", i, row, set.Test.Labels[i], p)
		}
	}
	again, _ := FromInfo(set.Info)
	if !slices.Equal(again.Plane.Train, set.Plane.Train) || !slices.Equal(again.Plane.Test, set.Plane.Test) {
		t.Error("FromInfo(the recorded info) made other points")
	}
	reg, err := New2D(Spec{Kind: MultiGauss, Points: 100, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()})
	if err != nil {
		t.Fatal(err)
	}
	if !reg.Regression() || reg.Outputs() != 1 || reg.Loss() != nn.Regression || len(reg.Info.Classes) != 0 {
		t.Errorf("multigauss: regression %v, %d outputs, loss %v", reg.Regression(), reg.Outputs(), reg.Loss())
	}
	for i, p := range reg.Plane.Train {
		if reg.Train.Target[i] != float32(p.Value) {
			t.Fatalf("target %d = %v, point value %v", i, reg.Train.Target[i], p.Value)
		}
	}
}

func TestFromPointsDrawn(t *testing.T) {
	pts := []Point{{X: 1, Y: 1, Class: 0}, {X: -1, Y: 1, Class: 2}, {X: 0, Y: -2, Class: 1}, {X: 2, Y: 2, Class: 0}}
	s := Spec{Kind: Drawn, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()}
	set, err := FromPoints(s, pts)
	if err != nil {
		t.Fatal(err)
	}
	if set.Outputs() != 3 || set.Train.N != 2 || set.Test.N != 2 {
		t.Errorf("drawn set: %d classes, %d train, %d test", set.Outputs(), set.Train.N, set.Test.N)
	}
	bad := [][]Point{
		nil,
		{{X: math.NaN(), Class: 0}},
		{{X: 1, Class: MaxClasses}},
		{{X: 1, Class: -1}},
	}
	for i, b := range bad {
		if _, err := FromPoints(s, b); err == nil {
			t.Errorf("case %d: FromPoints(%v) = nil error", i, b)
		}
	}
}

// TestSameSeedSameCurves trains twice on the same spec: the same points
// give the same loss curve, bit for bit.
func TestSameSeedSameCurves(t *testing.T) {
	s := Spec{Kind: Circle, Points: 200, Noise: 0.1, TrainRatio: 0.5, Seed: 4, Features: DefaultFeatures()}
	_, _, a := train2D(t, s, []int{4, 4}, nn.Tanh, 3)
	_, _, b := train2D(t, s, []int{4, 4}, nn.Tanh, 3)
	if len(a.History.Batches) == 0 || len(a.History.Batches) != len(b.History.Batches) {
		t.Fatal("no curve")
	}
	for i := range a.History.Batches {
		if a.History.Batches[i].Loss != b.History.Batches[i].Loss {
			t.Fatalf("batch %d: loss %v and %v", i, a.History.Batches[i].Loss, b.History.Batches[i].Loss)
		}
	}
}

func TestRegressionLearns(t *testing.T) {
	s := Spec{Kind: Plane, Points: 400, Noise: 0, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()}
	_, loss, tr := train2D(t, s, []int{4}, nn.Tanh, 20)
	first := tr.History.Epochs[0].TrainLoss
	if !(loss < 0.01) || !(loss < first) {
		t.Errorf("plane: test MSE %.4g after 20 epochs (first epoch's training loss %.4g), want < 0.01", loss, first)
	}
}
