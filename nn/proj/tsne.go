package proj

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// TSNEOptions sets up a t-SNE layout (see TSNE).
type TSNEOptions struct {
	// Perplexity is the effective number of neighbours each point's
	// Gaussian covers in the representation (van der Maaten suggests 5–50).
	Perplexity float64
	// Iterations is the number of gradient steps.
	Iterations int
	// Exaggerate is how many of the first steps multiply the input
	// similarities by 12 (early exaggeration), which lets clusters form
	// and separate; 0 when the layout continues a previous one.
	Exaggerate int
	// Seed draws the random starting layout when Init is nil.
	Seed uint64
	// Init is the starting layout (n, 2), e.g. the previous snapshot's
	// layout along a training run, or nil for a random one.
	Init []float64
}

// TSNEDefaults returns the settings of a fresh layout: perplexity 30, 750
// steps of which 250 exaggerated, seed 1.
func TSNEDefaults() TSNEOptions {
	return TSNEOptions{Perplexity: 30, Iterations: 750, Exaggerate: 250, Seed: 1}
}

// TSNEContinue returns the settings of a layout that starts from a
// previous one (Init): 100 steps and no exaggeration, so that points that
// keep their neighbours stay where they were.
func TSNEContinue(init []float64) TSNEOptions {
	return TSNEOptions{Perplexity: 30, Iterations: 100, Seed: 1, Init: init}
}

// MaxTSNEPoints is the most points TSNE lays out: it computes the exact
// gradient, whose cost grows with the square of the points.
const MaxTSNEPoints = 5000

// The optimiser's constants, as in van der Maaten's and scikit-learn's
// implementations.
const (
	tsneExaggeration = 12.0
	tsneMinGain      = 0.01
)

// TSNE lays the rows of x (n samples × d values) out in 2D with t-SNE (van
// der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 2008): the
// input similarities are Gaussian over each point's 3·perplexity nearest
// neighbours, each Gaussian's width set by bisection to the perplexity,
// symmetrised; the layout's similarities follow a Student t with one
// degree of freedom, and gradient descent with momentum and per-coordinate
// gains (delta-bar-delta) minimises the Kullback–Leibler divergence, with
// the exact gradient (every pair's repulsion). Unlike PCA it keeps
// neighbourhoods rather than distances: clusters show, but distances
// between clusters and their sizes mean little.
//
// The result depends only on x and opt, not on the number of threads.
// Progress is told the steps done, every 10 steps, on the calling
// goroutine; the computation stops with ctx's error soon after ctx is
// done.
func TSNE(ctx context.Context, x *mat.Dense, opt TSNEOptions, progress Progress) (*Projection, error) {
	if x.IsEmpty() {
		return &Projection{}, nil
	}
	n, _ := x.Dims()
	switch {
	case n > MaxTSNEPoints:
		return nil, errors.New("proj: too many points for t-SNE")
	case !(opt.Perplexity > 0) || opt.Iterations < 0 || opt.Exaggerate < 0:
		return nil, errors.New("proj: invalid t-SNE settings")
	case opt.Init != nil && len(opt.Init) != 2*n:
		panic("proj: t-SNE starting layout of the wrong size")
	}
	y := make([]float64, 2*n)
	if opt.Init != nil {
		copy(y, opt.Init)
	} else {
		rng := rand.New(rand.NewPCG(opt.Seed, 0x74736e65)) // "tsne"
		for i := range y {
			y[i] = 1e-4 * rng.NormFloat64()
		}
	}
	if n < 3 {
		return &Projection{XY: y}, nil
	}
	p, err := tsneAffinities(ctx, x, opt.Perplexity)
	if err != nil {
		return nil, err
	}
	t := &tsne{p: p, y: y, n: n}
	if err := t.optimise(ctx, opt, progress); err != nil {
		return nil, err
	}
	return &Projection{XY: t.y}, nil
}

// sparseP is the symmetric matrix of input similarities P in compressed
// sparse row form: row i holds p_ij for j = col[e], ptr[i] ≤ e < ptr[i+1].
// Its entries sum to 1.
type sparseP struct {
	ptr []int
	col []int
	val []float64
}

// tsneAffinities returns the symmetrised input similarities of the rows
// of x for the given perplexity.
func tsneAffinities(ctx context.Context, x *mat.Dense, perplexity float64) (*sparseP, error) {
	n, _ := x.Dims()
	k := min(n-1, int(math.Ceil(3*perplexity)))
	perplexity = min(perplexity, float64(k))
	// Squared distances from the Gram matrix: ‖a−b‖² = ‖a‖² + ‖b‖² − 2a·b.
	var g mat.Dense
	g.Mul(x, x.T())
	norm := make([]float64, n)
	for i := range n {
		norm[i] = g.At(i, i)
	}
	type nb struct {
		d float64
		j int
	}
	type ent struct {
		i, j int
		v    float64
	}
	ents := make([]ent, 0, 2*n*k)
	row := make([]nb, 0, n)
	d := make([]float64, k)
	w := make([]float64, k)
	for i := range n {
		if i%100 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row = row[:0]
		gi := g.RawRowView(i)
		for j := range n {
			if j != i {
				row = append(row, nb{max(norm[i]+norm[j]-2*gi[j], 0), j})
			}
		}
		slices.SortFunc(row, func(a, b nb) int { // nearest first; ties by index
			if c := cmp.Compare(a.d, b.d); c != 0 {
				return c
			}
			return cmp.Compare(a.j, b.j)
		})
		for e := range k {
			d[e] = row[e].d
		}
		conditional(d, perplexity, w)
		for e := range k {
			j := row[e].j
			ents = append(ents, ent{i, j, w[e]}, ent{j, i, w[e]})
		}
	}
	slices.SortFunc(ents, func(a, b ent) int {
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	p := &sparseP{ptr: make([]int, n+1)}
	scale := 1 / (2 * float64(n)) // p_ij = (p_j|i + p_i|j) / 2n
	for e := 0; e < len(ents); {
		f := e
		var v float64
		for ; f < len(ents) && ents[f].i == ents[e].i && ents[f].j == ents[e].j; f++ {
			v += ents[f].v
		}
		p.col = append(p.col, ents[e].j)
		p.val = append(p.val, v*scale)
		p.ptr[ents[e].i+1] = len(p.col)
		e = f
	}
	for i := 1; i <= n; i++ { // rows without entries
		p.ptr[i] = max(p.ptr[i], p.ptr[i-1])
	}
	return p, nil
}

// conditional sets w to the conditional similarities p_j|i of a point to
// neighbours at squared distances d (ascending): a Gaussian whose precision
// β = 1/2σ² is found by bisection so that the entropy of w is
// log(perplexity).
func conditional(d []float64, perplexity float64, w []float64) {
	target := math.Log(perplexity)
	beta, lo, hi := 1.0, 0.0, math.Inf(1)
	if d[len(d)-1] > d[0] {
		beta = 1 / (d[len(d)-1] - d[0]) // a scale the search starts near
	}
	for range 200 {
		var sum, dot float64
		for e, v := range d {
			w[e] = math.Exp(-(v - d[0]) * beta)
			sum += w[e]
			dot += (v - d[0]) * w[e]
		}
		h := math.Log(sum) + beta*dot/sum // entropy, in nats
		if math.Abs(h-target) < 1e-5 {
			break
		}
		if h > target { // too flat: narrow the Gaussian
			lo = beta
			if math.IsInf(hi, 1) {
				beta *= 2
			} else {
				beta = (beta + hi) / 2
			}
		} else {
			hi = beta
			beta = (beta + lo) / 2
		}
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	for e := range w {
		w[e] /= sum
	}
}

// tsne is a layout being optimised.
type tsne struct {
	p *sparseP
	y []float64 // (n, 2)
	n int
	// per block of rows (see gradient): the bounds, Σ (1 + ‖y_i − y_j‖²)⁻¹
	// over its pairs, and each row's Σ (1 + ‖y_i − y_j‖²)⁻² (y_i − y_j) over
	// its pairs (n, 2)
	bounds []int
	z      []float64
	rep    [][]float64
}

// optimise runs the gradient descent.
func (t *tsne) optimise(ctx context.Context, opt TSNEOptions, progress Progress) error {
	n := t.n
	grad := make([]float64, 2*n)
	update := make([]float64, 2*n)
	gains := make([]float64, 2*n)
	for i := range gains {
		gains[i] = 1
	}
	rate := max(float64(n)/tsneExaggeration/4, 50) // scikit-learn's "auto"
	for it := range opt.Iterations {
		if err := ctx.Err(); err != nil {
			return err
		}
		exag, momentum := 1.0, 0.8
		if it < opt.Exaggerate {
			exag, momentum = tsneExaggeration, 0.5
		}
		t.gradient(exag, grad)
		for i, g := range grad {
			if (g > 0) != (update[i] > 0) {
				gains[i] += 0.2
			} else {
				gains[i] = max(gains[i]*0.8, tsneMinGain)
			}
			update[i] = momentum*update[i] - rate*gains[i]*g
			t.y[i] += update[i]
		}
		var mx, my float64
		for i := range n {
			mx += t.y[2*i]
			my += t.y[2*i+1]
		}
		mx, my = mx/float64(n), my/float64(n)
		for i := range n {
			t.y[2*i] -= mx
			t.y[2*i+1] -= my
		}
		if progress != nil && ((it+1)%10 == 0 || it+1 == opt.Iterations) {
			progress(it+1, opt.Iterations)
		}
	}
	return nil
}

// tsneBlocks is how many parts the pairs are split into, whatever the
// number of threads, so that the sums do not depend on it.
const tsneBlocks = 16

// gradient sets grad to the gradient of KL(P‖Q) with P multiplied by exag:
// 4 Σ_j (exag·p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j). Each pair i < j
// is visited once: the pairs are split into tsneBlocks blocks of rows,
// each summing into its own buffers, which are then added in block order,
// so the result does not depend on the number of threads.
func (t *tsne) gradient(exag float64, grad []float64) {
	n := t.n
	if t.bounds == nil {
		t.bounds = pairBlocks(n, tsneBlocks)
		t.rep = make([][]float64, len(t.bounds)-1)
		for b := range t.rep {
			t.rep[b] = make([]float64, 2*n)
		}
		t.z = make([]float64, len(t.rep))
	}
	var next sync.Mutex
	blk := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(t.rep)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				b := blk
				blk++
				next.Unlock()
				if b >= len(t.rep) {
					return
				}
				t.z[b] = t.block(t.bounds[b], t.bounds[b+1], exag, t.rep[b], grad)
			}
		}()
	}
	wg.Wait()
	var z float64
	for _, v := range t.z {
		z += 2 * v // each pair stands for q_ij and q_ji
	}
	for i := range grad {
		var r float64
		for _, rep := range t.rep {
			r += rep[i]
		}
		grad[i] = 4 * (grad[i] - r/z)
	}
}

// block sums, for the rows [lo, hi), the repulsion of every pair i < j
// into rep (both rows' parts) and returns their Σ (1 + d²)⁻¹; it sets
// those rows of grad to their attraction, exag·Σ_j p_ij (1 + d²)⁻¹ (y_i − y_j).
func (t *tsne) block(lo, hi int, exag float64, rep, grad []float64) float64 {
	clear(rep)
	y := t.y
	var z float64
	for i := lo; i < hi; i++ {
		xi, yi := y[2*i], y[2*i+1]
		var rx, ry float64
		ys := y[2*(i+1):]
		rs := rep[2*(i+1):]
		for j := 0; j+1 < len(ys); j += 2 {
			dx, dy := xi-ys[j], yi-ys[j+1]
			q := 1 / (1 + dx*dx + dy*dy)
			z += q
			q *= q
			fx, fy := q*dx, q*dy
			rx += fx
			ry += fy
			rs[j] -= fx
			rs[j+1] -= fy
		}
		rep[2*i] += rx
		rep[2*i+1] += ry
		var ax, ay float64
		for e := t.p.ptr[i]; e < t.p.ptr[i+1]; e++ {
			j := t.p.col[e]
			dx, dy := xi-y[2*j], yi-y[2*j+1]
			q := t.p.val[e] / (1 + dx*dx + dy*dy)
			ax += q * dx
			ay += q * dy
		}
		grad[2*i], grad[2*i+1] = exag*ax, exag*ay
	}
	return z
}

// pairBlocks returns the bounds of k blocks of the rows 0 … n−1 holding
// about as many pairs i < j each (row i has n−1−i).
func pairBlocks(n, k int) []int {
	total := n * (n - 1) / 2
	b := []int{0}
	acc := 0
	for i := range n {
		acc += n - 1 - i
		if acc*k >= total*len(b) && len(b) < k {
			b = append(b, i+1)
		}
	}
	if b[len(b)-1] != n {
		b = append(b, n)
	}
	return b
}
