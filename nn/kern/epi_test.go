package kern

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// unfused is what GemmBias and SparseGemmBias replace: the product, then
// the bias and ReLU row by row (BiasReLU, or Axpy of the bias without act).
func unfused(m, n int, c []float32, ldc int, bias, act []float32) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if act == nil {
			Axpy(1, bias, row)
			continue
		}
		BiasReLU(row, bias, act[i*ldc:i*ldc+n])
	}
}

// epiBias returns a bias of n elements, uniform in (−1, 1), whose first
// elements are the special values the epilogue must pass on as the
// separate passes do: NaN, ±Inf, −0 and +0.
func epiBias(rng *rand.Rand, n int) []float32 {
	b := make([]float32, n)
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 0}
	for j := range b {
		if j < len(special) && n > 2*len(special) {
			b[j] = special[j]
			continue
		}
		b[j] = float32(2*rng.Float64() - 1)
	}
	return b
}

// sameBits fails t unless got and want hold the same bits.
func sameBits(t *testing.T, what string, got, want []float32, ld int) {
	t.Helper()
	for i, g := range got {
		if math.Float32bits(g) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d][%d] = %v fused, %v in separate passes", what, i/ld, i%ld, g, want[i])
		}
	}
}

// TestGemmBias checks, for every implementation this CPU runs, that
// GemmBias gives the bits of Gemm followed by BiasReLU (or the bias
// alone) on every path of the kernels: dense blocks of every row count
// with masked column tails, narrow outputs, sparse A (the sparse path),
// no inner dimension, and a B with an Inf (the path that skips zeros); and
// that it leaves the padding of C and act alone.
func TestGemmBias(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, tc := range []struct {
			m, n, k int
			zero    float64 // fraction of zeros in A
			inf     bool    // an Inf in B
		}{
			{128, 512, 512, 0.5, false},
			{13, 70, 33, 0.1, false},
			{8, 16, 1, 0, false},
			{7, 100, 129, 0.3, false},
			{5, 10, 64, 0.5, false},
			{129, 33, 40, 0, false},
			{9, 200, 300, 0.9, false},
			{3, 40, 0, 0, false},
			{6, 50, 20, 0.2, true},
		} {
			for _, relu := range []bool{true, false} {
				t.Run(fmt.Sprintf("m=%d,n=%d,k=%d,zero=%v,inf=%v,relu=%v", tc.m, tc.n, tc.k, tc.zero, tc.inf, relu), func(t *testing.T) {
					m, n, k := tc.m, tc.n, tc.k
					lda, ldb, ldc := k+1, n+2, n+3
					a := randMat(rng, m, k, lda, tc.zero)
					b := randMat(rng, k, n, ldb, 0)
					if tc.inf {
						b[ldb+3] = float32(math.Inf(1))
					}
					bias := epiBias(rng, n)
					checkEpilogue(t, m, n, ldc, bias, relu,
						func(c, act []float32) { GemmBias(m, n, k, a, lda, b, ldb, c, ldc, bias, act) },
						func(want []float32) { Gemm(m, n, k, a, lda, b, ldb, want, ldc) })
				})
			}
		}
	})
}

// TestSparseGemmBias checks, for every implementation this CPU runs, that
// SparseGemmBias gives the bits of SparseGemm followed by BiasReLU (or the
// bias alone) on MNIST-like batches: rows without entries, rows that end in
// an early slab of B, several blocks of rows, widths that pack B (1024)
// and masked column tails.
func TestSparseGemmBias(t *testing.T) {
	x := mnistBatch(t, 150)
	for i := 0; i < 150; i += 37 { // some empty images
		clear(x.x[i*pixels : (i+1)*pixels])
	}
	for p := 400; p < pixels; p++ { // an image that ends in the first slabs
		x.x[5*pixels+p] = 0
	}
	ptr, idx, val := csr(x.x, 150, pixels)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(33, 34))
		for _, n := range []int{10, 100, 130, 512, 1024} {
			for _, relu := range []bool{true, false} {
				t.Run(fmt.Sprintf("n=%d,relu=%v", n, relu), func(t *testing.T) {
					ldb, ldc := n, n+1
					b := randMat(rng, pixels, n, ldb, 0)
					bias := epiBias(rng, n)
					m := 150
					checkEpilogue(t, m, n, ldc, bias, relu,
						func(c, act []float32) { SparseGemmBias(m, n, ptr, idx, val, b, ldb, c, ldc, bias, act) },
						func(want []float32) { SparseGemm(m, n, ptr, idx, val, b, ldb, want, ldc) })
				})
			}
		}
	})
}

// checkEpilogue runs fused (a product with its epilogue, into c and, with
// relu, act) and plain (the same product alone, into want) on m×n outputs
// of leading dimension ldc, all preset to -7, and checks that the fused
// result has the bits of plain followed by the bias and ReLU passes, and
// that nothing was written past the ends.
func checkEpilogue(t *testing.T, m, n, ldc int, bias []float32, relu bool, fused func(c, act []float32), plain func(want []float32)) {
	t.Helper()
	size := (m-1)*ldc + n
	c, cOK := guarded(size, -7)
	want := make([]float32, size)
	var act, wantAct []float32
	actOK := func() bool { return true }
	if relu {
		act, actOK = guarded(size, -7)
		wantAct = make([]float32, size)
		for i := range act {
			act[i], wantAct[i] = -7, -7
		}
	}
	for i := range c {
		c[i], want[i] = -7, -7
	}
	fused(c, act)
	plain(want)
	unfused(m, n, want, ldc, bias, wantAct)
	sameBits(t, "C", c, want, ldc)
	if relu {
		sameBits(t, "act", act, wantAct, ldc)
	}
	if !cOK() || !actOK() {
		t.Fatal("wrote past the end of C or act")
	}
}

// TestGemmBiasBadShapes checks that GemmBias and SparseGemmBias panic with
// a kern message on a bias or act of the wrong size.
func TestGemmBiasBadShapes(t *testing.T) {
	a, b, c := make([]float32, 6), make([]float32, 6), make([]float32, 4)
	ptr, idx, val := []int32{0, 1, 2}, []int32{0, 2}, []float32{1, 1}
	mustPanic(t, "GemmBias short bias", func() { GemmBias(2, 2, 3, a, 3, b, 2, c, 2, make([]float32, 1), nil) })
	mustPanic(t, "GemmBias short act", func() { GemmBias(2, 2, 3, a, 3, b, 2, c, 2, make([]float32, 2), make([]float32, 3)) })
	mustPanic(t, "SparseGemmBias long bias", func() { SparseGemmBias(2, 2, ptr, idx, val, b, 2, c, 2, make([]float32, 3), nil) })
	mustPanic(t, "SparseGemmBias short act", func() { SparseGemmBias(2, 2, ptr, idx, val, b, 2, c, 2, make([]float32, 2), make([]float32, 1)) })
}

// BenchmarkEpilogue compares the forward pass of a 784-512-512 layer
// pair for a batch of 128 with the bias and ReLU in separate passes
// (SparseGemm or Gemm, then BiasReLU) and in the products' epilogues
// (SparseGemmBias, GemmBias). Run with -count to interleave the two.
func BenchmarkEpilogue(b *testing.B) {
	const n = 512
	x := mnistBatch(b, batchRows)
	ptr, idx, val := csr(x.x, batchRows, pixels)
	rng := rand.New(rand.NewPCG(35, 36))
	w1, w2 := randMat(rng, pixels, n, n, 0), randMat(rng, n, n, n, 0)
	b1, b2 := epiBias(rng, n)[8:], epiBias(rng, n)[8:]
	b1, b2 = append(b1, make([]float32, 8)...), append(b2, make([]float32, 8)...)
	z1, a1 := make([]float32, batchRows*n), make([]float32, batchRows*n)
	z2, a2 := make([]float32, batchRows*n), make([]float32, batchRows*n)
	flops := float64(2*len(idx)*n + 2*batchRows*n*n)
	for _, fused := range []bool{false, true} {
		b.Run(fmt.Sprintf("fused=%v", fused), func(b *testing.B) {
			benchEachImpl(b, func(b *testing.B) {
				loop(b, flops, func() {
					if fused {
						SparseGemmBias(batchRows, n, ptr, idx, val, w1, n, z1, n, b1, a1)
						GemmBias(batchRows, n, n, a1, n, w2, n, z2, n, b2, a2)
						return
					}
					SparseGemm(batchRows, n, ptr, idx, val, w1, n, z1, n)
					BiasReLU(z1, b1, a1)
					Gemm(batchRows, n, n, a1, n, w2, n, z2, n)
					BiasReLU(z2, b2, a2)
				})
			})
		})
	}
}

// TestSparseGemmPacked checks that SparseGemm gives the same bits whether
// it packs B or not, for the first layer's weight gradient Xᵀ·δ (B, the
// batch's δ, packed whole once per column block) and its forward X·W1 at
// width 1024 (W1 packed a slab at a time): B with a leading dimension that
// packs against a copy whose does not.
func TestSparseGemmPacked(t *testing.T) {
	x := mnistBatch(t, batchRows)
	colPtr, colIdx, colVal := csc(x.x, batchRows, pixels)
	rowPtr, rowIdx, rowVal := csr(x.x, batchRows, pixels)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(37, 38))
		for _, tc := range []struct {
			name          string
			m, k, n       int
			ptr, idx      []int32
			val           []float32
			ldPack, ldRow int
		}{
			{"gradW1", pixels, batchRows, 300, colPtr, colIdx, colVal, 1024, 300},
			{"forward", batchRows, pixels, 200, rowPtr, rowIdx, rowVal, 1024, 200},
		} {
			packed := randMat(rng, tc.k, tc.n, tc.ldPack, 0)
			plain := make([]float32, tc.k*tc.ldRow)
			for r := range tc.k {
				copy(plain[r*tc.ldRow:r*tc.ldRow+tc.n], packed[r*tc.ldPack:])
			}
			got, want := make([]float32, tc.m*tc.n), make([]float32, tc.m*tc.n)
			SparseGemm(tc.m, tc.n, tc.ptr, tc.idx, tc.val, packed, tc.ldPack, got, tc.n)
			SparseGemm(tc.m, tc.n, tc.ptr, tc.idx, tc.val, plain, tc.ldRow, want, tc.n)
			sameBits(t, tc.name, got, want, tc.n)
		}
	})
}
