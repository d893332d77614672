package app

import "testing"

// TestValidationSplitChoices picks each validation split as a user does:
// "none" is a split of 0 (no claim of a validation that does not happen),
// the others say how much is held out, and a saved split shows again.
func TestValidationSplitChoices(t *testing.T) {
	u := newTestUI(t)
	c := u.controls
	want := []struct {
		name  string
		split float64
	}{{"none", 0}, {"10 % held out", 0.1}, {"20 % held out", 0.2}, {"30 % held out", 0.3}}
	if len(c.valSplit.Options) != len(want) {
		t.Fatalf("options %q", c.valSplit.Options)
	}
	for i, w := range want {
		if c.valSplit.Options[i] != w.name {
			t.Errorf("option %d is %q, want %q", i, c.valSplit.Options[i], w.name)
		}
		c.valSplit.SetSelected(w.name)
		if got := u.sess.cfg.Settings.ValSplit; got != w.split {
			t.Errorf("%q sets the split to %v, want %v", w.name, got, w.split)
		}
	}
	cfg := u.sess.cfg
	cfg.Settings.ValSplit = 0.2
	c.show(cfg)
	if c.valSplit.Selected != "20 % held out" {
		t.Errorf("a split of 0.2 shows as %q", c.valSplit.Selected)
	}
}
