package app

import (
	"image"
	"math"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
	"backproplab/viz"
)

// newLossView builds the Playground's loss chart: the loss on the whole
// training set and on the whole test set, as the run measures them for
// every snapshot (live.Runner.WholeSets), over epochs, with an export
// button (PNG, SVG, CSV) in its corner.
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

// pgLossChart is the Playground's loss chart of snapshot s: the whole
// training set's and the whole test set's loss at each of the run's Whole
// test points (other points are ignored), with the main charts' view v (a
// linear loss axis unless v says otherwise; the test curve dashed for the
// colour-blind option), fitted to the epochs trained (a Playground run has
// no set number of epochs).
func pgLossChart(s *live.Snapshot, v chartView) viz.Chart {
	var x, train, test, tx []float64
	for _, t := range s.Tests {
		if !t.Whole {
			continue
		}
		x, train = append(x, t.Epoch), append(train, t.TrainLoss)
		if !math.IsNaN(t.Loss) {
			tx, test = append(tx, t.Epoch), append(test, t.Loss)
		}
	}
	testStyle := viz.StyleSolid
	if v.cbSafe {
		testStyle = viz.StyleDashed
	}
	xmax := 1.0 // an empty chart still reads from epoch 0
	if n := len(x); n > 0 {
		xmax = max(xmax, x[n-1])
	}
	zero := 0.0
	c := viz.Chart{Title: T("Loss"), XLabel: T("epoch"), YLabel: T("loss"), XMin: &zero, XMax: &xmax, YMin: &zero, Marker: s.Marker,
		Series: []viz.Series{
			{Name: T("training set"), X: x, Y: train, Style: viz.StyleSolid, Color: 0},
			{Name: T("test set"), X: tx, Y: test, Style: testStyle, Color: 1},
		}}
	if v.logLoss {
		c.Title, c.LogY, c.YMin = T("Loss (log scale)"), true, nil
	}
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
