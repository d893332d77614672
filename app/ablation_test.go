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

// TestUnitCurvePanel runs the "how many units" curve of class 7 through
// the panel and checks it against the engine's ablation of the same units,
// then switches those units off from the panel.
func TestUnitCurvePanel(t *testing.T) {
	u, n, s := newTestNetwork(t)
	p := n.ablate
	n.tabs.SelectIndex(netTabAblate)
	n.render(s, true)()
	c := p.curve
	if c.class.SelectedIndex() != 7 || len(p.layerSel.Options) != 1 {
		t.Fatalf("class %d, layers %v", c.class.SelectedIndex(), p.layerSel.Options)
	}
	c.run.OnTapped()
	if !c.run.Disabled() || c.cancel.Disabled() {
		t.Error("while running, the button is not disabled or Cancel is")
	}
	u.sess.bridge.Settle()
	cv := c.result.Load()
	if cv == nil {
		t.Fatalf("no curve; text %q", c.text.Text)
	}
	if cv.Class != 7 || len(cv.ClassAcc) != 129 || !strings.Contains(c.text.Text, "Class “7”") {
		t.Errorf("curve of class %d with %d points, text %q", cv.Class, len(cv.ClassAcc), c.text.Text)
	}
	if c.run.Disabled() || !c.cancel.Disabled() {
		t.Error("after the run, the button is disabled or Cancel is not")
	}
	if img := c.render(true, *n.theme.Load()); img == nil {
		t.Error("the curve was not drawn")
	}
	if k := cv.Needed(curveHalf); k > 0 {
		if c.apply.Hidden {
			t.Fatal("the switch-off button is hidden")
		}
		c.apply.OnTapped()
		u.sess.bridge.Settle()
		got := *p.silent.Load()
		if len(got) != k {
			t.Fatalf("switched off %v, want the %d most important", got, k)
		}
		if !strings.Contains(p.result.Text, "Test accuracy") {
			t.Errorf("result %q", p.result.Text)
		}
	}
	// Cancel while running leaves no result change and re-enables the button.
	c.run.OnTapped()
	c.cancel.OnTapped()
	u.sess.bridge.Settle()
	if c.run.Disabled() || c.text.Text != "Cancelled." {
		t.Errorf("after Cancel: button disabled %v, text %q", c.run.Disabled(), c.text.Text)
	}
}
