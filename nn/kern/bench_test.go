package kern

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The network: 784 → 128 ReLU → 10, batch 128, 469 steps per epoch.
const (
	batchRows = 128
	hidden    = 128
	outputs   = 10
	steps     = 469
)

// reportFlops reports the rate of flops floating-point operations per op.
func reportFlops(b *testing.B, flops float64) {
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// reportEpoch reports the time per op multiplied by the steps of an epoch.
func reportEpoch(b *testing.B) {
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perOp*steps)/1e6, "ms/epoch")
}

// layer1 holds the operands of the first layer for one batch.
type layer1 struct {
	x                   batch
	rowPtr, rowIdx      []int32 // CSR of X: (128, 784)
	rowVal              []float32
	colPtr, colIdx      []int32 // CSC of X: Xᵀ as CSR, (784, 128)
	colVal              []float32
	w1, z1, delta1, gW1 []float32
}

func newLayer1(b testing.TB) *layer1 {
	rng := rand.New(rand.NewPCG(13, 14))
	l := &layer1{x: mnistBatch(b, batchRows)}
	l.rowPtr, l.rowIdx, l.rowVal = csr(l.x.x, batchRows, pixels)
	l.colPtr, l.colIdx, l.colVal = csc(l.x.x, batchRows, pixels)
	l.w1 = randMat(rng, pixels, hidden, hidden, 0)
	l.delta1 = randMat(rng, batchRows, hidden, hidden, 0.5)
	l.z1 = make([]float32, batchRows*hidden)
	l.gW1 = make([]float32, pixels*hidden)
	return l
}

func (l *layer1) nnz() int { return len(l.rowIdx) }

func BenchmarkSparseGemmLayer1(b *testing.B) {
	l := newLayer1(b)
	b.Logf("%d nonzeros per image", l.nnz()/batchRows)
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseGemm(batchRows, hidden, l.rowPtr, l.rowIdx, l.rowVal, l.w1, hidden, l.z1, hidden)
		}
		reportFlops(b, float64(2*l.nnz()*hidden))
		reportEpoch(b)
	})
}

func BenchmarkSparseGemmGradW1(b *testing.B) {
	l := newLayer1(b)
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseGemm(pixels, hidden, l.colPtr, l.colIdx, l.colVal, l.delta1, hidden, l.gW1, hidden)
		}
		reportFlops(b, float64(2*l.nnz()*hidden))
		reportEpoch(b)
	})
}

// layer2 holds the operands of the second layer for one batch.
type layer2 struct {
	h, w2, z2, delta2, gW2, dH []float32
}

func newLayer2() *layer2 {
	rng := rand.New(rand.NewPCG(15, 16))
	return &layer2{
		h:      randMat(rng, batchRows, hidden, hidden, 0.5), // ReLU output
		w2:     randMat(rng, hidden, outputs, outputs, 0),
		z2:     make([]float32, batchRows*outputs),
		delta2: randMat(rng, batchRows, outputs, outputs, 0),
		gW2:    make([]float32, hidden*outputs),
		dH:     make([]float32, batchRows*hidden),
	}
}

const layer2Flops = 2 * batchRows * hidden * outputs

func BenchmarkGemmLayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Gemm(batchRows, outputs, hidden, l.h, hidden, l.w2, outputs, l.z2, outputs)
		}
		reportFlops(b, layer2Flops)
		reportEpoch(b)
	})
}

func BenchmarkGemmTALayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			GemmTA(batchRows, outputs, hidden, l.h, hidden, l.delta2, outputs, l.gW2, outputs)
		}
		reportFlops(b, layer2Flops)
		reportEpoch(b)
	})
}

func BenchmarkGemmTBLayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			GemmTB(batchRows, outputs, hidden, l.delta2, outputs, l.w2, outputs, l.dH, hidden)
		}
		reportFlops(b, layer2Flops)
		reportEpoch(b)
	})
}

// adamState is Adam's state for the network's four parameter tensors.
type adamState struct {
	w, g, m, v [4][]float32
}

func newAdamState() *adamState {
	rng := rand.New(rand.NewPCG(17, 18))
	s := &adamState{}
	for i, n := range []int{pixels * hidden, hidden, hidden * outputs, outputs} {
		s.w[i], s.g[i] = randMat(rng, 1, n, n, 0), randMat(rng, 1, n, n, 0)
		s.m[i], s.v[i] = make([]float32, n), make([]float32, n)
	}
	return s
}

func (s *adamState) step() {
	for i := range s.w {
		Adam(s.w[i], s.g[i], s.m[i], s.v[i], 1e-3, 0.9, 0.999, 1e-7)
	}
}

func BenchmarkAdam101770(b *testing.B) {
	s := newAdamState()
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.step()
		}
		b.ReportMetric(float64(101770*b.N)/b.Elapsed().Seconds()/1e9, "Gparam/s")
		reportEpoch(b)
	})
}

// BenchmarkEpochKernels runs the kernels of one training step of the
// network (forward, backward, Adam), without the engine's element-wise
// passes; ms/epoch estimates their share of an epoch.
func BenchmarkEpochKernels(b *testing.B) {
	l1, l2, s := newLayer1(b), newLayer2(), newAdamState()
	benchEachImpl(b, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseGemm(batchRows, hidden, l1.rowPtr, l1.rowIdx, l1.rowVal, l1.w1, hidden, l1.z1, hidden)
			Gemm(batchRows, outputs, hidden, l2.h, hidden, l2.w2, outputs, l2.z2, outputs)
			GemmTA(batchRows, outputs, hidden, l2.h, hidden, l2.delta2, outputs, l2.gW2, outputs)
			GemmTB(batchRows, outputs, hidden, l2.delta2, outputs, l2.w2, outputs, l2.dH, hidden)
			SparseGemm(pixels, hidden, l1.colPtr, l1.colIdx, l1.colVal, l1.delta1, hidden, l1.gW1, hidden)
			s.step()
		}
		reportFlops(b, float64(4*l1.nnz()*hidden+3*layer2Flops))
		reportEpoch(b)
	})
}
