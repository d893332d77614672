package app

import (
	"testing"

	"backproplab/nn/lab"
)

// TestEvalCaption checks that the Lessons table names what its figures are
// measured on: the test set for a comparison, the held-out folds for
// k-fold, with their size when known.
func TestEvalCaption(t *testing.T) {
	setLanguage("en")
	for _, c := range []struct {
		name    string
		runs    []lab.RunState
		kfold   bool
		heading string
		caption string
	}{
		{"comparison", []lab.RunState{{ValRows: 10000}, {ValRows: 10000}}, false,
			"Final test accuracy", "Final and best figures: on the 10000 test images, which no run trains on."},
		{"k-fold", []lab.RunState{{ValRows: 1200, HeldOut: true}}, true,
			"Final val. accuracy", "Validation: each fold's 1200 images, held out of its training."},
		{"k-fold from an old file", []lab.RunState{{}}, true,
			"Final val. accuracy", "Validation: each fold's images, held out of its training."},
		{"comparison from an old file", []lab.RunState{{}}, false,
			"Final test accuracy", "Final and best figures: on the test images, which no run trains on."},
	} {
		held, n := evalSet(&lab.Snapshot{Runs: c.runs}, c.kfold)
		if got := resultColumns(held)[2]; got != c.heading {
			t.Errorf("%s: heading %q, want %q", c.name, got, c.heading)
		}
		if got := evalCaption(held, n); got != c.caption {
			t.Errorf("%s: caption %q, want %q", c.name, got, c.caption)
		}
	}
}
