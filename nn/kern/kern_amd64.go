//go:build !purego

package kern

import (
	"math"
	"math/bits"
	"unsafe"

	"golang.org/x/sys/cpu"
)

//go:generate go run asm_gen.go

// archKernels returns the implementations the CPU and the OS support:
// AVX2+FMA, then AVX-512 (F, VL, DQ, BW) on top of it.
func archKernels() []kernels {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA || !cpu.X86.HasPOPCNT {
		return nil
	}
	ks := []kernels{{
		name:       "avx2",
		gemm:       vecAVX2.gemm,
		gemmTA:     vecAVX2.gemmTA,
		gemmTB:     vecAVX2.gemmTB,
		sparseGemm: vecAVX2.sparseGemm,
		sparseTA:   vecAVX2.sparseGemmTA,
		gemmEpi:    vecAVX2.gemmEpi,
		sparseEpi:  vecAVX2.sparseGemmEpi,
		adam:       adamAVX2,
		axpy:       axpyAVX2,
		dot:        dotAVX2,
		biasReLU:   biasReLUAVX2,
		reluBack:   reluBackwardAVX2,
	}}
	if has512() {
		ks = append(ks, kernels{
			name:       "avx512",
			gemm:       vecAVX512.gemm,
			gemmTA:     vecAVX512.gemmTA,
			gemmTB:     vecAVX512.gemmTB,
			sparseGemm: vecAVX512.sparseGemm,
			sparseTA:   vecAVX512.sparseGemmTA,
			gemmEpi:    vecAVX512.gemmEpi,
			sparseEpi:  vecAVX512.sparseGemmEpi,
			adam:       adamAVX512,
			axpy:       axpyAVX512,
			dot:        dotAVX2,
			biasReLU:   biasReLUAVX2,
			reluBack:   reluBackwardAVX2,
		})
	}
	return ks
}

// has512 reports whether the CPU and the OS support the AVX-512 subsets
// the kernels use. x/sys/cpu checks that the OS saves the ZMM and opmask
// registers.
func has512() bool {
	x := cpu.X86
	return x.HasAVX512F && x.HasAVX512VL && x.HasAVX512DQ && x.HasAVX512BW
}

// The two vector widths, with their kernels and block sizes.
var (
	vecAVX2 = &vecKernels{
		spCols: 64, spSlab: 128, mkRows: 4,
	}
	vecAVX512 = &vecKernels{
		wide: true, spCols: 128, spSlab: 64, mkRows: 8,
	}
)

// The assembly kernels, in kern_amd64.s (written by asm_gen.go, which
// documents them). The products' epilogue arguments bias, act and ep are
// those of an epi (see epiArgs): with ep ≠ 0 they add the bias to each
// finished element of C before storing it and, with ep = 2, store its ReLU
// in act, at the same offset from act as the element's from c. Lengths that must be multiples of 8 are noted; the Go
// callers do the tails.

//go:noescape
func spRowAsm(c *float32, n int, b *float32, ldb int, kmax int, idx *int32, val *float32, nnz int, acc int) bool

//go:noescape
func spChunkAsm(rows int, cur *int32, hi *int32, pend int, idx *int32, val *float32, b *float32, ldb int, c *float32, ldcBytes int, w int, acc int, lo int, bias *float32, act *float32, ep int) int

//go:noescape
func scatterAsm(rows int, ptr *int32, idx *int32, val *float32, d *float32, lddBytes int, c *float32, ldcBytes int, w int, kmax int) bool

//go:noescape
func scatter512Asm(rows int, ptr *int32, idx *int32, val *float32, d *float32, lddBytes int, c *float32, ldcBytes int, w int, kmax int) bool

// transpose8Asm needs blocks ≥ 1.
//
//go:noescape
func transpose8Asm(dst *float32, lddBytes int, src *float32, ldsBytes int, blocks int)

//go:noescape
func mkAsm(rows int, t int, a *float32, ars int, acs int, b *float32, ldb int, c *float32, ldc int, n int, acc int, bias *float32, act *float32, ep int)

//go:noescape
func spChunk512Asm(rows int, cur *int32, hi *int32, pend int, idx *int32, val *float32, b *float32, ldb int, c *float32, ldcBytes int, w int, acc int, lo int, bias *float32, act *float32, ep int) int

//go:noescape
func mk512Asm(rows int, t int, a *float32, ars int, acs int, b *float32, ldb int, c *float32, ldc int, n int, acc int, bias *float32, act *float32, ep int)

// axpy512Asm needs n a multiple of 16.
//
//go:noescape
func axpy512Asm(alpha float32, x *float32, y *float32, n int)

// adam512Asm needs n a multiple of 16.
//
//go:noescape
func adam512Asm(w *float32, grad *float32, m *float32, v *float32, n int, lrT float32, b1 float32, b2 float32, eps float32, l1 float32, l2x2 float32)

// compactAsm needs n a multiple of 8.
//
//go:noescape
func compactAsm(a *float32, n int, base int, idx *int32, val *float32, tbl *[256][8]int32) int

// axpyAsm needs n a multiple of 8.
//
//go:noescape
func axpyAsm(alpha float32, x *float32, y *float32, n int)

// dotAsm needs n a multiple of 8.
//
//go:noescape
func dotAsm(x *float32, y *float32, n int) float32

// adamAsm needs n a multiple of 8.
//
//go:noescape
func adamAsm(w *float32, grad *float32, m *float32, v *float32, n int, lrT float32, b1 float32, b2 float32, eps float32, l1 float32, l2x2 float32)

// reluBackwardAsm needs n a multiple of 8.
//
//go:noescape
func reluBackwardAsm(act *float32, grad *float32, n int)

// biasReLUAsm needs n a multiple of 8.
//
//go:noescape
func biasReLUAsm(z *float32, b *float32, a *float32, n int)

// finiteAsm needs n a multiple of 8.
//
//go:noescape
func finiteAsm(x *float32, n int) bool

// compactTable[mask] lists the set bits of mask in ascending order, padded
// with zeros: the VPERMPS indices that pack the selected lanes.
var compactTable [256][8]int32

func init() {
	for mask := range compactTable {
		j := 0
		for bit := range 8 {
			if mask&(1<<bit) != 0 {
				compactTable[mask][j] = int32(bit)
				j++
			}
		}
		if j != bits.OnesCount8(uint8(mask)) {
			panic("kern: compact table")
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func axpyAVX2(alpha float32, x, y []float32) {
	n := len(x)
	y = y[:n]
	n8 := n &^ 7
	if n8 > 0 {
		axpyAsm(alpha, &x[0], &y[0], n8)
	}
	for i := n8; i < n; i++ {
		y[i] += alpha * x[i]
	}
}

func axpyAVX512(alpha float32, x, y []float32) {
	n := len(x)
	y = y[:n]
	n16 := n &^ 15
	if n16 > 0 {
		axpy512Asm(alpha, &x[0], &y[0], n16)
	}
	for i := n16; i < n; i++ {
		y[i] += alpha * x[i]
	}
}

func dotAVX2(x, y []float32) float32 {
	n := len(x)
	y = y[:n]
	n8 := n &^ 7
	var s float32
	if n8 > 0 {
		s = dotAsm(&x[0], &y[0], n8)
	}
	for i := n8; i < n; i++ {
		s += x[i] * y[i]
	}
	return s
}

// adamTail is the Adam update of the assembly, operation for operation with
// the same fused multiply-adds, so that an element gets the same bits
// whether it falls in a vector or in the tail.
func adamTail(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2x2 float32) {
	c1, c2 := 1-b1, 1-b2
	pen := l1 != 0 || l2x2 != 0
	for i := range w {
		gi := g[i]
		if pen {
			gi = penalized(gi, w[i], l1, l2x2)
			g[i] = gi
		}
		mi := fma32(gi, c1, b1*m[i])
		vi := fma32(v[i], b2, (c2*gi)*gi)
		m[i], v[i] = mi, vi
		d := float32(math.Sqrt(float64(vi))) + eps
		w[i] -= (lrT * mi) / d
	}
}

func fma32(x, y, z float32) float32 {
	return float32(math.FMA(float64(x), float64(y), float64(z)))
}

func adamAVX2(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2x2 float32) {
	n := len(w)
	g, m, v = g[:n], m[:n], v[:n]
	n8 := n &^ 7
	if n8 > 0 {
		adamAsm(&w[0], &g[0], &m[0], &v[0], n8, lrT, b1, b2, eps, l1, l2x2)
	}
	if n8 < n {
		adamTail(w[n8:], g[n8:], m[n8:], v[n8:], lrT, b1, b2, eps, l1, l2x2)
	}
}

func adamAVX512(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2x2 float32) {
	n := len(w)
	g, m, v = g[:n], m[:n], v[:n]
	n16 := n &^ 15
	if n16 > 0 {
		adam512Asm(&w[0], &g[0], &m[0], &v[0], n16, lrT, b1, b2, eps, l1, l2x2)
	}
	if n16 < n {
		adamTail(w[n16:], g[n16:], m[n16:], v[n16:], lrT, b1, b2, eps, l1, l2x2)
	}
}

// finite reports whether the (r, c) matrix x with leading dimension ld
// holds no Inf or NaN.
func finite(x []float32, r, c, ld int) bool {
	if r == 0 || c == 0 {
		return true
	}
	if ld == c {
		r, c = 1, r*c
	}
	c8 := c &^ 7
	for i := range r {
		row := x[i*ld : i*ld+c]
		if c8 > 0 && !finiteAsm(unsafe.SliceData(row), c8) {
			return false
		}
		for _, v := range row[c8:] {
			if v-v != 0 {
				return false
			}
		}
	}
	return true
}

func biasReLUAVX2(z, b, a []float32) {
	c := len(b)
	c8 := c &^ 7
	for i := 0; i+c <= len(z); i += c {
		zi, ai := z[i:i+c], a[i:i+c]
		if c8 > 0 {
			biasReLUAsm(&zi[0], &b[0], &ai[0], c8)
		}
		if c8 < c {
			biasReLUGeneric(zi[c8:], b[c8:], ai[c8:])
		}
	}
}

func reluBackwardAVX2(act, grad []float32) {
	n8 := len(act) &^ 7
	if n8 > 0 {
		reluBackwardAsm(&act[0], &grad[0], n8)
	}
	reluBackwardGeneric(act[n8:], grad[n8:])
}
