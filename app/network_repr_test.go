package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/viz"
)

// trainedNetwork returns the test network screen after an epoch, so that
// the timeline holds its start and the epoch's end.
func trainedNetwork(t *testing.T) (*ui, *networkScreen, *live.Snapshot) {
	t.Helper()
	u, n, _ := newTestNetwork(t)
	runnerOf(u).StepEpoch()
	s := waitFor(t, u, "one epoch", func(s *live.Snapshot) bool { return len(s.Epochs) == 1 && s.State == live.Paused })
	n.tabs.SelectIndex(netTabRepresentation)
	return u, n, s
}

func TestReprMapsEverySnapshot(t *testing.T) {
	u, n, s := trainedNetwork(t)
	p := n.repr
	if f := n.render(s, true); f != nil { // starts mapping the snapshots
		f()
	}
	u.sess.bridge.Settle()
	n.render(s, true)()
	u.sess.bridge.Settle() // the maps are computed off the UI goroutine
	n.render(s, true)()
	tl := runnerOf(u).Timeline()
	if len(tl.Marks) < 2 {
		t.Fatalf("timeline has %d marks, want the start and the epoch end", len(tl.Marks))
	}
	for i, w := range tl.Params {
		if p.frames.get(reprKey{&w[0], 1, reprPCA}) == nil {
			t.Fatalf("snapshot %d has no map of the hidden layer", i)
		}
	}
	sh := p.shown.Load()
	if sh == nil || sh.img == nil || sh.frame.proj.N() != u.sess.testDS.N {
		t.Fatalf("nothing drawn, or not every test image (of %d) on the map", u.sess.testDS.N)
	}
	// The accuracy shown is the engine's on the same images.
	_, acc := nn.NewEvaluator(s.Net.Arch).Run(s.Net, u.sess.testDS, nil, nil)
	if sh.frame.accuracy != acc {
		t.Errorf("map's accuracy %v, evaluator's %v", sh.frame.accuracy, acc)
	}
	if !strings.Contains(p.scoreLn.Text, "Separation") || len(p.layerSel.Options) != 3 {
		t.Errorf("status %q, scores %q, layers %v", p.status.Text, p.scoreLn.Text, p.layerSel.Options)
	}

	// Hover the first point where it is drawn, then click it.
	size := p.view.Size()
	e := sh.sc
	x, y, ok := locate(sh, 0)
	if !ok {
		t.Fatal("point 0 is not on the image")
	}
	// The centre of the pixel: its corner may round to the neighbour.
	pos := fyne.NewPos((float32(x)+0.5)*size.Width/float32(sh.w), (float32(y)+0.5)*size.Height/float32(sh.h))
	k := p.pointAt(pos, size)
	if k < 0 || e.XY[2*k] != e.XY[0] && e.XY[2*k+1] != e.XY[1] && k != 0 {
		t.Fatalf("pointAt(point 0's pixel) = %d", k)
	}
	p.showPoint(k)
	if !strings.Contains(p.info.Text, "Test image") {
		t.Errorf("hover text %q", p.info.Text)
	}
	p.openPoint(k)
	if in := n.acts.input.Load(); n.tabs.SelectedIndex() != netTabActivations || in == nil || in.index != sh.rows[k] {
		t.Errorf("click: tab %d, input %+v; want the Activations tab on test image %d", n.tabs.SelectedIndex(), in, sh.rows[k])
	}
}

// locate returns the pixel where point k of sh is drawn, searching for the
// point's own hit.
func locate(sh *reprShown, k int) (int, int, bool) {
	for y := 0; y < sh.h; y++ {
		for x := 0; x < sh.w; x++ {
			if i, ok := viz.ScatterPointAt(sh.sc, sh.w, sh.h, sh.scale, sh.th, x, y); ok && i == k {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

func TestLandscapeLineEndsAtSnapshots(t *testing.T) {
	u, n, s := trainedNetwork(t)
	n.tabs.SelectIndex(netTabLandscape)
	p := n.land
	n.render(s, true)()
	if len(p.from.Options) < 3 {
		t.Fatalf("line choices %v, want the marks and now", p.from.Options)
	}
	p.from.SetSelectedIndex(0)
	p.to.SetSelectedIndex(len(p.to.Options) - 1)
	p.computeLine()
	u.sess.bridge.Settle()
	lr := p.line.Load()
	if lr == nil {
		t.Fatalf("no line computed: %q", p.status.Text)
	}
	start, _, _ := p.weights(n.src.get(nil), 0)
	ev := nn.NewEvaluator(s.Net.Arch)
	l0, _ := ev.Run(start, u.sess.testDS, nil, nil)
	l1, _ := ev.Run(s.Net, u.sess.testDS, nil, nil)
	for i, a := range lr.alphas {
		if a == 0 && lr.loss[i] != l0 || a == 1 && lr.loss[i] != l1 {
			t.Errorf("line at α = %v: %v, want %v (start) / %v (now)", a, lr.loss[i], l0, l1)
		}
	}
	p.computeSlice()
	u.sess.bridge.Settle()
	pr := p.plane.Load()
	if pr == nil || len(pr.plane.Loss) != slicePoints*slicePoints || len(pr.path) != 2*(len(runnerOf(u).Timeline().Marks)+1) {
		t.Fatalf("slice %+v", pr)
	}
	n.render(s, true)()
	if its := p.exports(); len(its) != 6 {
		t.Errorf("%d exports, want PNG, SVG and CSV of the line and the slice", len(its))
	}
}

// TestLandscapePathSlice computes the slice along the training path's
// principal directions: the path lies inside the grid and ends at the
// centre, and the axes say how much of the path's variance they carry.
func TestLandscapePathSlice(t *testing.T) {
	u, n, _ := newTestNetwork(t)
	runnerOf(u).SetTimeline(1, 1<<30) // a snapshot after every batch
	runnerOf(u).StepEpoch()
	s := waitFor(t, u, "one epoch", func(s *live.Snapshot) bool { return len(s.Epochs) == 1 && s.State == live.Paused })
	n.tabs.SelectIndex(netTabLandscape)
	p := n.land
	n.render(s, true)()
	p.dirs.SetSelectedIndex(dirsPath)
	p.computeSlice()
	u.sess.bridge.Settle()
	pr := p.plane.Load()
	if pr == nil {
		t.Fatalf("no slice: %q", p.status.Text)
	}
	marks := len(runnerOf(u).Timeline().Marks)
	if marks < 4 || len(pr.path) != 2*(marks+1) {
		t.Fatalf("%d marks, path of %d coordinates", marks, len(pr.path))
	}
	al, be := pr.plane.Alphas, pr.plane.Betas
	for k := 0; k < len(pr.path); k += 2 {
		a, b := pr.path[k], pr.path[k+1]
		if a < al[0] || a > al[len(al)-1] || b < be[0] || b > be[len(be)-1] {
			t.Errorf("path point %d at (%g, %g) outside the grid [%g, %g] × [%g, %g]", k/2, a, b, al[0], al[len(al)-1], be[0], be[len(be)-1])
		}
	}
	if a, b := pr.path[len(pr.path)-2], pr.path[len(pr.path)-1]; a*a+b*b > 1e-12 {
		t.Errorf("the current weights at (%g, %g), want the centre", a, b)
	}
	if !strings.Contains(pr.xName, "principal direction 1") || !strings.Contains(pr.xName, "%") {
		t.Errorf("x axis %q", pr.xName)
	}
	for _, l := range pr.plane.Loss {
		if !(l > 0) {
			t.Fatalf("loss %v on the slice", l)
		}
	}
}
