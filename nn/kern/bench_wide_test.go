package kern

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkLayer1Widths runs the first layer's sparse products (the
// forward X·W1, and the weight gradient Xᵀ·δ1 by scatter and by SparseGemm
// on the transpose, without the cost of building it) for a batch of 128
// MNIST images at the hidden widths compare-peers measures.
func BenchmarkLayer1Widths(b *testing.B) {
	x := mnistBatch(b, batchRows)
	rowPtr, rowIdx, rowVal := csr(x.x, batchRows, pixels)
	colPtr, colIdx, colVal := csc(x.x, batchRows, pixels)
	for _, n := range []int{128, 512, 1024} {
		rng := rand.New(rand.NewPCG(13, 14))
		w1 := randMat(rng, pixels, n, n, 0)
		delta := randMat(rng, batchRows, n, n, 0.5)
		z := make([]float32, batchRows*n)
		gW := make([]float32, pixels*n)
		flops := float64(2 * len(rowIdx) * n)
		b.Run(fmt.Sprintf("forward/n=%d", n), func(b *testing.B) {
			benchEachImpl(b, func(b *testing.B) {
				loop(b, flops, func() { SparseGemm(batchRows, n, rowPtr, rowIdx, rowVal, w1, n, z, n) })
			})
		})
		b.Run(fmt.Sprintf("gradScatter/n=%d", n), func(b *testing.B) {
			benchEachImpl(b, func(b *testing.B) {
				loop(b, flops, func() { SparseGemmTA(batchRows, n, pixels, rowPtr, rowIdx, rowVal, delta, n, gW, n) })
			})
		})
		b.Run(fmt.Sprintf("gradCSC/n=%d", n), func(b *testing.B) {
			benchEachImpl(b, func(b *testing.B) {
				loop(b, flops, func() { SparseGemm(pixels, n, colPtr, colIdx, colVal, delta, n, gW, n) })
			})
		})
	}
}
