package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
)

// TestChartOptions trains two epochs of the fixture and ticks the chart
// options as a user does: the loss axis turns logarithmic, the accuracy
// axis zooms onto the later epochs, the titles say so, and the accuracy
// plotted is the engine's, in per cent.
func TestChartOptions(t *testing.T) {
	u := newTestUI(t)
	r := runnerOf(u)
	r.StepEpoch()
	waitFor(t, u, "one epoch", func(s *live.Snapshot) bool { return s.Epoch == 1 && s.State == live.Paused })
	r.StepEpoch()
	s := waitFor(t, u, "two epochs", func(s *live.Snapshot) bool { return s.Epoch == 2 && s.State == live.Paused })
	c := u.curves

	render := func() {
		c.render(s, true)()
	}
	render()
	loss, acc := c.lastLoss.Load(), c.lastAcc.Load()
	if loss.LogY || loss.YMin == nil || *loss.YMin != 0 {
		t.Errorf("default loss axis: log %v, min %v; want linear from 0", loss.LogY, loss.YMin)
	}
	if acc.YFitFrom != nil || acc.YMax == nil || *acc.YMax != 100 {
		t.Errorf("default accuracy axis: fit from %v, max %v; want 0–100 %%", acc.YFitFrom, acc.YMax)
	}
	b := s.Batches[len(s.Batches)-1]
	raw := acc.Series[0]
	if got := raw.Y[len(raw.Y)-1]; got != 100*b.Accuracy {
		t.Errorf("last batch accuracy plotted %v, engine %v (want per cent)", got, b.Accuracy)
	}

	test.Tap(c.logLoss)
	test.Tap(c.zoomAcc)
	render()
	loss, acc = c.lastLoss.Load(), c.lastAcc.Load()
	if !loss.LogY || loss.YMin != nil || loss.Title != "Loss (log scale)" {
		t.Errorf("log option: log %v, min %v, title %q", loss.LogY, loss.YMin, loss.Title)
	}
	if acc.YFitFrom == nil || *acc.YFitFrom != 1 || acc.YMax != nil {
		t.Errorf("zoom option: fit from %v, max %v; want from epoch 1, no fixed max", acc.YFitFrom, acc.YMax)
	}
	if acc.Title != "Accuracy (axis zoomed to epochs ≥ 1)" {
		t.Errorf("zoomed accuracy title %q", acc.Title)
	}
	if !u.sess.prefs.Bool(prefLogLoss) || !u.sess.prefs.Bool(prefZoomAcc) {
		t.Error("the chart options were not saved")
	}

	test.Tap(c.logLoss)
	test.Tap(c.zoomAcc)
	render()
	if loss, acc = c.lastLoss.Load(), c.lastAcc.Load(); loss.LogY || acc.YFitFrom != nil {
		t.Error("unticking the options left the axes changed")
	}
}
