package proj

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// clusters returns n points in d dimensions around k well-separated
// centres (class i%k), with their labels.
func clusters(n, d, k int, seed uint64) (*mat.Dense, []uint8) {
	rng := rand.New(rand.NewPCG(seed, 2))
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = 10 * rng.NormFloat64()
	}
	x := mat.NewDense(n, d, nil)
	labels := make([]uint8, n)
	for i := range n {
		c := i % k
		labels[i] = uint8(c)
		for j := range d {
			x.Set(i, j, centres[c*d+j]+rng.NormFloat64())
		}
	}
	return x, labels
}

// kl returns KL(P‖Q) of layout y, with P multiplied by exag.
func kl(p *sparseP, y []float64, exag float64) float64 {
	n := len(y) / 2
	var z float64
	for i := range n {
		for j := range n {
			if i != j {
				dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
				z += 1 / (1 + dx*dx + dy*dy)
			}
		}
	}
	var c float64
	for i := range n {
		for e := p.ptr[i]; e < p.ptr[i+1]; e++ {
			j := p.col[e]
			dx, dy := y[2*i]-y[2*j], y[2*i+1]-y[2*j+1]
			q := 1 / (1 + dx*dx + dy*dy) / z
			pv := exag * p.val[e]
			c += pv * math.Log(pv/q)
		}
	}
	return c
}

func TestTSNEGradientMatchesFiniteDifferences(t *testing.T) {
	x, _ := clusters(40, 5, 3, 1)
	p, err := tsneAffinities(context.Background(), x, 5)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, v := range p.val {
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("P sums to %v, want 1", sum)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	y := make([]float64, 80)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	for _, exag := range []float64{1, 12} {
		tr := &tsne{p: p, y: y, n: 40}
		got := make([]float64, 80)
		tr.gradient(exag, got)
		want := fd.Gradient(nil, func(v []float64) float64 { return kl(p, v, exag) }, y, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-6*max(1, math.Abs(want[i])) {
				t.Fatalf("exaggeration %v: ∂KL/∂y[%d] = %v, finite differences %v", exag, i, got[i], want[i])
			}
		}
	}
}

func TestTSNEPerplexity(t *testing.T) {
	d := []float64{0, 0.5, 1, 2, 3, 5, 8, 9, 12, 20}
	w := make([]float64, len(d))
	for _, perp := range []float64{2, 5, 9} {
		conditional(d, perp, w)
		var h, sum float64
		for _, v := range w {
			sum += v
			if v > 0 {
				h -= v * math.Log(v)
			}
		}
		if math.Abs(sum-1) > 1e-12 || math.Abs(math.Exp(h)-perp) > 1e-3*perp {
			t.Errorf("conditional(perplexity %v): sum %v, perplexity %v", perp, sum, math.Exp(h))
		}
	}
}

// TestTSNEKeepsClustersApart lays out five well-separated clusters in 20
// dimensions: on the map each point's nearest neighbour is of its class
// and the classes' means classify nearly every point.
func TestTSNEKeepsClustersApart(t *testing.T) {
	x, labels := clusters(300, 20, 5, 7)
	opt := TSNEDefaults()
	opt.Iterations, opt.Exaggerate = 400, 150
	var layouts [][]float64
	for _, threads := range []int{1, 2} {
		old := runtime.GOMAXPROCS(threads)
		p, err := TSNE(context.Background(), x, opt, nil)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		layouts = append(layouts, p.XY)
		if s := Separation(p, labels, 5); s < 0.99 {
			t.Errorf("separation %v on the t-SNE map of well-separated clusters", s)
		}
		if nn := nearestSameClass(p.XY, labels); nn < 0.99 {
			t.Errorf("%.3f of points have a nearest neighbour of their class", nn)
		}
	}
	for i := range layouts[0] {
		if layouts[0][i] != layouts[1][i] {
			t.Fatalf("layout differs with one and two threads at %d: %v, %v", i, layouts[0][i], layouts[1][i])
		}
	}
}

// nearestSameClass returns the fraction of points whose nearest other
// point has their label.
func nearestSameClass(xy []float64, labels []uint8) float64 {
	n := len(labels)
	hits := 0
	for i := range n {
		best, bd := -1, math.Inf(1)
		for j := range n {
			if j == i {
				continue
			}
			dx, dy := xy[2*i]-xy[2*j], xy[2*i+1]-xy[2*j+1]
			if d := dx*dx + dy*dy; d < bd {
				best, bd = j, d
			}
		}
		if labels[best] == labels[i] {
			hits++
		}
	}
	return float64(hits) / float64(n)
}

// TestTSNEContinueMovesLittle continues a layout on slightly perturbed
// data: points move far less than the map's extent, while a fresh layout
// of the same data lands elsewhere.
func TestTSNEContinueMovesLittle(t *testing.T) {
	x, _ := clusters(300, 20, 5, 8)
	opt := TSNEDefaults()
	opt.Iterations, opt.Exaggerate = 400, 150
	first, err := TSNE(context.Background(), x, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	x2 := mat.DenseCopyOf(x)
	r, c := x2.Dims()
	for i := range r {
		for j := range c {
			x2.Set(i, j, x2.At(i, j)+0.01*rng.NormFloat64())
		}
	}
	next, err := TSNE(context.Background(), x2, TSNEContinue(first.XY), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The map is drawn scaled to its extent, and t-SNE layouts keep
	// growing slowly: compare the layouts each scaled to unit RMS radius.
	a, b := unitRMS(first.XY), unitRMS(next.XY)
	var worst, mean float64
	for i := range r {
		d := math.Hypot(b[2*i]-a[2*i], b[2*i+1]-a[2*i+1])
		worst = max(worst, d)
		mean += d / float64(r)
	}
	if mean > 0.05 || worst > 0.15 {
		t.Errorf("continuing moved points by %.3g on average, %.3g at most, on a map of RMS radius 1", mean, worst)
	}
	moved := mean
	fresh, err := TSNE(context.Background(), x2, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2 := unitRMS(fresh.XY)
	mean = 0
	for i := range r {
		mean += math.Hypot(c2[2*i]-a[2*i], c2[2*i+1]-a[2*i+1]) / float64(r)
	}
	if !(moved < mean/10) {
		t.Errorf("continuing moved points by %.3g, a fresh layout by %.3g: want a tenth at most", moved, mean)
	}
}

// unitRMS returns the layout xy (centred) scaled to RMS radius 1.
func unitRMS(xy []float64) []float64 {
	var s float64
	for _, v := range xy {
		s += v * v
	}
	k := 1 / math.Sqrt(s/float64(len(xy)/2))
	out := make([]float64, len(xy))
	for i, v := range xy {
		out[i] = v * k
	}
	return out
}

func TestTSNECancel(t *testing.T) {
	x, _ := clusters(100, 5, 3, 1)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := TSNE(ctx, x, TSNEDefaults(), func(done, total int) {
		if done == 20 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("TSNE after cancel: %v, want context.Canceled", err)
	}
}
