package nn

import (
	"context"
	"slices"
	"testing"
)

func TestAugmentGather(t *testing.T) {
	data := synthDataset(200, 7)
	s := testSettings(Adam, 1e-3, 64, 200)
	s.Augment = true
	tr := newTestTrainer(t, data, s)
	rows := seq(0, 64)
	var plain Input
	wantY := make([]uint8, 64)
	data.Gather(rows, &plain, wantY)

	tr.gather(rows)
	first := tr.in
	first.Ptr, first.Idx, first.Val = slices.Clone(first.Ptr), slices.Clone(first.Idx), slices.Clone(first.Val)
	if !slices.Equal(tr.y[:64], wantY) {
		t.Fatalf("augmented labels %v, want %v", tr.y[:64], wantY)
	}
	if first.Rows != 64 || first.Cols != 784 {
		t.Fatalf("augmented batch is (%d, %d), want (64, 784)", first.Rows, first.Cols)
	}
	got, want := make([]float32, 784), make([]float32, 784)
	differ := 0
	for i := range 64 {
		first.Dense(i, got)
		plain.Dense(i, want)
		if !slices.Equal(got, want) {
			differ++
		}
		var ink, wantInk float64
		for j, v := range got {
			if v < 0 || v > 1 {
				t.Fatalf("row %d pixel %d = %g, outside [0, 1]", i, j, v)
			}
			ink += float64(v)
			wantInk += float64(want[j])
		}
		// A distorted digit keeps roughly its ink: scaling is 0.8–1.15
		// (area 0.64–1.32) and stroke changes are moderate.
		if ink < 0.4*wantInk || ink > 2*wantInk {
			t.Errorf("row %d: ink %.1f after augmentation, %.1f before", i, ink, wantInk)
		}
	}
	if differ < 60 {
		t.Errorf("only %d of 64 augmented images differ from the originals", differ)
	}
	// Each pass draws new distortions.
	tr.gather(rows)
	if slices.Equal(first.Val, tr.in.Val) {
		t.Errorf("two augmented passes over the same rows gave the same images")
	}
}

// TestAugmentTrains checks that a network trained on augmented images still
// learns the (unaugmented) synthetic digits.
func TestAugmentTrains(t *testing.T) {
	data := synthDataset(600, 8)
	s := testSettings(Adam, 3e-3, 32, 600)
	s.Epochs, s.Augment = 3, true
	tr := newTestTrainer(t, data, s)
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	e := tr.History.Epochs
	_, acc := tr.Evaluate(tr.Train)
	t.Logf("train loss by epoch %.3f %.3f %.3f, accuracy on the plain images %.3f", e[0].TrainLoss, e[1].TrainLoss, e[2].TrainLoss, acc)
	if !(e[2].TrainLoss < e[0].TrainLoss) || acc < 0.6 {
		t.Errorf("augmented training: loss %g → %g, accuracy %g; want a falling loss and accuracy ≥ 0.6", e[0].TrainLoss, e[2].TrainLoss, acc)
	}
}
