package viz

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Landscape is a 2D slice of a loss landscape: loss values on a grid of
// (α, β), drawn as a heat map of log₁₀ loss with contour lines, and a path
// of points (e.g. the training run's snapshots) drawn over it.
type Landscape struct {
	Title         string
	XLabel        string
	YLabel        string
	Alphas, Betas []float64 // the grid's coordinates, increasing
	Loss          []float64 // (len(Betas), len(Alphas)), row j at Betas[j]
	// Path holds (m, 2) points (α, β) in order, drawn as a line from a
	// ring (the first) to a large dot (the last); it may be empty.
	Path []float64
}

// landGrid adapts a Landscape to plotter.GridXYZ, in log₁₀ loss.
type landGrid struct{ l *Landscape }

func (g landGrid) Dims() (c, r int) { return len(g.l.Alphas), len(g.l.Betas) }
func (g landGrid) X(c int) float64  { return g.l.Alphas[c] }
func (g landGrid) Y(r int) float64  { return g.l.Betas[r] }
func (g landGrid) Z(c, r int) float64 {
	v := g.l.Loss[r*len(g.l.Alphas)+c]
	if !(v > 0) || math.IsInf(v, 1) {
		return math.NaN()
	}
	return math.Log10(v)
}

// LogRange returns the lowest and highest finite log₁₀ loss of the slice,
// for a colour bar beside it; ok is false when there is none.
func (l Landscape) LogRange() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	g := landGrid{&l}
	c, r := g.Dims()
	for j := range r {
		for i := range c {
			if z := g.Z(i, j); finite(z) {
				lo, hi = min(lo, z), max(hi, z)
			}
		}
	}
	return lo, hi, lo <= hi
}

// seqPalette turns a Palette into gonum's palette.Palette of n colours.
type seqPalette struct {
	p Palette
	n int
}

func (s seqPalette) Colors() []color.Color {
	out := make([]color.Color, s.n)
	for i := range out {
		out[i] = s.p.At(float64(i) / float64(s.n-1))
	}
	return out
}

// LandscapeMap renders l as a w×h image, coloured with Viridis (low loss
// dark purple, high loss yellow) in every theme.
func LandscapeMap(l Landscape, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	return render(w, h, e, func(dc draw.Canvas) { drawLandscape(dc, l, e) })
}

// WriteLandscapeSVG writes l as a wcm×hcm centimetre SVG document.
func WriteLandscapeSVG(w io.Writer, l Landscape, wcm, hcm float64, th Theme) error {
	if !(wcm > 0) || !(hcm > 0) || !finite(wcm) || !finite(hcm) {
		return fmt.Errorf("viz: svg size %g×%g cm must be positive", wcm, hcm)
	}
	vc := vgsvg.NewWith(vgsvg.UseWH(vg.Length(wcm)*vg.Centimeter, vg.Length(hcm)*vg.Centimeter), vgsvg.EmbedFonts(true))
	dc := draw.New(vc)
	if th.Background.A > 0 {
		fillRect(dc, dc.Rectangle, th.Background)
	}
	drawLandscape(dc, l, newEnv(th, 1))
	if _, err := vc.WriteTo(w); err != nil {
		return fmt.Errorf("write landscape svg: %w", err)
	}
	return nil
}

func drawLandscape(dc draw.Canvas, l Landscape, e env) {
	th := e.th
	f, ok := newFrame(dc, e)
	if !ok {
		return
	}
	p := f.plot(e, l.Title, l.XLabel, l.YLabel, false)
	lo, hi, any := l.LogRange()
	complete := len(l.Alphas) >= 2 && len(l.Betas) >= 2 && len(l.Loss) == len(l.Alphas)*len(l.Betas)
	if any && complete {
		g := landGrid{&l}
		hm := plotter.NewHeatMap(g, seqPalette{Viridis, 64})
		hm.Min, hm.Max = lo, hi
		hm.Rasterized = true // no seams between cells
		hm.NaN = th.Muted
		p.Add(hm)
		if hi > lo {
			levels := make([]float64, 9)
			for i := range levels {
				levels[i] = lo + (hi-lo)*float64(i+1)/10
			}
			ct := plotter.NewContour(g, levels, nil)
			ct.LineStyles = []draw.LineStyle{e.line(fade(th.Foreground, 0.55), 0.8)}
			ct.Min, ct.Max = lo, hi
			p.Add(ct)
		}
	}
	if complete { // the outer cells are whole
		na, nb := len(l.Alphas), len(l.Betas)
		da, db := (l.Alphas[1]-l.Alphas[0])/2, (l.Betas[1]-l.Betas[0])/2
		p.X.Min, p.X.Max = l.Alphas[0]-da, l.Alphas[na-1]+(l.Alphas[na-1]-l.Alphas[na-2])/2
		p.Y.Min, p.Y.Max = l.Betas[0]-db, l.Betas[nb-1]+(l.Betas[nb-1]-l.Betas[nb-2])/2
	}
	if len(l.Path) >= 2 {
		p.Add(landPath{l: &l, e: e})
	}
	p.Draw(f.inner)
	if !any || !complete {
		noData(p.DataCanvas(f.inner), e)
	}
}

// landPath draws the path: a line through its points, small dots, a ring
// at the start and a large dot at the end, clipped to the slice.
type landPath struct {
	l *Landscape
	e env
}

// Plot implements plot.Plotter.
func (lp landPath) Plot(c draw.Canvas, p *plot.Plot) {
	th, e := lp.e.th, lp.e
	trX, trY := p.Transforms(&c)
	in := func(a, b float64) bool {
		return finite(a) && finite(b) && a >= p.X.Min && a <= p.X.Max && b >= p.Y.Min && b <= p.Y.Max
	}
	pts := lp.l.Path
	n := len(pts) / 2
	line, halo := e.line(th.Foreground, 1.6), e.line(th.Background, 3.4)
	var seg []vg.Point
	flush := func() {
		if len(seg) >= 2 {
			c.StrokeLines(halo, seg) // keeps the path visible on any colour
			c.StrokeLines(line, seg)
		}
		seg = seg[:0]
	}
	for i := range n {
		a, b := pts[2*i], pts[2*i+1]
		if !in(a, b) {
			flush()
			continue
		}
		seg = append(seg, vg.Point{X: trX(a), Y: trY(b)})
	}
	flush()
	for i := range n {
		a, b := pts[2*i], pts[2*i+1]
		if !in(a, b) {
			continue
		}
		q := vg.Point{X: trX(a), Y: trY(b)}
		switch i {
		case 0:
			c.SetColor(th.Background)
			c.Fill(circle(q, e.dp(4)))
			c.SetLineStyle(e.line(th.Foreground, 1.6))
			c.Stroke(circle(q, e.dp(4)))
		case n - 1:
			c.SetColor(th.Foreground)
			c.Fill(circle(q, e.dp(4.5)))
			c.SetColor(th.Background)
			c.Fill(circle(q, e.dp(1.8)))
		default:
			c.SetColor(th.Foreground)
			c.Fill(circle(q, e.dp(2)))
		}
	}
}
