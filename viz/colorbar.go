package viz

import (
	"image"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ColorBar renders a legend for pal over [lo, hi] as a w×h image: a
// horizontal bar with tick labels below when w ≥ h, else a vertical bar
// with labels on its right (high at the top). Use lo = −scale, hi = scale
// for a Diverging palette as drawn by Tile. A range that is empty or not
// finite is drawn as [0, 1]; scale must be positive.
func ColorBar(pal Palette, lo, hi float64, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	horizontal := w >= h
	sty := e.text(relSmall, th.Foreground)
	ext := sty.FontExtents()
	textH := ext.Ascent + ext.Descent
	tickLen, pad, gap := e.dp(4), e.dp(3), e.dp(2)
	length := float64(h)
	if horizontal {
		length = float64(w)
	}
	ticks := barTicks(lo, hi, clampInt(int(length/e.scale/70), 2, 8), length, horizontal, sty)

	// bar is the gradient's rectangle in pixels, y down.
	var bar image.Rectangle
	if horizontal {
		var labW vg.Length
		for _, t := range ticks {
			labW = max(labW, sty.Width(t.Label))
		}
		side := int(math.Ceil(float64(max(pad, labW/2+gap))))
		thick := clampInt(int(float64(h)-float64(2*pad+tickLen+gap+textH)), 1, int(e.dp(14)))
		top := int(pad)
		bar = image.Rect(side, top, w-side, top+thick)
	} else {
		var labW vg.Length
		for _, t := range ticks {
			labW = max(labW, sty.Width(t.Label))
		}
		end := int(math.Ceil(float64(max(pad, textH/2+gap))))
		thick := clampInt(int(float64(w)-float64(2*pad+tickLen+gap+labW)), 1, int(e.dp(14)))
		left := int(pad)
		bar = image.Rect(left, end, left+thick, h-end)
	}

	img := render(w, h, e, func(c draw.Canvas) {
		if bar.Dx() < 1 || bar.Dy() < 1 {
			return
		}
		ls := draw.LineStyle{Color: th.Muted, Width: e.dp(1)}
		H := vg.Length(h)
		for _, t := range ticks {
			f := (t.Value - lo) / (hi - lo)
			if horizontal {
				x := vg.Length(float64(bar.Min.X) + f*float64(bar.Dx()))
				y := H - vg.Length(bar.Max.Y)
				c.StrokeLine2(ls, x, y, x, y-tickLen)
				ts := sty
				ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
				c.FillText(ts, vg.Point{X: x, Y: y - tickLen - gap}, t.Label)
			} else {
				x := vg.Length(bar.Max.X)
				y := H - vg.Length(float64(bar.Max.Y)-f*float64(bar.Dy()))
				c.StrokeLine2(ls, x, y, x+tickLen, y)
				ts := sty
				ts.XAlign, ts.YAlign = draw.XLeft, draw.YCenter
				c.FillText(ts, vg.Point{X: x + tickLen + gap, Y: y}, t.Label)
			}
		}
	})
	if bar.Dx() < 1 || bar.Dy() < 1 || !bar.In(img.Rect) {
		return img
	}
	for y := bar.Min.Y; y < bar.Max.Y; y++ {
		for x := bar.Min.X; x < bar.Max.X; x++ {
			var t float64
			if horizontal {
				t = (float64(x-bar.Min.X) + 0.5) / float64(bar.Dx())
			} else {
				t = (float64(bar.Max.Y-y) - 0.5) / float64(bar.Dy())
			}
			col := pal.At(t)
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = col.R, col.G, col.B, col.A
		}
	}
	return img
}

// barTicks returns nice ticks over [lo, hi] plus labelled ends, dropping
// inner ticks whose labels would crowd an end label. length is the bar's
// length in canvas units.
func barTicks(lo, hi float64, n int, length float64, horizontal bool, sty text.Style) []plot.Tick {
	ends := []plot.Tick{{Value: lo, Label: formatEnd(lo)}, {Value: hi, Label: formatEnd(hi)}}
	size := func(t plot.Tick) float64 {
		if horizontal {
			return float64(sty.Width(t.Label))
		}
		return float64(sty.Height(t.Label))
	}
	out := []plot.Tick{ends[0]}
	for _, t := range (linearTicks{n: n}).Ticks(lo, hi) {
		pos := (t.Value - lo) / (hi - lo) * length
		room := 0.6*(size(t)+size(ends[0])) + 4
		roomHi := 0.6*(size(t)+size(ends[1])) + 4
		if pos >= room && length-pos >= roomHi && !sameNumber(t.Label, ends[0].Label) && !sameNumber(t.Label, ends[1].Label) {
			out = append(out, t)
		}
	}
	return append(out, ends[1])
}

// formatEnd formats a range end exactly when that is short (1200, 0.3),
// else to three significant digits (0.273, -1.23, 1.23e+07) or whole
// numbers from 100 (123457): never rounded to an integer that a tick
// between the ends also shows (an end of -1.23 is not "-1" beside a
// "-1.0" tick).
func formatEnd(v float64) string {
	if s := strconv.FormatFloat(v, 'g', -1, 64); len(s) <= 6 {
		return s
	}
	if math.Abs(v) >= 100 && math.Abs(v) < 1e6 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// sameNumber reports whether two tick labels read as the same number
// ("1" and "1.0").
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}
