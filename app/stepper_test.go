package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// TestStepperKeys walks the backprop stepper with the keyboard: → takes a
// traced step and then advances through the five phases, ← goes back, and
// → after the last phase takes the next step.
func TestStepperKeys(t *testing.T) {
	u := newTestUI(t)
	s := u.stepper
	u.tabs.SelectIndex(2)
	if !u.showing(s.content) {
		t.Fatal("the stepper tab is not showing")
	}
	key := func(name fyne.KeyName) { u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name}) }
	waitTrace := func(what string) {
		t.Helper()
		select {
		case <-s.traced:
		case <-time.After(20 * time.Second):
			t.Fatalf("no trace after %s", what)
		}
	}

	key(fyne.KeyRight)
	waitTrace("the first →")
	if s.tr.Step != 1 || s.phase != phaseForward {
		t.Fatalf("after →: update %d, phase %d; want 1, %d", s.tr.Step, s.phase, phaseForward)
	}
	for p := phaseForward + 1; p < phaseCount; p++ {
		key(fyne.KeyRight)
		if s.phase != p {
			t.Fatalf("→ went to phase %d, want %d", s.phase, p)
		}
	}
	key(fyne.KeyLeft)
	if s.phase != phaseCount-2 {
		t.Errorf("← went to phase %d, want %d", s.phase, phaseCount-2)
	}
	key(fyne.KeyRight)
	key(fyne.KeyRight) // past the last phase: the next step
	waitTrace("→ after the last phase")
	if s.tr.Step != 2 || s.phase != phaseForward {
		t.Errorf("after → on the last phase: update %d, phase %d; want 2, %d", s.tr.Step, s.phase, phaseForward)
	}
}
