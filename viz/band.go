package viz

import (
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// fillBand fills, for every unit-wide column of c, the y range covered by
// the polyline ps within that column, widened by half of sty.Width, so
// that the result covers what stroking ps would. ps are in canvas units;
// x outside c is ignored and y is clamped to c.
func fillBand(c draw.Canvas, ps []vg.Point, sty draw.LineStyle) {
	x0 := float64(c.Min.X)
	n := int(math.Ceil(float64(c.Max.X - c.Min.X)))
	if n <= 0 || len(ps) == 0 {
		return
	}
	lo := make([]float64, n)
	hi := make([]float64, n)
	for k := range n {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	add := func(k int, y float64) {
		if k >= 0 && k < n {
			lo[k], hi[k] = min(lo[k], y), max(hi[k], y)
		}
	}
	col := func(x float64) int { return int(math.Floor(x - x0)) }
	for i := range ps {
		p := ps[i]
		add(col(float64(p.X)), float64(p.Y))
		if i == 0 {
			continue
		}
		q := ps[i-1]
		a, b := p, q
		if a.X > b.X {
			a, b = b, a
		}
		ka, kb := max(col(float64(a.X)), -1), min(col(float64(b.X)), n)
		if ka == kb || b.X == a.X {
			continue
		}
		slope := float64(b.Y-a.Y) / float64(b.X-a.X)
		for k := ka; k < kb; k++ { // the segment crosses the boundary x0+k+1
			y := float64(a.Y) + slope*(x0+float64(k+1)-float64(a.X))
			add(k, y)
			add(k+1, y)
		}
	}

	hw := float64(sty.Width) / 2
	ymin, ymax := float64(c.Min.Y), float64(c.Max.Y)
	c.SetColor(sty.Color)
	var path vg.Path
	for k := 0; k < n; {
		if lo[k] > hi[k] { // empty column
			k++
			continue
		}
		start := k
		for k < n && lo[k] <= hi[k] {
			k++
		}
		path = path[:0]
		for j := start; j < k; j++ {
			pt := vg.Point{X: vg.Length(x0 + float64(j) + 0.5), Y: vg.Length(clampF(hi[j]+hw, ymin, ymax))}
			if j == start {
				path.Move(vg.Point{X: pt.X - 0.5, Y: pt.Y})
			}
			path.Line(pt)
		}
		path.Line(vg.Point{X: vg.Length(x0 + float64(k)), Y: vg.Length(clampF(hi[k-1]+hw, ymin, ymax))})
		for j := k - 1; j >= start; j-- {
			path.Line(vg.Point{X: vg.Length(x0 + float64(j) + 0.5), Y: vg.Length(clampF(lo[j]-hw, ymin, ymax))})
		}
		path.Line(vg.Point{X: vg.Length(x0 + float64(start)), Y: vg.Length(clampF(lo[start]-hw, ymin, ymax))})
		path.Close()
		c.Fill(path)
	}
}

// clampF returns v limited to [lo, hi]: a band column wholly outside the
// data area (a zoomed axis) shrinks to its edge instead of spilling out.
func clampF(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
