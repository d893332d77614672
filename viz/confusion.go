package viz

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"unicode/utf8"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Confusion renders an n×n confusion matrix as a w×h image, n =
// len(names). counts[t][p] is the number of examples of true class t
// predicted as p; rows are true classes (top to bottom), columns predicted
// ones (left to right), both labelled with names (index = class; long
// names are shortened with "…", and the column labels turn upright when
// they do not fit a cell). Each cell shows its count (when the cell is
// large enough to read it) and is coloured with th.Sequential at
// log(1+count)/log(1+row total), a log scale per true class, so that a few
// confusions out of a thousand stand out next to the diagonal; zeros are
// written faintly.
// The grid layout depends only on w, h and names; see ConfusionCellAt.
// Negative counts are drawn as zero; rows and cells beyond n are ignored
// and missing ones count zero. scale must be positive.
func Confusion(counts [][]int, names []string, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	lay := confusionLayout(w, h, names)
	return render(w, h, e, func(c draw.Canvas) {
		if lay.cell < 1 {
			return
		}
		drawConfusion(c, counts, names, lay, float64(h), e)
	})
}

// DigitNames returns the names of the classes 0 to n-1: "0", "1", ….
func DigitNames(n int) []string {
	s := make([]string, max(n, 0))
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}

// confLayout is the confusion matrix geometry in pixels, y down.
type confLayout struct {
	x0, y0, cell int     // top-left corner of the grid and cell size
	n            int     // classes
	margin       float64 // size of the label margins left and below
}

// confusionLayout returns the geometry for a w×h image of len(names)
// classes: label margins on the left and at the bottom of 14 % of the
// shorter side when every name has at most two characters (digits), 26 %
// otherwise, 3 % elsewhere, and the largest square grid of whole-pixel
// cells centred in the rest.
func confusionLayout(w, h int, names []string) confLayout {
	n := len(names)
	s := float64(min(w, h))
	frac := 0.14
	for _, name := range names {
		if utf8.RuneCountInString(name) > 2 {
			frac = 0.26
			break
		}
	}
	m, r := math.Round(frac*s), math.Round(0.03*s)
	if n < 1 {
		return confLayout{margin: m}
	}
	availW, availH := float64(w)-m-r, float64(h)-m-r
	cell := int(math.Floor(min(availW, availH) / float64(n)))
	if cell < 1 {
		return confLayout{margin: m, n: n}
	}
	g := float64(n * cell)
	return confLayout{
		x0:     int(m + math.Floor((availW-g)/2)),
		y0:     int(r + math.Floor((availH-g)/2)),
		cell:   cell,
		n:      n,
		margin: m,
	}
}

// ConfusionCellAt returns the cell (true row, predicted column) under
// point (x, y) of a w×h image drawn by Confusion with names; ok is false
// outside the grid. Because the layout is proportional, (x, y, w, h) may
// be either image pixels or the dp coordinates of the widget showing the
// image, as long as all four use the same unit (cell edges may then
// differ by rounding).
func ConfusionCellAt(x, y, w, h int, names []string) (row, col int, ok bool) {
	lay := confusionLayout(w, h, names)
	if lay.cell < 1 || x < lay.x0 || y < lay.y0 {
		return 0, 0, false
	}
	col, row = (x-lay.x0)/lay.cell, (y-lay.y0)/lay.cell
	if row >= lay.n || col >= lay.n {
		return 0, 0, false
	}
	return row, col, true
}

// ConfusionCellRect returns the pixel rectangle of cell (row, col) in a
// w×h image drawn by Confusion with names, e.g. to outline a selected
// cell. It is empty when row or col is not a class or the image is too
// small.
func ConfusionCellRect(row, col, w, h int, names []string) image.Rectangle {
	lay := confusionLayout(w, h, names)
	if lay.cell < 1 || row < 0 || row >= lay.n || col < 0 || col >= lay.n {
		return image.Rectangle{}
	}
	x, y := lay.x0+col*lay.cell, lay.y0+row*lay.cell
	return image.Rect(x, y, x+lay.cell, y+lay.cell)
}

// count returns counts[t][p], or 0 when the matrix lacks the cell or it
// is negative.
func count(counts [][]int, t, p int) int {
	if t >= len(counts) || p >= len(counts[t]) {
		return 0
	}
	return max(0, counts[t][p])
}

// minTextPx is the smallest text, in pixels, the matrix writes; counts and
// labels that would be smaller are left out.
const minTextPx = 5

func drawConfusion(c draw.Canvas, counts [][]int, names []string, lay confLayout, H float64, e env) {
	th := e.th
	n := lay.n
	cell := vg.Length(lay.cell)
	// top-left of the grid in canvas units (y up).
	gx, gy := vg.Length(lay.x0), vg.Length(H-float64(lay.y0))

	// Count font: fit the widest count into 86 % of a cell.
	widest := "0"
	for t := range n {
		for p := range n {
			if s := strconv.Itoa(count(counts, t, p)); len(s) > len(widest) {
				widest = s
			}
		}
	}
	size := e.dp(relSmall * th.TextSize)
	size = min(size, cell*0.38)
	if unit := e.textPx(1, th.Foreground).Width(widest); unit > 0 {
		size = min(size, cell*0.86/unit)
	}

	for t := range n {
		total := 0
		for p := range n {
			total += count(counts, t, p)
		}
		for p := range n {
			k := count(counts, t, p)
			frac := 0.0
			if total > 0 {
				frac = math.Log1p(float64(k)) / math.Log1p(float64(total))
			}
			bg := th.Sequential.At(frac)
			r := vg.Rectangle{
				Min: vg.Point{X: gx + vg.Length(p)*cell, Y: gy - vg.Length(t+1)*cell},
				Max: vg.Point{X: gx + vg.Length(p+1)*cell, Y: gy - vg.Length(t)*cell},
			}
			fillRect(c, r, bg)
			if size < minTextPx {
				continue
			}
			fg := contrastText(bg)
			if k == 0 {
				fg = fade(fg, 0.3)
			}
			sty := e.textPx(size, fg)
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}, strconv.Itoa(k))
		}
	}
	// Thin grid lines in the background colour separate the cells.
	ls := draw.LineStyle{Color: th.Background, Width: vg.Length(max(1, math.Round(e.scale)))}
	if lay.cell >= 4 {
		for i := 1; i < n; i++ {
			o := vg.Length(i) * cell
			c.StrokeLine2(ls, gx+o, gy, gx+o, gy-vg.Length(n)*cell)
			c.StrokeLine2(ls, gx, gy-o, gx+vg.Length(n)*cell, gy-o)
		}
	}
	drawConfusionLabels(c, names, lay, gx, gy, e)
}

// drawConfusionLabels writes the class names beside the rows and below
// the columns, and the axis titles beyond them.
func drawConfusionLabels(c draw.Canvas, names []string, lay confLayout, gx, gy vg.Length, e env) {
	th := e.th
	n := lay.n
	cell := vg.Length(lay.cell)
	m := vg.Length(lay.margin)
	lsize := min(e.dp(relLabel*th.TextSize), m*0.3)
	dsize := min(e.dp(relTick*th.TextSize), m*0.3, cell*0.6)
	gap := max(m*0.08, 1)
	room := m - gap - lsize - 2*gap // what a name may take beside the grid
	dig := e.textPx(dsize, th.Foreground)
	// Shorten the names to the room; show every step-th when the cells are
	// too small for a legible one each.
	short := make([]string, n)
	var wide vg.Length
	for i := range n {
		short[i] = shorten(dig, names[i], room)
		wide = max(wide, dig.Width(short[i]))
	}
	upright := wide > cell*0.95 // the column labels do not fit across a cell
	step := 1
	if dsize < minTextPx {
		step = int(math.Ceil(float64(minTextPx / max(dsize, 0.01))))
		dsize = minTextPx
		dig = e.textPx(dsize, th.Foreground)
	}
	for i := 0; i < n; i += step {
		mid := vg.Length(i)*cell + cell/2
		ds := dig
		ds.XAlign, ds.YAlign = draw.XRight, draw.YCenter
		c.FillText(ds, vg.Point{X: gx - gap, Y: gy - mid}, short[i])
		if upright {
			ds.Rotation = math.Pi / 2
			ds.XAlign, ds.YAlign = draw.XRight, draw.YCenter
		} else {
			ds.XAlign, ds.YAlign = draw.XCenter, draw.YTop
		}
		c.FillText(ds, vg.Point{X: gx + mid, Y: gy - vg.Length(n)*cell - gap}, short[i])
	}
	lab := e.textPx(lsize, th.Foreground)
	dh := dig.FontExtents()
	below := dh.Ascent + dh.Descent
	if upright {
		below = wide
	}
	bottom := gy - vg.Length(n)*cell - gap - below - gap
	lab.XAlign, lab.YAlign = draw.XCenter, draw.YTop
	half := vg.Length(n) * cell / 2
	c.FillText(lab, vg.Point{X: gx + half, Y: bottom}, tr("Predicted"))
	lab.Rotation = math.Pi / 2
	lab.YAlign = draw.YBottom
	left := gx - gap - wide - gap
	c.FillText(lab, vg.Point{X: left, Y: gy - half}, tr("True"))
}

// shorten returns s, or its longest prefix followed by "…" that is at most
// room wide in style sty (at least one character and the ellipsis).
func shorten(sty text.Style, s string, room vg.Length) string {
	if sty.Width(s) <= room {
		return s
	}
	r := []rune(s)
	for k := len(r) - 1; k > 1; k-- {
		if t := string(r[:k]) + "…"; sty.Width(t) <= room {
			return t
		}
	}
	return string(r[:min(1, len(r))]) + "…"
}

// OutlineConfusionCell draws a frame round cell (row, col) of img, a
// confusion matrix drawn by Confusion with names at img's size, to mark the selected
// cell: a Foreground line inside a Background line, each about 1.5 dp wide
// at scale, so that it shows on any cell colour. Cells out of range change
// nothing.
func OutlineConfusionCell(img *image.RGBA, row, col int, names []string, scale float64, th Theme) {
	r := ConfusionCellRect(row, col, img.Rect.Dx(), img.Rect.Dy(), names)
	if r.Empty() {
		return
	}
	wpx := max(1, int(1.5*scale+0.5))
	frame := func(r image.Rectangle, c color.Color) {
		fill(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+wpx), c)
		fill(img, image.Rect(r.Min.X, r.Max.Y-wpx, r.Max.X, r.Max.Y), c)
		fill(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+wpx, r.Max.Y), c)
		fill(img, image.Rect(r.Max.X-wpx, r.Min.Y, r.Max.X, r.Max.Y), c)
	}
	frame(r.Inset(-wpx), th.Foreground)
	frame(r, th.Background)
}
