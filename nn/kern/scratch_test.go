package kern

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

func cpuNow() int64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return ts.Nano()
}

// minTime returns the minimum thread-CPU ns per call of f over reps batches.
func minTime(f func(), inner, reps int) float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := 1e18
	for range reps {
		t0 := cpuNow()
		for range inner {
			f()
		}
		d := float64(cpuNow()-t0) / float64(inner)
		best = min(best, d)
	}
	return best
}

func TestScratchTimes(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	rng := rand.New(rand.NewPCG(1, 1))
	l1 := newLayer1(t)
	l2 := newLayer2()
	s := newAdamState()
	nnz := float64(l1.nnz())
	for _, k := range available {
		use(k)
		inner := 20
		if k.name == "generic" {
			inner = 2
		}
		rep := func(name string, flops float64, f func()) {
			ns := minTime(f, inner, 30)
			fmt.Printf("%-8s %-22s %9.0f ns  %6.1f GFLOP/s  %6.2f ms/epoch\n", k.name, name, ns, flops/ns, ns*469/1e6)
		}
		rep("SparseL1", 2*nnz*128, func() {
			SparseGemm(128, 128, l1.rowPtr, l1.rowIdx, l1.rowVal, l1.w1, 128, l1.z1, 128)
		})
		rep("SparseGradW1", 2*nnz*128, func() {
			SparseGemm(784, 128, l1.colPtr, l1.colIdx, l1.colVal, l1.delta1, 128, l1.gW1, 128)
		})
		rep("GemmL2", layer2Flops, func() { Gemm(128, 10, 128, l2.h, 128, l2.w2, 10, l2.z2, 10) })
		rep("GemmTAL2", layer2Flops, func() { GemmTA(128, 10, 128, l2.h, 128, l2.delta2, 10, l2.gW2, 10) })
		rep("GemmTBL2", layer2Flops, func() { GemmTB(128, 10, 128, l2.delta2, 10, l2.w2, 10, l2.dH, 128) })
		rep("Adam", 101770, s.step)
		for _, n := range []int{8, 10, 16, 32} {
			h := randMat(rng, 128, 128, 128, 0.5)
			d := randMat(rng, 128, n, n, 0)
			g := make([]float32, 128*n)
			rep(fmt.Sprint("TA n=", n), float64(2*128*128*n), func() { GemmTA(128, n, 128, h, 128, d, n, g, n) })
		}
	}
}
