package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/viz"
)

// TestWeightsLabelsFollowMode switches the tiles to the gradient and the
// update, and the colour-blind palette, as a user does: the unit's title,
// the caption and the bar chart's title say what is shown.
func TestWeightsLabelsFollowMode(t *testing.T) {
	_, n, s := newTestNetwork(t)
	n.tabs.SelectIndex(netTabWeights)
	p := n.weights
	tests := []struct {
		mode                   int
		title, info, bars, col string
	}{
		{showWeights, "· bias ", "incoming weights", "Outgoing weights", "blue negative, red positive"},
		{showGradient, "· bias gradient ∂L/∂b ", "incoming gradient ∂L/∂W", "Outgoing gradients ∂L/∂W", "blue negative"},
		{showUpdate, "· bias update Δb ", "incoming update ΔW", "Outgoing updates ΔW", "blue negative"},
	}
	for _, tt := range tests {
		p.srcSel.SetSelectedIndex(tt.mode)
		n.render(s, true)()
		if !strings.Contains(p.unitTitle.Text, tt.title) {
			t.Errorf("mode %d: unit title %q lacks %q", tt.mode, p.unitTitle.Text, tt.title)
		}
		if !strings.Contains(p.info.Text, tt.info) || !strings.Contains(p.info.Text, tt.col) {
			t.Errorf("mode %d: caption %q lacks %q or %q", tt.mode, p.info.Text, tt.info, tt.col)
		}
		if got := sourceNames(tt.mode).outgoing; got != tt.bars {
			t.Errorf("mode %d: bar chart title %q, want %q", tt.mode, got, tt.bars)
		}
	}
	test.Tap(p.cbSafe)
	t.Cleanup(func() { n.sess.colourBlind.Store(false) })
	n.render(s, true)()
	if !strings.Contains(p.info.Text, "purple negative, orange positive") {
		t.Errorf("colour-blind caption %q does not name its colours", p.info.Text)
	}
}

// TestConfusionSelectionOutlined clicks a cell of the confusion matrix:
// the cell is framed in the matrix that is then drawn.
func TestConfusionSelectionOutlined(t *testing.T) {
	_, n, s := newTestNetwork(t)
	n.tabs.SelectIndex(netTabEvaluation)
	n.eval.evaluate()
	n.bridge.Settle()
	n.render(s, true)()
	w, h, _ := n.eval.matrix.pixels() // the test canvas has scale 1
	if w == 0 || h == 0 {
		t.Fatal("the matrix has no size")
	}
	r := viz.ConfusionCellRect(2, 5, w, h, viz.DigitNames(10))
	n.eval.tapMatrix(fyne.NewPos(float32(r.Min.X+r.Dx()/2), float32(r.Min.Y+r.Dy()/2)), fyne.NewSize(float32(w), float32(h)))
	if got := n.eval.selected.Load(); got != 25 {
		t.Fatalf("selected cell %d, want 25 (row 2, column 5)", got)
	}
	n.render(s, true)()
	img := n.eval.matrix.img.Image
	th := *n.theme.Load()
	edge := r.Min.X - 1
	if got := color.NRGBAModel.Convert(img.At(edge, r.Min.Y+r.Dy()/2)).(color.NRGBA); got != th.Foreground {
		t.Errorf("pixel left of the selected cell %v, want the frame's %v", got, th.Foreground)
	}
}
