package viz

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// frame is the drawing area shared by the renderers with axes, and the
// number of ticks that suits its size.
type frame struct {
	inner         draw.Canvas
	nx, ny, nyLog int
}

// newFrame insets dc by small margins; ok is false when what is left is
// too small for axes and labels.
func newFrame(dc draw.Canvas, e env) (f frame, ok bool) {
	f.inner = draw.Crop(dc, e.dp(6), -e.dp(10), e.dp(4), -e.dp(6))
	if f.inner.Size().X < e.dp(60) || f.inner.Size().Y < e.dp(40) {
		return f, false
	}
	// Lengths in dp at the standard text size (12): larger text (presenter
	// mode, high contrast) gets fewer ticks, so that labels never overlap.
	per := e.scale * max(1, e.th.TextSize/12)
	xlen := float64(f.inner.Size().X) / per
	ylen := float64(f.inner.Size().Y) / per
	f.nx = clampInt(int((xlen-60)/75), 2, 10)
	f.ny = clampInt(int((ylen-40)/40), 2, 8)
	f.nyLog = clampInt(int((ylen-40)/30), 2, 10)
	return f, true
}

// plot returns a plot with the theme's title and axes; the caller adds
// the grid and plotters and sets the axis limits.
func (f frame) plot(e env, title, xlabel, ylabel string, logY bool) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the canvas is already filled
	styleTitle(p, title, e)
	styleAxis(&p.X, xlabel, e, linearTicks{n: f.nx})
	var yt plot.Ticker = linearTicks{n: f.ny}
	if logY {
		p.Y.Scale = plot.LogScale{}
		yt = logTicks{n: f.nyLog}
	}
	styleAxis(&p.Y, ylabel, e, yt)
	return p
}

// grid returns grid lines at the major ticks of the chosen axes.
func grid(e env, vertical, horizontal bool) *plotter.Grid {
	var g plotter.Grid // a nil colour disables a direction
	if vertical {
		g.Vertical = e.line(e.th.Grid, 1)
	}
	if horizontal {
		g.Horizontal = e.line(e.th.Grid, 1)
	}
	return &g
}

// noData writes a placeholder in the middle of the data area.
func noData(da draw.Canvas, e env) {
	sty := e.text(relLabel, e.th.Muted)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	da.FillText(sty, da.Center(), tr("No data yet"))
}

// axisRange returns the limits of an axis whose data span [lo, hi] (lo > hi
// when there is no data): fixLo and fixHi where set and valid (finite, and
// positive on a log axis), else the data range, widened when empty or
// degenerate. With n > 0 automatic limits are rounded outwards to the tick
// step for about n ticks, or to 1, 2 or 5 × 10ᵏ on a log axis.
func axisRange(lo, hi float64, fixLo, fixHi *float64, logAxis bool, n int) (float64, float64) {
	if lo > hi {
		lo, hi = 0, 1
		if logAxis {
			lo = 0.1
		}
	}
	valid := func(v *float64) bool {
		return v != nil && finite(*v) && math.Abs(*v) <= maxAbs && (!logAxis || *v > 0)
	}
	autoLo, autoHi := !valid(fixLo), !valid(fixHi)
	if !autoLo {
		lo = *fixLo
	}
	if !autoHi {
		hi = *fixHi
	}
	lo, hi = widen(lo, hi, logAxis)
	if n <= 0 {
		return lo, hi
	}
	if logAxis {
		if autoLo {
			lo = snapLog(lo, false)
		}
		if autoHi {
			hi = snapLog(hi, true)
		}
		return lo, hi
	}
	// Snapping widens the range, which may change the step linearTicks
	// picks for it; repeat until the limits sit on that step's ticks.
	for range 4 {
		step := niceStep((hi - lo) / float64(n))
		if !(step > 0) || !finite(step) {
			break
		}
		nlo, nhi := lo, hi
		if autoLo {
			nlo = math.Floor(lo/step+1e-9) * step
		}
		if autoHi {
			nhi = math.Ceil(hi/step-1e-9) * step
		}
		if nlo == lo && nhi == hi {
			break
		}
		lo, hi = nlo, nhi
	}
	return lo, hi
}

// widen orders lo and hi and makes the range non-empty.
func widen(lo, hi float64, logAxis bool) (float64, float64) {
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi > lo && (!logAxis || hi/lo > 1+1e-9) {
		return lo, hi
	}
	if logAxis {
		return lo / 2, hi * 2
	}
	d := math.Abs(lo) * 0.1
	if d == 0 {
		d = 1
	}
	return lo - d, hi + d
}

// snapLog rounds v > 0 down (or up) to 1, 2 or 5 times a power of ten.
func snapLog(v float64, up bool) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	ms := []float64{1, 2, 5, 10}
	if up {
		for _, m := range ms {
			if m*p >= v*(1-1e-9) {
				return m * p
			}
		}
		return 10 * p
	}
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i]*p <= v*(1+1e-9) {
			return ms[i] * p
		}
	}
	return p
}

// styleTitle sets the plot title in the theme.
func styleTitle(p *plot.Plot, title string, e env) {
	p.Title.Text = title
	sty := e.text(relTitle, e.th.Foreground)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	p.Title.TextStyle = sty
	p.Title.Padding = e.dp(6)
}

// styleAxis sets every length and colour of a, keeping gonum/plot's
// alignments.
func styleAxis(a *plot.Axis, label string, e env, ticks plot.Ticker) {
	th := e.th
	a.Label.Text = label
	sty := e.text(relLabel, th.Foreground)
	sty.XAlign, sty.YAlign = a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign
	a.Label.TextStyle = sty
	a.Label.Padding = e.dp(3)
	a.LineStyle = draw.LineStyle{Color: th.Muted, Width: e.dp(1)}
	a.Padding = e.dp(3)
	tsty := e.text(relTick, th.Foreground)
	tsty.XAlign, tsty.YAlign = a.Tick.Label.XAlign, a.Tick.Label.YAlign
	a.Tick.Label = tsty
	a.Tick.LineStyle = draw.LineStyle{Color: th.Muted, Width: e.dp(1)}
	a.Tick.Length = e.dp(4)
	a.Tick.Marker = ticks
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }
