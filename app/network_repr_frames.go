package app

import (
	"context"
	"math"
	"sync"

	"backproplab/nn"
	"backproplab/nn/proj"
)

// reprSampleSize is how many test images the representation map shows.
const reprSampleSize = 2000

// reprSeed picks the fixed sample of test images.
const reprSeed = 1

// reprFrame is one timeline snapshot's map of one layer.
type reprFrame struct {
	proj       *proj.Projection // aligned to the previous snapshot's map
	pred       []uint8          // the snapshot's guess for each sampled image
	accuracy   float64          // on the sample
	separation float64          // nearest-class-mean accuracy on the map
	inLayer    float64          // the same in all the layer's values (proj.SeparationIn)
}

// reprMethod is how the representation view maps a layer to 2D.
type reprMethod int32

// The mapping methods, in the order of the view's chooser.
const (
	// reprPCA projects onto the first two principal components: instant,
	// and distances on the map are distances in the layer (shortened).
	reprPCA reprMethod = iota
	// reprTSNE lays the points out with t-SNE, which keeps neighbourhoods:
	// computed in the background, each snapshot's layout starting from the
	// previous snapshot's so that points move continuously.
	reprTSNE
)

// reprKey names a frame: a snapshot's weights (by their first element's
// address: the timeline never modifies them), a layer and a method.
type reprKey struct {
	params *float32
	layer  int
	method reprMethod
}

// inputKey names the raw input's map of a sample by a method.
type inputKey struct {
	sample *nn.Dataset
	method reprMethod
}

// reprFrames computes and caches the maps of the timeline's snapshots. Its
// methods may be called from any goroutine.
type reprFrames struct {
	busy   sync.Mutex // one compute at a time: a second finds the first's frames
	mu     sync.Mutex
	test   *nn.Dataset // the test set the sample comes from
	sample *nn.Dataset // reprSampleSize rows of test
	rows   []int       // their indices in test
	frames map[reprKey]*reprFrame
	input  map[inputKey]*proj.Projection // the raw input's map (same for every snapshot)
	inSep  map[*nn.Dataset]float64       // the raw input's separation in all its values
}

// use sets the test set, resetting the cache when it changes, and returns
// the sample and its rows.
func (f *reprFrames) use(test *nn.Dataset) (*nn.Dataset, []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.test != test {
		f.test, f.frames, f.input, f.inSep = test, map[reprKey]*reprFrame{}, map[inputKey]*proj.Projection{}, map[*nn.Dataset]float64{}
		f.rows = proj.Sample(test.N, reprSampleSize, reprSeed)
		f.sample = test.Subset(f.rows)
	}
	return f.sample, f.rows
}

// get returns the cached frame, or nil.
func (f *reprFrames) get(k reprKey) *reprFrame {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.frames[k]
}

// missing reports whether any of the snapshots lacks its frame of layer
// by method.
func (f *reprFrames) missing(params [][]float32, layer int, method reprMethod) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range params {
		if len(p) > 0 && f.frames[reprKey{&p[0], layer, method}] == nil {
			return true
		}
	}
	return false
}

// compute fills in the frames of layer by method for each snapshot's
// params, in order, each aligned to (PCA) or started from (t-SNE) the one
// before; after each it calls progress. steps is told the t-SNE steps done
// of snapshot i. It stops when ctx is done.
func (f *reprFrames) compute(ctx context.Context, arch nn.Arch, params [][]float32, layer int, method reprMethod, test *nn.Dataset, progress func(), steps func(i, done, total int)) error {
	f.busy.Lock()
	defer f.busy.Unlock()
	sample, _ := f.use(test)
	net := nn.NewNetwork(arch, 0)
	ev := nn.NewEvaluator(arch)
	var prev *proj.Projection
	for i, p := range params {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(p) != len(net.Params) {
			continue // a snapshot of another architecture (a reset under way)
		}
		k := reprKey{&p[0], layer, method}
		if fr := f.get(k); fr != nil {
			prev = fr.proj
			continue
		}
		copy(net.Params, p)
		fr := &reprFrame{pred: make([]uint8, sample.N)}
		_, fr.accuracy = ev.Run(net, sample, fr.pred, nil)
		var pr *proj.Projection
		if layer == 0 {
			pr, fr.inLayer = f.inputMap(sample, method)
		}
		if pr == nil {
			x := proj.Activations(net, sample, layer)
			var err error
			if pr, err = proj.Project(x); err != nil {
				return err
			}
			if method == reprTSNE && !pr.Exact {
				opt := proj.TSNEDefaults()
				if prev != nil && !prev.Exact && prev.N() == pr.N() {
					opt = proj.TSNEContinue(prev.XY)
				} else {
					opt.Init = tsneStart(pr)
				}
				if pr, err = proj.TSNE(ctx, x, opt, func(done, total int) { steps(i, done, total) }); err != nil {
					return err
				}
			}
			fr.inLayer = proj.SeparationIn(x, sample.Labels, arch.Outputs)
			if layer == 0 {
				f.mu.Lock()
				f.input[inputKey{sample, method}], f.inSep[sample] = pr, fr.inLayer
				f.mu.Unlock()
			}
		}
		fr.proj = pr
		if method == reprPCA {
			fr.proj = proj.Align(pr, prev)
		}
		fr.separation = proj.Separation(fr.proj, sample.Labels, arch.Outputs)
		prev = fr.proj
		f.mu.Lock()
		if f.test == test {
			f.frames[k] = fr
		}
		f.mu.Unlock()
		progress()
	}
	return nil
}

// tsneStart returns t-SNE's starting layout from a PCA map: the map scaled
// so that its first axis has standard deviation 10⁻⁴ (as scikit-learn's
// "pca" initialisation), which keeps the global arrangement PCA shows.
func tsneStart(pr *proj.Projection) []float64 {
	n := pr.N()
	var mean, ss float64
	for i := range n {
		mean += pr.XY[2*i] / float64(n)
	}
	for i := range n {
		d := pr.XY[2*i] - mean
		ss += d * d
	}
	k := 1e-4
	if sd := math.Sqrt(ss / float64(max(n, 1))); sd > 0 {
		k /= sd
	}
	out := make([]float64, len(pr.XY))
	for i, v := range pr.XY {
		out[i] = v * k
	}
	return out
}

// inputMap returns the raw input's cached map by method and its
// separation, or nil.
func (f *reprFrames) inputMap(sample *nn.Dataset, method reprMethod) (*proj.Projection, float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.input[inputKey{sample, method}], f.inSep[sample]
}
