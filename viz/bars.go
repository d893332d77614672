package viz

import (
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BarChart is a set of labelled bars, e.g. the ten class probabilities of
// one prediction. The largest value is highlighted in Theme.Series[0];
// the others are drawn in Theme.Muted.
type BarChart struct {
	Title string
	// Labels name the bars; missing labels are the bar's index.
	Labels []string
	// Values are the bar lengths; non-finite values are drawn as 0 and
	// labelled NaN, +Inf or -Inf.
	Values []float64
	// Horizontal lays bars out top to bottom, growing to the right;
	// otherwise they stand left to right.
	Horizontal bool
	// Truth, if set and in range, marks the correct bar in
	// Theme.Series[1] when it is not the highlighted maximum, so that a
	// wrong prediction shows both bars.
	Truth *int
	// Max fixes the value axis' upper limit, e.g. 1 for probabilities;
	// nil fits the data.
	Max *float64
	// ValueLabels writes each value at the end of its bar, with two
	// decimals when all values lie in [0, 1].
	ValueLabels bool
}

// Bars renders c as a w×h image, with scale as for LineChart.
func Bars(c BarChart, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	return render(w, h, e, func(dc draw.Canvas) { drawBars(dc, c, e) })
}

func drawBars(dc draw.Canvas, c BarChart, e env) {
	f, ok := newFrame(dc, e)
	if !ok {
		return
	}
	n := len(c.Values)
	vals := make([]float64, n) // what is drawn: finite and clipped
	lo, hi, best := 0.0, 0.0, -1
	unit := true
	for i, v := range c.Values {
		if !finite(v) {
			v = 0
		}
		v = clip(v)
		vals[i] = v
		lo, hi = min(lo, v), max(hi, v)
		unit = unit && v >= 0 && v <= 1
		if best < 0 || v > vals[best] {
			best = i
		}
	}
	cols := make([]color.Color, n)
	for i := range cols {
		cols[i] = e.th.Muted
	}
	if best >= 0 {
		cols[best] = e.th.SeriesColor(0)
	}
	if c.Truth != nil && *c.Truth >= 0 && *c.Truth < n && *c.Truth != best {
		cols[*c.Truth] = e.th.SeriesColor(1)
	}
	labels := make([]string, n)
	for i := range labels {
		labels[i] = strconv.Itoa(i)
		if i < len(c.Labels) {
			labels[i] = c.Labels[i]
		}
	}

	p := f.plot(e, c.Title, "", "", false)
	vAxis, cAxis := &p.Y, &p.X // value and category axes
	if c.Horizontal {
		vAxis, cAxis = &p.X, &p.Y
	}
	nv := f.ny
	if c.Horizontal {
		nv = f.nx
	}
	vAxis.Min, vAxis.Max = axisRange(lo, hi, nil, c.Max, false, nv)
	if lo >= 0 {
		vAxis.Min = 0
	}
	vAxis.Padding = 0
	cAxis.Min, cAxis.Max = -0.5, float64(n)-0.5
	if n == 0 {
		cAxis.Min, cAxis.Max = 0, 1
	}
	ticks := make(plot.ConstantTicks, n)
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: catPos(i, n, c.Horizontal), Label: l}
	}
	cAxis.Tick.Marker = ticks
	// Invisible tick marks keep the labels off the axis line.
	cAxis.Tick.LineStyle.Color = color.Transparent
	cAxis.Padding = 0
	// Only value grid lines: categories are labelled directly.
	p.Add(grid(e, c.Horizontal, !c.Horizontal))
	p.Add(&barsPlotter{vals: vals, raw: c.Values, cols: cols, horizontal: c.Horizontal, labels: c.ValueLabels, unit: unit, e: e})
	p.Draw(f.inner)
	if n == 0 {
		noData(p.DataCanvas(f.inner), e)
	}
}

// catPos is the axis position of bar i of n: left to right, or top to
// bottom when horizontal.
func catPos(i, n int, horizontal bool) float64 {
	if horizontal {
		return float64(n - 1 - i)
	}
	return float64(i)
}

// barsPlotter draws the bars and their value labels.
type barsPlotter struct {
	vals, raw  []float64 // drawn and given values
	cols       []color.Color
	horizontal bool
	labels     bool
	unit       bool
	e          env
}

// Plot implements plot.Plotter. Value labels never overlap: where bars are
// too narrow for all of them, the highlighted bars keep theirs first, then
// the largest values, and a label that would cover one already placed is
// left out (the bar's length still shows its value).
func (b *barsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(b.vals)
	sty := b.e.text(relSmall, b.e.th.Foreground)
	gap := b.e.dp(3)
	labels := make([]barLabel, 0, n)
	for i, v := range b.vals {
		pos := catPos(i, n, b.horizontal)
		var r vg.Rectangle
		var at vg.Point
		if b.horizontal {
			y0, y1 := trY(pos-0.35), trY(pos+0.35)
			x0, x1 := trX(math.Max(0, p.X.Min)), trX(v)
			r = vg.Rectangle{Min: vg.Point{X: min(x0, x1), Y: y0}, Max: vg.Point{X: max(x0, x1), Y: y1}}
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			at = vg.Point{X: r.Max.X + gap, Y: (y0 + y1) / 2}
		} else {
			x0, x1 := trX(pos-0.35), trX(pos+0.35)
			y0, y1 := trY(math.Max(0, p.Y.Min)), trY(v)
			r = vg.Rectangle{Min: vg.Point{X: x0, Y: min(y0, y1)}, Max: vg.Point{X: x1, Y: max(y0, y1)}}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			at = vg.Point{X: (x0 + x1) / 2, Y: r.Max.Y + gap}
		}
		r = clipRect(r, c.Rectangle)
		if r.Max.X > r.Min.X && r.Max.Y > r.Min.Y {
			fillRect(c, r, b.cols[i])
		}
		if b.labels {
			txt := strconv.FormatFloat(b.raw[i], 'g', 3, 64) // NaN and ±Inf say so
			if b.unit && finite(b.raw[i]) {
				txt = strconv.FormatFloat(v, 'f', 2, 64)
			}
			ts := sty
			// No room beyond the bar's end: write inside it instead.
			if b.horizontal && at.X+ts.Width(txt) > c.Max.X {
				ts.XAlign, ts.Color = draw.XRight, contrastText(b.cols[i])
				at.X = r.Max.X - gap
			} else if !b.horizontal && at.Y+ts.Height(txt) > c.Max.Y {
				ts.YAlign, ts.Color = draw.YTop, contrastText(b.cols[i])
				at.Y = r.Max.Y - gap
				// Wider than its bar: beside the bar's top instead, in the
				// text colour (the right side unless that leaves the chart).
				if tw := ts.Width(txt); tw > r.Max.X-r.Min.X {
					ts.Color = sty.Color
					ts.XAlign, at.X = draw.XLeft, r.Max.X+gap
					if at.X+tw > c.Max.X {
						ts.XAlign, at.X = draw.XRight, r.Min.X-gap
					}
				}
			}
			labels = append(labels, barLabel{txt: txt, sty: ts, at: at, box: labelBox(ts, at, txt), first: b.cols[i] != b.e.th.Muted, value: math.Abs(b.vals[i])})
		}
	}
	for _, l := range placeLabels(labels, gap) {
		c.FillText(l.sty, l.at, l.txt)
	}
}

// barLabel is one bar's value label: its text, style and anchor, the box
// it covers, whether its bar is highlighted and the bar's magnitude.
type barLabel struct {
	txt   string
	sty   text.Style
	at    vg.Point
	box   vg.Rectangle
	first bool
	value float64
}

// labelBox returns the rectangle that txt drawn in sty at at covers.
func labelBox(sty text.Style, at vg.Point, txt string) vg.Rectangle {
	w, h := sty.Width(txt), sty.Height(txt)
	x := at.X + vg.Length(sty.XAlign)*w
	y := at.Y + vg.Length(sty.YAlign)*h
	return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
}

// placeLabels returns the labels that can be drawn without any two boxes
// coming closer than gap: highlighted bars' labels first (one that would
// touch a label already placed is left out), then the others by decreasing
// magnitude (earlier bars first among equals) until one does not fit, so
// that the labelled bars are always the largest ones. The result keeps the
// labels' order.
func placeLabels(ls []barLabel, gap vg.Length) []barLabel {
	order := make([]int, len(ls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		la, lb := ls[order[a]], ls[order[b]]
		if la.first != lb.first {
			return la.first
		}
		return la.value > lb.value
	})
	keep := make([]bool, len(ls))
	var placed []vg.Rectangle
	for _, i := range order {
		r := ls[i].box
		free := true
		for _, q := range placed {
			if r.Min.X < q.Max.X+gap && q.Min.X < r.Max.X+gap && r.Min.Y < q.Max.Y+gap && q.Min.Y < r.Max.Y+gap {
				free = false
				break
			}
		}
		if !free && !ls[i].first {
			break
		}
		if free {
			keep[i] = true
			placed = append(placed, r)
		}
	}
	var out []barLabel
	for i, l := range ls {
		if keep[i] {
			out = append(out, l)
		}
	}
	return out
}

func clipRect(r, to vg.Rectangle) vg.Rectangle {
	r.Min.X, r.Min.Y = max(r.Min.X, to.Min.X), max(r.Min.Y, to.Min.Y)
	r.Max.X, r.Max.Y = min(r.Max.X, to.Max.X), min(r.Max.Y, to.Max.Y)
	return r
}
