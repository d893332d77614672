package kern

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSparseGemmTA checks the scatter product Sᵀ·B of every implementation
// against a float64 reference, that it leaves C's padding alone, and that
// splitting the columns (as threads do) gives the same bits as one call.
func TestSparseGemmTA(t *testing.T) {
	type taCase struct {
		m, n, k, pb, pc int
		density         float64
	}
	rng := rand.New(rand.NewPCG(31, 32))
	var cs []taCase
	for _, s := range sizes {
		cs = append(cs, taCase{7, s, 40, rng.IntN(3), rng.IntN(3), 0.3}, taCase{s % 131, 10, 784, 1, 0, 0.19},
			taCase{128, s, 33, 0, 1, 0.5})
	}
	cs = append(cs, taCase{128, 128, 784, 0, 0, 0.19}, taCase{128, 512, 784, 0, 0, 0.19}, taCase{100, 1030, 300, 2, 3, 0.2},
		taCase{7, 33, 20, 0, 0, 0}, taCase{0, 5, 5, 0, 0, 1}, taCase{4, 0, 5, 0, 0, 1}, taCase{5, 9, 1, 0, 0, 1})
	forEachImpl(t, func(t *testing.T) {
		for ci, sc := range cs {
			name := fmt.Sprintf("m=%d,n=%d,k=%d,pad=%d/%d,density=%.2f", sc.m, sc.n, sc.k, sc.pb, sc.pc, sc.density)
			ptr, idx, val := randCSR(rng, sc.m, sc.k, sc.density, ci%2 == 1)
			ldb, ldc := max(sc.n+sc.pb, 1), max(sc.n+sc.pc, 1)
			b := randMat(rng, sc.m, sc.n, ldb, 0.3)
			clen := 0
			if sc.k > 0 {
				clen = (sc.k-1)*ldc + sc.n
			}
			const sentinel = 3.25
			c, guardsOK := guarded(clen, sentinel)
			SparseGemmTA(sc.m, sc.n, sc.k, ptr, idx, val, b, ldb, c, ldc)
			if !guardsOK() {
				t.Errorf("SparseGemmTA(%s) wrote past the end of C", name)
			}
			want := make([]float64, sc.k*sc.n)
			scale := make([]float64, sc.k*sc.n)
			for i := range sc.m {
				for e := ptr[i]; e < ptr[i+1]; e++ {
					for j := range sc.n {
						x := float64(val[e]) * float64(b[i*ldb+j])
						want[int(idx[e])*sc.n+j] += x
						scale[int(idx[e])*sc.n+j] += math.Abs(x)
					}
				}
			}
			bad := 0
			for p := range sc.k {
				for j := range ldc {
					if p*ldc+j >= clen || bad > 5 {
						break
					}
					got := c[p*ldc+j]
					if j >= sc.n {
						if got != sentinel {
							t.Errorf("SparseGemmTA(%s) wrote padding C[%d][%d] = %v", name, p, j, got)
							bad++
						}
						continue
					}
					if !closeTo(got, want[p*sc.n+j], scale[p*sc.n+j], tol) {
						t.Errorf("SparseGemmTA(%s): C[%d][%d] = %v, want %v", name, p, j, got, want[p*sc.n+j])
						bad++
					}
				}
			}
			// The columns in two shares, split off the vector blocks.
			if sc.n > 1 && sc.k > 0 && sc.m > 0 {
				split := 1 + rng.IntN(sc.n-1)
				c2 := make([]float32, clen)
				SparseGemmTA(sc.m, split, sc.k, ptr, idx, val, b, ldb, c2, ldc)
				SparseGemmTA(sc.m, sc.n-split, sc.k, ptr, idx, val, b[split:], ldb, c2[split:], ldc)
				for p := range sc.k {
					for j := range sc.n {
						if x, y := c[p*ldc+j], c2[p*ldc+j]; math.Float32bits(x) != math.Float32bits(y) {
							t.Fatalf("SparseGemmTA(%s) split at column %d: C[%d][%d] = %v, one call gave %v", name, split, p, j, y, x)
						}
					}
				}
			}
		}
	})
}

// TestSparseGemmTAMatchesCSC checks that the scatter product gives the same
// bits as SparseGemm on the transpose (the compressed sparse column form)
// for blocks of full vectors, where both add each element's terms one
// after the other in the order of S's rows: the first layer's weight
// gradient at hidden widths that are multiples of 128.
func TestSparseGemmTAMatchesCSC(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		x := mnistBatch(t, batchRows)
		rowPtr, rowIdx, rowVal := csr(x.x, batchRows, pixels)
		colPtr, colIdx, colVal := csc(x.x, batchRows, pixels)
		rng := rand.New(rand.NewPCG(33, 34))
		for _, n := range []int{128, 512} {
			delta := randMat(rng, batchRows, n, n, 0.5)
			scatter := make([]float32, pixels*n)
			gather := make([]float32, pixels*n)
			SparseGemmTA(batchRows, n, pixels, rowPtr, rowIdx, rowVal, delta, n, scatter, n)
			SparseGemm(pixels, n, colPtr, colIdx, colVal, delta, n, gather, n)
			for i := range scatter {
				if math.Float32bits(scatter[i]) != math.Float32bits(gather[i]) {
					t.Fatalf("n=%d: Xᵀ·δ[%d][%d] = %v by scatter, %v by SparseGemm on the transpose", n, i/n, i%n, scatter[i], gather[i])
				}
			}
		}
	})
}

func TestSparseGemmTAPanic(t *testing.T) {
	// S = [[1 0 2] [0 3 0]] (2, 3), B is (2, 2), C is (3, 2).
	ptr, idx, val := []int32{0, 2, 3}, []int32{0, 2, 1}, []float32{1, 2, 3}
	b, c := make([]float32, 4), make([]float32, 6)
	wb, wc := make([]float32, 2*70), make([]float32, 3*70)
	forEachImpl(t, func(t *testing.T) {
		SparseGemmTA(2, 2, 3, ptr, idx, val, b, 2, c, 2) // valid
		mustPanic(t, "ptr too short", func() { SparseGemmTA(3, 2, 3, ptr, idx, val, b, 2, c, 2) })
		mustPanic(t, "B short", func() { SparseGemmTA(2, 2, 3, ptr, idx, val, b[:3], 2, c, 2) })
		mustPanic(t, "C short", func() { SparseGemmTA(2, 2, 3, ptr, idx, val, b, 2, c[:5], 2) })
		mustPanic(t, "val short", func() { SparseGemmTA(2, 2, 3, ptr, idx, val[:2], b, 2, c, 2) })
		mustPanic(t, "ptr descending", func() { SparseGemmTA(2, 2, 3, []int32{0, 4, 3}, idx, val, b, 2, c, 2) })
		mustPanic(t, "index past C", func() { SparseGemmTA(2, 2, 2, ptr, idx, val, b, 2, c, 2) })
		mustPanic(t, "index negative", func() { SparseGemmTA(2, 2, 3, ptr, []int32{0, -1, 1}, val, b, 2, c, 2) })
		mustPanic(t, "index past wide C", func() { SparseGemmTA(2, 70, 2, ptr, idx, val, wb, 70, wc, 70) })
	})
}

// TestReLUBackward checks every implementation against the definition:
// grad cleared exactly where the ReLU output is +0, kept elsewhere (NaN
// and Inf included, and the gradient's own NaN).
func TestReLUBackward(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	forEachImpl(t, func(t *testing.T) {
		for _, n := range append([]int{0, 2, 100}, sizes...) {
			act := randMat(rng, 1, n, n, 0.5)
			for i := range act {
				act[i] = float32(math.Abs(float64(act[i])))
			}
			if n > 3 {
				act[1], act[2] = float32(math.NaN()), float32(math.Inf(1))
			}
			grad := randMat(rng, 1, n+1, n+1, 0.2) // one past the end, untouched
			if n > 3 {
				grad[3] = float32(math.NaN())
			}
			g0 := clone(grad)
			ReLUBackward(act, grad)
			for i := range grad {
				want := g0[i]
				if i < n && math.Float32bits(act[i]) == 0 {
					want = 0
				}
				if math.Float32bits(grad[i]) != math.Float32bits(want) {
					t.Fatalf("ReLUBackward(n=%d): grad[%d] = %v, want %v (act %v)", n, i, grad[i], want, act[min(i, n-1)])
				}
			}
		}
		mustPanic(t, "ReLUBackward grad short", func() { ReLUBackward(make([]float32, 9), make([]float32, 8)) })
	})
}
