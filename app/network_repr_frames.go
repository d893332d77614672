package app

import (
	"context"
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

// reprKey names a frame: a snapshot's weights (by their first element's
// address: the timeline never modifies them) and a layer.
type reprKey struct {
	params *float32
	layer  int
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
	input  map[*nn.Dataset]*proj.Projection // the raw input's map (same for every snapshot)
	inSep  map[*nn.Dataset]float64          // the raw input's separation in all its values
}

// use sets the test set, resetting the cache when it changes, and returns
// the sample and its rows.
func (f *reprFrames) use(test *nn.Dataset) (*nn.Dataset, []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.test != test {
		f.test, f.frames, f.input, f.inSep = test, map[reprKey]*reprFrame{}, map[*nn.Dataset]*proj.Projection{}, map[*nn.Dataset]float64{}
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

// missing reports whether any of the snapshots lacks its frame of layer.
func (f *reprFrames) missing(params [][]float32, layer int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range params {
		if len(p) > 0 && f.frames[reprKey{&p[0], layer}] == nil {
			return true
		}
	}
	return false
}

// compute fills in the frames of layer for each snapshot's params, in
// order, each aligned to the one before; after each it calls progress. It
// stops when ctx is done.
func (f *reprFrames) compute(ctx context.Context, arch nn.Arch, params [][]float32, layer int, test *nn.Dataset, progress func()) error {
	f.busy.Lock()
	defer f.busy.Unlock()
	sample, _ := f.use(test)
	net := nn.NewNetwork(arch, 0)
	ev := nn.NewEvaluator(arch)
	var prev *proj.Projection
	for _, p := range params {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(p) != len(net.Params) {
			continue // a snapshot of another architecture (a reset under way)
		}
		k := reprKey{&p[0], layer}
		if fr := f.get(k); fr != nil {
			prev = fr.proj
			continue
		}
		copy(net.Params, p)
		fr := &reprFrame{pred: make([]uint8, sample.N)}
		_, fr.accuracy = ev.Run(net, sample, fr.pred, nil)
		var pr *proj.Projection
		if layer == 0 {
			pr, fr.inLayer = f.inputMap(sample)
		}
		if pr == nil {
			x := proj.Activations(net, sample, layer)
			var err error
			if pr, err = proj.Project(x); err != nil {
				return err
			}
			fr.inLayer = proj.SeparationIn(x, sample.Labels, arch.Outputs)
			if layer == 0 {
				f.mu.Lock()
				f.input[sample], f.inSep[sample] = pr, fr.inLayer
				f.mu.Unlock()
			}
		}
		fr.proj = proj.Align(pr, prev)
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

// inputMap returns the raw input's cached map and separation, or nil.
func (f *reprFrames) inputMap(sample *nn.Dataset) (*proj.Projection, float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.input[sample], f.inSep[sample]
}
