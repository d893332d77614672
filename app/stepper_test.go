package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestStepperKeys walks the backprop stepper with the keyboard: → takes a
// traced step and then advances through the five phases, ← goes back, and
// → after the last phase takes the next step.
func TestStepperKeys(t *testing.T) {
	u := newTestUI(t)
	s := u.stepper
	u.tabs.SelectIndex(2)
	if !s.vis.shown() {
		t.Fatal("the stepper tab is not showing")
	}
	key := func(name fyne.KeyName) { pressKey(u, name, 0) }
	waitTrace := func(what string) {
		t.Helper()
		u.sess.bridge.Settle()
		if s.tr == nil || s.busy {
			t.Fatalf("no trace after %s: %q", what, s.info.Text)
		}
	}

	key(fyne.KeyRight)
	waitTrace("the first →")
	if s.tr.Step != 1 || s.phase != phaseForward {
		t.Fatalf("after →: update %d, phase %d; want 1, %d", s.tr.Step, s.phase, phaseForward)
	}
	// One source of truth for the count: the runner's snapshot, the
	// timeline's live label and the stepper agree after a one-sample step
	// (which makes no batch record), and "Stepped … update 1" says so too.
	u.sess.bridge.Settle()
	u.sess.bridge.tick(true) // the timeline bar shows the run
	if sn := u.sess.runner.Snapshot(); sn.Updates != s.tr.Step {
		t.Errorf("snapshot counts %d updates, the stepper %d", sn.Updates, s.tr.Step)
	}
	if l := u.timeline.label.Text; !strings.Contains(l, "update 1 ·") {
		t.Errorf("timeline label %q after the stepper's first update, want update 1", l)
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

// TestStepperDrawing steps the network on a digit drawn on the Draw tab with
// the label chosen there, and explains what to do when the pad is empty.
func TestStepperDrawing(t *testing.T) {
	u := newTestUI(t)
	s := u.stepper
	u.win.Resize(fyne.NewSize(1280, 800))

	test.Tap(s.stepDrawn)
	if !strings.Contains(s.info.Text, "Draw a digit") || s.tr != nil {
		t.Fatalf("with an empty pad: info %q, trace %v; want advice and no step", s.info.Text, s.tr != nil)
	}

	u.tabs.SelectIndex(3)
	drawOnPad(u.draw.pad, sevenStrokes, 1, 0, 0)
	u.draw.label.SetSelected("1")
	x, label, ok := u.draw.drawing()
	if !ok || label != 1 {
		t.Fatalf("drawing() = label %d, ok %v; want 1, true", label, ok)
	}
	u.tabs.SelectIndex(2)
	test.Tap(s.stepDrawn)
	u.sess.bridge.Settle()
	tr := s.tr
	if tr == nil {
		t.Fatalf("no trace of the drawing: %q", s.info.Text)
	}
	if !tr.Drawn || tr.Label != 1 || tr.Step != 1 {
		t.Fatalf("trace: drawn %v, label %d, update %d; want true, 1, 1", tr.Drawn, tr.Label, tr.Step)
	}
	for i, v := range x {
		if d := tr.Input[i] - v; d > 1.0/255 || d < -1.0/255 {
			t.Fatalf("pixel %d: the trace saw %v, the pad shows %v", i, tr.Input[i], v)
		}
	}
	if !strings.Contains(s.formula.Text, "your drawing (label 1)") {
		t.Errorf("formula %q does not name the drawing", s.formula.Text)
	}
}
