package data

import (
	"testing"
)

func TestPresets(t *testing.T) {
	s, err := New2D(Spec{Kind: SpiralK, Classes: 3, Points: 400, Noise: 0.1, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()})
	if err != nil {
		t.Fatal(err)
	}
	noisy, err := WithLabelNoise(s, 0.25, 2)
	if err != nil {
		t.Fatal(err)
	}
	flipped := 0
	for i, l := range noisy.Train.Labels {
		if l >= 3 {
			t.Fatalf("label %d out of range", l)
		}
		if l != s.Train.Labels[i] {
			flipped++
		}
	}
	if flipped != 50 || noisy.Test != s.Test || noisy.Train.N != s.Train.N {
		t.Errorf("%d of %d labels flipped, want 50; test shared %v", flipped, s.Train.N, noisy.Test == s.Test)
	}
	count := func(d []uint8, c uint8) (n int) {
		for _, l := range d {
			if l == c {
				n++
			}
		}
		return n
	}
	few, err := WithImbalance(s, 1, 0.1, 2)
	if err != nil {
		t.Fatal(err)
	}
	before, after := count(s.Train.Labels, 1), count(few.Train.Labels, 1)
	if want := int(float64(before)*0.1 + 0.5); after != want || few.Train.N != s.Train.N-before+after || count(few.Train.Labels, 0) != count(s.Train.Labels, 0) {
		t.Errorf("class 1: %d → %d images (want %d); %d → %d in all", before, after, want, s.Train.N, few.Train.N)
	}
	for _, bad := range []func() error{
		func() error { _, err := WithLabelNoise(s, 1, 1); return err },
		func() error { _, err := WithLabelNoise(s, -0.1, 1); return err },
		func() error { _, err := WithImbalance(s, 3, 0.5, 1); return err },
		func() error { _, err := WithImbalance(s, 0, 0, 1); return err },
	} {
		if bad() == nil {
			t.Error("bad preset: no error")
		}
	}
}
