package kern

import "math"

// Gemm sets C = A·B, where A is (m, k), B is (k, n) and C is (m, n).
// Zero elements of A are skipped, which pays off for ReLU activations and
// MNIST pixels.
func Gemm(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkMat("Gemm A", a, m, k, lda)
	checkMat("Gemm B", b, k, n, ldb)
	checkMat("Gemm C", c, m, n, ldc)
	gemm(m, n, k, a, lda, b, ldb, c, ldc)
}

// GemmTA sets C = Aᵀ·B, where A is (m, k), B is (m, n) and C is (k, n).
// This is the weight gradient Xᵀ·δ.
func GemmTA(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkMat("GemmTA A", a, m, k, lda)
	checkMat("GemmTA B", b, m, n, ldb)
	checkMat("GemmTA C", c, k, n, ldc)
	gemmTA(m, n, k, a, lda, b, ldb, c, ldc)
}

// GemmTB sets C = A·Bᵀ, where A is (m, n), B is (k, n) and C is (m, k).
// This is the backward pass δ·Wᵀ through a dense layer.
func GemmTB(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkMat("GemmTB A", a, m, n, lda)
	checkMat("GemmTB B", b, k, n, ldb)
	checkMat("GemmTB C", c, m, k, ldc)
	gemmTB(m, n, k, a, lda, b, ldb, c, ldc)
}

// SparseGemm sets C = S·B, where S is an (m, k) matrix in compressed sparse
// row form (row i holds the entries ptr[i] ≤ e < ptr[i+1], with column
// idx[e] and value val[e]), B is (k, n) and C is (m, n).
//
// The transpose product Sᵀ·B uses the same kernel with S in compressed
// sparse column form.
//
// The column indices must satisfy 0 ≤ idx[e] and idx[e]·ldb+n ≤ len(b);
// an index outside B panics. A row's indices may come in any order and may
// repeat (the entries add up), but the assembly is fastest when they ascend
// within each row, as they do when the matrix is built by scanning.
func SparseGemm(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	checkSparse(m, n, ptr, idx, val, ldb, c, ldc)
	sparseGemm(m, n, ptr, idx, val, b, ldb, c, ldc)
}

// checkSparse checks SparseGemm's operands but B, which the kernels check
// as they read it.
func checkSparse(m, n int, ptr, idx []int32, val []float32, ldb int, c []float32, ldc int) {
	if m < 0 || len(ptr) < m+1 {
		panic("kern: SparseGemm ptr too short")
	}
	if n < 0 || ldb < n || ldb < 1 {
		panic("kern: SparseGemm B bad dimensions")
	}
	checkMat("SparseGemm C", c, m, n, ldc)
	if m > 0 {
		nnz := int(ptr[m])
		if nnz > len(idx) || nnz > len(val) {
			panic("kern: SparseGemm idx or val too short")
		}
		if ptr[0] < 0 {
			panic("kern: SparseGemm ptr not ascending")
		}
		for i := range m {
			if ptr[i] > ptr[i+1] {
				panic("kern: SparseGemm ptr not ascending")
			}
		}
	}
}

// SparseGemmTA sets C = Sᵀ·B, where S is an (m, k) matrix in compressed
// sparse row form (as for SparseGemm), B is (m, n) and C is (k, n). It
// scatters: it clears C, then adds val[e] times row i of B to row idx[e] of
// C for every entry e of every row i in turn, so each element of C sums its
// terms in the order of S's rows, and it needs no transpose of S. The
// first layer's weight gradient Xᵀ·δ is this product. For rows of 128
// columns and more it gives the same bits as SparseGemm on the transpose,
// which is faster where C exceeds the L1 cache, as it does for MNIST's
// 784 inputs (each entry loads and stores its row of C here, while
// SparseGemm keeps it in registers): BenchmarkLayer1Widths compares them.
//
// The column indices must satisfy 0 ≤ idx[e] < k; an index outside C
// panics (C is then partly written). Columns of C and B may be split over
// threads, each calling SparseGemmTA on its share: the results are the
// same bits as one call.
func SparseGemmTA(m, n, k int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || len(ptr) < m+1 {
		panic("kern: SparseGemmTA ptr too short")
	}
	checkMat("SparseGemmTA B", b, m, n, ldb)
	checkMat("SparseGemmTA C", c, k, n, ldc)
	if m > 0 {
		nnz := int(ptr[m])
		if ptr[0] < 0 || nnz > len(idx) || nnz > len(val) {
			panic("kern: SparseGemmTA idx or val too short")
		}
		for i := range m {
			if ptr[i] > ptr[i+1] {
				panic("kern: SparseGemmTA ptr not ascending")
			}
		}
	}
	sparseGemmTA(m, n, k, ptr, idx, val, b, ldb, c, ldc)
}

// GemmBias is the forward pass of a dense layer, out = f(X·W + b), written
// once: it sets C = A·B + bias, adding bias (length n) to every row, and,
// with act not nil, act = max(C, 0) (ReLU, as BiasReLU computes it), act
// having C's shape and leading dimension. A and B are as for Gemm. The
// result is that of Gemm followed by BiasReLU (or by Axpy of the bias to
// every row), bit for bit, but the kernels add the bias and store both
// outputs as they store each block of C, in one pass.
func GemmBias(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias, act []float32) {
	checkMat("GemmBias A", a, m, k, lda)
	checkMat("GemmBias B", b, k, n, ldb)
	checkMat("GemmBias C", c, m, n, ldc)
	gemmEpi(m, n, k, a, lda, b, ldb, c, ldc, newEpi("GemmBias", m, n, ldc, bias, act))
}

// SparseGemmBias is SparseGemm with GemmBias's epilogue: C = S·B + bias
// and, with act not nil, act = max(C, 0), written as each row of a block
// of C is finished. S, B and C are as for SparseGemm.
func SparseGemmBias(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int, bias, act []float32) {
	e := newEpi("SparseGemmBias", m, n, ldc, bias, act)
	checkSparse(m, n, ptr, idx, val, ldb, c, ldc)
	sparseGemmEpi(m, n, ptr, idx, val, b, ldb, c, ldc, e)
}

// epi is a product's epilogue, applied to each element of C once the
// element is complete: bias[j] is added to C[i][j] and, with act set,
// act[i·ldc+j] = max(C[i][j], 0). The zero epi does nothing.
type epi struct {
	bias, act []float32
}

// newEpi checks the epilogue operands of an (m, n) product with leading
// dimension ldc.
func newEpi(name string, m, n, ldc int, bias, act []float32) epi {
	if len(bias) != n {
		panic("kern: " + name + " bias length mismatch")
	}
	if act != nil {
		checkMat(name+" act", act, m, n, ldc)
	}
	if n == 0 {
		return epi{}
	}
	return epi{bias: bias, act: act}
}

// apply applies e to the rows [0, m) of C.
func (e epi) apply(m, n int, c []float32, ldc int) {
	for i := range m {
		e.row(i, n, c, ldc)
	}
}

// row applies e to row i of C.
func (e epi) row(i, n int, c []float32, ldc int) {
	switch {
	case e.bias == nil:
	case e.act == nil:
		axpy(1, e.bias, c[i*ldc:i*ldc+n])
	default:
		biasReLU(c[i*ldc:i*ldc+n], e.bias, e.act[i*ldc:i*ldc+n])
	}
}

func gemmEpiGeneric(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, e epi) {
	gemmGeneric(m, n, k, a, lda, b, ldb, c, ldc)
	e.apply(m, n, c, ldc)
}

func sparseGemmEpiGeneric(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int, e epi) {
	sparseGemmGeneric(m, n, ptr, idx, val, b, ldb, c, ldc)
	e.apply(m, n, c, ldc)
}

// Adam applies one Adam update to w in place, in the form Keras uses:
//
//	m ← β1·m + (1−β1)·g
//	v ← β2·v + (1−β2)·g²
//	w ← w − lrT·m / (√v + ε)
//
// where lrT = lr·√(1−β2ᵗ)/(1−β1ᵗ) is the bias-corrected step size.
func Adam(w, g, m, v []float32, lrT, b1, b2, eps float32) {
	AdamPenalized(w, g, m, v, lrT, b1, b2, eps, 0, 0)
}

// AdamPenalized is Adam on the gradient of the loss plus the penalty
// l1·Σ|w| + l2·Σw², in the same pass: it first sets
//
//	g ← g + l1·sign(w) + 2·l2·w
//
// (leaving g as it is when l1 and l2 are zero), then updates w with it.
func AdamPenalized(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2 float32) {
	if len(g) != len(w) || len(m) != len(w) || len(v) != len(w) {
		panic("kern: Adam length mismatch")
	}
	adam(w, g, m, v, lrT, b1, b2, eps, l1, 2*l2)
}

// BiasReLU adds the bias b to every row of z, (len(z)/len(b), len(b)), and
// sets a = max(z, 0) in the same pass. Negative values, −0 included, give
// +0; NaN stays NaN unless its sign bit is set. a must be as long as z.
func BiasReLU(z, b, a []float32) {
	if len(b) == 0 || len(z)%len(b) != 0 || len(a) < len(z) {
		panic("kern: BiasReLU length mismatch")
	}
	biasReLU(z, b, a[:len(z)])
}

// ReLUBackward multiplies grad by the derivative of ReLU at the outputs
// act: it clears grad[i] where act[i] is +0 (the unit was off) and leaves
// it elsewhere. grad must be as long as act.
func ReLUBackward(act, grad []float32) {
	if len(grad) < len(act) {
		panic("kern: ReLUBackward length mismatch")
	}
	reluBackward(act, grad[:len(act)])
}

// Axpy sets y ← y + α·x.
func Axpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panic("kern: Axpy length mismatch")
	}
	axpy(alpha, x, y)
}

// Dot returns Σ x[i]·y[i].
func Dot(x, y []float32) float32 {
	if len(x) != len(y) {
		panic("kern: Dot length mismatch")
	}
	return dot(x, y)
}

func checkMat(name string, x []float32, r, c, ld int) {
	if r < 0 || c < 0 || ld < c || ld < 1 {
		panic("kern: " + name + " bad dimensions")
	}
	if r > 0 && c > 0 && len(x) < (r-1)*ld+c {
		panic("kern: " + name + " too short")
	}
}

func gemmGeneric(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		clear(ci)
		ai := a[i*lda : i*lda+k]
		for p, av := range ai {
			if av == 0 {
				continue
			}
			axpy(av, b[p*ldb:p*ldb+n], ci)
		}
	}
}

func gemmTAGeneric(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	for p := range k {
		clear(c[p*ldc : p*ldc+n])
	}
	for i := range m {
		bi := b[i*ldb : i*ldb+n]
		ai := a[i*lda : i*lda+k]
		for p, av := range ai {
			if av == 0 {
				continue
			}
			axpy(av, bi, c[p*ldc:p*ldc+n])
		}
	}
}

func gemmTBGeneric(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	for i := range m {
		ai := a[i*lda : i*lda+n]
		ci := c[i*ldc : i*ldc+k]
		for p := range k {
			ci[p] = dot(ai, b[p*ldb:p*ldb+n])
		}
	}
}

// rowsOf returns how many rows p of B satisfy p·ldb+n ≤ len(b).
func rowsOf(b []float32, n, ldb int) int {
	if len(b) < n {
		return 0
	}
	return (len(b)-n)/ldb + 1
}

func sparseGemmGeneric(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	if n == 0 {
		return
	}
	kmax := rowsOf(b, n, ldb)
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		clear(ci)
		for e := ptr[i]; e < ptr[i+1]; e++ {
			p := int(idx[e])
			if p < 0 || p >= kmax {
				panic("kern: SparseGemm index out of range")
			}
			axpy(val[e], b[p*ldb:p*ldb+n], ci)
		}
	}
}

func sparseGemmTAGeneric(m, n, k int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	if n == 0 {
		return
	}
	for p := range k {
		clear(c[p*ldc : p*ldc+n])
	}
	for i := range m {
		bi := b[i*ldb : i*ldb+n]
		for e := ptr[i]; e < ptr[i+1]; e++ {
			p := int(idx[e])
			if p < 0 || p >= k {
				panic("kern: SparseGemmTA index out of range")
			}
			axpy(val[e], bi, c[p*ldc:p*ldc+n])
		}
	}
}

func adamGeneric(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2x2 float32) {
	c1, c2 := 1-b1, 1-b2
	pen := l1 != 0 || l2x2 != 0
	for i := range w {
		gi := g[i]
		if pen {
			gi = penalized(gi, w[i], l1, l2x2)
			g[i] = gi
		}
		mi := b1*m[i] + c1*gi
		vi := b2*v[i] + c2*gi*gi
		m[i], v[i] = mi, vi
		w[i] -= lrT * mi / (float32(math.Sqrt(float64(vi))) + eps)
	}
}

// penalized returns (g + l2x2·w) + l1·sign(w), rounding as the assembly
// and nn's AddPenaltyGrad do.
func penalized(g, w, l1, l2x2 float32) float32 {
	g = float32(math.FMA(float64(l2x2), float64(w), float64(g)))
	switch {
	case w > 0:
		g += l1
	case w < 0:
		g -= l1
	}
	return g
}

func biasReLUGeneric(z, b, a []float32) {
	c := len(b)
	for i := 0; i+c <= len(z); i += c {
		zi, ai := z[i:i+c], a[i:i+c]
		for j, bj := range b {
			v := zi[j] + bj
			zi[j] = v
			u := math.Float32bits(v)
			ai[j] = math.Float32frombits(u &^ uint32(int32(u)>>31))
		}
	}
}

func reluBackwardGeneric(act, grad []float32) {
	grad = grad[:len(act)]
	for i, v := range act {
		// Branch-free: the bits of a ReLU output are zero exactly where
		// the unit is off.
		b := math.Float32bits(v)
		mask := uint32(int32(b|-b) >> 31)
		grad[i] = math.Float32frombits(math.Float32bits(grad[i]) & mask)
	}
}

func axpyGeneric(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, xv := range x {
		y[i] += alpha * xv
	}
}

func dotGeneric(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for i, xv := range x {
		s += xv * y[i]
	}
	return s
}
