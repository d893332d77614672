//go:build !purego

package kern

import (
	"bytes"
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
