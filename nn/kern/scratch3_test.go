package kern

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

func TestScratchL1(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	use(pick("avx2"))
	rng := rand.New(rand.NewPCG(1, 2))
	for _, krows := range []int{16, 128, 784} {
		ptr := []int32{0}
		var idx []int32
		var val []float32
		for range 128 {
			var row []int32
			for range 150 {
				row = append(row, int32(rng.IntN(krows)))
			}
			slices.Sort(row)
			for _, p := range row {
				idx = append(idx, p)
				val = append(val, 0.5)
			}
			ptr = append(ptr, int32(len(idx)))
		}
		b := randMat(rng, krows, 128, 128, 0)
		c := make([]float32, 128*128)
		for _, cols := range []int{32, 64} {
			spCols, spSlab = cols, 128
			ns := minTime(func() { SparseGemm(128, 128, ptr, idx, val, b, 128, c, 128) }, 20, 40)
			fmt.Printf("krows %4d cols %d: %8.0f ns %5.1f GFLOP/s %5.2f ns/nnz\n", krows, cols, ns, 2*float64(len(idx))*128/ns, ns/float64(len(idx)))
		}
		ns := minTime(func() { sparseRowsOld(128, 128, ptr, idx, val, b, 128, c, 128) }, 20, 40)
		fmt.Printf("krows %4d old    : %8.0f ns %5.1f GFLOP/s %5.2f ns/nnz\n", krows, ns, 2*float64(len(idx))*128/ns, ns/float64(len(idx)))
	}
}
