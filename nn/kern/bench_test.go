package kern

import (
	"math/rand/v2"
	"testing"
)

// The network: 784 → 128 ReLU → 10, batch 128, 469 steps per epoch.
const (
	batchRows = 128
	hidden    = 128
	outputs   = 10
	steps     = 469
)

// loop runs f under b.Loop and reports its speed: flops floating-point
// operations per call (if flops > 0) as GFLOP/s, and the time of the 469
// calls of an epoch, by the clock as ms/epoch and by the CPU time the
// process used as cpu-ms/epoch, which other processes on a busy machine
// disturb less.
func loop(b *testing.B, flops float64, f func()) {
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		f()
	}
	cpu := cpuTime() - cpu0
	n := float64(b.N)
	if flops > 0 {
		b.ReportMetric(flops*n/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e3/n*steps, "ms/epoch")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1e3/n*steps, "cpu-ms/epoch")
	}
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

func newLayer1(tb testing.TB) *layer1 {
	rng := rand.New(rand.NewPCG(13, 14))
	l := &layer1{x: mnistBatch(tb, batchRows)}
	l.rowPtr, l.rowIdx, l.rowVal = csr(l.x.x, batchRows, pixels)
	l.colPtr, l.colIdx, l.colVal = csc(l.x.x, batchRows, pixels)
	l.w1 = randMat(rng, pixels, hidden, hidden, 0)
	l.delta1 = randMat(rng, batchRows, hidden, hidden, 0.5)
	l.z1 = make([]float32, batchRows*hidden)
	l.gW1 = make([]float32, pixels*hidden)
	return l
}

// flops returns the floating-point operations of S·B for B with n columns.
func (l *layer1) flops(n int) float64 { return float64(2 * len(l.rowIdx) * n) }

// forward computes the first layer's pre-activations X·W1, (128, 128).
func (l *layer1) forward() {
	SparseGemm(batchRows, hidden, l.rowPtr, l.rowIdx, l.rowVal, l.w1, hidden, l.z1, hidden)
}

// gradient computes the first layer's weight gradient Xᵀ·δ1, (784, 128).
func (l *layer1) gradient() {
	SparseGemm(pixels, hidden, l.colPtr, l.colIdx, l.colVal, l.delta1, hidden, l.gW1, hidden)
}

func BenchmarkSparseGemmLayer1(b *testing.B) {
	l := newLayer1(b)
	b.Logf("%d nonzeros per image", len(l.rowIdx)/batchRows)
	benchEachImpl(b, func(b *testing.B) { loop(b, l.flops(hidden), l.forward) })
}

func BenchmarkSparseGemmGradW1(b *testing.B) {
	l := newLayer1(b)
	benchEachImpl(b, func(b *testing.B) { loop(b, l.flops(hidden), l.gradient) })
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

// forward computes the logits H·W2, (128, 10).
func (l *layer2) forward() {
	Gemm(batchRows, outputs, hidden, l.h, hidden, l.w2, outputs, l.z2, outputs)
}

// gradient computes the weight gradient Hᵀ·δ2, (128, 10).
func (l *layer2) gradient() {
	GemmTA(batchRows, outputs, hidden, l.h, hidden, l.delta2, outputs, l.gW2, outputs)
}

// backward computes δ2·W2ᵀ, (128, 128).
func (l *layer2) backward() {
	GemmTB(batchRows, outputs, hidden, l.delta2, outputs, l.w2, outputs, l.dH, hidden)
}

func BenchmarkGemmLayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) { loop(b, layer2Flops, l.forward) })
}

func BenchmarkGemmTALayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) { loop(b, layer2Flops, l.gradient) })
}

func BenchmarkGemmTBLayer2(b *testing.B) {
	l := newLayer2()
	benchEachImpl(b, func(b *testing.B) { loop(b, layer2Flops, l.backward) })
}

// adamState is Adam's state for the network's four parameter tensors,
// 101,770 parameters.
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
	benchEachImpl(b, func(b *testing.B) { loop(b, 0, s.step) })
}

// BenchmarkEpochKernels runs the kernels of one training step of the
// network (forward, backward, Adam), without the engine's element-wise
// passes; ms/epoch estimates their share of an epoch.
func BenchmarkEpochKernels(b *testing.B) {
	l1, l2, s := newLayer1(b), newLayer2(), newAdamState()
	benchEachImpl(b, func(b *testing.B) {
		loop(b, 2*l1.flops(hidden)+3*layer2Flops, func() {
			l1.forward()
			l2.forward()
			l2.gradient()
			l2.backward()
			l1.gradient()
			s.step()
		})
	})
}
