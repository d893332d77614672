package app

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
	"backproplab/nn/step"
)

// TestStepperTextNamesClasses traces a step of a three-class network and
// checks that the formula text names the classes and uses their number.
func TestStepperTextNamesClasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	img := make([]uint8, 12*784)
	for i := range img {
		if rng.IntN(5) == 0 {
			img[i] = uint8(rng.IntN(256))
		}
	}
	lab := make([]uint8, 12)
	for i := range lab {
		lab[i] = uint8(i % 3)
	}
	s := nn.DefaultSettings()
	s.BatchSize = 4
	tr, err := nn.NewTrainer(nn.NewNetwork(nn.Arch{Inputs: 784, Hidden: []int{8}, Outputs: 3, Activation: nn.ReLU}, 1), nn.NewDataset(img, lab, 784), s)
	if err != nil {
		t.Fatal(err)
	}
	trace, err := step.TraceSample(tr, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"circle", "square", "triangle"}
	fwd := phaseTextNamed(trace, phaseForward, names)
	label := names[trace.Label]
	if !strings.Contains(fwd, "(label "+label+")") || !strings.Contains(fwd, "the label is "+label+".") {
		t.Errorf("forward text does not name the label %s:\n%s", label, fwd)
	}
	loss := phaseTextNamed(trace, phaseLoss, names)
	if want := fmt.Sprintf("p ≈ 1/3: −ln(1/3) = ln 3 ≈ %.2f", math.Log(3)); !strings.Contains(loss, want) {
		t.Errorf("loss text lacks %q:\n%s", want, loss)
	}
	if plain := phaseText(trace, phaseForward); !strings.Contains(plain, "the label is "+string(rune('0'+trace.Label))+".") {
		t.Errorf("without names the label is not its index:\n%s", plain)
	}
}

// TestProbBarsFollowClasses checks that the Draw tab's bars follow the
// class count and names, and that a long top guess shrinks to fit.
func TestProbBarsFollowClasses(t *testing.T) {
	b := newProbBars()
	w := test.NewWindow(b)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(barsWidth+20, 600))
	r := test.WidgetRenderer(b).(*probBarsRenderer)
	if len(r.rows) != 10 || r.rows[7].digit.Text != "7" {
		t.Fatalf("default bars: %d rows", len(r.rows))
	}
	b.SetNames([]string{"T-shirt/top", "Trouser", "Ankle boot"})
	b.SetProbs([]float32{0.1, 0.2, 0.7})
	if len(r.rows) != 3 || r.rows[2].digit.Text != "Ankle boot" || r.top.Text != "Ankle boot" {
		t.Fatalf("named bars: %d rows, row 2 %q, top %q", len(r.rows), r.rows[2].digit.Text, r.top.Text)
	}
	if r.top.TextSize >= topGuessPt || r.top.MinSize().Width > b.Size().Width {
		t.Errorf("top guess %q at %v pt is %v wide in %v", r.top.Text, r.top.TextSize, r.top.MinSize().Width, b.Size().Width)
	}
	if got := b.MinSize().Height; got >= r.heading()+10*barRow {
		t.Errorf("three bars are as tall as ten: %v", got)
	}
	b.SetNames(nil)
	b.SetProbs(nil)
	if len(r.rows) != 10 || r.top.Text != "–" {
		t.Errorf("back to digits: %d rows, top %q", len(r.rows), r.top.Text)
	}
}
