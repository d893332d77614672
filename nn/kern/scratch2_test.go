package kern

import (
	"fmt"
	"os"
	"testing"
	"unsafe"
)

func sparseRowsOld(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	kmax := rowsOf(b, n, ldb)
	bp := unsafe.SliceData(b)
	for i := range m {
		lo, hi := int(ptr[i]), int(ptr[i+1])
		var ip *int32
		var vp *float32
		if hi > lo {
			ip, vp = &idx[lo], &val[lo]
		}
		if !spRowAsm(&c[i*ldc], n, bp, ldb, kmax, ip, vp, hi-lo, 0) {
			panic("kern: SparseGemm index out of range")
		}
	}
}

func TestScratchSparse(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	l1 := newLayer1(t)
	use(pick("avx2"))
	var names []string
	var fs []func()
	add := func(name string, f func()) { names = append(names, name); fs = append(fs, f) }
	add("old fwd", func() { sparseRowsOld(128, 128, l1.rowPtr, l1.rowIdx, l1.rowVal, l1.w1, 128, l1.z1, 128) })
	add("old grad", func() { sparseRowsOld(784, 128, l1.colPtr, l1.colIdx, l1.colVal, l1.delta1, 128, l1.gW1, 128) })
	for _, cols := range []int{32, 64} {
		for _, slab := range []int{64, 128, 256, 1024} {
			add(fmt.Sprint("fwd cols ", cols, " slab ", slab), func() {
				spCols, spSlab = cols, slab
				SparseGemm(128, 128, l1.rowPtr, l1.rowIdx, l1.rowVal, l1.w1, 128, l1.z1, 128)
			})
		}
		add(fmt.Sprint("grad cols ", cols), func() {
			spCols, spSlab = cols, 128
			SparseGemm(784, 128, l1.colPtr, l1.colIdx, l1.colVal, l1.delta1, 128, l1.gW1, 128)
		})
	}
	race(60, 5, names, fs)
}
