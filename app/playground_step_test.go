package app

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"backproplab/nn/probe"
)

// shownNumber parses a label the diagram shows ("0.0123", "δ=-0.5",
// "+1.2e-05"), reporting whether it is visible and a number.
func shownNumber(g *tagText) (float64, bool) {
	if !g.t.Visible() || g.t.Text == "" {
		return 0, false
	}
	s := g.t.Text
	if i := strings.Index(s, "="); i >= 0 {
		s = s[i+1:]
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// hoverNumber hovers edge e and parses the number after key in the text
// shown, reporting whether there is one.
func hoverNumber(p *playground, e diagramEdge, key string) (float64, bool) {
	p.hover(nil, &e)
	s := p.info.Text
	i := strings.Index(s, key)
	if i < 0 {
		return 0, false
	}
	s = s[i+len(key):]
	if j := strings.IndexAny(s, ",; "); j >= 0 {
		s = s[:j]
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// close3 reports whether shown, printed with 3 significant digits, is want.
func close3(shown, want float64) bool {
	return math.Abs(shown-want) <= 5e-3*math.Abs(want)+1e-9
}

// TestPlaygroundStepperShowsTheGradient traces a mini-batch with → on the
// Playground, walks to the backward phase and checks that every edge's
// number on the diagram is ∂L/∂w, equal to the central finite difference
// of the batch loss, and every neuron's δ the engine's; then that the
// update phase shows the engine's Δw.
func TestPlaygroundStepperShowsTheGradient(t *testing.T) {
	u := newTestUI(t)
	p, r := showPlayground(t, u)
	if apply := p.render(nil, true); apply != nil {
		apply() // the diagram of the fresh network
	}
	pressKey(u, fyne.KeyRight, 0)
	u.sess.bridge.Settle()
	s := p.stepr
	if s.tr == nil {
		t.Fatalf("→ traced no step: %q", p.info.Text)
	}
	tr := s.tr
	if len(tr.Rows) != p.set.BatchSize {
		t.Errorf("traced %d rows, want a mini-batch of %d", len(tr.Rows), p.set.BatchSize)
	}
	pressKey(u, fyne.KeyRight, 0)
	pressKey(u, fyne.KeyRight, 0)
	if s.phase != phaseBackward {
		t.Fatalf("after → →: phase %d, want %d", s.phase, phaseBackward)
	}
	prob, err := probe.NewProblem(tr.Before(), tr.Data(), tr.Rows, tr.L1, tr.L2)
	if err != nil {
		t.Fatal(err)
	}
	d := p.diagram
	checked, hidden := 0, 0
	for l, ts := range d.edgeTexts {
		out := d.widths[l+1]
		for k, g := range ts {
			c, err := probe.CheckParam(prob, tr.Grad(), probe.Ref{Layer: l, I: k / out, J: k % out}, 0)
			if err != nil {
				t.Fatal(err)
			}
			shown, ok := shownNumber(g)
			if !ok { // no room for its label: hovering the edge shows it
				shown, ok = hoverNumber(p, diagramEdge{l, k / out, k % out}, phaseName(phaseBackward)+": ")
				hidden++
			}
			if !ok {
				t.Fatalf("edge %d of layer %d shows %q and hovering it %q", k, l+1, g.t.Text, p.info.Text)
			}
			if c.RelErr > 1e-3 && math.Abs(c.Engine-c.Numeric) > 1e-6 {
				t.Errorf("%v: engine %g, finite difference %g", c.Ref, c.Engine, c.Numeric)
			}
			if !close3(shown, c.Numeric) && math.Abs(shown-c.Numeric) > 1e-6 {
				t.Errorf("%v: the diagram shows %g (%q), the finite difference is %g", c.Ref, shown, g.t.Text, c.Numeric)
			}
			checked++
		}
	}
	if checked == 0 || hidden == checked {
		t.Fatalf("%d edges checked, %d of them not labelled", checked, hidden)
	}
	for l, ts := range d.nodeTexts[1:] {
		for j, g := range ts {
			shown, ok := shownNumber(g)
			if !ok || !strings.HasPrefix(g.t.Text, "δ=") {
				t.Fatalf("neuron %d of layer %d shows %q, want δ", j, l+1, g.t.Text)
			}
			if want := float64(tr.Layers[l].Delta[j]); !close3(shown, want) {
				t.Errorf("neuron %d of layer %d: δ shown %g, engine %g", j, l+1, shown, want)
			}
		}
	}

	pressKey(u, fyne.KeyRight, 0)
	if s.phase != phaseUpdate {
		t.Fatalf("phase %d, want the update", s.phase)
	}
	before, after := tr.Before(), r.Snapshot().Net
	for l, ts := range d.edgeTexts {
		out := d.widths[l+1]
		for k, g := range ts {
			shown, ok := shownNumber(g)
			if !ok {
				shown, ok = hoverNumber(p, diagramEdge{l, k / out, k % out}, phaseName(phaseUpdate)+": ")
			}
			want := float64(after.Layers[l].W[k] - before.Layers[l].W[k])
			if !ok || !close3(shown, want) {
				t.Errorf("layer %d edge %d: Δw shown %q, the run's weights moved by %g", l+1, k, g.t.Text, want)
			}
		}
	}
	pressKey(u, fyne.KeyLeft, 0)
	if s.phase != phaseBackward {
		t.Errorf("← went to phase %d, want %d", s.phase, phaseBackward)
	}
	if apply := p.render(nil, true); apply != nil {
		apply() // redrawing the maps keeps the numbers
	}
	if d.edgeLbl == nil {
		t.Error("a redraw dropped the stepper's numbers")
	}
	u.stepBatch() // an untraced step leaves the trace behind
	if s.tr != nil || d.edgeLbl != nil {
		t.Error("the trace still shows after the run moved on")
	}
}
