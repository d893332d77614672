package nn

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"backproplab/nn/mnist"
)

var benchSets struct {
	once        sync.Once
	train, test *Dataset
	real        bool
}

// benchData returns full MNIST when mnist.Locate finds it (BACKPROPLAB_DATA
// or the user cache), else synthetic sets of the same shape: 60,000 and
// 10,000 images with about 19 % non-zero pixels in a central blob.
func benchData(b *testing.B) (train, test *Dataset) {
	b.Helper()
	d := &benchSets
	d.once.Do(func() {
		if dir, err := mnist.Locate(""); err == nil {
			if tr, te, err := mnist.Load(dir); err == nil {
				d.train = NewDataset(tr.Images, tr.Labels, tr.Rows*tr.Cols)
				d.test = NewDataset(te.Images, te.Labels, te.Rows*te.Cols)
				d.real = true
				return
			}
		}
		d.train, d.test = synthDataset(60000, 1), synthDataset(10000, 2)
	})
	if !d.real {
		b.Log("MNIST not found (set BACKPROPLAB_DATA): synthetic data")
	}
	return d.train, d.test
}

// benchTrainer returns a trainer of the tutorial model on the whole
// training set, with the tutorial settings.
func benchTrainer(b *testing.B) *Trainer {
	train, _ := benchData(b)
	s := DefaultSettings()
	s.Epochs = 1 << 30
	tr, err := NewTrainer(NewNetwork(TutorialArch(), 1), train, s)
	if err != nil {
		b.Fatal(err)
	}
	return tr
}

// BenchmarkTrainEpoch trains the tutorial model for one full epoch (60,000
// images, batch 128, Adam) per iteration.
func BenchmarkTrainEpoch(b *testing.B) {
	tr := benchTrainer(b)
	for range 3 { // warm-up: buffers reach their size
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for range tr.BatchesPerEpoch() {
			if _, err := tr.Step(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)*float64(tr.Train.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkTrainStep trains the tutorial model on one batch of 128 per
// iteration: forward, backward and the Adam update.
func BenchmarkTrainStep(b *testing.B) {
	tr := benchTrainer(b)
	for range 3 { // warm-up: buffers reach their size
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*128/b.Elapsed().Seconds(), "samples/s")
}

// benchBatch returns the tutorial network and the first 128 training images.
func benchBatch(b *testing.B) (*Network, *Input, []uint8) {
	train, _ := benchData(b)
	var in Input
	y := make([]uint8, 128)
	train.Gather(seq(0, 128), &in, y)
	return NewNetwork(TutorialArch(), 1), &in, y
}

// BenchmarkForwardBatch runs a batch of 128 images forward.
func BenchmarkForwardBatch(b *testing.B) {
	net, in, _ := benchBatch(b)
	ws := NewWorkspace(net.Arch, 128)
	net.Forward(ws, in)
	b.ReportAllocs()
	for b.Loop() {
		net.Forward(ws, in)
	}
	b.ReportMetric(float64(b.N)*128/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkForwardBackwardBatch runs a batch of 128 images forward with the
// loss, then backward.
func BenchmarkForwardBackwardBatch(b *testing.B) {
	net, in, y := benchBatch(b)
	ws := NewWorkspace(net.Arch, 128)
	net.ForwardLoss(ws, in, y, true)
	net.Backward(ws, in) // warm-up: the sparse column buffers reach their size
	b.ReportAllocs()
	for b.Loop() {
		net.ForwardLoss(ws, in, y, true)
		net.Backward(ws, in)
	}
	b.ReportMetric(float64(b.N)*128/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkPredictOne classifies one image, as the drawing pad does.
func BenchmarkPredictOne(b *testing.B) {
	train, _ := benchData(b)
	net := NewNetwork(TutorialArch(), 1)
	p := NewPredictor(net.Arch)
	x := make([]float32, 784)
	train.Pixels(0, x)
	p.Predict(net, x)
	b.ReportAllocs()
	for b.Loop() {
		p.Predict(net, x)
	}
}

// BenchmarkEvaluateTest10k computes loss and accuracy on the 10,000 test images.
func BenchmarkEvaluateTest10k(b *testing.B) {
	_, test := benchData(b)
	net := NewNetwork(TutorialArch(), 1)
	e := NewEvaluator(net.Arch)
	pred := make([]uint8, test.N)
	e.Run(net, test, pred, nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(net, test, pred, nil)
	}
	b.ReportMetric(float64(b.N)*float64(test.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkGather gathers a batch of 128 random training images into a
// sparse batch, as each training step does.
func BenchmarkGather(b *testing.B) {
	train, _ := benchData(b)
	perm := rand.New(rand.NewPCG(1, 2)).Perm(train.N)
	var in Input
	y := make([]uint8, 128)
	train.Gather(perm[:128], &in, y)
	b.ReportAllocs()
	pos := 0
	for b.Loop() {
		if pos+128 > len(perm) {
			pos = 0
		}
		train.Gather(perm[pos:pos+128], &in, y)
		pos += 128
	}
}

// BenchmarkTrainStepThreads trains wider models one batch of 128 per
// iteration with 1 and 2 threads, reporting the batch's CPU time as well as
// its wall time: on a shared machine their ratio shows how much of the
// second core the split uses.
func BenchmarkTrainStepThreads(b *testing.B) {
	train, _ := benchData(b)
	for _, hidden := range [][]int{{128}, {1024}, {512, 512}} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("hidden=%v/threads=%d", hidden, threads), func(b *testing.B) {
				a := TutorialArch()
				a.Hidden = hidden
				s := DefaultSettings()
				s.Epochs = 1 << 30
				tr, err := NewTrainer(NewNetwork(a, 1), train, s)
				if err != nil {
					b.Fatal(err)
				}
				tr.SetThreads(threads)
				for range 3 {
					if _, err := tr.Step(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				cpu0 := ProcessCPU()
				for b.Loop() {
					if _, err := tr.Step(); err != nil {
						b.Fatal(err)
					}
				}
				n := float64(b.N)
				b.ReportMetric(b.Elapsed().Seconds()*float64(tr.BatchesPerEpoch())/n, "s/epoch")
				if cpu := ProcessCPU() - cpu0; cpu > 0 {
					b.ReportMetric(cpu.Seconds()*float64(tr.BatchesPerEpoch())/n, "cpu-s/epoch")
				}
			})
		}
	}
}
