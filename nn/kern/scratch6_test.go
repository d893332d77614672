package kern

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

func TestScratchAdam(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	use(pick("avx2"))
	rng := rand.New(rand.NewPCG(1, 2))
	var names []string
	var fs []func()
	for _, n := range []int{1024, 8192, 32768, 100352} {
		w, g := randMat(rng, 1, n, n, 0), randMat(rng, 1, n, n, 0)
		m, v := make([]float32, n), make([]float32, n)
		names = append(names, fmt.Sprint("adam ", n))
		fs = append(fs, func() {
			for range 100352 / n {
				Adam(w, g, m, v, 1e-3, 0.9, 0.999, 1e-7)
			}
		})
	}
	race(40, 5, names, fs)
}
