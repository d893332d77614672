package proj

import (
	"context"
	"runtime"
	"sync"

	"backproplab/nn"
)

// maxProducts bounds the first-layer products evalPoints keeps (float32
// values, 128 MB); beyond it each point runs the whole network.
const maxProducts = 1 << 25

// firstBasis gives the first layer's weights at each point of a slice as
// a combination Σ coef_k · w[k] of a few weight matrices (each laid out
// like Layers[0].W). The first layer is linear in its weights, so its
// product with the data at a point is the same combination of the
// matrices' products, which are computed once (Li et al.'s slices cost a
// full forward pass per point without this).
type firstBasis struct {
	w    [][]float32
	coef func(p [2]float64, c []float64)
}

// evalPoints evaluates the loss on d at base + x·u + y·v for each point
// (x, y), in parallel on private copies of base. v may be nil. The first
// layer's weights at a point must be first's combination for that point.
// Each point's loss is summed over batches of evalRows rows in order, as
// nn.Evaluator does, so the result does not depend on the number of
// threads.
func evalPoints(ctx context.Context, base *nn.Network, u, v []float64, first firstBasis, d *nn.Dataset, pts [][2]float64, progress Progress) ([]float64, error) {
	if len(pts) == 0 || d.N == 0 {
		return make([]float64, len(pts)), nil
	}
	if d.N*base.Layers[0].Out*len(first.w) > maxProducts {
		return evalPlain(ctx, base, u, v, d, pts, progress)
	}
	fp, err := firstProducts(ctx, d, first.w, base.Layers[0].Out)
	if err != nil {
		return nil, err
	}
	skip := len(base.Layers[0].W) // the first layer's weights act through fp
	return evalEach(ctx, base, len(pts), progress, func(net *nn.Network) func(i int) float64 {
		ws := nn.NewWorkspace(net.Arch, min(evalRows, d.N))
		out := net.Layers[0].Out
		z := make([]float32, ws.Cap()*out)
		c := make([]float64, len(first.w))
		return func(i int) float64 {
			x, y := pts[i][0], pts[i][1]
			for k := skip; k < len(base.Params); k++ {
				q := float64(base.Params[k]) + x*u[k]
				if v != nil {
					q += y * v[k]
				}
				net.Params[k] = float32(q)
			}
			first.coef(pts[i], c)
			var total float64
			for b, p := range fp {
				lo := b * evalRows
				rows := min(evalRows, d.N-lo)
				combine(z[:rows*out], p, c)
				var tg []float32
				if d.Target != nil {
					tg = d.Target[lo : lo+rows]
				}
				l, _ := net.ForwardLossFrom(ws, z[:rows*out], d.Labels[lo:lo+rows], tg)
				total += l * float64(rows)
			}
			return total / float64(d.N)
		}
	})
}

// evalRows is the batch size of nn.Evaluator, whose sums evalPoints
// repeats.
const evalRows = 500

// combine sets z to Σ c[k]·p[k] (rounded once to float32).
func combine(z []float32, p [][]float32, c []float64) {
	switch len(p) {
	case 2:
		a, b := p[0][:len(z)], p[1][:len(z)]
		for i := range z {
			z[i] = float32(c[0]*float64(a[i]) + c[1]*float64(b[i]))
		}
	case 3:
		a, b, e := p[0][:len(z)], p[1][:len(z)], p[2][:len(z)]
		for i := range z {
			z[i] = float32(c[0]*float64(a[i]) + c[1]*float64(b[i]) + c[2]*float64(e[i]))
		}
	default:
		panic("proj: combine wants 2 or 3 products")
	}
}

// firstProducts returns, for each batch of evalRows rows of d, the
// products of its inputs with each of the matrices w: fp[batch][k] is
// (rows, out). The batches are shared among GOMAXPROCS goroutines; each
// product is computed alone, so the values do not depend on that number.
func firstProducts(ctx context.Context, d *nn.Dataset, w [][]float32, out int) ([][][]float32, error) {
	batches := (d.N + evalRows - 1) / evalRows
	fp := make([][][]float32, batches)
	var next sync.Mutex
	b := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), batches) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in nn.Input
			y := make([]uint8, evalRows)
			idx := make([]int, 0, evalRows)
			for ctx.Err() == nil {
				next.Lock()
				k := b
				b++
				next.Unlock()
				if k >= batches {
					return
				}
				lo := k * evalRows
				hi := min(lo+evalRows, d.N)
				idx = idx[:0]
				for r := lo; r < hi; r++ {
					idx = append(idx, r)
				}
				d.Gather(idx, &in, y[:hi-lo])
				ps := make([][]float32, len(w))
				for j, m := range w {
					ps[j] = make([]float32, (hi-lo)*out)
					nn.FirstProduct(&in, m, out, ps[j])
				}
				fp[k] = ps
				nn.Yield()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return fp, nil
}

// evalPlain evaluates the loss on d at base + x·u + y·v for each point
// (x, y) with a whole forward pass per point.
func evalPlain(ctx context.Context, base *nn.Network, u, v []float64, d *nn.Dataset, pts [][2]float64, progress Progress) ([]float64, error) {
	return evalEach(ctx, base, len(pts), progress, func(net *nn.Network) func(i int) float64 {
		ev := nn.NewEvaluator(net.Arch)
		return func(i int) float64 {
			x, y := pts[i][0], pts[i][1]
			for k, p := range base.Params {
				q := float64(p) + x*u[k]
				if v != nil {
					q += y * v[k]
				}
				net.Params[k] = float32(q)
			}
			l, _ := ev.Run(net, d, nil, nil)
			return l
		}
	})
}

// evalEach computes n losses in parallel: each of GOMAXPROCS workers gets
// a private copy of base and makes its evaluator with newEval, then
// evaluates the points handed to it. progress is called on the calling
// goroutine; after ctx is cancelled the evaluations under way finish and
// ctx's error is returned.
func evalEach(ctx context.Context, base *nn.Network, n int, progress Progress, newEval func(net *nn.Network) func(i int) float64) ([]float64, error) {
	loss := make([]float64, n)
	jobs := make(chan int)
	type result struct {
		i    int
		loss float64
	}
	results := make(chan result)
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	defer wg.Wait()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eval := newEval(base.Clone())
			for i := range jobs {
				l := eval(i)
				nn.Yield() // let a browser paint (GOOS=js)
				results <- result{i, l}
			}
		}()
	}
	next, done := 0, 0
	var err error
	stop := ctx.Done()
	for done < next || (next < n && err == nil) {
		var send chan int
		if next < n && err == nil {
			send = jobs
		}
		select {
		case send <- next:
			next++
		case r := <-results:
			loss[r.i] = r.loss
			done++
			if progress != nil {
				progress(done, n)
			}
		case <-stop:
			err, stop = ctx.Err(), nil // wait for the evaluations under way
		}
	}
	close(jobs)
	return loss, err
}
