package viz

import (
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one legend row: the series index (for ordering), its name
// and the thumbnails that show its style.
type legendEntry struct {
	index  int
	name   string
	thumbs []plot.Thumbnailer
}

func sortLegend(es []legendEntry) {
	slices.SortStableFunc(es, func(a, b legendEntry) int { return a.index - b.index })
}

// drawLegend draws the entries in a box in corner pos of the data area da,
// over a translucent background so that curves behind stay visible.
func drawLegend(da draw.Canvas, es []legendEntry, pos LegendPos, e env) {
	th := e.th
	sty := e.text(relSmall, th.Foreground)
	ext := sty.FontExtents()
	textH := ext.Ascent + ext.Descent
	rowH := textH + e.dp(2)
	thumbW, gap, pad, inset := e.dp(20), e.dp(6), e.dp(5), e.dp(6)
	var textW vg.Length
	for _, en := range es {
		textW = max(textW, sty.Width(en.name))
	}
	boxW := pad + thumbW + gap + textW + pad
	boxH := 2*pad + vg.Length(len(es))*rowH - e.dp(2)
	if boxW > da.Size().X-2*inset || boxH > da.Size().Y-2*inset {
		return // no room: a clipped legend is worse than none
	}

	var box vg.Rectangle
	switch pos {
	case LegendTopLeft, LegendBottomLeft:
		box.Min.X = da.Min.X + inset
	default:
		box.Min.X = da.Max.X - inset - boxW
	}
	switch pos {
	case LegendBottomLeft, LegendBottomRight:
		box.Min.Y = da.Min.Y + inset
	default:
		box.Min.Y = da.Max.Y - inset - boxH
	}
	box.Max = vg.Point{X: box.Min.X + boxW, Y: box.Min.Y + boxH}
	fillRect(da, box, fade(th.Background, 0.85))
	da.StrokeLines(draw.LineStyle{Color: th.Grid, Width: e.dp(1)}, []vg.Point{
		box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}, box.Min,
	})

	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for i, en := range es {
		top := box.Max.Y - pad - vg.Length(i)*rowH
		mid := top - textH/2
		icon := draw.Canvas{Canvas: da.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: box.Min.X + pad, Y: mid - textH/2},
			Max: vg.Point{X: box.Min.X + pad + thumbW, Y: mid + textH/2},
		}}
		for _, t := range en.thumbs {
			t.Thumbnail(&icon)
		}
		da.FillText(sty, vg.Point{X: icon.Max.X + gap, Y: mid}, en.name)
	}
}
