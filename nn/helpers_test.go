package nn

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// loadMNIST returns the first nTrain training and nTest test images of the
// real MNIST data, found by mnist.Locate (the BACKPROPLAB_DATA folder, else
// the user cache), or skips tb when they are absent. It decompresses only
// what it needs: gunzipping all 70,000 images takes half a minute under -race.
func loadMNIST(tb testing.TB, nTrain, nTest int) (train, test *Dataset) {
	tb.Helper()
	dir, err := mnist.Locate("")
	if err != nil {
		if os.Getenv("BACKPROPLAB_REQUIRE_MNIST") == "1" {
			tb.Fatalf("no MNIST data, and BACKPROPLAB_REQUIRE_MNIST=1 (make test fetches it first): %v", err)
		}
		tb.Skipf("no MNIST data (set %s): %v", mnist.EnvData, err)
	}
	f := mnist.Files()
	train, err = readMNISTPrefix(dir, f[0], f[1], nTrain)
	if err != nil {
		tb.Fatal(err)
	}
	test, err = readMNISTPrefix(dir, f[2], f[3], nTest)
	if err != nil {
		tb.Fatal(err)
	}
	return train, test
}

// readMNISTPrefix reads the first n images and labels of an IDX pair in dir
// (each gzipped under its canonical name or raw without ".gz"). It hands
// mnist's readers a raw IDX stream whose header counts n items.
func readMNISTPrefix(dir, imagesName, labelsName string, n int) (*Dataset, error) {
	var images, labels []uint8
	for _, m := range []struct {
		name   string
		header int
		size   int
	}{{imagesName, 16, n * mnist.Rows * mnist.Cols}, {labelsName, 8, n}} {
		r, err := openIDX(dir, m.name)
		if err != nil {
			return nil, err
		}
		h := make([]byte, m.header)
		if _, err := io.ReadFull(r, h); err != nil {
			r.Close()
			return nil, fmt.Errorf("%s: %w", m.name, err)
		}
		binary.BigEndian.PutUint32(h[4:], uint32(n))
		prefix := io.MultiReader(bytes.NewReader(h), io.LimitReader(r, int64(m.size)))
		if m.header == 16 {
			images, _, _, _, err = mnist.ReadImages(prefix, m.name)
		} else {
			labels, err = mnist.ReadLabels(prefix, m.name)
		}
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	return NewDataset(images, labels, mnist.Rows*mnist.Cols), nil
}

// openIDX opens name (a .gz name) in dir, or its uncompressed twin, and
// returns its decompressed content.
func openIDX(dir, name string) (io.ReadCloser, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return os.Open(filepath.Join(dir, strings.TrimSuffix(name, ".gz")))
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
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

// maxRelDiff returns max |a−b| / max(|a|, |b|, floor) over the elements,
// and where it is; a NaN counts as an infinite difference.
func maxRelDiff(a, b []float64, floor float64) (worst float64, at int) {
	for i := range a {
		d := math.Abs(a[i]-b[i]) / math.Max(floor, math.Max(math.Abs(a[i]), math.Abs(b[i])))
		if math.IsNaN(d) {
			d = math.Inf(1)
		}
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
