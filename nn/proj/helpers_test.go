package proj

import (
	"math/rand/v2"
	"testing"

	"backproplab/nn"
)

// blobs returns n images of dim pixels in classes classes: each class lights
// its own band of pixels, with seeded noise everywhere, so that a network
// learns it in a few steps.
func blobs(n, dim, classes int, seed uint64) *nn.Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	img := make([]uint8, n*dim)
	lab := make([]uint8, n)
	band := dim / classes
	for i := range n {
		c := i % classes
		lab[i] = uint8(c)
		for j := range dim {
			v := rng.IntN(80)
			if j/band == c {
				v += 120 + rng.IntN(50)
			}
			if rng.IntN(3) == 0 {
				v = 0 // sparse, as images are
			}
			img[i*dim+j] = uint8(v)
		}
	}
	return nn.NewDataset(img, lab, dim)
}

// trained returns a network of the given hidden widths trained for steps
// SGD steps on d, and the network it started from.
func trained(t testing.TB, d *nn.Dataset, classes int, hidden []int, steps int) (start, end *nn.Network) {
	t.Helper()
	a := nn.Arch{Inputs: d.Dim, Hidden: hidden, Outputs: classes, Activation: nn.ReLU, Loss: nn.CrossEntropy}
	net := nn.NewNetwork(a, 3)
	start = net.Clone()
	s := nn.DefaultSettings()
	s.BatchSize, s.TrainSize, s.Epochs = 32, d.N, 1<<20
	tr, err := nn.NewTrainer(net, d, s)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return start, net.Clone()
}
