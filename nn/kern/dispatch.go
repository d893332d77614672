package kern

import "os"

// kernels is one implementation of every kernel.
type kernels struct {
	name       string
	gemm       func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int)
	gemmTA     func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int)
	gemmTB     func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int)
	sparseGemm func(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int)
	sparseTA   func(m, n, k int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int)
	gemmEpi    func(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, e epi)
	sparseEpi  func(m, n int, ptr, idx []int32, val []float32, b []float32, ldb int, c []float32, ldc int, e epi)
	adam       func(w, g, m, v []float32, lrT, b1, b2, eps, l1, l2x2 float32)
	axpy       func(alpha float32, x, y []float32)
	dot        func(x, y []float32) float32
	biasReLU   func(z, b, a []float32)
	reluBack   func(act, grad []float32)
}

var genericKernels = kernels{
	name:       "generic",
	gemm:       gemmGeneric,
	gemmTA:     gemmTAGeneric,
	gemmTB:     gemmTBGeneric,
	sparseGemm: sparseGemmGeneric,
	sparseTA:   sparseGemmTAGeneric,
	gemmEpi:    gemmEpiGeneric,
	sparseEpi:  sparseGemmEpiGeneric,
	adam:       adamGeneric,
	axpy:       axpyGeneric,
	dot:        dotGeneric,
	biasReLU:   biasReLUGeneric,
	reluBack:   reluBackwardGeneric,
}

// The implementations in use, set once in init (and by tests).
var (
	gemm          = gemmGeneric
	gemmTA        = gemmTAGeneric
	gemmTB        = gemmTBGeneric
	sparseGemm    = sparseGemmGeneric
	sparseGemmTA  = sparseGemmTAGeneric
	gemmEpi       = gemmEpiGeneric
	sparseGemmEpi = sparseGemmEpiGeneric
	adam          = adamGeneric
	axpy          = axpyGeneric
	dot           = dotGeneric
	biasReLU      = biasReLUGeneric
	reluBackward  = reluBackwardGeneric
	impl          = "generic"
)

// available lists the implementations this CPU can run, generic first and
// the preferred one last.
var available []kernels

// EnvVar names the environment variable that, when set to the name of an
// available implementation ("generic", "avx2", "avx512"), makes the package use that
// implementation instead of the fastest one. It is read once at start-up.
const EnvVar = "BACKPROPLAB_KERN"

func init() {
	available = append([]kernels{genericKernels}, archKernels()...)
	use(pick(os.Getenv(EnvVar)))
}

// pick returns the available implementation called name, or the preferred
// one if there is none of that name.
func pick(name string) kernels {
	for _, k := range available {
		if k.name == name {
			return k
		}
	}
	return available[len(available)-1]
}

// use makes k the implementation in use. It is not safe to call while
// kernels run.
func use(k kernels) {
	gemm, gemmTA, gemmTB = k.gemm, k.gemmTA, k.gemmTB
	sparseGemm, adam, axpy, dot, biasReLU = k.sparseGemm, k.adam, k.axpy, k.dot, k.biasReLU
	sparseGemmTA, reluBackward = k.sparseTA, k.reluBack
	gemmEpi, sparseGemmEpi = k.gemmEpi, k.sparseEpi
	impl = k.name
}

// Impl reports which implementation the kernels use: "generic", "avx2" or
// "avx512".
func Impl() string { return impl }
