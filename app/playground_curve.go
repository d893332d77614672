package app

import (
	"image"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
	"backproplab/viz"
)

// newLossView builds the Playground's loss chart: the training loss of
// every batch (faint, and smoothed) and the test loss as training measures
// it, over epochs, with an export button (PNG, SVG, CSV) in its corner.
func (p *playground) newLossView() fyne.CanvasObject {
	p.lossView = newImageView(fyne.NewSize(260, 150), p.poke)
	return p.withChartExport(p.lossView, "playground-loss", &p.lastChart)
}

// renderLoss draws the loss chart of run r at snapshot s on the render
// goroutine, at most every chartInterval unless forced. It reports whether
// it drew; the image is nil when it did not or the view has no size yet.
func (p *playground) renderLoss(r *live.Runner, s *live.Snapshot, force bool) (image.Image, bool) {
	rs := &p.rs
	if !force && time.Since(rs.chartedAt) < chartInterval {
		p.bridge.Later() // draw this snapshot at a later tick
		return nil, false
	}
	rs.chartedAt = time.Now()
	c := pgLossChart(timelineView(r, s), chartView{cbSafe: p.sess.colourBlind.Load()})
	p.lastChart.Store(&c)
	return p.lossView.lineChart(c, *p.chartTheme.Load()), true
}

// setTheme chooses the loss chart's colours (presenter mode, theme
// changes). UI goroutine.
func (p *playground) setTheme(th viz.Theme) {
	p.chartTheme.Store(&th)
	p.poke()
}

// pgLossChart is the loss chart of the main run's curves without the raw
// per-batch losses (batches of a few points make them too noisy for a
// chart this small), with the main charts' view v (a linear loss axis
// unless v says otherwise), fitted to the epochs trained (a Playground run has no
// set number of epochs).
func pgLossChart(s *live.Snapshot, v chartView) viz.Chart {
	c, _ := trainingCharts(s, v)
	c.Series = slices.DeleteFunc(c.Series, func(s viz.Series) bool { return s.Style == viz.StyleRaw })
	xmax := 1.0 // an empty chart still reads from epoch 0
	for _, sr := range c.Series {
		if n := len(sr.X); n > 0 {
			xmax = max(xmax, sr.X[n-1])
		}
	}
	c.XMax = &xmax
	return c
}

// timelineView returns s, or, when run r is rewound on its timeline, a copy
// that holds the history up to the run's head with a marker at the
// position shown, so that the curves still show the future.
func timelineView(r *live.Runner, s *live.Snapshot) *live.Snapshot {
	tl := r.Timeline()
	if tl.Pos < 0 {
		return s // live: nothing to mark
	}
	m, ok := tl.At()
	if !ok {
		return s
	}
	cp := *s
	cp.Batches, cp.Epochs, cp.Tests = tl.HeadBatches, tl.HeadEpochs, tl.HeadTests
	cp.Marker = &m.Epochs
	return &cp
}
