package kern

import (
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// forEachImpl runs f once with every implementation this CPU supports.
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	prev := pick(Impl())
	defer use(prev)
	for _, k := range available {
		t.Run(k.name, func(t *testing.T) {
			use(k)
			f(t)
		})
	}
}

// benchEachImpl is forEachImpl for benchmarks.
func benchEachImpl(b *testing.B, f func(b *testing.B)) {
	prev := pick(Impl())
	defer use(prev)
	for _, k := range available {
		b.Run(k.name, func(b *testing.B) {
			use(k)
			f(b)
		})
	}
}

// mustPanic fails t unless f panics with a message starting "kern: ".
func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s did not panic", name)
			return
		}
		if s, ok := r.(string); !ok || !strings.HasPrefix(s, "kern: ") {
			t.Errorf("%s panicked with %v, want a \"kern: \" message", name, r)
		}
	}()
	f()
}

// guarded returns a slice of length n followed, in its backing array, by
// guard elements set to sentinel, and a check that the guards are intact.
func guarded(n int, sentinel float32) ([]float32, func() bool) {
	const guard = 64
	buf := make([]float32, n+guard)
	for i := range buf {
		buf[i] = sentinel
	}
	return buf[:n:n], func() bool {
		for _, v := range buf[n:] {
			if math.Float32bits(v) != math.Float32bits(sentinel) {
				return false
			}
		}
		return true
	}
}

// randMat returns an (r, c) matrix with leading dimension ld whose padding
// holds NaN and whose elements are zero with probability zero, otherwise
// uniform in (−1, 1).
func randMat(rng *rand.Rand, r, c, ld int, zero float64) []float32 {
	if r == 0 {
		return nil
	}
	x := make([]float32, (r-1)*ld+c)
	for i := range x {
		switch {
		case i%ld >= c:
			x[i] = float32(math.NaN())
		case rng.Float64() < zero:
			x[i] = 0
		default:
			x[i] = float32(2*rng.Float64() - 1)
		}
	}
	return x
}

// closeTo reports whether got is within tol·scale of want, treating a NaN
// as close only to a NaN and an Inf only to the same Inf.
func closeTo(got float32, want, scale, tol float64) bool {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		return math.IsNaN(want) && math.IsNaN(g)
	}
	if math.IsInf(want, 0) || math.IsInf(g, 0) {
		return g == want
	}
	return math.Abs(g-want) <= tol*scale+1e-30
}

// batch is a synthetic or real batch of MNIST-like inputs, (rows, 784).
type batch struct {
	rows int
	x    []float32
}

const pixels = 784

// mnistBatch returns rows images. With BACKPROPLAB_DATA naming a directory
// holding train-images-idx3-ubyte.gz it reads the first rows real images;
// otherwise it draws digit-like blobs: each pixel is lit with a probability
// that falls off from the centre, about 150 of 784 on average, like MNIST.
func mnistBatch(tb testing.TB, rows int) batch {
	tb.Helper()
	if dir := os.Getenv("BACKPROPLAB_DATA"); dir != "" {
		x, err := readImages(filepath.Join(dir, "train-images-idx3-ubyte.gz"), rows)
		if err != nil {
			tb.Fatalf("BACKPROPLAB_DATA: %v", err)
		}
		return batch{rows, x}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, rows*pixels)
	for i := range rows {
		cy, cx := 13.5+rng.NormFloat64(), 13.5+rng.NormFloat64()
		for p := range pixels {
			dy, dx := float64(p/28)-cy, float64(p%28)-cx
			r2 := dy*dy/100 + dx*dx/42
			if rng.Float64() < 0.82*math.Exp(-r2*r2) {
				x[i*pixels+p] = float32(1+rng.IntN(255)) / 255
			}
		}
	}
	return batch{rows, x}
}

// readImages reads the first n images of an IDX image file, scaled to [0, 1].
func readImages(path string, n int) ([]float32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read images: %w", err)
	}
	buf := make([]byte, 16+n*pixels)
	if _, err := io.ReadFull(z, buf); err != nil {
		return nil, fmt.Errorf("read images: %w", err)
	}
	x := make([]float32, n*pixels)
	for i, v := range buf[16:] {
		x[i] = float32(v) / 255
	}
	return x, nil
}

// csr returns the compressed sparse row form of the (r, c) matrix x.
func csr(x []float32, r, c int) (ptr, idx []int32, val []float32) {
	ptr = make([]int32, r+1)
	for i := range r {
		for j := range c {
			if v := x[i*c+j]; v != 0 {
				idx = append(idx, int32(j))
				val = append(val, v)
			}
		}
		ptr[i+1] = int32(len(idx))
	}
	return ptr, idx, val
}

// csc returns the compressed sparse column form of the (r, c) matrix x:
// the compressed sparse row form of its transpose.
func csc(x []float32, r, c int) (ptr, idx []int32, val []float32) {
	ptr = make([]int32, c+1)
	for j := range c {
		for i := range r {
			if v := x[i*c+j]; v != 0 {
				idx = append(idx, int32(i))
				val = append(val, v)
			}
		}
		ptr[j+1] = int32(len(idx))
	}
	return ptr, idx, val
}
