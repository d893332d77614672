//go:build !purego

package kern

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestPathsCovered lists the assembly paths of this build and says plainly
// which this CPU cannot run, so that their equivalence tests (every test
// that uses forEachImpl) were skipped.
func TestPathsCovered(t *testing.T) {
	x := cpu.X86
	for _, p := range []struct {
		name string
		runs bool
		need string
	}{
		{"avx2", x.HasAVX2 && x.HasFMA && x.HasPOPCNT, "avx2, fma and popcnt"},
		{"avx512", x.HasAVX2 && x.HasFMA && x.HasPOPCNT && has512(), "avx512f, avx512vl, avx512dq and avx512bw (and the AVX2 set)"},
	} {
		t.Run(p.name, func(t *testing.T) {
			found := false
			for _, k := range available {
				found = found || k.name == p.name
			}
			if found != p.runs {
				t.Fatalf("%s available = %v, but the CPU flags say %v", p.name, found, p.runs)
			}
			if !p.runs {
				t.Skipf("SKIPPED: the %s kernels were not tested: this CPU lacks %s", p.name, p.need)
			}
		})
	}
}

// TestGenerated checks that kern_amd64.s is what asm_gen.go writes, so that
// an edit to either without the other fails CI.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("SKIPPED: no go command on PATH to run the generator: %v", err)
	}
	out, err := exec.Command(goCmd, "run", "asm_gen.go", "-stdout").Output()
	if err != nil {
		t.Fatalf("go run asm_gen.go: %v", err)
	}
	have, err := os.ReadFile("kern_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, have) {
		t.Errorf("kern_amd64.s differs from the output of asm_gen.go (%d bytes against %d): run go generate in nn/kern", len(have), len(out))
	}
}

// TestMicroKernelRows checks that the AVX-512 micro-kernel's blocks of 5 to
// 8 rows give the same bits as blocks of at most 4 (the sums run in the same
// order), for the three dense products, with masked column tails and
// every row count below 8 at the bottom edge.
func TestMicroKernelRows(t *testing.T) {
	if !has512() {
		t.Skip("SKIPPED: the 8-row AVX-512 micro-kernel was not tested: this CPU lacks avx512f, avx512vl, avx512dq or avx512bw")
	}
	four := *vecAVX512
	four.mkRows = 4
	rng := rand.New(rand.NewPCG(21, 22))
	for _, mnk := range [][3]int{{128, 512, 512}, {13, 70, 33}, {8, 16, 1}, {7, 100, 129}, {1029, 10, 64}, {64, 1024, 10}, {5, 33, 0}} {
		m, n, k := mnk[0], mnk[1], mnk[2]
		// Each product as C (m, n) = L·R with inner dimension k: A and B
		// are (ar, ac) and (br, bc); call passes the product's own m, n, k.
		for _, p := range []struct {
			name           string
			eight, four    func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int)
			ar, ac, br, bc int
			pm, pn, pk     int
		}{
			{"Gemm", vecAVX512.gemm, four.gemm, m, k, k, n, m, n, k},
			{"GemmTA", vecAVX512.gemmTA, four.gemmTA, k, m, k, n, k, n, m},
			{"GemmTB", vecAVX512.gemmTB, four.gemmTB, m, k, n, k, m, k, n},
		} {
			a := randMat(rng, p.ar, p.ac, p.ac+1, 0.1)
			b := randMat(rng, p.br, p.bc, p.bc+2, 0)
			ldc := n + 3
			c8 := make([]float32, m*ldc)
			c4 := make([]float32, m*ldc)
			p.eight(p.pm, p.pn, p.pk, a, p.ac+1, b, p.bc+2, c8, ldc)
			p.four(p.pm, p.pn, p.pk, a, p.ac+1, b, p.bc+2, c4, ldc)
			for i, x := range c8 {
				if math.Float32bits(x) != math.Float32bits(c4[i]) {
					t.Fatalf("%s(m=%d,n=%d,k=%d): C[%d][%d] = %v with 8-row blocks, %v with 4", p.name, m, n, k, i/ldc, i%ldc, x, c4[i])
				}
			}
		}
	}
}

// TestTransposeBlock checks GemmTB's transpose (8×8 blocks in vector
// registers, the edges in Go) against the definition, for every edge
// shape.
func TestTransposeBlock(t *testing.T) {
	if len(available) < 2 {
		t.Skip("SKIPPED: the transpose kernel was not tested: this CPU lacks avx2 and fma")
	}
	rng := rand.New(rand.NewPCG(25, 26))
	for _, rc := range [][2]int{{1, 1}, {8, 8}, {7, 9}, {9, 7}, {16, 24}, {64, 128}, {17, 130}, {64, 10}, {3, 64}} {
		rows, cols := rc[0], rc[1]
		ld := cols + rng.IntN(3)
		src := randMat(rng, rows, cols, ld, 0)
		dst := make([]float32, rows*cols)
		transposeBlock(dst, src, ld, rows, cols)
		for p := range rows {
			for s := range cols {
				if got, want := dst[s*rows+p], src[p*ld+s]; math.Float32bits(got) != math.Float32bits(want) {
					t.Fatalf("rows %d, cols %d: dst[%d][%d] = %v, want %v", rows, cols, s, p, got, want)
				}
			}
		}
	}
}
