package viz

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SeriesStyle selects how a Series is drawn.
type SeriesStyle int

const (
	// StyleSolid is a solid line of normal weight, e.g. a smoothed loss or a
	// live accuracy.
	StyleSolid SeriesStyle = iota
	// StyleRaw is a faint thin line for noisy per-batch values drawn under
	// their smoothed version.
	StyleRaw
	// StylePoints draws markers joined by thin lines, e.g. per-epoch
	// validation and test values. Markers are left out when they would be
	// closer than about 5 dp.
	StylePoints
	// StyleDashed is a dashed line, e.g. a reference level.
	StyleDashed
)

// Series is one curve. X should be non-decreasing (for example the epoch
// as a float, batch/batchesPerEpoch); only then is it downsampled. Points
// whose X or Y is NaN or ±Inf are skipped, |Y| above 1e15 is clipped, and
// with Chart.LogY non-positive Y are skipped. If X and Y differ in length
// the extra values are ignored.
type Series struct {
	// Name is the legend entry; unnamed series are not in the legend.
	Name string
	X, Y []float64
	// Style selects the line style.
	Style SeriesStyle
	// Color indexes Theme.Series, wrapping around.
	Color int
}

// LegendPos says in which corner of the data area the legend sits.
type LegendPos int

// Legend positions.
const (
	LegendTopRight LegendPos = iota
	LegendBottomRight
	LegendTopLeft
	LegendBottomLeft
	LegendNone
)

// Chart is a line chart of one or more series over a shared x axis.
type Chart struct {
	Title, XLabel, YLabel string
	Series                []Series
	// LogY selects a logarithmic y axis.
	LogY bool
	// XMin, XMax, YMin and YMax fix the axis limits; nil means fit the data.
	// Limits that are not finite, or not positive on a log axis, are ignored.
	XMin, XMax, YMin, YMax *float64
	// YFitFrom, if set, fits the automatic y limits to the points at
	// x ≥ *YFitFrom only (when there are any), e.g. to zoom an accuracy
	// axis onto the later epochs; earlier points outside that range are
	// clipped at the data area's edge.
	YFitFrom *float64
	// Marker, if set, draws a dashed vertical line at that x, e.g. the
	// timeline position.
	Marker *float64
	// Shade, if set, fills the area between Series[Shade[0]] and
	// Series[Shade[1]] over their common x range in the colour of the
	// second, e.g. the generalisation gap between training and validation
	// loss. Out-of-range indices are ignored.
	Shade *[2]int
	// Legend places the legend.
	Legend LegendPos
}

// LineChart renders c as an RGBA image of exactly w×h pixels. scale is the
// number of pixels per dp (Fyne's canvas scale, 1–2, or more in presenter
// mode): text, line widths and margins grow with it. Each series is
// downsampled to about two points per pixel column before drawing.
// w or h below 1 gives an empty image; scale must be positive.
func LineChart(c Chart, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	return render(w, h, e, func(dc draw.Canvas) { drawChart(dc, c, e, w) })
}

// drawChart draws c into dc. cols is the width in device pixels and sets
// the downsampling resolution.
func drawChart(dc draw.Canvas, c Chart, e env, cols int) {
	th := e.th
	f, ok := newFrame(dc, e)
	if !ok {
		return // too small for axes and labels; leave the background
	}
	pts := make([][]xy, len(c.Series))
	for i, s := range c.Series {
		pts[i] = cleanPoints(s.X, s.Y, c.LogY)
	}
	x0, x1, y0, y1, empty := chartRange(c, pts, f.ny)
	for i := range pts {
		pts[i] = downsample(pts[i], x0, x1, cols)
	}
	p := f.plot(e, c.Title, c.XLabel, c.YLabel, c.LogY)
	p.Add(grid(e, true, true))

	if c.Shade != nil && c.Shade[1] >= 0 && c.Shade[1] < len(c.Series) {
		col := fade(th.SeriesColor(c.Series[c.Shade[1]].Color), 0.18)
		if poly := shadePolygon(c, pts, x0, x1, cols, col); poly != nil {
			p.Add(poly)
		}
	}
	var legend []legendEntry
	plotW := int(float64(cols) * 0.9)
	for pass := range 2 { // raw curves first, so that solid lines lie on top
		for i, s := range c.Series {
			if (s.Style == StyleRaw) != (pass == 0) {
				continue
			}
			ps, thumbs := seriesPlotters(s, pts[i], e, plotW)
			if len(pts[i]) > 0 {
				p.Add(ps...)
			}
			if s.Name != "" {
				legend = append(legend, legendEntry{i, s.Name, thumbs})
			}
		}
	}
	if c.Marker != nil && finite(*c.Marker) {
		p.Add(vline{x: *c.Marker, sty: withDash(e.line(fade(th.Foreground, 0.7), 1), e)})
	}

	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	p.Draw(f.inner)

	da := p.DataCanvas(f.inner)
	if empty {
		noData(da, e)
	}
	if c.Legend != LegendNone && len(legend) > 0 {
		sortLegend(legend)
		drawLegend(da, legend, c.Legend, e)
	}
}

// chartRange returns the axis limits of c (see axisRange). empty reports
// whether no series has a drawable point.
func chartRange(c Chart, pts [][]xy, ny int) (x0, x1, y0, y1 float64, empty bool) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	y0, y1 = math.Inf(1), math.Inf(-1)
	fy0, fy1 := math.Inf(1), math.Inf(-1) // over x ≥ YFitFrom
	from := math.Inf(1)
	if c.YFitFrom != nil && finite(*c.YFitFrom) {
		from = *c.YFitFrom
	}
	for _, ps := range pts {
		for _, q := range ps {
			x0, x1 = min(x0, q.x), max(x1, q.x)
			y0, y1 = min(y0, q.y), max(y1, q.y)
			if q.x >= from {
				fy0, fy1 = min(fy0, q.y), max(fy1, q.y)
			}
		}
	}
	empty = x0 > x1
	if fy0 <= fy1 {
		y0, y1 = fy0, fy1
	}
	x0, x1 = axisRange(x0, x1, c.XMin, c.XMax, false, 0)
	y0, y1 = axisRange(y0, y1, c.YMin, c.YMax, c.LogY, ny)
	return x0, x1, y0, y1, empty
}

// seriesPlotters returns the plotters drawing s through pts and the
// thumbnails for its legend entry. plotW is about the data width in pixels.
func seriesPlotters(s Series, pts []xy, e env, plotW int) (ps []plot.Plotter, thumbs []plot.Thumbnailer) {
	col := e.th.SeriesColor(s.Color)
	xys := make(plotter.XYs, len(pts))
	for i, q := range pts {
		xys[i] = plotter.XY{X: q.x, Y: q.y}
	}
	line := &polyline{xys: xys}
	switch s.Style {
	case StyleRaw:
		line.sty = e.line(fade(col, 0.35), 1)
		line.band = true
	case StylePoints:
		line.sty = e.line(col, 1.25)
		sc := &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{
			Color: col, Radius: e.dp(2.75 * max(1, e.th.LineScale*0.8)), Shape: draw.CircleGlyph{},
		}}
		thumbs = append(thumbs, line, sc)
		if float64(len(xys)) <= float64(plotW)/(5*e.scale) {
			return []plot.Plotter{line, sc}, thumbs
		}
		return []plot.Plotter{line}, thumbs
	case StyleDashed:
		line.sty = withDash(e.line(col, 1.5), e)
	default:
		line.sty = e.line(col, 2)
	}
	return []plot.Plotter{line}, []plot.Thumbnailer{line}
}

func withDash(ls draw.LineStyle, e env) draw.LineStyle {
	ls.Dashes = []vg.Length{e.dp(5), e.dp(3)}
	return ls
}

// polyline is a line through xys, like plotter.Line but stroked in short
// pieces: the rasteriser's cost grows with the number of cells per pixel
// row of one path, and a noisy curve with thousands of vertices fills
// rows with cells; chunking keeps it linear.
//
// With band set, a curve with more vertices than pixel columns is drawn
// instead as the filled band covering, per column, the range of y the
// line passes through, widened by half the line width: the same pixels,
// at a fraction of the cost of stroking hundreds of tiny zig-zags.
type polyline struct {
	xys  plotter.XYs
	sty  draw.LineStyle
	band bool
}

const chunkLen = 32

// Plot implements plot.Plotter.
func (l *polyline) Plot(c draw.Canvas, p *plot.Plot) {
	if l.sty.Width <= 0 || len(l.xys) == 0 {
		return
	}
	trX, trY := p.Transforms(&c)
	ps := make([]vg.Point, len(l.xys))
	for i, q := range l.xys {
		ps[i] = vg.Point{X: trX(q.X), Y: trY(q.Y)}
	}
	if l.band && len(l.sty.Dashes) == 0 && vg.Length(len(ps)) > c.Max.X-c.Min.X {
		fillBand(c, ps, l.sty)
		return
	}
	c.SetLineStyle(l.sty)
	chunk := chunkLen
	if len(l.sty.Dashes) > 0 {
		chunk = len(ps) // keep the dash pattern continuous
	}
	var path vg.Path
	for _, seg := range c.ClipLinesXY(ps) {
		for len(seg) > 1 {
			n := min(len(seg), chunk)
			path = path[:0]
			path.Move(seg[0])
			for _, q := range seg[1:n] {
				path.Line(q)
			}
			c.Stroke(path)
			seg = seg[n-1:]
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *polyline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.sty, c.Min.X, y, c.Max.X, y)
}

// vline is a vertical line across the data area at x.
type vline struct {
	x   float64
	sty draw.LineStyle
}

// Plot implements plot.Plotter.
func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	if v.x < p.X.Min || v.x > p.X.Max {
		return
	}
	x := c.X(p.X.Norm(v.x))
	c.StrokeLine2(v.sty, x, c.Min.Y, x, c.Max.Y)
}

// shadePolygon returns the area between the two shaded series, sampled at
// up to cols points over their common x range, or nil.
func shadePolygon(c Chart, pts [][]xy, x0, x1 float64, cols int, col color.Color) *plotter.Polygon {
	a, b := c.Shade[0], c.Shade[1]
	if a < 0 || b < 0 || a >= len(pts) || b >= len(pts) || a == b {
		return nil
	}
	pa, pb := pts[a], pts[b]
	if len(pa) < 2 || len(pb) < 2 || !sortedX(pa) || !sortedX(pb) {
		return nil
	}
	lo := max(pa[0].x, pb[0].x, x0)
	hi := min(pa[len(pa)-1].x, pb[len(pb)-1].x, x1)
	if !(hi > lo) {
		return nil
	}
	n := clampInt(cols/2, 2, 1000)
	ring := make(plotter.XYs, 2*n)
	for i := range n {
		x := lo + (hi-lo)*float64(i)/float64(n-1)
		ring[i] = plotter.XY{X: x, Y: interp(pa, x)}
		ring[2*n-1-i] = plotter.XY{X: x, Y: interp(pb, x)}
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: col}
}

// interp returns the linear interpolation of sorted pts at x within range.
func interp(pts []xy, x float64) float64 {
	lo, hi := 0, len(pts)-1
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if pts[m].x <= x {
			lo = m
		} else {
			hi = m
		}
	}
	p, q := pts[lo], pts[hi]
	if q.x == p.x {
		return q.y
	}
	t := (x - p.x) / (q.x - p.x)
	return p.y + t*(q.y-p.y)
}
