package viz

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Confusion renders a 10×10 confusion matrix as a w×h image. counts[t][p]
// is the number of examples of true class t predicted as p; rows are true
// classes (top to bottom), columns predicted ones (left to right), both
// labelled 0–9. Each cell shows its count and is coloured with
// th.Sequential at log(1+count)/log(1+row total), a log scale per true
// class, so that a few confusions out of a thousand stand out next to the
// diagonal; zeros are written faintly.
// The grid layout depends only on w and h; see ConfusionCellAt.
// Negative counts are drawn as zero. scale must be positive.
func Confusion(counts [10][10]int, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	lay := confusionLayout(w, h)
	return render(w, h, e, func(c draw.Canvas) {
		if lay.cell < 1 {
			return
		}
		drawConfusion(c, counts, lay, float64(h), e)
	})
}

// confLayout is the confusion matrix geometry in pixels, y down.
type confLayout struct {
	x0, y0, cell int     // top-left corner of the grid and cell size
	margin       float64 // size of the label margins left and below
}

// confusionLayout returns the geometry for a w×h image: label margins of
// 14 % of the shorter side on the left and at the bottom, 3 % elsewhere,
// and the largest square grid of whole-pixel cells centred in the rest.
func confusionLayout(w, h int) confLayout {
	s := float64(min(w, h))
	m, r := math.Round(0.14*s), math.Round(0.03*s)
	availW, availH := float64(w)-m-r, float64(h)-m-r
	cell := int(math.Floor(min(availW, availH) / 10))
	if cell < 1 {
		return confLayout{margin: m}
	}
	g := float64(10 * cell)
	return confLayout{
		x0:     int(m + math.Floor((availW-g)/2)),
		y0:     int(r + math.Floor((availH-g)/2)),
		cell:   cell,
		margin: m,
	}
}

// ConfusionCellAt returns the cell (true row, predicted column) under
// point (x, y) of a w×h image drawn by Confusion; ok is false outside the
// grid. Because the layout is proportional, (x, y, w, h) may be either
// image pixels or the dp coordinates of the widget showing the image,
// as long as all four use the same unit (cell edges may then differ by
// rounding).
func ConfusionCellAt(x, y, w, h int) (row, col int, ok bool) {
	lay := confusionLayout(w, h)
	if lay.cell < 1 || x < lay.x0 || y < lay.y0 {
		return 0, 0, false
	}
	col, row = (x-lay.x0)/lay.cell, (y-lay.y0)/lay.cell
	if row > 9 || col > 9 {
		return 0, 0, false
	}
	return row, col, true
}

// ConfusionCellRect returns the pixel rectangle of cell (row, col) in a
// w×h image drawn by Confusion, e.g. to outline a selected cell. It is
// empty when row or col is outside 0–9 or the image is too small.
func ConfusionCellRect(row, col, w, h int) image.Rectangle {
	lay := confusionLayout(w, h)
	if lay.cell < 1 || row < 0 || row > 9 || col < 0 || col > 9 {
		return image.Rectangle{}
	}
	x, y := lay.x0+col*lay.cell, lay.y0+row*lay.cell
	return image.Rect(x, y, x+lay.cell, y+lay.cell)
}

func drawConfusion(c draw.Canvas, counts [10][10]int, lay confLayout, H float64, e env) {
	th := e.th
	cell := vg.Length(lay.cell)
	// top-left of the grid in canvas units (y up).
	gx, gy := vg.Length(lay.x0), vg.Length(H-float64(lay.y0))

	// Count font: fit the widest count into 86 % of a cell.
	widest := "0"
	for t := range 10 {
		for p := range 10 {
			if s := strconv.Itoa(max(0, counts[t][p])); len(s) > len(widest) {
				widest = s
			}
		}
	}
	size := e.dp(relSmall * th.TextSize)
	size = min(size, cell*0.38)
	if unit := e.textPx(1, th.Foreground).Width(widest); unit > 0 {
		size = min(size, cell*0.86/unit)
	}

	for t := range 10 {
		total := 0
		for p := range 10 {
			total += max(0, counts[t][p])
		}
		for p := range 10 {
			n := max(0, counts[t][p])
			frac := 0.0
			if total > 0 {
				frac = math.Log1p(float64(n)) / math.Log1p(float64(total))
			}
			bg := th.Sequential.At(frac)
			r := vg.Rectangle{
				Min: vg.Point{X: gx + vg.Length(p)*cell, Y: gy - vg.Length(t+1)*cell},
				Max: vg.Point{X: gx + vg.Length(p+1)*cell, Y: gy - vg.Length(t)*cell},
			}
			fillRect(c, r, bg)
			fg := contrastText(bg)
			if n == 0 {
				fg = fade(fg, 0.3)
			}
			sty := e.textPx(size, fg)
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}, strconv.Itoa(n))
		}
	}
	// Thin grid lines in the background colour separate the cells.
	ls := draw.LineStyle{Color: th.Background, Width: vg.Length(max(1, math.Round(e.scale)))}
	for i := 1; i < 10; i++ {
		o := vg.Length(i) * cell
		c.StrokeLine2(ls, gx+o, gy, gx+o, gy-10*cell)
		c.StrokeLine2(ls, gx, gy-o, gx+10*cell, gy-o)
	}

	// Labels: digits next to the grid, axis titles beyond them.
	m := vg.Length(lay.margin)
	lsize := min(e.dp(relLabel*th.TextSize), m*0.3)
	dsize := min(e.dp(relTick*th.TextSize), m*0.3, cell*0.6)
	gap := max(m*0.08, 1)
	dig := e.textPx(dsize, th.Foreground)
	for i := range 10 {
		mid := vg.Length(i)*cell + cell/2
		ds := dig
		ds.XAlign, ds.YAlign = draw.XRight, draw.YCenter
		c.FillText(ds, vg.Point{X: gx - gap, Y: gy - mid}, strconv.Itoa(i))
		ds.XAlign, ds.YAlign = draw.XCenter, draw.YTop
		c.FillText(ds, vg.Point{X: gx + mid, Y: gy - 10*cell - gap}, strconv.Itoa(i))
	}
	lab := e.textPx(lsize, th.Foreground)
	lab.XAlign, lab.YAlign = draw.XCenter, draw.YBottom
	dh := dig.FontExtents()
	bottom := gy - 10*cell - gap - (dh.Ascent + dh.Descent) - gap
	lab.YAlign = draw.YTop
	c.FillText(lab, vg.Point{X: gx + 5*cell, Y: bottom}, tr("Predicted"))
	lab.Rotation = math.Pi / 2
	lab.YAlign = draw.YBottom
	left := gx - gap - dig.Width("0") - gap
	c.FillText(lab, vg.Point{X: left, Y: gy - 5*cell}, tr("True"))
}

// OutlineConfusionCell draws a frame round cell (row, col) of img, a
// confusion matrix drawn by Confusion at img's size, to mark the selected
// cell: a Foreground line inside a Background line, each about 1.5 dp wide
// at scale, so that it shows on any cell colour. Cells out of range change
// nothing.
func OutlineConfusionCell(img *image.RGBA, row, col int, scale float64, th Theme) {
	r := ConfusionCellRect(row, col, img.Rect.Dx(), img.Rect.Dy())
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
