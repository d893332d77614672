//go:build !purego

package kern

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkDense512 runs the dense products of the 512×512 layer of a
// 784-512-512-10 network for a batch of 128 (forward, weight gradient,
// backward delta) with the AVX-512 micro-kernel in blocks of 8 rows and of
// 4.
func BenchmarkDense512(b *testing.B) {
	if !has512() {
		b.Skip("SKIPPED: this CPU lacks the AVX-512 set")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	const m, n = 128, 512
	a := randMat(rng, m, n, n, 0.5) // ReLU activations
	w := randMat(rng, n, n, n, 0)
	d := randMat(rng, m, n, n, 0)
	c := make([]float32, n*n)
	const flops = 2 * m * n * n
	for _, rows := range []int{8, 4} {
		vk := *vecAVX512
		vk.mkRows = rows
		b.Run(fmt.Sprintf("Gemm/rows=%d", rows), func(b *testing.B) {
			loop(b, flops, func() { vk.gemm(m, n, n, a, n, w, n, c, n) })
		})
		b.Run(fmt.Sprintf("GemmTA/rows=%d", rows), func(b *testing.B) {
			loop(b, flops, func() { vk.gemmTA(m, n, n, a, n, d, n, c, n) })
		})
		b.Run(fmt.Sprintf("GemmTB/rows=%d", rows), func(b *testing.B) {
			loop(b, flops, func() { vk.gemmTB(m, n, n, d, n, w, n, c, n) })
		})
	}
}
