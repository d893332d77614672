package viz

import (
	"math"
	"math/rand/v2"
)

// Synthetic but realistic training curves: 5 epochs of 469 batches.
const (
	fixEpochs  = 5
	fixBatches = 469
)

// fixLoss returns per-batch training loss (x in epochs), its smoothed
// version and per-epoch validation loss at x = 1..5.
func fixLoss() (x, raw, val, valX []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := fixEpochs * fixBatches
	x = make([]float64, n)
	raw = make([]float64, n)
	for i := range n {
		e := float64(i+1) / fixBatches
		x[i] = e
		mean := 2.2*math.Exp(-6*e) + 0.25*math.Exp(-0.7*e) + 0.02
		raw[i] = mean * math.Exp(0.35*rng.NormFloat64())
	}
	for ep := 1; ep <= fixEpochs; ep++ {
		e := float64(ep)
		valX = append(valX, e)
		val = append(val, 2.2*math.Exp(-6*e)+0.25*math.Exp(-0.55*e)+0.06)
	}
	return x, raw, val, valX
}

// fixLossChart is the loss chart the app shows: raw, smoothed, validation
// points, the generalisation gap shaded and a timeline marker.
func fixLossChart() Chart {
	x, raw, val, valX := fixLoss()
	return Chart{
		Title:  "Loss",
		XLabel: "epoch",
		YLabel: "cross-entropy",
		Series: []Series{
			{X: x, Y: raw, Style: StyleRaw, Color: 0},
			{Name: "training (smoothed)", X: x, Y: Smooth(raw, 0.95), Style: StyleSolid, Color: 0},
			{Name: "validation", X: valX, Y: val, Style: StylePoints, Color: 1},
		},
		XMin:   new(0.0),
		XMax:   new(float64(fixEpochs)),
		Marker: new(3.4),
		Shade:  &[2]int{1, 2},
	}
}

// fixAccuracyChart has a live test accuracy and per-epoch points.
func fixAccuracyChart() Chart {
	rng := rand.New(rand.NewPCG(3, 4))
	var lx, ly, ex, ey []float64
	for i := range 200 {
		e := float64(i+1) / 40
		lx = append(lx, e)
		ly = append(ly, 0.985-0.12*math.Exp(-2.2*e)+0.004*rng.NormFloat64())
	}
	for ep := 1; ep <= fixEpochs; ep++ {
		e := float64(ep)
		ex = append(ex, e)
		ey = append(ey, 0.99-0.1*math.Exp(-2.2*e))
	}
	return Chart{
		Title:  "Accuracy",
		XLabel: "epoch",
		YLabel: "accuracy",
		Series: []Series{
			{Name: "test (live)", X: lx, Y: ly, Style: StyleSolid, Color: 2},
			{Name: "validation", X: ex, Y: ey, Style: StylePoints, Color: 1},
			{Name: "chance", X: []float64{0, 5}, Y: []float64{0.1, 0.1}, Style: StyleDashed, Color: 6},
		},
		XMin:   new(0.0),
		XMax:   new(5.0),
		YMin:   new(0.0),
		YMax:   new(1.0),
		Legend: LegendBottomRight,
	}
}

// fixConfusion is a plausible MNIST test-set confusion matrix (97.8 %).
func fixConfusion() [][]int {
	m := make([][]int, 10)
	for t := range m {
		m[t] = make([]int, 10)
	}
	totals := [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	errs := [][3]int{{4, 9, 11}, {7, 2, 9}, {3, 5, 8}, {9, 4, 7}, {2, 7, 6}, {5, 3, 6}, {8, 3, 5}, {7, 9, 5},
		{6, 0, 4}, {8, 5, 4}, {1, 8, 3}, {0, 6, 3}, {2, 8, 3}, {9, 7, 4}, {3, 8, 3}, {6, 5, 3}, {5, 8, 3}, {8, 9, 2},
		{1, 2, 2}, {0, 2, 1}, {2, 3, 2}, {4, 2, 2}, {7, 1, 2}, {8, 2, 1}, {9, 8, 3}, {5, 6, 2}, {6, 4, 2}, {0, 5, 1}, {3, 2, 2}}
	for _, e := range errs {
		m[e[0]][e[1]] += e[2]
	}
	for t := range 10 {
		off := 0
		for p := range 10 {
			off += m[t][p]
		}
		m[t][t] = totals[t] - off
	}
	return m
}

// fixNames3 names the classes of fixConfusion3.
var fixNames3 = []string{"circle", "square", "triangle"}

// fixConfusion3 is a plausible confusion matrix of three shapes.
func fixConfusion3() [][]int {
	return [][]int{{58, 1, 1}, {3, 55, 2}, {0, 4, 56}}
}

// fixConfusionN is an n×n matrix whose diagonal dominates, with a few
// confusions between neighbouring classes.
func fixConfusionN(n int) [][]int {
	m := make([][]int, n)
	for t := range m {
		m[t] = make([]int, n)
		m[t][t] = 90 + 7*t%13
		m[t][(t+1)%n] += t % 4
		m[t][(t+n-1)%n] += t % 3
	}
	return m
}

// fixW1 returns synthetic first-layer weights, (784, units) row-major:
// each unit has a positive and a negative blob plus noise, weaker at the
// image border, and unit u's overall strength varies with u.
func fixW1(units int) []float32 {
	rng := rand.New(rand.NewPCG(7, 8))
	w := make([]float32, 784*units)
	for u := range units {
		ax, ay := 6+rng.Float64()*16, 6+rng.Float64()*16
		bx, by := 6+rng.Float64()*16, 6+rng.Float64()*16
		s := 0.3 + 0.7*float64(u%7)/6
		for p := range 784 {
			x, y := float64(p%28), float64(p/28)
			g := func(cx, cy float64) float64 { return math.Exp(-((x-cx)*(x-cx) + (y-cy)*(y-cy)) / 18) }
			edge := math.Min(math.Min(x, 27-x), math.Min(y, 27-y)) / 4
			v := s * (0.25*g(ax, ay) - 0.2*g(bx, by) + 0.03*rng.NormFloat64()*math.Min(1, edge))
			w[p*units+u] = float32(v)
		}
	}
	return w
}

// fixDistributions returns weight distributions that widen over 5 epochs.
func fixDistributions() []Distribution {
	rng := rand.New(rand.NewPCG(9, 10))
	var ds []Distribution
	vals := make([]float32, 5000)
	for step := 0; step <= 100; step++ {
		x := float64(step) / 20
		sd := 0.05 + 0.04*math.Sqrt(x)
		for i := range vals {
			vals[i] = float32(sd*rng.NormFloat64() + 0.01*x)
			if i%50 == 0 {
				vals[i] *= 1.5 // heavier tails
			}
		}
		ds = append(ds, DistributionOf(x, vals))
	}
	return ds
}
