package viz

import (
	"fmt"
	"math"
	"testing"
)

func TestSmooth(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name  string
		y     []float64
		alpha float64
		want  []float64
	}{
		{"empty", nil, 0.6, []float64{}},
		{"no smoothing", []float64{3, 1, 2}, 0, []float64{3, 1, 2}},
		{"negative alpha is none", []float64{3, 1}, -1, []float64{3, 1}},
		{"constant stays constant", []float64{2, 2, 2, 2}, 0.9, []float64{2, 2, 2, 2}},
		// m1 = 0.5, s1 = 0.5/0.5 = 1; m2 = 0.25 + 1.5 = 1.75, s2 = 1.75/0.75.
		{"hand computed", []float64{1, 3}, 0.5, []float64{1, 1.75 / 0.75}},
		// NaN passes through and does not disturb the average.
		{"NaN skipped", []float64{1, nan, 3}, 0.5, []float64{1, nan, 1.75 / 0.75}},
	}
	for _, tt := range tests {
		got := Smooth(tt.y, tt.alpha)
		if len(got) != len(tt.want) {
			t.Errorf("Smooth(%s) has %d values, want %d", tt.name, len(got), len(tt.want))
			continue
		}
		for i := range got {
			if !(near(got[i], tt.want[i]) || math.IsNaN(got[i]) && math.IsNaN(tt.want[i])) {
				t.Errorf("Smooth(%s)[%d] = %v, want %v", tt.name, i, got[i], tt.want[i])
			}
		}
	}
	// alpha ≥ 1 is clamped below 1: the output still follows the input.
	if got := Smooth([]float64{5, 5}, 1); math.Abs(got[1]-5) > 1e-6 {
		t.Errorf("Smooth(alpha 1) = %v, want [5 5]", got)
	}
}

func TestDownsample(t *testing.T) {
	// A sawtooth with 10 points per bucket: every bucket must keep its
	// extremes, so the rendered envelope is unchanged.
	var pts []xy
	for i := range 1000 {
		pts = append(pts, xy{float64(i), float64(i % 7)})
	}
	got := downsample(pts, 0, 999, 100)
	if len(got) > 2*100+2 || len(got) < 100 {
		t.Fatalf("downsample kept %d points, want about 200", len(got))
	}
	if got[0] != pts[0] || got[len(got)-1] != pts[len(pts)-1] {
		t.Errorf("downsample dropped an end point: %v … %v", got[0], got[len(got)-1])
	}
	for i := 1; i < len(got); i++ {
		if got[i].x < got[i-1].x {
			t.Fatalf("downsample output not sorted at %d", i)
		}
	}
	// Per bucket, min and max y survive.
	for b := 0; b < 100; b++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, q := range got {
			if k := int(q.x / 9.99); k == b {
				lo, hi = min(lo, q.y), max(hi, q.y)
			}
		}
		if b > 0 && b < 99 && (lo != 0 || hi != 6) {
			t.Errorf("bucket %d keeps y in [%v, %v], want [0, 6]", b, lo, hi)
		}
	}
	// Small, unsorted or degenerate input comes back unchanged.
	small := pts[:50]
	unsorted := []xy{{3, 1}, {1, 1}, {2, 2}, {0, 0}, {5, 5}, {4, 4}}
	for _, tc := range []struct {
		name   string
		pts    []xy
		x0, x1 float64
		b      int
	}{
		{"small", small, 0, 49, 100},
		{"unsorted", unsorted, 0, 5, 1},
		{"empty range", pts, 3, 3, 10},
		{"no buckets", pts, 0, 999, 0},
	} {
		if got := downsample(tc.pts, tc.x0, tc.x1, tc.b); len(got) != len(tc.pts) {
			t.Errorf("downsample(%s) changed the length to %d", tc.name, len(got))
		}
	}
}

func TestCleanPoints(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x := []float64{0, 1, 2, 3, 4, nan, 6, 2e15}
	y := []float64{1, nan, inf, -2, 1e20, 1, 0, 1}
	got := cleanPoints(x, y, false)
	want := []xy{{0, 1}, {3, -2}, {4, maxAbs}, {6, 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cleanPoints(linear) = %v, want %v", got, want)
	}
	got = cleanPoints(x, y, true)
	want = []xy{{0, 1}, {4, maxAbs}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cleanPoints(log) = %v, want %v", got, want)
	}
}

func ExampleSmooth() {
	loss := []float64{2.3, 1.9, 2.1, 1.2, 1.0}
	for _, v := range Smooth(loss, 0.6) {
		fmt.Printf("%.3f ", v)
	}
	fmt.Println()
	// Output: 2.300 2.050 2.076 1.673 1.381
}
