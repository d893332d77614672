package kern

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randCSR returns an (m, k) sparse matrix in compressed sparse row form
// whose rows hold each column with probability density, with an unused
// entry before the first row when odd is set. The column indices ascend
// unless odd is set; then they are shuffled and some repeat, which the
// format allows: the entries add up.
func randCSR(rng *rand.Rand, m, k int, density float64, odd bool) (ptr, idx []int32, val []float32) {
	ptr = make([]int32, m+1)
	if odd {
		// Entries before ptr[0] belong to no row.
		idx, val = []int32{int32(k + 5)}, []float32{float32(math.NaN())}
		ptr[0] = 1
	}
	for i := range m {
		start := len(idx)
		for p := range k {
			if rng.Float64() < density {
				idx = append(idx, int32(p))
				val = append(val, float32(2*rng.Float64()-1))
				if odd && rng.IntN(8) == 0 {
					idx = append(idx, int32(p))
					val = append(val, float32(2*rng.Float64()-1))
				}
			}
		}
		if odd {
			rng.Shuffle(len(idx)-start, func(a, b int) {
				idx[start+a], idx[start+b] = idx[start+b], idx[start+a]
				val[start+a], val[start+b] = val[start+b], val[start+a]
			})
		}
		ptr[i+1] = int32(len(idx))
	}
	return ptr, idx, val
}

func TestSparseGemm(t *testing.T) {
	type sparseCase struct {
		m, n, k, pb, pc int
		density         float64
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var cs []sparseCase
	for _, s := range sizes {
		cs = append(cs,
			sparseCase{5, s, 40, rng.IntN(3), rng.IntN(3), 0.3},
			sparseCase{3, s, 784, 0, 1, 0.19},
			sparseCase{s % 131, 10, s, 1, 0, 0.5},
			sparseCase{2, 128, s, 0, 0, 1})
	}
	cs = append(cs, sparseCase{128, 128, 784, 0, 0, 0.19}, sparseCase{96, 128, 784, 0, 0, 0.19},
		sparseCase{784, 128, 128, 0, 0, 0.2}, sparseCase{300, 70, 1500, 2, 1, 0.05}, sparseCase{7, 33, 20, 0, 0, 0}, sparseCase{0, 5, 5, 0, 0, 1},
		sparseCase{4, 0, 5, 0, 0, 1}, sparseCase{4, 5, 0, 0, 0, 1},
		// B's rows 4 KB or more apart: packed slabs, for ascending
		// indices (even cases) and not (odd ones).
		sparseCase{130, 200, 300, 900, 0, 0.2}, sparseCase{130, 200, 300, 900, 0, 0.2},
		sparseCase{128, 1024, 784, 0, 3, 0.19}, sparseCase{784, 1030, 128, 0, 0, 0.2}, sparseCase{784, 512, 128, 0, 0, 0.2},
		sparseCase{300, 500, 100, 20, 0, 0.3})
	forEachImpl(t, func(t *testing.T) {
		for ci, sc := range cs {
			name := fmt.Sprintf("m=%d,n=%d,k=%d,pad=%d/%d,density=%.2f", sc.m, sc.n, sc.k, sc.pb, sc.pc, sc.density)
			ptr, idx, val := randCSR(rng, sc.m, sc.k, sc.density, ci%2 == 1)
			ldb, ldc := max(sc.n+sc.pb, 1), max(sc.n+sc.pc, 1)
			b := randMat(rng, sc.k, sc.n, ldb, 0)
			clen := 0
			if sc.m > 0 {
				clen = (sc.m-1)*ldc + sc.n
			}
			const sentinel = 3.25
			c, guardsOK := guarded(clen, sentinel)
			SparseGemm(sc.m, sc.n, ptr, idx, val, b, ldb, c, ldc)
			if !guardsOK() {
				t.Errorf("SparseGemm(%s) wrote past the end of C", name)
			}
			bad := 0
			for i := range sc.m {
				for j := range ldc {
					if i*ldc+j >= clen {
						break
					}
					got := c[i*ldc+j]
					if j >= sc.n {
						if got != sentinel {
							t.Errorf("SparseGemm(%s) wrote padding C[%d][%d] = %v", name, i, j, got)
							bad++
						}
						continue
					}
					var want, scale float64
					for e := ptr[i]; e < ptr[i+1]; e++ {
						x := float64(val[e]) * float64(b[int(idx[e])*ldb+j])
						want += x
						scale += math.Abs(x)
					}
					if !closeTo(got, want, scale, tol) {
						t.Errorf("SparseGemm(%s): C[%d][%d] = %v, want %v", name, i, j, got, want)
						bad++
					}
				}
				if bad > 5 {
					t.FailNow()
				}
			}
		}
	})
}

func TestSparseGemmPanic(t *testing.T) {
	// S = [[1 0 2] [0 3 0]], B is (3, 2).
	ptr, idx, val := []int32{0, 2, 3}, []int32{0, 2, 1}, []float32{1, 2, 3}
	b, c := make([]float32, 6), make([]float32, 4)
	with := func(f func(ptr, idx []int32)) func() {
		return func() {
			p, x := append([]int32(nil), ptr...), append([]int32(nil), idx...)
			f(p, x)
			SparseGemm(2, 2, p, x, val, b, 2, c, 2)
		}
	}
	forEachImpl(t, func(t *testing.T) {
		// The valid call must not panic.
		SparseGemm(2, 2, ptr, idx, val, b, 2, c, 2)
		mustPanic(t, "ptr too short", func() { SparseGemm(3, 2, ptr, idx, val, b, 2, c, 2) })
		mustPanic(t, "negative m", func() { SparseGemm(-1, 2, ptr, idx, val, b, 2, c, 2) })
		mustPanic(t, "ldb < n", func() { SparseGemm(2, 2, ptr, idx, val, b, 1, c, 2) })
		mustPanic(t, "C short", func() { SparseGemm(2, 2, ptr, idx, val, b, 2, c[:3], 2) })
		mustPanic(t, "val short", func() { SparseGemm(2, 2, ptr, idx, val[:2], b, 2, c, 2) })
		mustPanic(t, "idx short", func() { SparseGemm(2, 2, ptr, idx[:2], val, b, 2, c, 2) })
		mustPanic(t, "ptr descending", with(func(p, _ []int32) { p[1] = 4 }))
		mustPanic(t, "ptr negative", with(func(p, _ []int32) { p[0] = -1 }))
		mustPanic(t, "index past B", with(func(_, x []int32) { x[1] = 3 }))
		mustPanic(t, "index negative", with(func(_, x []int32) { x[2] = -1 }))
		mustPanic(t, "B short", func() { SparseGemm(2, 2, ptr, idx, val, b[:5], 2, c, 2) })
		// A wide n takes the assembly's 64-column passes.
		wb, wc := make([]float32, 3*70), make([]float32, 2*70)
		mustPanic(t, "index past wide B", with(func(_, x []int32) {
			x[1] = 3
			SparseGemm(2, 70, ptr, x, val, wb, 70, wc, 70)
		}))
	})
}

func TestAxpyDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	forEachImpl(t, func(t *testing.T) {
		for _, n := range append([]int{0, 2, 4, 5, 24, 32, 40, 100, 1000, 100352}, sizes...) {
			x, y := randMat(rng, 1, n, n, 0.2), randMat(rng, 1, n, n, 0)
			alpha := float32(2*rng.Float64() - 1)
			var want, scale float64
			for i := range n {
				want += float64(x[i]) * float64(y[i])
				scale += math.Abs(float64(x[i]) * float64(y[i]))
			}
			if got := Dot(x, y); !closeTo(got, want, scale, tol) {
				t.Errorf("Dot(n=%d) = %v, want %v", n, got, want)
			}
			y0 := append([]float32(nil), y...)
			Axpy(alpha, x, y)
			for i := range n {
				w := float64(y0[i]) + float64(alpha)*float64(x[i])
				if !closeTo(y[i], w, math.Abs(float64(y0[i]))+math.Abs(float64(alpha*x[i])), 1e-6) {
					t.Fatalf("Axpy(n=%d): y[%d] = %v, want %v", n, i, y[i], w)
				}
			}
		}
		mustPanic(t, "Dot length mismatch", func() { Dot(make([]float32, 9), make([]float32, 8)) })
		mustPanic(t, "Axpy length mismatch", func() { Axpy(1, make([]float32, 9), make([]float32, 10)) })
	})
}

func TestAdam(t *testing.T) {
	const lrT, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
	rng := rand.New(rand.NewPCG(11, 12))
	forEachImpl(t, func(t *testing.T) {
		for _, n := range append([]int{0, 2, 10, 24, 1280, 100352}, sizes...) {
			w, g := randMat(rng, 1, n, n, 0), randMat(rng, 1, n, n, 0.1)
			m, v := randMat(rng, 1, n, n, 0.1), randMat(rng, 1, n, n, 0.1)
			for i := range v {
				v[i] *= v[i] // v ≥ 0, with zeros
			}
			w0, m0, v0 := append([]float32(nil), w...), append([]float32(nil), m...), append([]float32(nil), v...)
			Adam(w, g, m, v, lrT, b1, b2, eps)
			// The kernels take float32 constants and form 1−β in float32.
			fb1, fb2 := float64(float32(b1)), float64(float32(b2))
			c1, c2 := float64(1-float32(b1)), float64(1-float32(b2))
			for i := range n {
				gi := float64(g[i])
				mi := fb1*float64(m0[i]) + c1*gi
				vi := fb2*float64(v0[i]) + c2*gi*gi
				step := float64(float32(lrT)) * mi / (math.Sqrt(vi) + float64(float32(eps)))
				wi := float64(w0[i]) - step
				if !closeTo(m[i], mi, math.Abs(fb1*float64(m0[i]))+math.Abs(c1*gi), 1e-6) ||
					!closeTo(v[i], vi, vi, 1e-6) ||
					!closeTo(w[i], wi, math.Abs(float64(w0[i]))+math.Abs(step), 1e-6) {
					t.Fatalf("Adam(n=%d) element %d: w, m, v = %v, %v, %v, want %v, %v, %v",
						n, i, w[i], m[i], v[i], wi, mi, vi)
				}
			}
		}
		x := make([]float32, 9)
		mustPanic(t, "Adam g short", func() { Adam(x, x[:8], x, x, lrT, b1, b2, eps) })
		mustPanic(t, "Adam m short", func() { Adam(x, x, x[:8], x, lrT, b1, b2, eps) })
		mustPanic(t, "Adam v short", func() { Adam(x, x, x, x[:8], lrT, b1, b2, eps) })
	})
}

func TestPick(t *testing.T) {
	best := available[len(available)-1].name
	for _, tc := range []struct{ name, want string }{
		{"generic", "generic"}, {"", best}, {"no-such-kernels", best}, {best, best},
	} {
		if got := pick(tc.name).name; got != tc.want {
			t.Errorf("pick(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	t.Logf("implementations: %d, preferred %s, in use %s", len(available), best, Impl())
}

func TestAdamPenalized(t *testing.T) {
	const lrT, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
	rng := rand.New(rand.NewPCG(15, 16))
	for _, pen := range []struct{ l1, l2 float32 }{{0, 0}, {1e-3, 0}, {0, 1e-2}, {3e-3, 2e-2}} {
		forEachImpl(t, func(t *testing.T) {
			for _, n := range append([]int{0, 2, 10, 24, 1280}, sizes...) {
				w, g := randMat(rng, 1, n, n, 0.2), randMat(rng, 1, n, n, 0.1)
				m, v := randMat(rng, 1, n, n, 0.1), randMat(rng, 1, n, n, 0.1)
				for i := range v {
					v[i] *= v[i]
				}
				w0, g0, m0, v0 := clone(w), clone(g), clone(m), clone(v)
				AdamPenalized(w, g, m, v, lrT, b1, b2, eps, pen.l1, pen.l2)
				fb1, fb2 := float64(float32(b1)), float64(float32(b2))
				c1, c2 := float64(1-float32(b1)), float64(1-float32(b2))
				for i := range n {
					gi := float64(g0[i]) + 2*float64(pen.l2)*float64(w0[i])
					if w0[i] > 0 {
						gi += float64(pen.l1)
					} else if w0[i] < 0 {
						gi -= float64(pen.l1)
					}
					mi := fb1*float64(m0[i]) + c1*gi
					vi := fb2*float64(v0[i]) + c2*gi*gi
					step := float64(float32(lrT)) * mi / (math.Sqrt(vi) + float64(float32(eps)))
					wi := float64(w0[i]) - step
					// m may cancel: the step's error scales with m's terms.
					stepScale := float64(float32(lrT)) * (math.Abs(fb1*float64(m0[i])) + c1*math.Abs(gi)) / (math.Sqrt(vi) + float64(float32(eps)))
					gs := math.Abs(float64(g0[i])) + float64(pen.l1) + math.Abs(2*float64(pen.l2)*float64(w0[i]))
					vs := fb2*float64(v0[i]) + c2*gs*gs // v's scale when g cancels
					if !closeTo(g[i], gi, gs, 1e-6) ||
						!closeTo(m[i], mi, math.Abs(fb1*float64(m0[i]))+math.Abs(c1*gs), 1e-6) ||
						!closeTo(v[i], vi, vs, 1e-6) ||
						!closeTo(w[i], wi, math.Abs(float64(w0[i]))+math.Abs(step)*(1+vs/max(vi, 1e-300))+stepScale, 1e-6) {
						t.Fatalf("AdamPenalized(n=%d, l1=%v, l2=%v) element %d: w, g, m, v = %v, %v, %v, %v, want %v, %v, %v, %v",
							n, pen.l1, pen.l2, i, w[i], g[i], m[i], v[i], wi, gi, mi, vi)
					}
				}
			}
		})
	}
}

func clone(x []float32) []float32 { return append([]float32(nil), x...) }

func TestBiasReLU(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	forEachImpl(t, func(t *testing.T) {
		for _, c := range sizes {
			for _, r := range []int{1, 3, 128} {
				z, b := randMat(rng, r, c, c, 0.1), randMat(rng, 1, c, c, 0.1)
				z[0] = float32(math.Copysign(0, -1))
				if c > 2 {
					z[1], b[1] = float32(math.NaN()), 0
					z[2], b[2] = -float32(math.NaN()), 0
				}
				z0 := clone(z)
				a := make([]float32, len(z))
				BiasReLU(z, b, a)
				for i := range z {
					want := z0[i] + b[i%c]
					if math.Float32bits(z[i]) != math.Float32bits(want) {
						t.Fatalf("BiasReLU(c=%d, r=%d): z[%d] = %v, want %v", c, r, i, z[i], want)
					}
					wa := want
					if math.Signbit(float64(want)) {
						wa = 0
					}
					if math.Float32bits(a[i]) != math.Float32bits(wa) {
						t.Fatalf("BiasReLU(c=%d, r=%d): a[%d] = %v (%#x), want %v", c, r, i, a[i], math.Float32bits(a[i]), wa)
					}
				}
			}
		}
		mustPanic(t, "BiasReLU rows", func() { BiasReLU(make([]float32, 9), make([]float32, 2), make([]float32, 9)) })
		mustPanic(t, "BiasReLU a short", func() { BiasReLU(make([]float32, 8), make([]float32, 2), make([]float32, 7)) })
	})
}
