//go:build !purego

package kern

import (
	"math"
	"unsafe"
)

const (
	// compactLen is how many elements of a row of A Gemm packs at a time.
	compactLen = 512
	// tbLen is the size of GemmTB's stack buffer for a transposed block of
	// B: 128 rows of mkCols.
	tbLen = 8192
	// mkCols is the width of the panels of B the dense kernel works on.
	mkCols = 64
	// sparseMax is the largest fraction of nonzeros in A for which Gemm
	// takes the sparse path.
	sparseMax = 0.3
	// spPackLen is the size of SparseGemm's stack buffer for a packed slab
	// of B, spSlab rows of spCols, or for a whole packed column block of a
	// B of up to 128 rows (the batch, for the weight gradient Xᵀ·δ).
	spPackLen = 16384
	// spRows is how many rows of S SparseGemm walks per pass.
	spRows = 128
	// denseGemmMaxN is the widest B for which Gemm uses the dense kernel.
	denseGemmMaxN = 32
)

// vecKernels holds the assembly of one vector width and the block sizes
// that suit it; its methods are the matrix products.
type vecKernels struct {
	wide bool // AVX-512
	// spCols is the width of SparseGemm's column blocks: 8 registers.
	spCols int
	// spSlab is the most rows of B SparseGemm reads per pass, 32 KB;
	// B with up to 2·spSlab rows is read in two halves.
	spSlab int
	// mkRows is the most rows of C the dense micro-kernel holds in
	// registers: 4 with 16 vector registers, 8 with 32.
	mkRows int
}

// spChunk and mk call the kernel of the width. They call the assembly
// directly rather than through a func value, through which escape analysis
// cannot see, so that stack buffers passed to them stay on the stack.
func (vk *vecKernels) spChunk(rows int, cur *int32, hi *int32, pend int, idx *int32, val *float32, b *float32, ldb int, c *float32, ldcBytes int, w int, acc int, lo int, bias *float32, act *float32, ep int) int {
	if vk.wide {
		return spChunk512Asm(rows, cur, hi, pend, idx, val, b, ldb, c, ldcBytes, w, acc, lo, bias, act, ep)
	}
	return spChunkAsm(rows, cur, hi, pend, idx, val, b, ldb, c, ldcBytes, w, acc, lo, bias, act, ep)
}

func (vk *vecKernels) mk(rows int, t int, a *float32, ars int, acs int, b *float32, ldb int, c *float32, ldc int, n int, acc int, bias *float32, act *float32, ep int) {
	if vk.wide {
		mk512Asm(rows, t, a, ars, acs, b, ldb, c, ldc, n, acc, bias, act, ep)
		return
	}
	mkAsm(rows, t, a, ars, acs, b, ldb, c, ldc, n, acc, bias, act, ep)
}

// epiArgs returns the assembly's epilogue arguments for the block of C
// whose first element is at offset off in C and in column j: the bias from
// column j, act from offset off, and the mode (0 none, 1 bias, 2 bias and
// ReLU).
func (e epi) epiArgs(off, j int) (bias, act *float32, ep int) {
	switch {
	case e.bias == nil:
		return nil, nil, 0
	case e.act == nil:
		return &e.bias[j], nil, 1
	}
	return &e.bias[j], &e.act[off], 2
}

// sparseGemm computes C in blocks of spCols columns. For each block it
// walks the rows of S once per slab of spSlab rows of B, adding the entries
// that fall in the slab (spChunk), so that the slab of B, which every row
// of S reads, stays in the L1 cache. Entries past the last slab are indices
// outside B.
func (vk *vecKernels) sparseGemm(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	vk.sparseGemmEpi(m, n, ptr, idx, val, b, ldb, c, ldc, epi{})
}

// sparseGemmEpi is sparseGemm with the epilogue e, which the kernel applies
// to each row of a block as it adds the row's last entry (or, for a row
// without entries, on the first slab).
func (vk *vecKernels) sparseGemmEpi(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int, e epi) {
	if m == 0 || n == 0 {
		return
	}
	kmax := rowsOf(b, n, ldb)
	if kmax == 0 {
		if ptr[m] != ptr[0] {
			panic("kern: SparseGemm index out of range")
		}
		for i := range m {
			clear(c[i*ldc : i*ldc+n])
		}
		e.apply(m, n, c, ldc)
		return
	}
	idxp, valp := unsafe.SliceData(idx), unsafe.SliceData(val)
	spCols, spSlab := vk.spCols, vk.spSlab
	slab := spSlab
	if kmax <= 2*spSlab {
		slab = max(32, (kmax+1)/2)
	}
	var buf [spPackLen]float32
	var cur [spRows]int32
	// Rows of B far apart are packed (see packs): when the whole column
	// block of B fits in buf, once per block for all the rows of S;
	// otherwise a slab at a time, for each block of rows of S. The kernel
	// reads a packed slab only for the rows' entries from the slab's first
	// row on, so the rows' indices must then ascend.
	packAll := packs(ldb, kmax, spCols, spSlab) && kmax*spCols <= spPackLen
	pack := !packAll && packs(ldb, kmax, spCols, spSlab) && ascending(ptr[:m+1], idx)
	for j0 := 0; j0 < n; j0 += spCols {
		w := min(spCols, n-j0)
		bAll, ldAll := &b[j0], ldb
		if packAll {
			for r := range kmax {
				copy(buf[r*spCols:r*spCols+w], b[r*ldb+j0:r*ldb+j0+w])
			}
			bAll, ldAll = &buf[0], spCols
		}
		for i0 := 0; i0 < m; i0 += spRows {
			rows := min(spRows, m-i0)
			eb, ea, ep := e.epiArgs(i0*ldc+j0, j0)
			copy(cur[:rows], ptr[i0:i0+rows])
			for p0 := 0; ; p0 += slab {
				pend := min(p0+slab, kmax)
				bp, ld, lo := bAll, ldAll, 0
				if pack {
					for r := p0; r < pend; r++ {
						copy(buf[(r-p0)*spCols:(r-p0)*spCols+w], b[r*ldb+j0:r*ldb+j0+w])
					}
					bp, ld, lo = &buf[0], spCols, p0
				}
				left := vk.spChunk(rows, &cur[0], &ptr[i0+1], pend, idxp, valp, bp, ld,
					&c[i0*ldc+j0], 4*ldc, w, b2i(p0 > 0), lo, eb, ea, ep)
				if left == 0 {
					break
				}
				if pend == kmax {
					panic("kern: SparseGemm index out of range")
				}
			}
		}
	}
}

// sparseGemmTA clears C, then scatters the rows of B into it
// (scatterAsm), one block of spCols columns at a time, in which a row of B
// stays in registers while its entries add it to their rows of C.
func (vk *vecKernels) sparseGemmTA(m, n, k int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int) {
	if n == 0 || k == 0 {
		if n > 0 && m > 0 && ptr[m] != ptr[0] {
			panic("kern: SparseGemmTA index out of range")
		}
		return
	}
	for p := range k {
		clear(c[p*ldc : p*ldc+n])
	}
	if m == 0 {
		return
	}
	idxp, valp := unsafe.SliceData(idx), unsafe.SliceData(val)
	for j0 := 0; j0 < n; j0 += vk.spCols {
		w := min(vk.spCols, n-j0)
		var ok bool
		if vk.wide {
			ok = scatter512Asm(m, &ptr[0], idxp, valp, &b[j0], 4*ldb, &c[j0], 4*ldc, w, k)
		} else {
			ok = scatterAsm(m, &ptr[0], idxp, valp, &b[j0], 4*ldb, &c[j0], 4*ldc, w, k)
		}
		if !ok {
			panic("kern: SparseGemmTA index out of range")
		}
	}
}

// packs reports whether SparseGemm copies each slab of B, whose rows are
// ldb floats apart, to a contiguous buffer before using it. Rows a multiple
// of 4 KB apart all fall in the same few sets of the L1 cache, so a slab
// of them does not stay there: packing pays for rows 4 KB or more apart,
// and for rows 2 KB apart when B has at most two slabs (the first layer's
// weight gradient Xᵀ·δ, where every row of B serves about 150 rows of S,
// against about 25 for the forward X·W1, for which copying W1 costs more
// there than it saves; measured by BenchmarkLayer1Widths).
func packs(ldb, kmax, spCols, spSlab int) bool {
	if ldb <= spCols {
		return false
	}
	return ldb >= 1024 || ldb >= 512 && kmax <= 2*spSlab
}

// ascending reports whether the indices of every row of a sparse matrix
// (ptr holds the rows' bounds) ascend or repeat.
func ascending(ptr, idx []int32) bool {
	for i := range len(ptr) - 1 {
		row := idx[ptr[i]:ptr[i+1]]
		for e := 1; e < len(row); e++ {
			if row[e] < row[e-1] {
				return false
			}
		}
	}
	return true
}

// gemm runs the dense micro-kernel (mkPanels) unless A is sparse
// enough, as MNIST pixels are, for the sparse path to win: it packs the
// nonzeros of each row of A (compactAsm) and treats the row as a sparse one
// (spRowAsm, AVX2 for both widths), so zeros cost almost nothing. The dense kernel gives the same
// result as skipping zeros as long as B is finite, which it checks.
func (vk *vecKernels) gemm(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	vk.gemmEpi(m, n, k, a, lda, b, ldb, c, ldc, epi{})
}

// gemmEpi is gemm with the epilogue e, which the micro-kernel applies as
// it stores a block; the sparse path applies it to each row after the row's
// last product, while the row is in the L1 cache.
func (vk *vecKernels) gemmEpi(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, e epi) {
	if m == 0 || n == 0 {
		return
	}
	if k > math.MaxInt32 {
		gemmGeneric(m, n, k, a, lda, b, ldb, c, ldc)
		e.apply(m, n, c, ldc)
		return
	}
	var idx [compactLen]int32
	var val [compactLen]float32
	if k > 0 && (n <= denseGemmMaxN || !sparse(m, k, a, lda, &idx, &val)) {
		// The dense kernel needs a finite B. Where C is the smaller, as
		// for a batch through a layer (m < k), it checks C after the
		// product instead: an Inf or NaN in B reaches every row of C,
		// since the kernel multiplies zeros too. A C that is not finite
		// otherwise (an Inf or NaN in A, or sums that overflow) is
		// recomputed below, which gives the same bits for a finite B.
		if m < k && finite(e.bias, 1, len(e.bias), max(len(e.bias), 1)) {
			vk.mkPanels(m, n, k, &a[0], 4*lda, 4, b, ldb, c, ldc, e)
			if finite(c, m, n, ldc) {
				return
			}
		} else if finite(b, k, n, ldb) {
			vk.mkPanels(m, n, k, &a[0], 4*lda, 4, b, ldb, c, ldc, e)
			return
		}
	}
	bp := unsafe.SliceData(b)
	for i := range m {
		ci := &c[i*ldc]
		ai := a[i*lda : i*lda+k]
		for k0 := 0; k0 < k || k0 == 0; k0 += compactLen {
			cnt := compactRow(ai[k0:min(k0+compactLen, k)], k0, &idx, &val)
			if cnt == 0 && k0 > 0 {
				continue
			}
			spRowAsm(ci, n, bp, ldb, k, &idx[0], &val[0], cnt, b2i(k0 > 0))
		}
		e.row(i, n, c, ldc)
	}
}

// sparse reports whether at most sparseMax of a sample of the (m, k) matrix
// A, up to 4 rows spread over it, is nonzero. It uses idx and val as
// scratch.
func sparse(m, k int, a []float32, lda int, idx *[compactLen]int32, val *[compactLen]float32) bool {
	rows := min(m, 4)
	cols := min(k, compactLen)
	nnz := 0
	for r := range rows {
		i := r * m / rows
		nnz += compactRow(a[i*lda:i*lda+cols], 0, idx, val)
	}
	return float64(nnz) <= sparseMax*float64(rows*cols)
}

// compactRow stores the nonzeros of x in val and their positions plus base
// in idx, and returns their count.
func compactRow(x []float32, base int, idx *[compactLen]int32, val *[compactLen]float32) int {
	n8 := len(x) &^ 7
	cnt := 0
	if n8 > 0 {
		cnt = compactAsm(&x[0], n8, base, &idx[0], &val[0], &compactTable)
	}
	for j := n8; j < len(x); j++ {
		if x[j] != 0 {
			idx[cnt], val[cnt] = int32(base+j), x[j]
			cnt++
		}
	}
	return cnt
}

// mkPanels sets the (m, n) matrix C to A·B, where B is (t, n) and A(q, s),
// for q < m and s < t, is at a + q·ars + s·acs (byte strides). It runs
// the micro-kernel on vk.mkRows rows at a time, one panel of mkCols columns
// of B after the other, so that the panel stays in cache for all the rows.
//
// The micro-kernel applies the epilogue e as it stores each block.
func (vk *vecKernels) mkPanels(m, n, t int, a *float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, e epi) {
	mr := vk.mkRows
	for j0 := 0; j0 < n; j0 += mkCols {
		w := min(mkCols, n-j0)
		for i := 0; i < m; i += mr {
			eb, ea, ep := e.epiArgs(i*ldc+j0, j0)
			vk.mk(min(mr, m-i), t, (*float32)(unsafe.Add(unsafe.Pointer(a), i*ars)), ars, acs,
				&b[j0], ldb, &c[i*ldc+j0], ldc, w, 0, eb, ea, ep)
		}
	}
}

// gemmTA computes C with the dense micro-kernel, reading A(q, s) =
// A[s][q]. It uses zeros of A like any other value, which matches the
// generic version, which skips them, unless B holds Inf or NaN; then it
// calls the generic version.
func (vk *vecKernels) gemmTA(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if k == 0 || n == 0 {
		return
	}
	if m == 0 || !finite(b, m, n, ldb) {
		gemmTAGeneric(m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	vk.mkPanels(k, n, m, &a[0], 4, 4*lda, b, ldb, c, ldc, epi{})
}

// gemmTB transposes blocks of B into a stack buffer and multiplies A by
// them with the micro-kernel, vk.mkRows rows of A at a time.
func (vk *vecKernels) gemmTB(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m == 0 || k == 0 {
		return
	}
	if n == 0 {
		gemmTBGeneric(m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	var bt [tbLen]float32
	kc := min(k, mkCols)
	jc := min(n, tbLen/kc)
	for p0 := 0; p0 < k; p0 += kc {
		pc := min(kc, k-p0)
		for j0 := 0; j0 < n; j0 += jc {
			nj := min(jc, n-j0)
			transposeBlock(bt[:nj*pc], b[p0*ldb+j0:], ldb, pc, nj)
			for i := 0; i < m; i += vk.mkRows {
				vk.mk(min(vk.mkRows, m-i), nj, &a[i*lda+j0], 4*lda, 4, &bt[0], pc, &c[i*ldc+p0], ldc, pc, b2i(j0 > 0), nil, nil, 0)
			}
		}
	}
}

// transposeBlock sets dst[s·rows + p] = src[p·ld + s] for p < rows and
// s < cols: the (rows, cols) block of src transposed into dst, (cols, rows).
// It transposes blocks of 8×8 in vector registers (transpose8Asm), and the
// edges 8 rows at a time, so that each store fills 8 consecutive floats of
// dst.
func transposeBlock(dst, src []float32, ld, rows, cols int) {
	if blocks := cols / 8; blocks > 0 && rows >= 8 {
		_ = dst[(8*blocks-1)*rows+rows-1]  // every block's last element
		_ = src[(rows&^7-1)*ld+8*blocks-1] // and its source
		for p := 0; p+8 <= rows; p += 8 {
			transpose8Asm(&dst[p], 4*rows, &src[p*ld], 4*ld, blocks)
		}
	}
	p := 0
	for ; p+8 <= rows; p += 8 {
		r0 := src[p*ld : p*ld+cols]
		r1 := src[(p+1)*ld : (p+1)*ld+cols]
		r2 := src[(p+2)*ld : (p+2)*ld+cols]
		r3 := src[(p+3)*ld : (p+3)*ld+cols]
		r4 := src[(p+4)*ld : (p+4)*ld+cols]
		r5 := src[(p+5)*ld : (p+5)*ld+cols]
		r6 := src[(p+6)*ld : (p+6)*ld+cols]
		r7 := src[(p+7)*ld : (p+7)*ld+cols]
		for s := cols &^ 7; s < cols; s++ {
			d := dst[s*rows+p : s*rows+p+8 : s*rows+p+8]
			d[0], d[1], d[2], d[3] = r0[s], r1[s], r2[s], r3[s]
			d[4], d[5], d[6], d[7] = r4[s], r5[s], r6[s], r7[s]
		}
	}
	for ; p < rows; p++ {
		for s, x := range src[p*ld : p*ld+cols] {
			dst[s*rows+p] = x
		}
	}
}
