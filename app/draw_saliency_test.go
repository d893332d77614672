package app

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/digit"
)

// TestSaliencyAndFool draws a 7, turns the saliency overlay on through its
// check box, and fools the bundled model toward 8 with the real panel.
func TestSaliencyAndFool(t *testing.T) {
	_, ds := newTestDrawScreen(t)
	drawOnPad(ds.pad, sevenStrokes, 1, 0, 0)
	if ds.bars.best() != 7 {
		t.Fatalf("the bundled model reads %d", ds.bars.best())
	}
	if _, gray := ds.seen.Image.(*image.Gray); !gray || ds.probe.foolBtn.Disabled() {
		t.Fatalf("saliency off: view %T, fool enabled %v; want the grey digit and an enabled button", ds.seen.Image, !ds.probe.foolBtn.Disabled())
	}
	test.Tap(ds.probe.salChk)
	img, ok := ds.seen.Image.(*image.RGBA)
	if !ok || ds.probe.salNote.Hidden || !strings.Contains(ds.probe.salNote.Text, "7") {
		t.Fatalf("saliency on: view %T, note %q (hidden %v)", ds.seen.Image, ds.probe.salNote.Text, ds.probe.salNote.Hidden)
	}
	colours := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		colours[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	if len(colours) < 50 {
		t.Errorf("the overlay has only %d colours", len(colours))
	}
	test.Tap(ds.probe.salChk)
	if _, gray := ds.seen.Image.(*image.Gray); !gray {
		t.Errorf("saliency off again: view %T", ds.seen.Image)
	}

	m := ds.probe.model()
	f := newFoolPanel(m.net, ds.probe.x, ds.probe.best)
	if f.target != 8 || f.origBars.best() != 7 {
		t.Fatalf("panel: target %d, original read as %d", f.target, f.origBars.best())
	}
	p0 := f.origBars.Probs[8]
	if p1 := f.advBar.Probs[8]; p1 <= p0 {
		t.Errorf("ε = %g toward 8: p(8) %g → %g, want it to rise", f.eps, p0, p1)
	}
	if !strings.Contains(f.info.Text, "pixels changed") {
		t.Errorf("info %q", f.info.Text)
	}
	var x [digit.Pixels]float32
	copy(x[:], ds.probe.x)
	if ds.pad.Empty() || ds.shown.x != x {
		t.Error("fooling changed the drawing")
	}
}
