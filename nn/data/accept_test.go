package data

import (
	"fmt"
	"testing"

	"backproplab/nn"
)

// raceEnabled is set under the race detector, where the acceptance runs
// take minutes instead of seconds.
var raceEnabled bool

// train2D trains a network on the 2D dataset spec with the recipe
// (batch 10, Adam 0.03) and returns the final test accuracy and loss.
func train2D(t *testing.T, s Spec, hidden []int, act nn.Activation, epochs int) (acc, loss float64, tr *nn.Trainer) {
	t.Helper()
	set, err := New2D(s)
	if err != nil {
		t.Fatal(err)
	}
	a := nn.Arch{Inputs: set.Inputs(), Hidden: hidden, Outputs: set.Outputs(), Activation: act, Loss: set.Loss()}
	st := nn.DefaultSettings()
	st.Optimizer, st.LearningRate, st.BatchSize, st.Epochs, st.Seed = nn.Adam, 0.03, 10, epochs, s.Seed
	tr, err = nn.NewTrainer(nn.NewNetwork(a, s.Seed), set.Train, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	loss, acc = tr.Evaluate(set.Test)
	return acc, loss, tr
}

// TestAcceptance2D checks the figures: seeds 1–3, 1,000 points,
// 10 % noise, half of them for training, batch 10, Adam 0.03. The seeds
// are the issue's, not chosen.
func TestAcceptance2D(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("trains 12 small networks (about 20 s)")
	}
	feats := func(s string) []Feature {
		fs, err := ParseFeatures(s)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	tests := []struct {
		name    string
		kind    string
		classes int
		feats   string
		hidden  []int
		epochs  int
		atLeast bool // the mean must be at least bound, else at most
		bound   float64
	}{
		{"xor hidden 4", XOR, 2, "x1,x2", []int{4}, 200, true, 0.93},
		{"xor no hidden layer", XOR, 2, "x1,x2", []int{}, 200, false, 0.70},
		{"spiral 8,8", Spiral, 2, "x1,x2,sinx1,sinx2", []int{8, 8}, 500, true, 0.95},
		{"spiral-k 3 classes 8,8,8", SpiralK, 3, "x1,x2,sinx1,sinx2", []int{8, 8, 8}, 500, true, 0.80},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sum float64
			accs := ""
			for seed := uint64(1); seed <= 3; seed++ {
				s := Spec{Kind: tc.kind, Classes: tc.classes, Points: 1000, Noise: 0.1, TrainRatio: 0.5, Seed: seed, Features: feats(tc.feats)}
				acc, _, _ := train2D(t, s, tc.hidden, nn.Tanh, tc.epochs)
				sum += acc
				accs += fmt.Sprintf(" %.3f", acc)
			}
			mean := sum / 3
			t.Logf("test accuracy, seeds 1–3:%s, mean %.3f", accs, mean)
			if tc.atLeast && mean < tc.bound || !tc.atLeast && mean > tc.bound {
				t.Errorf("mean test accuracy %.3f, want %s %.2f", mean, map[bool]string{true: "≥", false: "≤"}[tc.atLeast], tc.bound)
			}
		})
	}
}
