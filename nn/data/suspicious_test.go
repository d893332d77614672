package data

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"backproplab/nn"
)

// blobs returns n 28×28 images of three classes, each a bright square at
// the class's place, labelled by class.
func blobs(n int, seed uint64) *nn.Dataset {
	rng := rand.New(rand.NewPCG(seed, 9))
	img := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range n {
		l := rng.IntN(3)
		lab[i] = uint8(l)
		cx, cy := 6+l*8, 8+l*6
		for y := cy - 3; y <= cy+3; y++ {
			for x := cx - 3; x <= cx+3; x++ {
				img[i*784+y*28+x] = uint8(150 + rng.IntN(100))
			}
		}
	}
	return nn.NewDataset(img, lab, 784)
}

func TestSuspiciousFindsFlippedLabels(t *testing.T) {
	d := blobs(300, 1)
	flipped := []int{3, 17, 40, 77, 101, 150, 199, 230, 260, 299}
	for _, r := range flipped {
		d.Labels[r] = (d.Labels[r] + 1) % 3
	}
	s := nn.DefaultSettings()
	s.BatchSize, s.Epochs = 32, 5
	net := nn.NewNetwork(nn.Arch{Inputs: 784, Hidden: []int{16}, Outputs: 3, Activation: nn.ReLU}, 1)
	tr, err := nn.NewTrainer(net, d, s)
	if err != nil {
		t.Fatal(err)
	}
	for tr.Epoch() < 5 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Suspicious(context.Background(), net, d, len(flipped))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(flipped) {
		t.Fatalf("Suspicious returned %d rows, want %d", len(got), len(flipped))
	}
	found := 0
	for i, sp := range got {
		if slices.Contains(flipped, sp.Row) {
			found++
		}
		if i > 0 && sp.Loss > got[i-1].Loss {
			t.Errorf("suspect %d has loss %v after %v: not highest first", i, sp.Loss, got[i-1].Loss)
		}
		if want := -math.Log(float64(sp.PLab)); math.Abs(sp.Loss-want) > 1e-9 || sp.Label != int(d.Labels[sp.Row]) {
			t.Errorf("suspect %+v: loss should be −ln PLab = %v and label %d", sp, want, d.Labels[sp.Row])
		}
	}
	// All ten flipped rows contradict a clean pattern learned from 290
	// others; allow two to be learned (memorised) away.
	if found < len(flipped)-2 {
		t.Errorf("Suspicious found %d of the %d flipped labels: %+v", found, len(flipped), got)
	}
}

func TestSuspiciousBadInput(t *testing.T) {
	d := blobs(20, 2)
	net := nn.NewNetwork(nn.Arch{Inputs: 784, Hidden: []int{4}, Outputs: 3, Activation: nn.ReLU}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Suspicious(ctx, net, d, 5); err == nil {
		t.Error("Suspicious with a cancelled context: no error")
	}
	if got, err := Suspicious(context.Background(), net, d, 100); err != nil || len(got) != 20 {
		t.Errorf("Suspicious(k > N) = %d rows, %v; want all 20", len(got), err)
	}
	if got, _ := Suspicious(context.Background(), net, d, 0); len(got) != 0 {
		t.Errorf("Suspicious(k = 0) = %d rows", len(got))
	}
}

func TestWithoutAndRelabel(t *testing.T) {
	set := &Set{Info: nn.DataInfo{Name: "b", Classes: []string{"a", "b", "c"}}, Train: blobs(10, 3), Test: blobs(4, 4)}
	before := slices.Clone(set.Train.Labels)
	w := Without(set, []int{0, 5, 9})
	if w.Train.N != 7 || w.Test != set.Test || w.Train.Labels[0] != before[1] || w.Train.Labels[4] != before[6] {
		t.Errorf("Without: %d rows, labels %v from %v", w.Train.N, w.Train.Labels, before)
	}
	r := Relabel(set, 2, (int(before[2])+1)%3)
	if r.Train.Labels[2] == before[2] || !slices.Equal(set.Train.Labels, before) {
		t.Errorf("Relabel: new label %d (was %d); the old set changed: %v", r.Train.Labels[2], before[2], !slices.Equal(set.Train.Labels, before))
	}
	x, y := make([]float32, 784), make([]float32, 784)
	set.Train.Pixels(2, x)
	r.Train.Pixels(2, y)
	if !slices.Equal(x, y) {
		t.Error("Relabel changed the image")
	}
}
