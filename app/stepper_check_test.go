package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestStepperCheck steps a mini-batch, reads the finite-difference check of
// the followed weight (sample and batch) and runs Check all, through the
// real widgets and the bridge.
func TestStepperCheck(t *testing.T) {
	u := newTestUI(t)
	s := u.stepper
	u.tabs.SelectIndex(2)
	s.kindSel.SetSelected(s.kindSel.Options[1]) // one mini-batch
	pressKey(u, fyne.KeyRight, 0)
	u.sess.bridge.Settle()
	if s.tr == nil || !s.check.content.Visible() {
		t.Fatalf("no trace or no check after a step: %q", s.info.Text)
	}
	errs := func(text, pattern string, want int) {
		t.Helper()
		m := regexp.MustCompile(pattern).FindAllStringSubmatch(text, -1)
		if len(m) != want {
			t.Fatalf("%d matches of %q in %q, want %d", len(m), pattern, text, want)
		}
		for _, g := range m {
			v, err := strconv.ParseFloat(g[1], 64)
			if err != nil || v > 1e-3 {
				t.Errorf("relative error %q in %q, want ≤ 1e-3", g[1], text)
			}
		}
	}
	errs(s.check.text.Text, `relative error ([0-9.e+-]+)`, 4) // the sample and the batch, of the weight and of its unit's bias
	if !regexp.MustCompile(`bias b1\[[0-9]+\]`).MatchString(s.check.text.Text) || !strings.Contains(s.check.text.Text, "vs δ_j =") {
		t.Errorf("no bias check in %q", s.check.text.Text)
	}
	test.Tap(s.check.all)
	u.sess.bridge.Settle()
	errs(s.check.allText.Text, `worst ([0-9.e+-]+) at`, 2) // two layers

	// Another weight is checked anew.
	before := s.check.text.Text
	s.pickWeight(s.weight)
	if s.check.text.Text != before {
		t.Error("the same weight was checked again")
	}
	w := s.weight
	w.J = (w.J + 1) % 128
	s.pickWeight(w)
	u.sess.bridge.Settle()
	if s.check.text.Text == before {
		t.Error("another weight kept the old check")
	}
}
