package viz

import (
	"fmt"
	"image"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Percentiles are the percentiles summarised by a Distribution: those of
// TensorBoard's compressed histograms (basis points 0, 668, 1587, 3085,
// 5000, …), i.e. the minimum, μ ± 1.5σ, μ ± σ, μ ± σ/2, the median and the
// maximum of a normal distribution.
var Percentiles = [9]float64{0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100}

// Distribution summarises one tensor (weights or gradients of a layer) at
// one step by its values at Percentiles.
type Distribution struct {
	// X is the step, e.g. the epoch as a float.
	X float64
	// Q[i] is the value at Percentiles[i]; Q is non-decreasing.
	Q [9]float64
}

// DistributionOf returns the exact distribution of the finite values at
// step x, interpolating linearly between order statistics. It sorts a
// copy of values. Without finite values every quantile is NaN.
func DistributionOf(x float64, values []float32) Distribution {
	v := make([]float64, 0, len(values))
	for _, f := range values {
		if g := float64(f); finite(g) {
			v = append(v, g)
		}
	}
	d := Distribution{X: x}
	if len(v) == 0 {
		for i := range d.Q {
			d.Q[i] = math.NaN()
		}
		return d
	}
	slices.Sort(v)
	for i, p := range Percentiles {
		pos := p / 100 * float64(len(v)-1)
		k := int(pos)
		if k >= len(v)-1 {
			d.Q[i] = v[len(v)-1]
			continue
		}
		d.Q[i] = v[k] + (pos-float64(k))*(v[k+1]-v[k])
	}
	return d
}

// DistributionFromHistogram returns the distribution at step x of a
// histogram with bin edges edges (non-decreasing, len(counts)+1 of them)
// and non-negative counts, assuming values spread uniformly within a bin.
// The 0th and 100th percentiles are the edges of the outermost non-empty
// bins. Without counts every quantile is NaN.
// It panics if len(edges) != len(counts)+1.
func DistributionFromHistogram(x float64, edges, counts []float64) Distribution {
	if len(edges) != len(counts)+1 {
		panic(fmt.Sprintf("viz: DistributionFromHistogram: %d edges for %d bins, want %d", len(edges), len(counts), len(counts)+1))
	}
	d := Distribution{X: x}
	var total float64
	for _, c := range counts {
		if c > 0 && finite(c) {
			total += c
		}
	}
	if !(total > 0) || math.IsInf(total, 0) {
		for i := range d.Q {
			d.Q[i] = math.NaN()
		}
		return d
	}
	bin, below := 0, 0.0 // first bin not yet passed, and the count before it
	for i, p := range Percentiles {
		target := p / 100 * total
		for bin < len(counts) {
			c := max(0, counts[bin])
			if !finite(c) {
				c = 0
			}
			if below+c >= target && c > 0 {
				f := (target - below) / c
				d.Q[i] = edges[bin] + f*(edges[bin+1]-edges[bin])
				break
			}
			below += c
			bin++
		}
		if bin == len(counts) { // rounding left target above the total
			d.Q[i] = lastEdge(edges, counts)
		}
	}
	return d
}

func lastEdge(edges, counts []float64) float64 {
	for i := len(counts) - 1; i >= 0; i-- {
		if counts[i] > 0 {
			return edges[i+1]
		}
	}
	return edges[len(edges)-1]
}

// DistChart shows how a distribution evolves, like TensorBoard's
// "distributions" view: nested bands between symmetric percentiles
// (min–max, ±1.5σ, ±σ, ±σ/2), darker towards the median line.
type DistChart struct {
	Title, XLabel, YLabel string
	// Steps are the distributions in order of X; steps with a non-finite
	// X or quantile are skipped.
	Steps []Distribution
	// Color indexes Theme.Series.
	Color int
	// Marker, if set, draws a dashed vertical line at that x.
	Marker *float64
}

// Distributions renders c as a w×h image, with scale as for LineChart.
// Steps beyond about one per two pixel columns are thinned out.
func Distributions(c DistChart, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	return render(w, h, e, func(dc draw.Canvas) { drawDist(dc, c, e, w) })
}

func drawDist(dc draw.Canvas, c DistChart, e env, cols int) {
	f, ok := newFrame(dc, e)
	if !ok {
		return
	}
	steps := make([]Distribution, 0, len(c.Steps))
	for _, s := range c.Steps {
		if finite(s.X) && math.Abs(s.X) <= maxAbs && allFinite(s.Q[:]) {
			steps = append(steps, s)
		}
	}
	if k := len(steps) / max(1, cols/2); k > 1 { // thin to ≤ cols/2 steps, keeping the last
		thin := steps[:0:0]
		for i := len(steps) - 1; i >= 0; i -= k {
			thin = append(thin, steps[i])
		}
		slices.Reverse(thin)
		steps = thin
	}

	x0, x1 := math.Inf(1), math.Inf(-1)
	y0, y1 := math.Inf(1), math.Inf(-1)
	for _, s := range steps {
		x0, x1 = min(x0, s.X), max(x1, s.X)
		y0, y1 = min(y0, clip(s.Q[0])), max(y1, clip(s.Q[8]))
	}
	x0, x1 = axisRange(x0, x1, nil, nil, false, 0)
	y0, y1 = axisRange(y0, y1, nil, nil, false, f.ny)

	p := f.plot(e, c.Title, c.XLabel, c.YLabel, false)
	p.Add(grid(e, true, true))
	col := e.th.SeriesColor(c.Color)
	if len(steps) > 0 {
		// Each band overlays the wider ones: opacity builds up inwards.
		for b, alpha := range []float64{0.16, 0.2, 0.26, 0.34} {
			lo, hi := b, 8-b
			ring := make(plotter.XYs, 0, 2*len(steps)+2)
			for _, s := range steps {
				ring = append(ring, plotter.XY{X: s.X, Y: clip(s.Q[hi])})
			}
			for i := len(steps) - 1; i >= 0; i-- {
				ring = append(ring, plotter.XY{X: steps[i].X, Y: clip(steps[i].Q[lo])})
			}
			if len(steps) == 1 { // a single step: a thin vertical bar
				ring = bar1(ring, (x1-x0)/200)
			}
			p.Add(&plotter.Polygon{XYs: []plotter.XYs{ring}, Color: fade(col, alpha)})
		}
		med := make(plotter.XYs, len(steps))
		for i, s := range steps {
			med[i] = plotter.XY{X: s.X, Y: clip(s.Q[4])}
		}
		p.Add(&polyline{xys: med, sty: e.line(col, 1.5)})
	}
	if c.Marker != nil && finite(*c.Marker) {
		p.Add(vline{x: *c.Marker, sty: withDash(e.line(fade(e.th.Foreground, 0.7), 1), e)})
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	p.Draw(f.inner)
	if len(steps) == 0 {
		noData(p.DataCanvas(f.inner), e)
	}
}

// bar1 widens the two-point ring of a single step to a bar of half-width dx.
func bar1(ring plotter.XYs, dx float64) plotter.XYs {
	hi, lo := ring[0], ring[1]
	return plotter.XYs{
		{X: hi.X - dx, Y: hi.Y}, {X: hi.X + dx, Y: hi.Y},
		{X: lo.X + dx, Y: lo.Y}, {X: lo.X - dx, Y: lo.Y},
	}
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if !finite(x) {
			return false
		}
	}
	return true
}

func clip(v float64) float64 { return max(-maxAbs, min(maxAbs, v)) }
