package app

import (
	"slices"
	"strings"
	"testing"

	"backproplab/viz"
)

// TestAblationPanel switches two units off by tapping their tiles, checks
// the measurement and that the network in training is unchanged, and
// switches them back on.
func TestAblationPanel(t *testing.T) {
	u, n, s := newTestNetwork(t)
	p := n.ablate
	n.tabs.SelectIndex(netTabAblate)
	n.render(s, true)()
	side, units := int(p.side.Load()), int(p.units.Load())
	if side != 28 || units != 128 {
		t.Fatalf("tile side %d, units %d; want 28, 128", side, units)
	}
	before := slices.Clone(s.Net.Params)
	cols, _ := viz.GridShape(units)
	for _, unit := range []int{17, 3} {
		p.tap((unit%cols)*(side+1)+5, (unit/cols)*(side+1)+5)
	}
	u.sess.bridge.Settle() // the measurement runs off the UI goroutine
	if got := *p.silent.Load(); !slices.Equal(got, []int{3, 17}) {
		t.Fatalf("silenced %v, want [3 17]", got)
	}
	if !strings.Contains(p.status.Text, "3, 17") || !strings.Contains(p.result.Text, "Test accuracy") || p.restore.Disabled() {
		t.Errorf("status %q, result %q, restore enabled %v", p.status.Text, p.result.Text, !p.restore.Disabled())
	}
	if !slices.Equal(before, runnerOf(u).Snapshot().Net.Params) || !slices.Equal(before, s.Net.Params) {
		t.Error("switching units off changed the network in training")
	}
	// The crossed-out tiles are dimmed.
	n.render(s, true)()
	p.tap((3%cols)*(side+1)+5, (3/cols)*(side+1)+5)
	u.sess.bridge.Settle()
	if got := *p.silent.Load(); !slices.Equal(got, []int{17}) {
		t.Errorf("tapping unit 3 again left %v, want [17]", got)
	}
	p.restore.OnTapped()
	if len(*p.silent.Load()) != 0 || p.result.Text != "" || !p.restore.Disabled() {
		t.Errorf("after restore: silenced %v, result %q", *p.silent.Load(), p.result.Text)
	}
}
