package nn

import (
	"flag"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"backproplab/nn/mnist"
)

// update rewrites the golden files in testdata instead of comparing with them:
// go test ./nn -run 'TestTinyRunGolden|TestTestdataModel' -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// synthDigits returns n synthetic 28×28 images (n, 784) with labels 0..9.
// Each image is a blob of radius about 7 px whose centre depends on the
// label, so a network can learn the labels; about 19 % of the pixels are
// non-zero, as in MNIST.
func synthDigits(n int, seed uint64) (images, labels []uint8) {
	const side = 28
	rng := rand.New(rand.NewPCG(seed, 0x73796e7468)) // "synth"
	images = make([]uint8, n*side*side)
	labels = make([]uint8, n)
	for i := range n {
		k := rng.IntN(10)
		labels[i] = uint8(k)
		ang := 2 * math.Pi * float64(k) / 10
		cx := 13.5 + 5*math.Cos(ang) + rng.NormFloat64()*0.7
		cy := 13.5 + 5*math.Sin(ang) + rng.NormFloat64()*0.7
		r := 6.3 + rng.Float64()
		img := images[i*side*side : (i+1)*side*side]
		for y := range side {
			for x := range side {
				d := math.Hypot(float64(x)-cx, float64(y)-cy)
				if d < r {
					v := 255 * math.Min(1, (r-d)/2.5) * (0.6 + 0.4*rng.Float64())
					img[y*side+x] = uint8(max(1, v))
				}
			}
		}
	}
	return images, labels
}

// synthDataset returns synthDigits as a Dataset.
func synthDataset(n int, seed uint64) *Dataset {
	img, lab := synthDigits(n, seed)
	return NewDataset(img, lab, 784)
}

// randomDataset returns n images (n, 784) of random sparse pixels (about
// 19 % non-zero) with random labels: nothing to learn, but every pixel and
// label is exercised.
func randomDataset(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	img := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range img {
		if rng.Float64() < 0.19 {
			img[i] = uint8(1 + rng.IntN(255))
		}
	}
	for i := range lab {
		lab[i] = uint8(rng.IntN(10))
	}
	return NewDataset(img, lab, 784)
}

var mnistData struct {
	once        sync.Once
	train, test *Dataset
	err         error
}

// loadMNIST returns the real MNIST training and test sets, found by
// mnist.Locate (the BACKPROPLAB_DATA folder, else the user cache), or
// skips tb when they are absent.
func loadMNIST(tb testing.TB) (train, test *Dataset) {
	tb.Helper()
	d := &mnistData
	d.once.Do(func() {
		dir, err := mnist.Locate("")
		if err != nil {
			d.err = err
			return
		}
		tr, te, err := mnist.Load(dir)
		if err != nil {
			d.err = err
			return
		}
		d.train = NewDataset(tr.Images, tr.Labels, tr.Rows*tr.Cols)
		d.test = NewDataset(te.Images, te.Labels, te.Rows*te.Cols)
	})
	if d.err != nil {
		tb.Skipf("no MNIST data (set BACKPROPLAB_DATA): %v", d.err)
	}
	return d.train, d.test
}

// params returns a copy of the network's parameters.
func params(n *Network) []float32 { return append([]float32(nil), n.Params...) }

// sameBits reports whether a and b hold the same float32 bit patterns.
func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// maxRelDiff returns max |a−b| / max(|a|, |b|, floor) over the elements.
func maxRelDiff(a, b []float64, floor float64) (worst float64, at int) {
	for i := range a {
		d := math.Abs(a[i]-b[i]) / math.Max(floor, math.Max(math.Abs(a[i]), math.Abs(b[i])))
		if d > worst {
			worst, at = d, i
		}
	}
	return worst, at
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// mallocs returns the number of heap allocations that n calls of f make,
// after one warm-up call. Unlike testing.AllocsPerRun it does not round the
// average down, so a single allocation in n calls shows. The runtime and the
// test framework allocate now and then on their own, so it measures three
// times and returns the least.
func mallocs(n int, f func()) uint64 {
	f()
	least := uint64(math.MaxUint64)
	for range 3 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range n {
			f()
		}
		runtime.ReadMemStats(&after)
		least = min(least, after.Mallocs-before.Mallocs)
	}
	return least
}
