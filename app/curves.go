package app

import (
	"math"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
	"backproplab/viz"
)

// smoothing is the weight of the exponential moving average drawn over the
// raw per-batch curves, as TensorBoard's smoothing slider sets it.
const smoothing = 0.9

// Preference keys of the chart options.
const (
	prefLogLoss = "chartLogLoss"
	prefZoomAcc = "chartZoomAccuracy"
)

// chartView holds the options of the training charts' axes.
type chartView struct {
	logLoss bool // a logarithmic loss axis
	zoomAcc bool // the accuracy axis fitted to the later data, not 0–100 %
	cbSafe  bool // the colour-blind option: the live test curve is dashed
}

// curves shows the live loss and accuracy charts.
type curves struct {
	*deps
	loss, acc *imageView
	logLoss   *widget.Check
	zoomAcc   *widget.Check
	content   fyne.CanvasObject
	logOn     atomic.Bool
	zoomOn    atomic.Bool
	theme     atomic.Pointer[viz.Theme]
	lastLoss  atomic.Pointer[viz.Chart]
	lastAcc   atomic.Pointer[viz.Chart]
	rendered  time.Time // last render (bridge goroutine only)
}

// chartInterval is the shortest time between two renders of the charts:
// drawing them costs milliseconds of CPU that training would otherwise get.
const chartInterval = 333 * time.Millisecond

// newCurves returns the charts of the Training tab, rendered while vis is
// shown, with their axis options above them.
func newCurves(d *deps, vis *visibility) *curves {
	c := &curves{deps: d}
	c.loss = newImageView(fyne.NewSize(320, 200), d.bridge.Poke)
	c.acc = newImageView(fyne.NewSize(320, 200), d.bridge.Poke)
	prefs := d.prefs
	c.logOn.Store(prefs.Bool(prefLogLoss))
	c.zoomOn.Store(prefs.Bool(prefZoomAcc))
	c.logLoss = widget.NewCheck(T("Loss on a log scale"), func(b bool) {
		c.logOn.Store(b)
		prefs.SetBool(prefLogLoss, b)
		d.bridge.Poke() // draw again with the option
	})
	c.logLoss.Checked = c.logOn.Load()
	c.zoomAcc = widget.NewCheck(T("Zoom the accuracy axis to the data"), func(b bool) {
		c.zoomOn.Store(b)
		prefs.SetBool(prefZoomAcc, b)
		d.bridge.Poke() // draw again with the option
	})
	c.zoomAcc.Checked = c.zoomOn.Load()
	charts := container.NewGridWithRows(2, d.withChartExport(c.loss, "loss", &c.lastLoss), d.withChartExport(c.acc, "accuracy", &c.lastAcc))
	c.content = container.NewBorder(newFlow(c.logLoss, c.zoomAcc), nil, nil, nil, charts)
	c.setTheme(d.chartTheme())
	d.bridge.Add(c, vis)
	return c
}

// setTheme chooses the chart colours (call on theme changes).
func (c *curves) setTheme(th viz.Theme) {
	c.theme.Store(&th)
	c.bridge.Poke()
}

// view returns the chart options as set now (any goroutine).
func (c *curves) view() chartView {
	return chartView{logLoss: c.logOn.Load(), zoomAcc: c.zoomOn.Load(), cbSafe: c.sess.colourBlind.Load()}
}

// render implements view.
func (c *curves) render(s *live.Snapshot, force bool) func() {
	if !force && time.Since(c.rendered) < chartInterval {
		c.bridge.Later() // render this snapshot at a later tick
		return nil
	}
	c.rendered = time.Now()
	lc, ac := trainingCharts(c.withTimeline(s), c.view())
	c.lastLoss.Store(&lc)
	c.lastAcc.Store(&ac)
	th := *c.theme.Load()
	limg, aimg := c.loss.lineChart(lc, th), c.acc.lineChart(ac, th)
	return func() {
		c.loss.setImageIf(limg)
		c.acc.setImageIf(aimg)
	}
}

// trainingCharts builds the loss and accuracy charts of a snapshot: the raw
// per-batch values (faint), their smoothed curve (solid), the live test
// sample, and the per-epoch validation and full test values (points).
// Accuracy is drawn in per cent. v chooses the axes.
func trainingCharts(s *live.Snapshot, v chartView) (loss, acc viz.Chart) {
	n := len(s.Batches)
	x := make([]float64, n)
	yl := make([]float64, n)
	ya := make([]float64, n)
	for i, b := range s.Batches {
		x[i] = float64(b.Epoch) + float64(b.Batch+1)/float64(max(b.Batches, 1))
		yl[i] = b.Loss
		ya[i] = 100 * b.Accuracy
	}
	var tx, tl, ta, fx, fl, fa []float64
	for _, t := range s.Tests {
		if t.Full {
			fx, fl, fa = append(fx, t.Epoch), append(fl, t.Loss), append(fa, 100*t.Accuracy)
		} else {
			tx, tl, ta = append(tx, t.Epoch), append(tl, t.Loss), append(ta, 100*t.Accuracy)
		}
	}
	var vx, vl, va []float64
	for _, e := range s.Epochs {
		if e.HasVal {
			vx, vl, va = append(vx, float64(e.Epoch)), append(vl, e.ValLoss), append(va, 100*e.ValAccuracy)
		}
	}
	// Okabe–Ito colours far apart in hue (blue, orange/vermillion, purple);
	// with the colour-blind option the live test curve is also dashed.
	liveStyle := viz.StyleSolid
	if v.cbSafe {
		liveStyle = viz.StyleDashed
	}
	series := func(raw, live, full, val []float64) []viz.Series {
		ss := []viz.Series{
			{Name: "", X: x, Y: raw, Style: viz.StyleRaw, Color: 0},
			{Name: T("training (smoothed)"), X: x, Y: viz.Smooth(raw, smoothing), Style: viz.StyleSolid, Color: 0},
			{Name: T("test sample (live)"), X: tx, Y: live, Style: liveStyle, Color: 1},
			{Name: T("test set (epoch end)"), X: fx, Y: full, Style: viz.StylePoints, Color: 4},
		}
		if len(vx) > 0 {
			ss = append(ss, viz.Series{Name: T("validation (epoch end)"), X: vx, Y: val, Style: viz.StylePoints, Color: 3})
		}
		return ss
	}
	xmax := math.Max(float64(s.Config.Settings.Epochs), s.EpochsDone())
	zero := 0.0
	loss = viz.Chart{Title: T("Loss"), XLabel: T("epoch"), YLabel: T("loss"), Series: series(yl, tl, fl, vl), XMin: &zero, XMax: &xmax, YMin: &zero, Marker: s.Marker}
	if v.logLoss {
		loss.Title, loss.LogY, loss.YMin = T("Loss (log scale)"), true, nil
	}
	hundred := 100.0
	acc = viz.Chart{Title: T("Accuracy"), XLabel: T("epoch"), YLabel: T("accuracy (%)"), Series: series(ya, ta, fa, va), XMin: &zero, XMax: &xmax, YMax: &hundred, Legend: viz.LegendBottomRight, Marker: s.Marker}
	if v.zoomAcc {
		// Fit the axis to the later data: from epoch 1 once two epochs
		// are done, else the second half of what is drawn.
		done := s.EpochsDone()
		from := done / 2
		if done >= 2 {
			from = 1
		}
		acc.YFitFrom, acc.YMax = &from, nil
		acc.Title = Tf("Accuracy (axis zoomed to epochs ≥ %.2g)", from)
	}
	return loss, acc
}

// withTimeline returns s, or, when the run is rewound on the timeline, a
// copy that draws the whole history up to the head with a marker at the
// position shown.
func (c *curves) withTimeline(s *live.Snapshot) *live.Snapshot {
	r := c.bridge.Runner()
	if r == nil {
		return s
	}
	return timelineView(r, s)
}
