package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// resultsGrid is the Lessons tab's results table: a heading row and one
// row per run, whose columns share the width it is given. It never needs
// sideways scrolling: when the columns cannot have their preferred widths
// their text wraps at words (a heading, "stopped early (15 epochs)") instead
// of running into the next column or off the edge.
type resultsGrid struct {
	box   *fyne.Container
	cols  int
	prefs []float32 // preferred column widths in units at 1×
}

// newResultsGrid returns a grid with the given headings and preferred
// column widths (units at 1×).
func newResultsGrid(headings []string, prefs []float32) *resultsGrid {
	g := &resultsGrid{cols: len(headings), prefs: prefs}
	g.box = &fyne.Container{Layout: &gridLayout{g: g}}
	g.box.Objects = append(g.box.Objects, widget.NewSeparator())
	for _, h := range headings {
		l := wrapLabel(h)
		l.TextStyle.Bold = true
		g.box.Objects = append(g.box.Objects, l)
	}
	return g
}

// rows returns the number of data rows shown.
func (g *resultsGrid) rows() int { return (len(g.box.Objects)-1)/g.cols - 1 }

// setRows shows cells, one slice of g.cols texts per row.
func (g *resultsGrid) setRows(cells [][]string) {
	for g.rows() < len(cells) {
		for range g.cols {
			g.box.Objects = append(g.box.Objects, wrapLabel(""))
		}
	}
	if n := 1 + (1+len(cells))*g.cols; len(g.box.Objects) > n {
		g.box.Objects = g.box.Objects[:n]
	}
	for r, row := range cells {
		for c := range g.cols {
			l := g.cell(r+1, c)
			if c < len(row) && l.Text != row[c] {
				l.SetText(row[c])
			}
		}
	}
	g.box.Refresh()
}

// cell returns the label of row r (0: the headings), column c.
func (g *resultsGrid) cell(r, c int) *widget.Label {
	return g.box.Objects[1+r*g.cols+c].(*widget.Label)
}

// gridLayout lays a resultsGrid out.
type gridLayout struct {
	g *resultsGrid
}

// minWidths returns each column's narrowest width: its widest word (or, in
// text without spaces such as Chinese, two characters), plus padding.
func (l *gridLayout) minWidths() []float32 {
	g := l.g
	out := make([]float32, g.cols)
	ts := theme.TextSize()
	for r := 0; r <= g.rows(); r++ {
		for c := range g.cols {
			lb := g.cell(r, c)
			for _, word := range strings.Fields(lb.Text) {
				w := fyne.MeasureText(word, ts, lb.TextStyle).Width
				if rs := []rune(word); len(rs) > 2 && rs[0] >= 0x2e80 {
					w = fyne.MeasureText(string(rs[:2]), ts, lb.TextStyle).Width
				}
				out[c] = max(out[c], w)
			}
		}
	}
	for c := range out {
		out[c] += 2*theme.InnerPadding() + 1
	}
	return out
}

// resultDropOrder lists the columns a narrow results table leaves out, first
// to last, so that the rest keep readable widths (the CSV export has them
// all): the run, its status and its final accuracy always show.
var resultDropOrder = []int{7, 6, 4, 3, 5}

// shown returns which columns show at width w, given their minimum widths.
func (l *gridLayout) shown(w float32, mins []float32) []bool {
	out := make([]bool, l.g.cols)
	var sum float32
	for c := range out {
		out[c] = true
		sum += mins[c]
	}
	for _, c := range resultDropOrder {
		if sum <= w || c >= len(out) {
			break
		}
		out[c] = false
		sum -= mins[c]
	}
	return out
}

// widths shares width w among the columns shown: each gets its minimum,
// then the rest goes to the columns short of their preferred width, in
// proportion; past the preferred widths every column stretches in
// proportion. A column left out gets 0.
func (l *gridLayout) widths(w float32) []float32 {
	g := l.g
	mins := l.minWidths()
	show := l.shown(w, mins)
	prefs := make([]float32, g.cols)
	var sumMin, sumPref, sumShort float32
	for c := range g.cols {
		if !show[c] {
			mins[c] = 0
			continue
		}
		prefs[c] = max(themeScaled(g.prefs[c]), mins[c])
		sumMin += mins[c]
		sumPref += prefs[c]
		sumShort += prefs[c] - mins[c]
	}
	out := make([]float32, g.cols)
	for c := range g.cols {
		switch {
		case !show[c]:
		case w >= sumPref:
			out[c] = prefs[c] * w / sumPref
		case w > sumMin && sumShort > 0:
			out[c] = mins[c] + (w-sumMin)*(prefs[c]-mins[c])/sumShort
		default:
			out[c] = mins[c]
		}
	}
	return out
}

// Layout implements fyne.Layout.
func (l *gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	g := l.g
	ws := l.widths(size.Width)
	y := float32(0)
	for r := 0; r <= g.rows(); r++ {
		var h float32
		for c := range g.cols {
			if ws[c] > 0 {
				lb := g.cell(r, c)
				lb.Resize(fyne.NewSize(ws[c], lb.MinSize().Height))
				h = max(h, lb.MinSize().Height)
			}
		}
		x := float32(0)
		for c := range g.cols {
			lb := g.cell(r, c)
			lb.Move(fyne.NewPos(x, y))
			if ws[c] == 0 {
				lb.Hide() // left out: a label draws its text past a zero size
				continue
			}
			lb.Show()
			lb.Resize(fyne.NewSize(ws[c], h))
			x += ws[c]
		}
		y += h
		if r == 0 { // the line under the headings
			th := max(1, theme.SeparatorThicknessSize())
			objs[0].Move(fyne.NewPos(0, y))
			objs[0].Resize(fyne.NewSize(size.Width, th))
			y += th
		}
	}
}

// MinSize implements fyne.Layout: the minimum widths of the columns that
// always show, and the rows' heights as last laid out.
func (l *gridLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	mins := l.minWidths()
	dropped := map[int]bool{}
	for _, c := range resultDropOrder {
		dropped[c] = true
	}
	var w float32
	for c, m := range mins {
		if !dropped[c] {
			w += m
		}
	}
	return fyne.NewSize(w, l.g.rowsHeight(l.g.rows()))
}

// rowsHeight returns the height of the headings and the first n rows as
// last laid out (the columns left out do not count).
func (g *resultsGrid) rowsHeight(n int) float32 {
	h := max(1, theme.SeparatorThicknessSize())
	for r := 0; r <= min(n, g.rows()); r++ {
		var rh float32
		for c := range g.cols {
			if lb := g.cell(r, c); lb.Visible() {
				rh = max(rh, lb.MinSize().Height)
			}
		}
		h += rh
	}
	return h
}

// shareLayout shares the height between the Lessons charts (first object)
// and the results below them (second). When both fit, the charts at their
// minimum and the results with their first usefulResultRows rows (or all
// of them), both show: the results get the height their rows need up to
// half the height, or more while the charts keep their minimum. When they
// do not fit (1024×768, presenter mode) the switch (third object) shows
// above them and they take the whole height in turn, so that a teacher
// sees a useful number of rows rather than a sliver under the charts.
type shareLayout struct {
	// full, first, least and useful are the heights of the summary and
	// the headings with all the rows, the first row, minResultRows and
	// usefulResultRows rows.
	full, first, least, useful func() float32
	// tableChosen reports whether the switch shows the results table.
	tableChosen func() bool
	// chartsOnly reports whether presenter mode hides the results.
	chartsOnly func() bool
}

// inTurn reports whether the charts and the results show one at a time at
// height h.
func (l *shareLayout) inTurn(charts fyne.CanvasObject, h float32) bool {
	return h < charts.MinSize().Height+theme.Padding()+min(l.full(), l.useful())
}

// Layout implements fyne.Layout.
func (l *shareLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	charts, results, sw := objs[0], objs[1], objs[2]
	pad := theme.Padding()
	place := func(o fyne.CanvasObject, y, h float32) {
		o.Show()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, max(0, h)))
	}
	switch {
	case l.chartsOnly():
		sw.Hide()
		results.Hide()
		place(charts, 0, size.Height)
	case l.inTurn(charts, size.Height):
		sh := sw.MinSize().Height
		place(sw, 0, sh)
		shown, hidden := charts, results
		if l.tableChosen() {
			shown, hidden = results, charts
		}
		hidden.Hide()
		place(shown, sh+pad, size.Height-sh-pad)
	default:
		sw.Hide()
		h := min(l.full(), max(l.useful(), l.least(), size.Height/2))
		h = min(h, max(0, size.Height-charts.MinSize().Height-pad))
		h = max(h, min(l.full(), l.least()))
		place(charts, 0, size.Height-h-pad)
		place(results, size.Height-h, h)
	}
}

// MinSize implements fyne.Layout: the smaller of the heights both ways
// need; in turn, what the switch shows counts, and the results table alone
// scrolls below its first row.
func (l *shareLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	charts, results, sw := objs[0], objs[1], objs[2]
	m := charts.MinSize()
	if l.chartsOnly() {
		return m
	}
	pad := theme.Padding()
	both := m.Height + pad + min(l.full(), l.useful())
	shown := m.Height
	if l.tableChosen() {
		shown = l.first()
	}
	inTurn := sw.MinSize().Height + pad + shown
	w := max(m.Width, results.MinSize().Width, sw.MinSize().Width)
	return fyne.NewSize(w, min(both, inTurn))
}
