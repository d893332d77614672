package app

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/step"
)

// TestStepperTextFollowsActivation traces one step of a network with each
// hidden activation and checks that the backward phase explains that
// activation's f′, and that the Adam lines show nn's constants.
func TestStepperTextFollowsActivation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]uint8, 20*784)
	for i := range img {
		if rng.IntN(5) == 0 {
			img[i] = uint8(rng.IntN(256))
		}
	}
	lab := make([]uint8, 20)
	for i := range lab {
		lab[i] = uint8(i % 10)
	}
	d := nn.NewDataset(img, lab, 784)
	for _, tc := range []struct {
		act       nn.Activation
		want, not string
	}{
		{nn.ReLU, "ReLU mask", "sigmoid"},
		{nn.Sigmoid, "sigmoid f′(z) = a·(1 − a)", "ReLU"},
		{nn.Tanh, "tanh f′(z) = 1 − a²", "ReLU"},
	} {
		t.Run(tc.act.String(), func(t *testing.T) {
			s := nn.DefaultSettings()
			s.BatchSize = 4
			tr, err := nn.NewTrainer(nn.NewNetwork(nn.Arch{Inputs: 784, Hidden: []int{8}, Outputs: 10, Activation: tc.act}, 1), d, s)
			if err != nil {
				t.Fatal(err)
			}
			trace, err := step.TraceSample(tr, 0)
			if err != nil {
				t.Fatal(err)
			}
			back := phaseText(trace, phaseBackward)
			if !strings.Contains(back, tc.want) || strings.Contains(back, tc.not) {
				t.Errorf("backward phase of a %v network:\n%s\nwant %q and no %q", tc.act, back, tc.want, tc.not)
			}
			if trace.Method != nn.Adam {
				t.Fatalf("method %v, want Adam (the default)", trace.Method)
			}
			update := phaseText(trace, phaseUpdate)
			if want := fmt.Sprintf("β1 = %g, β2 = %g, ε = %g", nn.AdamBeta1, nn.AdamBeta2, nn.AdamEpsilon); !strings.Contains(update, want) {
				t.Errorf("update phase:\n%s\nwant %q", update, want)
			}
		})
	}
}
