package proj

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"backproplab/nn"
	"backproplab/nn/mnist"
)

var benchSet struct {
	once        sync.Once
	train, test *nn.Dataset
}

// benchData returns MNIST's training and test sets, or skips the benchmark
// when they are not on this machine (`backproplab fetch`).
func benchData(b *testing.B) (train, test *nn.Dataset) {
	b.Helper()
	s := &benchSet
	s.once.Do(func() {
		dir, err := mnist.Locate("")
		if err != nil {
			return
		}
		tr, te, err := mnist.Load(dir)
		if err != nil {
			return
		}
		s.train = nn.NewDataset(tr.Images, tr.Labels, tr.Rows*tr.Cols)
		s.test = nn.NewDataset(te.Images, te.Labels, te.Rows*te.Cols)
	})
	if s.test == nil {
		b.Skip("MNIST not found (set BACKPROPLAB_DATA or run fetch)")
	}
	return s.train, s.test
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f b.N times and reports, besides the wall time, the CPU time
// per op: on a shared machine the wall time counts other processes' turns.
func loop(b *testing.B, f func()) {
	t0 := cpuTime()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-t0)/float64(n)/1e6, "cpu-ms/op")
}

// benchNets returns the tutorial network at its start and after 200
// batches of the tutorial settings.
func benchNets(b *testing.B) (start, end *nn.Network) {
	train, _ := benchData(b)
	net := nn.NewNetwork(nn.TutorialArch(), 1)
	start = net.Clone()
	tr, err := nn.NewTrainer(net, train, nn.DefaultSettings())
	if err != nil {
		b.Fatal(err)
	}
	for range 200 {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	return start, net.Clone()
}

// BenchmarkProject maps the hidden layer of 2,000 test images for one
// snapshot: forward pass, PCA, alignment to the previous map and the
// separation score (target ≤ 50 ms).
func BenchmarkProject(b *testing.B) {
	_, test := benchData(b)
	start, net := benchNets(b)
	d := test.Subset(Sample(test.N, 2000, 1))
	prev, err := Project(Activations(start, d, 1))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	loop(b, func() {
		p, err := Project(Activations(net, d, 1))
		if err != nil {
			b.Fatal(err)
		}
		Separation(Align(p, prev), d.Labels, 10)
	})
}

// BenchmarkLine evaluates 41 points of the line from the initial to the
// trained network on the 10,000 test images (target ≤ 2 s).
func BenchmarkLine(b *testing.B) {
	_, test := benchData(b)
	start, net := benchNets(b)
	loop(b, func() {
		if _, err := Line(context.Background(), start, net, test, Steps(0, 1, 41), nil); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSlice evaluates a 21×21 slice around the trained network on
// 2,000 test images (target ≤ 5 s).
func BenchmarkSlice(b *testing.B) {
	_, test := benchData(b)
	_, net := benchNets(b)
	d := test.Subset(Sample(test.N, 2000, 1))
	d1, d2 := Directions(net, 1)
	loop(b, func() {
		if _, err := Slice(context.Background(), net, d1, d2, d, Steps(-1, 1, 21), Steps(-1, 1, 21), nil); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkPathDirections takes the principal directions of a path of 16
// snapshots of the tutorial network (101,770 parameters), as the
// Landscape's path slice does after a 5-epoch run.
func BenchmarkPathDirections(b *testing.B) {
	net := nn.NewNetwork(nn.TutorialArch(), 1)
	path := make([][]float32, 16)
	for k := range path {
		p := nn.NewNetwork(nn.TutorialArch(), uint64(k+2))
		path[k] = p.Params
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := PathDirections(path, net.Params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTSNE lays out the hidden layer of 2,000 test images with
// t-SNE: a fresh layout (750 steps), and a layout continuing the previous
// snapshot's (250 steps), as the representation view does along the
// timeline.
func BenchmarkTSNE(b *testing.B) {
	_, test := benchData(b)
	start, net := benchNets(b)
	d := test.Subset(Sample(test.N, 2000, 1))
	prev, err := TSNE(context.Background(), Activations(start, d, 1), TSNEDefaults(), nil)
	if err != nil {
		b.Fatal(err)
	}
	x := Activations(net, d, 1)
	for _, bc := range []struct {
		name string
		opt  TSNEOptions
	}{{"fresh", TSNEDefaults()}, {"continue", TSNEContinue(prev.XY)}} {
		b.Run(bc.name, func(b *testing.B) {
			loop(b, func() {
				if _, err := TSNE(context.Background(), x, bc.opt, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkSeparationDefaultRun trains the default run (the tutorial
// network, default settings) for five epochs and reports the separation
// (nearest-class-mean accuracy on the map) of its hidden layer's map of
// 2,000 test images at epoch 0 and 5, with PCA and with t-SNE, and the
// test accuracy on the sample.
func BenchmarkSeparationDefaultRun(b *testing.B) {
	train, test := benchData(b)
	d := test.Subset(Sample(test.N, 2000, 1))
	s := nn.DefaultSettings()
	net := nn.NewNetwork(nn.TutorialArch(), s.Seed)
	tr, err := nn.NewTrainer(net, train, s)
	if err != nil {
		b.Fatal(err)
	}
	tr.SetThreads(nn.HeadlessThreads())
	snaps := []*nn.Network{net.Clone()}
	for tr.Epoch() < 5 {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	snaps = append(snaps, net.Clone())
	for b.Loop() {
		for k, sn := range snaps {
			x := Activations(sn, d, 1)
			p, err := Project(x)
			if err != nil {
				b.Fatal(err)
			}
			t, err := TSNE(context.Background(), x, TSNEDefaults(), nil)
			if err != nil {
				b.Fatal(err)
			}
			_, acc := nn.NewEvaluator(sn.Arch).Run(sn, d, nil, nil)
			e := []string{"e0", "e5"}[k]
			b.ReportMetric(100*Separation(p, d.Labels, 10), "pca-sep%-"+e)
			b.ReportMetric(100*Separation(t, d.Labels, 10), "tsne-sep%-"+e)
			b.ReportMetric(100*acc, "acc%-"+e)
		}
	}
}
