package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/probe"
)

// TestNudgeApply steps a mini-batch, opens the nudge panel on the followed
// weight, presses Apply and checks that the network in training changed by
// Δ in that weight alone, that the timeline shows the nudge, and that
// moving the timeline back one snapshot undoes it.
func TestNudgeApply(t *testing.T) {
	u := newTestUI(t)
	s := u.stepper
	u.tabs.SelectIndex(2)
	s.kindSel.SetSelected(s.kindSel.Options[1]) // one mini-batch
	test.Tap(s.stepBtn)
	u.sess.bridge.Settle()
	if s.tr == nil {
		t.Fatalf("no trace after a step: %q", s.info.Text)
	}
	n, err := newNudgePanel(u.deps, s.tr, s.weight)
	if err != nil {
		t.Fatal(err)
	}
	n.update()
	if !n.apply.Disabled() {
		t.Error("Apply is enabled at Δ = 0")
	}
	n.slider.SetValue(0.5)
	if n.apply.Disabled() {
		t.Fatalf("Apply is disabled at Δ = 0.5: %q", n.applied.Text)
	}
	r := runnerOf(u)
	before := r.Snapshot()
	idx, err := probe.Index(before.Config.Arch, n.weight)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(n.apply)
	u.sess.bridge.Settle()
	after := r.Snapshot()
	for i, v := range after.Net.Params {
		want := before.Net.Params[i]
		if i == idx {
			want += 0.5
		}
		if v != want {
			t.Fatalf("after Apply, parameter %d = %v, want %v (nudged %d)", i, v, want, idx)
		}
	}
	if !n.apply.Disabled() || !strings.Contains(n.applied.Text, "Applied: "+n.weight.String()) {
		t.Errorf("after Apply: enabled %v, text %q", !n.apply.Disabled(), n.applied.Text)
	}
	tl := r.Timeline()
	last := len(tl.Marks) - 1
	if last < 1 || tl.Marks[last].Nudge == nil {
		t.Fatalf("the timeline does not end with the nudge: %+v", tl.Marks)
	}
	u.sess.bridge.tick(true) // the timeline bar shows the marks
	if got := u.timeline.label.Text; !strings.Contains(got, "nudge: "+n.weight.String()+" +0.5") {
		t.Errorf("timeline label %q does not name the nudge", got)
	}
	u.timeline.seek(last - 1)
	u.sess.bridge.Settle()
	if got := r.Snapshot().Net.Params[idx]; got != before.Net.Params[idx] {
		t.Errorf("moving the timeline back one snapshot left the weight at %v, want %v", got, before.Net.Params[idx])
	}
}
