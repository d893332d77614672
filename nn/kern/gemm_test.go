package kern

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// sizes are the dimensions the tests cover: around every vector width and
// block size of the assembly, and the network's.
var sizes = []int{1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 127, 128, 129, 130, 255, 784}

// gemmCase is one call of a dense product: dimensions m, n, k, the leading
// dimensions' padding and the fraction of zeros in A.
type gemmCase struct {
	m, n, k    int
	pa, pb, pc int
	zero       float64
}

func (gc gemmCase) String() string {
	return fmt.Sprintf("m=%d,n=%d,k=%d,pad=%d/%d/%d,zero=%.1f", gc.m, gc.n, gc.k, gc.pa, gc.pb, gc.pc, gc.zero)
}

// gemmCases returns every size as n, as m and as k against a few partners,
// the layer shapes of the network and the empty shapes.
func gemmCases(rng *rand.Rand) []gemmCase {
	var cs []gemmCase
	zeros := []float64{0, 0.5, 0.9, 1}
	add := func(m, n, k int) {
		cs = append(cs, gemmCase{m, n, k, rng.IntN(3), rng.IntN(3), rng.IntN(3), zeros[rng.IntN(len(zeros))]})
	}
	for _, s := range sizes {
		add(3, s, 17)
		add(9, s, 130)
		add(s, 10, 33)
		add(5, 7, s)
		add(s%67, s, 9)
	}
	for _, mnk := range [][3]int{{128, 10, 128}, {96, 10, 128}, {128, 128, 10}, {128, 128, 784}, {1, 1, 1},
		{0, 5, 5}, {5, 0, 5}, {5, 5, 0}, {0, 0, 0}, {4, 24, 40}, {6, 256, 64}, {2, 512, 256}} {
		add(mnk[0], mnk[1], mnk[2])
	}
	return cs
}

// product describes one of the three dense products for the tests.
type product struct {
	name string
	f    func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int)
	// shapes returns the (rows, columns) of A, B and C.
	shapes func(m, n, k int) (ar, ac, br, bc, cr, cc int)
	// operands returns the product as C = L·R, with L (cr, t) and R (t, cc)
	// dense and in float64.
	operands func(m, n, k int, a []float32, lda int, b []float32, ldb int) (l, r []float64, t int)
	// skipsZeros reports whether the generic version skips zeros of A.
	skipsZeros bool
}

// f64 returns the (r, c) matrix x with leading dimension ld, transposed if
// trans is set, in float64.
func f64(x []float32, r, c, ld int, trans bool) []float64 {
	y := make([]float64, r*c)
	for i := range r {
		for j := range c {
			if trans {
				y[j*r+i] = float64(x[i*ld+j])
			} else {
				y[i*c+j] = float64(x[i*ld+j])
			}
		}
	}
	return y
}

var products = []product{
	{
		name: "Gemm", f: Gemm, skipsZeros: true,
		shapes: func(m, n, k int) (int, int, int, int, int, int) { return m, k, k, n, m, n },
		operands: func(m, n, k int, a []float32, lda int, b []float32, ldb int) ([]float64, []float64, int) {
			return f64(a, m, k, lda, false), f64(b, k, n, ldb, false), k
		},
	},
	{
		name: "GemmTA", f: GemmTA, skipsZeros: true,
		shapes: func(m, n, k int) (int, int, int, int, int, int) { return m, k, m, n, k, n },
		operands: func(m, n, k int, a []float32, lda int, b []float32, ldb int) ([]float64, []float64, int) {
			return f64(a, m, k, lda, true), f64(b, m, n, ldb, false), m
		},
	},
	{
		name: "GemmTB", f: GemmTB,
		shapes: func(m, n, k int) (int, int, int, int, int, int) { return m, n, k, n, m, k },
		operands: func(m, n, k int, a []float32, lda int, b []float32, ldb int) ([]float64, []float64, int) {
			return f64(a, m, n, lda, false), f64(b, k, n, ldb, true), n
		},
	},
}

// reference returns C = L·R, with L (cr, t) and R (t, cc), and the sums of
// the terms' magnitudes, leaving out the terms where L is zero if skip is
// set.
func reference(l, r []float64, cr, cc, t int, skip bool) (want, scale []float64) {
	want, scale = make([]float64, cr*cc), make([]float64, cr*cc)
	for i := range cr {
		for s := range t {
			x := l[i*t+s]
			if x == 0 && skip {
				continue
			}
			for j := range cc {
				y := x * r[s*cc+j]
				want[i*cc+j] += y
				scale[i*cc+j] += math.Abs(y)
			}
		}
	}
	return want, scale
}

// tol is the allowed error relative to the sum of the terms' magnitudes:
// a few float32 roundings per term, and the fused multiply-adds.
const tol = 1e-5

func TestProducts(t *testing.T) {
	for _, pr := range products {
		t.Run(pr.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(3, 4))
				for _, gc := range gemmCases(rng) {
					checkProduct(t, rng, pr, gc)
				}
			})
		})
	}
}

// checkProduct runs one product on random data and compares every element
// of C with a float64 sum, and checks that C's padding and the memory after
// C are untouched.
func checkProduct(t *testing.T, rng *rand.Rand, pr product, gc gemmCase) {
	t.Helper()
	ar, ac, br, bc, cr, cc := pr.shapes(gc.m, gc.n, gc.k)
	lda, ldb, ldc := max(ac+gc.pa, 1), max(bc+gc.pb, 1), max(cc+gc.pc, 1)
	a := randMat(rng, ar, ac, lda, gc.zero)
	b := randMat(rng, br, bc, ldb, 0.1)
	clen := 0
	if cr > 0 {
		clen = (cr-1)*ldc + cc
	}
	const sentinel = -7.5
	c, guardsOK := guarded(clen, sentinel)
	pr.f(gc.m, gc.n, gc.k, a, lda, b, ldb, c, ldc)
	if !guardsOK() {
		t.Errorf("%s(%v) wrote past the end of C", pr.name, gc)
	}
	l, rr, tt := pr.operands(gc.m, gc.n, gc.k, a, lda, b, ldb)
	want, scale := reference(l, rr, cr, cc, tt, false)
	bad := 0
	for r := range cr {
		for col := range ldc {
			i := r*ldc + col
			if i >= clen {
				break
			}
			got := c[i]
			if col >= cc {
				if got != sentinel {
					t.Errorf("%s(%v) wrote padding C[%d][%d] = %v", pr.name, gc, r, col, got)
					bad++
				}
				continue
			}
			if w, sc := want[r*cc+col], scale[r*cc+col]; !closeTo(got, w, sc, tol) {
				t.Errorf("%s(%v): C[%d][%d] = %v, want %v (scale %v)", pr.name, gc, r, col, got, w, sc)
				bad++
			}
			if bad > 5 {
				t.FailNow()
			}
		}
	}
}

// TestProductsNonFinite checks that zeros of A hide Inf and NaN in B in
// Gemm and GemmTA, as the generic versions skip them, and that GemmTB,
// which uses every term, propagates them.
func TestProductsNonFinite(t *testing.T) {
	const m, n, k = 9, 19, 13
	for _, pr := range products {
		t.Run(pr.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(5, 6))
				ar, ac, br, bc, cr, cc := pr.shapes(m, n, k)
				a := randMat(rng, ar, ac, ac, 0.3)
				b := randMat(rng, br, bc, bc, 0)
				// Inf and NaN in B where a zero of A meets them, and a
				// NaN in A.
				b[2*bc+3], b[4*bc+1] = float32(math.Inf(1)), float32(math.NaN())
				if pr.name == "Gemm" {
					for i := range ar {
						a[i*ac+2], a[i*ac+4] = 0, 0 // column p of A meets row p of B
					}
				} else {
					for j := range ac {
						a[2*ac+j], a[4*ac+j] = 0, 0 // row i of A meets row i of B
					}
				}
				a[7*ac+1] = float32(math.NaN())
				c := make([]float32, cr*cc)
				pr.f(m, n, k, a, ac, b, bc, c, cc)
				l, r, tt := pr.operands(m, n, k, a, ac, b, bc)
				want, _ := reference(l, r, cr, cc, tt, pr.skipsZeros)
				nan := 0
				for i, got := range c {
					if !closeTo(got, want[i], math.Abs(want[i])+1, tol) {
						t.Errorf("%s: C[%d][%d] = %v, want %v", pr.name, i/cc, i%cc, got, want[i])
					}
					if math.IsNaN(want[i]) {
						nan++
					}
				}
				// The test is only a test if both kinds of element occur.
				if nan == 0 || nan == len(c) {
					t.Errorf("%s: %d of %d elements NaN", pr.name, nan, len(c))
				}
			})
		})
	}
}

func TestProductsPanic(t *testing.T) {
	a, b, c := make([]float32, 12), make([]float32, 12), make([]float32, 12)
	forEachImpl(t, func(t *testing.T) {
		for _, pr := range products {
			mustPanic(t, pr.name+" negative m", func() { pr.f(-1, 3, 4, a, 4, b, 4, c, 4) })
			mustPanic(t, pr.name+" lda < columns", func() { pr.f(3, 3, 3, a, 2, b, 3, c, 3) })
			mustPanic(t, pr.name+" ldb < columns", func() { pr.f(3, 3, 3, a, 3, b, 2, c, 3) })
			mustPanic(t, pr.name+" ldc < columns", func() { pr.f(3, 3, 3, a, 3, b, 3, c, 2) })
			mustPanic(t, pr.name+" A short", func() { pr.f(3, 3, 3, a[:8], 3, b, 3, c, 3) })
			mustPanic(t, pr.name+" B short", func() { pr.f(3, 3, 3, a, 3, b[:8], 3, c, 3) })
			mustPanic(t, pr.name+" C short", func() { pr.f(3, 3, 3, a, 3, b, 3, c[:8], 3) })
		}
	})
}
