package kern

import (
	"fmt"
	"runtime"
)

// race runs the configs interleaved for rounds rounds and prints each one's
// minimum thread-CPU ns per call.
func race(rounds, inner int, names []string, fs []func()) []float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := make([]float64, len(fs))
	for i := range best {
		best[i] = 1e18
	}
	for range rounds {
		for i, f := range fs {
			t0 := cpuNow()
			for range inner {
				f()
			}
			best[i] = min(best[i], float64(cpuNow()-t0)/float64(inner))
		}
	}
	for i, n := range names {
		fmt.Printf("%-36s %9.0f ns\n", n, best[i])
	}
	return best
}
