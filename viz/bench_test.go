package viz

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchChart is the benchmark target: 3 series of 5000 points.
func benchChart() Chart {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 5000
	x := make([]float64, n)
	raw := make([]float64, n)
	for i := range n {
		x[i] = float64(i) / 1000
		raw[i] = 2*math.Exp(-x[i]) + 0.2*rng.Float64()
	}
	acc := make([]float64, n)
	for i := range n {
		acc[i] = 1 - raw[i]/3
	}
	return Chart{Title: "Loss", XLabel: "epoch", YLabel: "loss", Series: []Series{
		{X: x, Y: raw, Style: StyleRaw},
		{Name: "smoothed", X: x, Y: Smooth(raw, 0.9)},
		{Name: "other", X: x, Y: acc, Style: StyleSolid, Color: 1},
	}, Marker: new(2.5)}
}

func BenchmarkLineChart(b *testing.B) {
	c := benchChart()
	th := Light()
	b.ReportAllocs()
	for b.Loop() {
		LineChart(c, 600, 300, 1, th)
	}
}

func BenchmarkLineChartScale2(b *testing.B) {
	c := benchChart()
	th := Dark()
	b.ReportAllocs()
	for b.Loop() {
		LineChart(c, 1200, 600, 2, th)
	}
}

func BenchmarkTileGrid128(b *testing.B) {
	w := fixW1(128)
	b.ReportAllocs()
	for b.Loop() {
		TileGrid(w, 128, ScaleShared, RdBu)
	}
}

func BenchmarkConfusion(b *testing.B) {
	counts := fixConfusion()
	th := Light()
	b.ReportAllocs()
	for b.Loop() {
		Confusion(counts, DigitNames(10), 400, 400, 1, th)
	}
}

func BenchmarkDistributions(b *testing.B) {
	c := DistChart{Title: "weights", Steps: fixDistributions()}
	th := Light()
	b.ReportAllocs()
	for b.Loop() {
		Distributions(c, 500, 260, 1, th)
	}
}

func BenchmarkBars(b *testing.B) {
	c := BarChart{Values: probs, Max: new(1.0), ValueLabels: true}
	th := Light()
	b.ReportAllocs()
	for b.Loop() {
		Bars(c, 300, 200, 1, th)
	}
}
