package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
)

// TestControlsDropout checks the side panel's dropout rate: it applies to
// every hidden layer, asks for Reset, survives a change of the hidden
// layers, and Reset trains with it.
func TestControlsDropout(t *testing.T) {
	u := newTestUI(t)
	c := u.controls
	c.dropout.SetSelected("0.3")
	if got, want := u.sess.cfg.Arch.Dropout, []float64{0.3}; !slices.Equal(got, want) {
		t.Fatalf("dropout %v, want %v", got, want)
	}
	if !c.resetNote.Visible() {
		t.Error("a new dropout rate does not ask for Reset")
	}
	c.hidden.SetText("16,8")
	if got, want := u.sess.cfg.Arch.Dropout, []float64{0.3, 0.3}; !slices.Equal(got, want) {
		t.Fatalf("after two hidden layers: dropout %v, want %v", got, want)
	}
	test.Tap(c.reset)
	s := waitFor(t, u, "the reset network", func(s *live.Snapshot) bool {
		return slices.Equal(s.Config.Arch.Hidden, []int{16, 8})
	})
	if got := s.Config.Arch.Dropout; !slices.Equal(got, []float64{0.3, 0.3}) {
		t.Errorf("the run's dropout %v", got)
	}
	u.controls.refreshState(s)
	if c.resetNote.Visible() {
		t.Error("the reset note stays after Reset")
	}
	c.dropout.SetSelected("0")
	if u.sess.cfg.Arch.Dropout != nil {
		t.Errorf("dropout 0: rates %v, want none", u.sess.cfg.Arch.Dropout)
	}
	loaded := loadConfig(u.sess.prefs)
	if loaded.Arch.HasDropout() {
		t.Errorf("saved config still drops: %v", loaded.Arch.Dropout)
	}
}
