package app

import (
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/live"
)

// TestReprAndLandscapeOnPlayground points the Representation and
// Landscape sub-tabs at the Playground's 2D run: the map of its 2-unit
// hidden layer holds the activations exactly, and the line between two
// of its snapshots ends at their evaluated test losses.
func TestReprAndLandscapeOnPlayground(t *testing.T) {
	u := newTestUI(t)
	_, r := showPlayground(t, u)
	var s *live.Snapshot
	for e := 1; e <= 3; e++ {
		r.StepEpoch()
		s = waitRun(t, r, "an epoch", func(s *live.Snapshot) bool { return len(s.Epochs) == e && s.State == live.Paused })
	}
	set := u.play.data.Load()
	n := u.network
	u.tabs.SelectIndex(1) // Inside the network
	n.vis.set(true)
	n.tabs.SelectIndex(netTabRepresentation)
	n.src.sels[0].SetSelectedIndex(sourcePlayground)
	if n.src.which.Load() != sourcePlayground || n.src.sels[1].SelectedIndex() != sourcePlayground {
		t.Fatal("choosing the Playground's run in one sub-tab did not choose it in both")
	}
	p := n.repr
	n.src.poll(true)() // the Playground network's layers
	if len(p.layerSel.Options) != 4 {
		t.Fatalf("layers %v, want the input, two hidden layers and the output", p.layerSel.Options)
	}
	p.layerSel.SetSelectedIndex(2) // hidden layer 2: two units
	for range 3 {
		if f := n.src.poll(true); f != nil {
			f()
		}
		u.sess.bridge.Settle()
	}
	sh := p.shown.Load()
	if sh == nil || sh.test != set.Test || !sh.frame.proj.Exact {
		t.Fatalf("no exact map of the Playground's test set; status %q", p.status.Text)
	}
	if !strings.Contains(p.status.Text, " points: ") || !strings.Contains(p.layerSel.Selected, "2 units") {
		t.Errorf("status %q, layer %q", p.status.Text, p.layerSel.Selected)
	}
	// The exact map is the layer's activations of the last snapshot.
	tl := r.Timeline()
	last := s.Net.Clone()
	copy(last.Params, tl.Params[len(tl.Params)-1])
	ws := nn.NewWorkspace(last.Arch, 1)
	x := make([]float32, set.Test.Dim)
	set.Test.Pixels(sh.rows[5], x)
	last.Forward(ws, nn.NewInput(len(x), x))
	if got, want := sh.frame.proj.XY[10:12], ws.A[1][:2]; float32(got[0]) != want[0] || float32(got[1]) != want[1] {
		t.Errorf("point 5 at %v, activations %v", got, want)
	}
	p.showPoint(5)
	if !strings.Contains(p.info.Text, "Test point") {
		t.Errorf("hover %q", p.info.Text)
	}

	n.tabs.SelectIndex(netTabLandscape)
	l := n.land
	n.src.poll(true)()
	if want := min(len(tl.Marks), landMaxChoices) + 1; len(l.from.Options) != want {
		t.Fatalf("line choices %v for %d marks, want %d", l.from.Options, len(tl.Marks), want)
	}
	l.from.SetSelectedIndex(0)
	l.to.SetSelectedIndex(len(l.to.Options) - 1)
	l.computeLine()
	u.sess.bridge.Settle()
	lr := l.line.Load()
	if lr == nil || lr.source != sourcePlayground || lr.images != set.Test.N {
		t.Fatalf("line %+v; status %q", lr, l.status.Text)
	}
	src := n.src.get(nil)
	a, _, _ := l.weights(src, src.runner.Timeline(), 0)
	ev := nn.NewEvaluator(s.Net.Arch)
	l0, _ := ev.Run(a, set.Test, nil, nil)
	l1, _ := ev.Run(src.snap.Net, set.Test, nil, nil)
	for i, al := range lr.alphas {
		if al == 0 && lr.loss[i] != l0 || al == 1 && lr.loss[i] != l1 {
			t.Errorf("line at α = %v: %v, want %v / %v", al, lr.loss[i], l0, l1)
		}
	}
	l.dirs.SetSelectedIndex(dirsPath)
	l.computeSlice()
	u.sess.bridge.Settle()
	if pr := l.plane.Load(); pr == nil || pr.source != sourcePlayground {
		t.Fatalf("no path slice of the Playground's run: %q", l.status.Text)
	}
	// Back on the training run, the Playground's results are not shown.
	n.src.sels[1].SetSelectedIndex(sourceMain)
	n.render(runnerOf(u).Snapshot(), true)()
	if imgs := l.shown.Load(); imgs[0] != nil || imgs[1] != nil {
		t.Error("the training run's landscape shows the Playground's results")
	}
}
