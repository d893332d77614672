package app

import (
	"slices"
	"strings"
	"testing"
)

// TestReprClickFollowsTestImage clicks a point of the representation map
// as the shell wires it: the stepper follows that test image through the
// five phases, and the network is not trained on it.
func TestReprClickFollowsTestImage(t *testing.T) {
	u := newTestUI(t)
	r := runnerOf(u)
	before := r.Snapshot()
	p := u.network.repr
	const row = 17
	p.shown.Store(&reprShown{test: u.sess.testDS, rows: []int{3, row}, frame: &reprFrame{pred: []uint8{0, 0}}})
	p.openPoint(1)
	if u.tabs.SelectedIndex() != 2 {
		t.Fatalf("tab %d after the click, want the stepper", u.tabs.SelectedIndex())
	}
	u.sess.bridge.Settle()
	s := u.stepper
	if s.tr == nil || !s.tr.Dry {
		t.Fatalf("no dry trace after the click: %q", s.info.Text)
	}
	x := make([]float32, u.sess.testDS.Dim)
	u.sess.testDS.Pixels(row, x)
	for i, v := range x {
		if d := s.tr.Input[i] - v; d > 1e-6 || d < -1e-6 {
			t.Fatalf("the trace's pixel %d is %v, test image %d's is %v", i, s.tr.Input[i], row, v)
		}
	}
	if s.tr.Label != int(u.sess.testDS.Labels[row]) || !strings.Contains(s.info.Text, "Nothing was trained") {
		t.Errorf("label %d, info %q", s.tr.Label, s.info.Text)
	}
	after := r.Snapshot()
	if after.Net == nil || !slices.Equal(after.Net.Params, before.Net.Params) || after.Batch != before.Batch {
		t.Error("following a test image changed the network")
	}
	if txt := phaseText(s.tr, phaseUpdate); !strings.Contains(txt, "Not applied") {
		t.Errorf("update phase text does not say the update is not applied:\n%s", txt)
	}
}
