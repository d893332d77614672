package kern

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

func gemmDenseForced(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	for i := 0; i < m; i += 4 {
		mkAsm(min(4, m-i), k, &a[i*lda], 4*lda, 4, &b[0], ldb, &c[i*ldc], ldc, n, 0)
	}
}

func TestScratchWide(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	use(pick("avx2"))
	rng := rand.New(rand.NewPCG(1, 2))
	var names []string
	var fs []func()
	var flops []float64
	for _, sh := range [][3]int{{128, 32, 128}, {128, 64, 128}, {128, 128, 128}, {128, 256, 256}, {128, 512, 512}, {128, 64, 784}} {
		m, n, k := sh[0], sh[1], sh[2]
		for _, z := range []float64{0, 0.5} {
			a := randMat(rng, m, k, k, z)
			b := randMat(rng, k, n, n, 0)
			c := make([]float32, m*n)
			tag := fmt.Sprintf("m%d n%d k%d z%.1f", m, n, k, z)
			names = append(names, "Gemm "+tag, "dense "+tag)
			fs = append(fs, func() { Gemm(m, n, k, a, k, b, n, c, n) }, func() { gemmDenseForced(m, n, k, a, k, b, n, c, n) })
			flops = append(flops, float64(2*m*n*k), float64(2*m*n*k))
		}
		a := randMat(rng, m, k, k, 0.5)
		d := randMat(rng, m, n, n, 0)
		g := make([]float32, k*n)
		names = append(names, fmt.Sprintf("TA m%d n%d k%d", m, n, k), fmt.Sprintf("TB m%d n%d k%d", m, n, k))
		fs = append(fs, func() { GemmTA(m, n, k, a, k, d, n, g, n) }, func() { GemmTB(m, n, k, d, n, g, n, a, k) })
		flops = append(flops, float64(2*m*n*k), float64(2*m*n*k))
	}
	ns := race(10, 3, names, fs)
	for i := range ns {
		fmt.Printf("%-36s %6.1f GFLOP/s\n", names[i], flops[i]/ns[i])
	}
}
