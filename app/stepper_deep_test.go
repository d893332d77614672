package app

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/probe"
	"backproplab/nn/step"
)

// numbersAfter returns the numbers that follow label in text (the first
// occurrence of each match of label's pattern), as printed.
func numbersAfter(t *testing.T, text, pattern string) []float64 {
	t.Helper()
	var out []float64
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(text, -1) {
		for _, g := range m[1:] {
			v, err := strconv.ParseFloat(g, 64)
			if err != nil {
				t.Fatalf("%q in %q: %v", g, text, err)
			}
			out = append(out, v)
		}
	}
	return out
}

// num is a printed number's pattern (%g, %f or %e).
const num = `([-+]?[0-9.]+(?:e[-+][0-9]+)?)`

// near reports whether printed equals want to the printed precision (at
// least five significant digits).
func near(printed, want float64) bool {
	return math.Abs(printed-want) <= 5e-5*math.Abs(want)+1e-12
}

// TestStepperPicksDeepLayer picks weights in the third hidden layer of a
// 784 → 16 → 12 → 8 → 10 network through the real widgets (the layer
// chooser, a click on the matrix, a click on a layer's strip), on every
// hidden activation and both losses, and checks that the chain rule shows
// the engine's numbers, that δ_j is explained from the layer above, that
// the finite differences agree with the engine to 1e-3, and that Check
// all covers all four layers.
func TestStepperPicksDeepLayer(t *testing.T) {
	tests := []struct {
		act  nn.Activation
		loss nn.Loss
	}{
		{nn.ReLU, nn.CrossEntropy},
		{nn.Tanh, nn.MSE},
		{nn.Sigmoid, nn.CrossEntropy},
		{nn.Linear, nn.MSE},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v/%v", tc.act, tc.loss), func(t *testing.T) {
			u := newTestUI(t)
			s := u.stepper
			u.win.Resize(fyne.NewSize(1280, 800))
			u.tabs.SelectIndex(tabStepper)
			cfg := live.DefaultConfig()
			cfg.Arch.Hidden, cfg.Arch.Activation, cfg.Arch.Loss = []int{16, 12, 8}, tc.act, tc.loss
			cfg.Settings.BatchSize = 16
			runnerOf(u).Reset(cfg)
			s.kindSel.SetSelected(s.kindSel.Options[int(step.Batch)])
			test.Tap(s.stepBtn)
			u.sess.bridge.Settle()
			tr := s.tr
			if tr == nil || len(tr.Layers) != 4 {
				t.Fatalf("no trace of the deep network: %q", s.info.Text)
			}
			if len(s.strips) != 4 || len(s.layerSel.Options) != 3 {
				t.Fatalf("%d strips and %d chooser options, want 4 and 3", len(s.strips), len(s.layerSel.Options))
			}

			// The chooser follows layer 3's weight with the largest chain.
			s.layerSel.SetSelected(s.layerSel.Options[1])
			want, _ := tr.Informative(2)
			if s.weight != want {
				t.Fatalf("after choosing layer 3 the followed weight is %+v, want %+v", s.weight, want)
			}
			checkChain(t, s, tr)

			// A click on a cell of the matrix (now layer 3's: 8 rows by 12
			// columns) follows that weight.
			sz := s.matrix.Size()
			s.matrix.Tapped(&fyne.PointEvent{Position: fyne.NewPos(sz.Width*(5+0.5)/12, sz.Height*(3+0.5)/8)})
			if w := (step.WeightRef{Layer: 2, I: 5, J: 3}); s.weight != w {
				t.Fatalf("a click on row 3, column 5 of layer 3's matrix follows %+v, want %+v", s.weight, w)
			}
			checkChain(t, s, tr)

			// A click on unit 7 of the output layer's strip.
			sz = s.strips[3].Size()
			s.strips[3].Tapped(&fyne.PointEvent{Position: fyne.NewPos(sz.Width*(7+0.5)/10, sz.Height/2)})
			if s.weight.Layer != 3 || s.weight.J != 7 || s.matrixLayer(4) != 3 {
				t.Fatalf("a click on output 7's strip follows %+v (matrix of layer %d)", s.weight, s.matrixLayer(4)+1)
			}
			checkChain(t, s, tr)

			test.Tap(s.check.all)
			u.sess.bridge.Settle()
			worst := numbersAfter(t, s.check.allText.Text, `worst `+num+` at`)
			if len(worst) != 4 {
				t.Fatalf("Check all reports %d layers, want 4:\n%s", len(worst), s.check.allText.Text)
			}
			for l, e := range worst {
				if e > 1e-3 {
					t.Errorf("Check all: layer %d's worst relative error %g > 1e-3", l+1, e)
				}
			}
		})
	}
}

// checkChain checks the stepper's text for its followed weight against the
// engine: the chain rule's factors and product, δ_j's derivation, and the
// finite-difference check (after the bridge delivers it).
func checkChain(t *testing.T, s *stepper, tr *step.Trace) {
	t.Helper()
	s.deps.sess.bridge.Settle()
	r := s.weight
	c := tr.Weight(r)
	text := s.chain.Text
	if !strings.Contains(text, fmt.Sprintf("W%d[%d][%d]", r.Layer+1, r.I, r.J)) {
		t.Fatalf("the chain does not name W%d[%d][%d]:\n%s", r.Layer+1, r.I, r.J, text)
	}
	got := numbersAfter(t, text, `δ_j · a_i = \(`+num+`\) × \(`+num+`\) = `+num)
	if len(got) != 3 || !near(got[0], c.DeltaJ) || !near(got[1], c.AI) || !near(got[2], c.SampleGrad) {
		t.Errorf("%+v: chain rule shows %v, engine δ_j %g, a_i %g, product %g", r, got, c.DeltaJ, c.AI, c.SampleGrad)
	}
	d := tr.DeltaOf(r.Layer, r.J)
	if r.Layer < len(tr.Layers)-1 {
		if !strings.Contains(text, fmt.Sprintf("Σ_k W%d[%d][k]·δ_k", r.Layer+2, r.J)) {
			t.Errorf("%+v: δ_j is not derived from layer %d above:\n%s", r, r.Layer+2, text)
		}
		f := numbersAfter(t, text, `\n      = `+num+` × \(`+num+`\) = `+num)
		if len(f) != 3 || !near(f[0], d.FPrime) || !near(f[1], d.Back) || !near(f[2], c.DeltaJ) {
			t.Errorf("%+v: δ_j's factors shown %v, engine f′ %g, Σ %g, δ %g", r, f, d.FPrime, d.Back, c.DeltaJ)
		}
	} else if !strings.Contains(text, "output layer: from the loss") {
		t.Errorf("%+v: the output δ_j is not explained:\n%s", r, text)
	}

	check := s.check.text.Text
	sample := numbersAfter(t, check, `this sample: `+num+` vs δ_j·a_i = `+num)
	if len(sample) != 2 || !near(sample[1], c.SampleGrad) {
		t.Fatalf("%+v: check shows %v, engine's δ_j·a_i %g:\n%s", r, sample, c.SampleGrad, check)
	}
	kinks := strings.Count(check, "kink")
	errs := numbersAfter(t, check, `relative error `+num)
	if len(errs) != 4 {
		t.Fatalf("%+v: %d relative errors, want 4 (sample and batch, weight and bias):\n%s", r, len(errs), check)
	}
	bad := 0
	for _, e := range errs {
		if e > 1e-3 {
			bad++
		}
	}
	if bad > kinks {
		t.Errorf("%+v: %d relative errors above 1e-3 and %d kinks:\n%s", r, bad, kinks, check)
	}
	if kinks == 0 && probe.RelErr(sample[0], sample[1]) > 1e-3 {
		t.Errorf("%+v: differences %g, chain rule %g", r, sample[0], sample[1])
	}
}
