package viz

import (
	"image"
	"math"
	"testing"
)

func TestDistributionOf(t *testing.T) {
	vals := make([]float32, 10001)
	for i := range vals {
		vals[i] = float32(i) // uniform 0..10000: percentile p is 100·p
	}
	vals = append(vals, float32(math.NaN()), float32(math.Inf(1)))
	d := DistributionOf(2, vals)
	if d.X != 2 {
		t.Errorf("DistributionOf X = %v, want 2", d.X)
	}
	for i, p := range Percentiles {
		if want := 100 * p; math.Abs(d.Q[i]-want) > 1e-6 {
			t.Errorf("DistributionOf Q[%d] = %v, want %v", i, d.Q[i], want)
		}
	}
	e := DistributionOf(0, []float32{float32(math.NaN())})
	if !math.IsNaN(e.Q[4]) {
		t.Errorf("DistributionOf(no finite values).Q[4] = %v, want NaN", e.Q[4])
	}
	one := DistributionOf(0, []float32{3})
	for i, q := range one.Q {
		if q != 3 {
			t.Errorf("DistributionOf({3}).Q[%d] = %v, want 3", i, q)
		}
	}
}

func TestDistributionFromHistogram(t *testing.T) {
	tests := []struct {
		name   string
		edges  []float64
		counts []float64
		want   [9]float64
	}{
		{
			name:   "uniform over [0, 100]",
			edges:  []float64{0, 25, 50, 75, 100},
			counts: []float64{10, 10, 10, 10},
			want:   Percentiles,
		},
		{
			name:   "empty outer bins",
			edges:  []float64{-10, 0, 100, 200},
			counts: []float64{0, 5, 0},
			want:   Percentiles,
		},
		{
			name:   "all in one narrow bin",
			edges:  []float64{0, 1, 2},
			counts: []float64{0, 7},
			want:   [9]float64{1, 1.0668, 1.1587, 1.3085, 1.5, 1.6915, 1.8413, 1.9332, 2},
		},
	}
	for _, tt := range tests {
		d := DistributionFromHistogram(1, tt.edges, tt.counts)
		for i := range d.Q {
			if math.Abs(d.Q[i]-tt.want[i]) > 1e-9 {
				t.Errorf("DistributionFromHistogram(%s).Q[%d] = %v, want %v", tt.name, i, d.Q[i], tt.want[i])
			}
		}
	}
	if d := DistributionFromHistogram(0, []float64{0, 1}, []float64{0}); !math.IsNaN(d.Q[0]) {
		t.Errorf("DistributionFromHistogram(no counts).Q[0] = %v, want NaN", d.Q[0])
	}
	defer func() {
		if recover() == nil {
			t.Error("DistributionFromHistogram with mismatched edges did not panic")
		}
	}()
	DistributionFromHistogram(0, []float64{0, 1}, []float64{1, 2})
}

func TestDistributionsGolden(t *testing.T) {
	ds := fixDistributions()
	broken := append([]Distribution{}, ds[:40]...)
	broken[10].Q[3] = math.NaN()
	broken[11].X = math.Inf(1)
	tests := []struct {
		name string
		c    DistChart
		th   Theme
	}{
		{"light", DistChart{Title: "Dense 1 weights", XLabel: "epoch", YLabel: "weight", Steps: ds, Color: 0, Marker: new(3.0)}, Light()},
		{"dark", DistChart{Title: "Dense 1 weights", XLabel: "epoch", Steps: ds, Color: 0}, Dark()},
		{"broken", DistChart{Title: "with NaN steps", Steps: broken, Color: 1}, Light()},
		{"single", DistChart{Title: "one step", Steps: ds[:1], Color: 2}, Light()},
		{"empty", DistChart{Title: "no steps"}, Dark()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := Distributions(tt.c, 500, 260, 1, tt.th)
			if got := img.Bounds().Size(); got != image.Pt(500, 260) {
				t.Fatalf("Distributions size = %v", got)
			}
			checkGolden(t, "dist_"+tt.name, img)
		})
	}
}
