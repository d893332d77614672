package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/viz"
)

// newTestNetwork returns a test UI with the network screen shown, after
// one trained batch.
func newTestNetwork(t *testing.T) (*ui, *networkScreen, *live.Snapshot) {
	t.Helper()
	u := newTestUI(t)
	n := newNetworkScreen(u.deps, networkLinks{})
	w := test.NewWindow(n.content)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1000, 700))
	n.vis.set(true)
	runnerOf(u).StepBatch()
	s := waitFor(t, u, "one batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	return u, n, s
}

func TestNetworkScreenMinWidth(t *testing.T) {
	_, n, _ := newTestNetwork(t)
	if got := n.content.MinSize().Width; got > 900 {
		t.Errorf("network screen min width = %v, want ≤ 900 so that the window fits 1280 px", got)
	}
}

// TestHiddenViewsRenderNothing checks the one visibility signal: the
// bridge renders no hidden screen, only lets it sample its history, and
// renders it as soon as it shows.
func TestHiddenViewsRenderNothing(t *testing.T) {
	u, n, s := newTestNetwork(t)
	u.showTab(0) // the Training tab: every other screen is hidden
	n.vis.set(false)
	u.sess.bridge.Poke()
	u.sess.bridge.tick(true)
	if n.last.Load() != nil {
		t.Error("the hidden network screen rendered")
	}
	if u.stepper.lastNet != nil {
		t.Error("the hidden stepper rendered")
	}
	if len(n.grads.x) != 1 {
		t.Errorf("the hidden screen sampled %d gradients, want 1", len(n.grads.x))
	}
	n.vis.set(true)
	u.sess.bridge.tick(true)
	if got := n.last.Load(); got == nil || got.Version != s.Version {
		t.Error("the network screen did not render when shown")
	}
}

func TestNetworkTapTileSelectsUnit(t *testing.T) {
	u, n, s := newTestNetwork(t)
	n.render(s, true)()
	p := n.weights
	side := int(p.side.Load())
	if side != 28 || p.units.Load() != 128 {
		t.Fatalf("tile side %d, units %d; want 28, 128", side, p.units.Load())
	}
	// Unit 17 sits at column 1, row 1 of the 16-wide grid.
	cols, _ := viz.GridShape(128)
	x, y := (17%cols)*(side+1)+3, (17/cols)*(side+1)+3
	p.tapGrid(x, y)
	u.sess.bridge.Settle() // the search for the most exciting images
	if got := p.unit.Load(); got != 17 {
		t.Fatalf("tapping pixel (%d, %d) selected unit %d, want 17", x, y, got)
	}
	ex := p.excite.Load()
	if ex == nil || ex.unit != 17 || len(ex.images) != topImages {
		t.Fatalf("most exciting images = %+v, want %d images of unit 17", ex, topImages)
	}
	for i := 1; i < len(ex.z); i++ {
		if ex.z[i] > ex.z[i-1] {
			t.Errorf("excitations not descending: %v", ex.z)
		}
	}
	// The best image's excitation is the unit's true pre-activation.
	l := s.Net.Layers[0]
	var z float32 = l.B[17]
	for i, v := range ex.images[0] {
		z += v * l.W[i*l.Out+17]
	}
	if d := z - ex.z[0]; d > 1e-4 || d < -1e-4 {
		t.Errorf("top excitation %v, recomputed %v", ex.z[0], z)
	}
	n.render(s, true)()
	if got, want := p.unitTitle.Text, "Unit 17"; len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("unit title %q, want it to start with %q", got, want)
	}
}

func TestNetworkEvaluateMatchesEvaluator(t *testing.T) {
	u, n, s := newTestNetwork(t)
	n.tabs.SelectIndex(netTabEvaluation)
	n.eval.evaluate()
	u.sess.bridge.Settle()
	ev := n.eval.result.Load()
	if ev == nil {
		t.Fatal("no evaluation after Evaluate")
	}
	d := u.sess.testDS
	_, acc := nn.NewEvaluator(s.Net.Arch).Run(s.Net, d, nil, nil)
	if ev.Accuracy != acc {
		t.Errorf("evaluation accuracy %v, evaluator %v", ev.Accuracy, acc)
	}
	diag, total := 0, 0
	for r := range 10 {
		for c := range 10 {
			total += ev.Counts[r][c]
			if r == c {
				diag += ev.Counts[r][c]
			}
		}
	}
	if total != d.N || float64(diag)/float64(total) != acc {
		t.Errorf("confusion total %d (want %d), diagonal share %v (want %v)", total, d.N, float64(diag)/float64(total), acc)
	}
	if len(ev.Mistakes) != total-diag {
		t.Errorf("%d mistakes, want %d", len(ev.Mistakes), total-diag)
	}
	// Tap the cell of the most frequent class's diagonal and see its gallery.
	n.render(s, true)()
	var row int
	for r := range 10 {
		if ev.Counts[r][r] > ev.Counts[row][row] {
			row = r
		}
	}
	size := fyne.NewSize(400, 400)
	rect := viz.ConfusionCellRect(row, row, 400, 400, ev.names)
	n.eval.tapMatrix(fyne.NewPos(float32(rect.Min.X+rect.Dx()/2), float32(rect.Min.Y+rect.Dy()/2)), size)
	if got, want := len(n.eval.gallery.Objects), min(ev.Counts[row][row], galleryMax); got != want {
		t.Errorf("gallery of cell (%d, %d) shows %d images, want %d", row, row, got, want)
	}
}

func TestNetworkActivationsAndGradients(t *testing.T) {
	u, n, s := newTestNetwork(t)
	n.tabs.SelectIndex(netTabActivations)
	x := make([]float32, 784)
	for i := 300; i < 320; i++ {
		x[i] = 1
	}
	n.setInput(x)
	n.render(s, true)()
	h := n.acts.acts.Load()
	if h == nil || len(*h) != 1 || len((*h)[0]) != 128 {
		t.Fatalf("hidden activations %v, want one layer of 128", h)
	}
	if n.acts.inputLabel.Text == "" || len(n.acts.layerViews) != 1 {
		t.Errorf("input label %q, %d layer views", n.acts.inputLabel.Text, len(n.acts.layerViews))
	}
	n.tabs.SelectIndex(netTabGradients)
	b := u.sess.bridge
	b.Poke()
	b.tick(true) // samples the history and builds the charts
	b.Poke()
	b.tick(true)
	if vp := n.grads.views.Load(); vp == nil || len(*vp) != 5 {
		t.Fatalf("gradient charts not built for 2 layers")
	}
	if len(n.grads.x) != 1 {
		t.Errorf("gradient history has %d samples, want 1", len(n.grads.x))
	}
}
