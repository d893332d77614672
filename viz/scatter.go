package viz

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Class colours: Paul Tol's "muted" scheme (nine colours that stay
// distinct under the common forms of colour blindness) and a grey for a
// tenth class.
var tolMuted = []color.NRGBA{
	hex(0x332288), hex(0x88ccee), hex(0x44aa99), hex(0x117733), hex(0x999933),
	hex(0xddcc77), hex(0xcc6677), hex(0x882255), hex(0xaa4499), hex(0x8a8a8a),
}

// ClassColor returns the colour of class c: Paul Tol's muted colours for
// up to ten classes, the theme's series colours beyond.
func ClassColor(th Theme, c int) color.NRGBA {
	if c >= 0 && c < len(tolMuted) {
		return tolMuted[c]
	}
	return th.SeriesColor(c)
}

// Scatter is a 2D map of labelled points, such as a layer's representation
// of test images projected to a plane.
type Scatter struct {
	Title string
	XY    []float64 // (n, 2): point i is at (XY[2i], XY[2i+1])
	Class []uint8   // (n) the colour of each point
	// Wrong, if not nil, marks the points drawn as mistakes: a ring in the
	// foreground colour around the point.
	Wrong []bool
	// Names are the legend's class names; nil means 0, 1, 2, ….
	Names []string
	// Classes is the number of classes in the legend.
	Classes int
	// Highlight is the index of a point drawn larger and ringed, or −1.
	Highlight int
	// Note is a line of small text under the title, e.g. the score.
	Note string
}

// scatterLayout is where a scatter's parts go on a w×h canvas, in canvas
// units with y up.
type scatterLayout struct {
	area       vg.Rectangle // the data area
	legend     vg.Point     // top left of the legend
	cx, cy, k  float64      // data centre and canvas units per data unit
	r          vg.Length    // point radius
	titleY     vg.Length
	rowH, swat vg.Length
}

func (s Scatter) layout(w, h vg.Length, e env) scatterLayout {
	var l scatterLayout
	title := e.text(relTitle, e.th.Foreground)
	small := e.text(relSmall, e.th.Foreground)
	te := title.FontExtents()
	se := small.FontExtents()
	pad := e.dp(6)
	top := h - pad
	if s.Title != "" {
		top -= te.Ascent + te.Descent
	}
	l.titleY = h - pad - te.Ascent
	if s.Note != "" {
		top -= se.Ascent + se.Descent + e.dp(2)
	}
	l.rowH = se.Ascent + se.Descent + e.dp(3)
	l.swat = e.dp(10)
	var nameW vg.Length
	for c := range s.Classes {
		nameW = max(nameW, small.Width(s.name(c)))
	}
	nameW = max(nameW, small.Width(tr("mistake")))
	legendW := l.swat + e.dp(6) + nameW + pad
	l.legend = vg.Point{X: w - legendW, Y: top - e.dp(4)}
	l.area = vg.Rectangle{Min: vg.Point{X: pad, Y: pad}, Max: vg.Point{X: w - legendW - pad, Y: top - e.dp(4)}}
	l.r = e.dp(2.6)

	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := 0; i+1 < len(s.XY); i += 2 {
		x, y := s.XY[i], s.XY[i+1]
		if finite(x) && finite(y) {
			x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
		}
	}
	if x0 > x1 {
		x0, x1, y0, y1 = -1, 1, -1, 1
	}
	l.cx, l.cy = (x0+x1)/2, (y0+y1)/2
	spanX, spanY := max(x1-x0, 1e-12), max(y1-y0, 1e-12)
	aw := float64(l.area.Size().X - 2*l.r)
	ah := float64(l.area.Size().Y - 2*l.r)
	l.k = max(0, min(aw/spanX, ah/spanY)) // one scale for both axes: distances are true
	return l
}

func (s Scatter) name(c int) string {
	if c < len(s.Names) {
		return s.Names[c]
	}
	return fmt.Sprint(c)
}

// at returns the canvas position of data point (x, y).
func (l scatterLayout) at(x, y float64) vg.Point {
	mid := vg.Point{X: (l.area.Min.X + l.area.Max.X) / 2, Y: (l.area.Min.Y + l.area.Max.Y) / 2}
	return vg.Point{X: mid.X + vg.Length((x-l.cx)*l.k), Y: mid.Y + vg.Length((y-l.cy)*l.k)}
}

// ScatterPlot renders s as a w×h RGBA image; scale is pixels per dp, as for
// LineChart. Both axes share one scale, so distances on screen are true to
// the data's.
func ScatterPlot(s Scatter, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	return render(w, h, e, func(dc draw.Canvas) { drawScatter(dc, s, e) })
}

// WriteScatterSVG writes s as a wcm×hcm centimetre SVG document.
func WriteScatterSVG(w io.Writer, s Scatter, wcm, hcm float64, th Theme) error {
	if !(wcm > 0) || !(hcm > 0) || !finite(wcm) || !finite(hcm) {
		return fmt.Errorf("viz: svg size %g×%g cm must be positive", wcm, hcm)
	}
	vc := vgsvg.NewWith(vgsvg.UseWH(vg.Length(wcm)*vg.Centimeter, vg.Length(hcm)*vg.Centimeter), vgsvg.EmbedFonts(true))
	dc := draw.New(vc)
	if th.Background.A > 0 {
		fillRect(dc, dc.Rectangle, th.Background)
	}
	drawScatter(dc, s, newEnv(th, 1))
	if _, err := vc.WriteTo(w); err != nil {
		return fmt.Errorf("write scatter svg: %w", err)
	}
	return nil
}

// ScatterPointAt returns the point of s nearest to pixel (px, py) of a w×h
// rendering (y down, as on screen), if one is within a few dp of it.
func ScatterPointAt(s Scatter, w, h int, scale float64, th Theme, px, py int) (int, bool) {
	e := newEnv(th, scale)
	l := s.layout(vg.Length(w), vg.Length(h), e)
	q := vg.Point{X: vg.Length(px) + 0.5, Y: vg.Length(h-py) - 0.5}
	best, bestD := -1, float64(e.dp(6))
	for i := 0; i+1 < len(s.XY); i += 2 {
		p := l.at(s.XY[i], s.XY[i+1])
		if d := math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y)); d <= bestD {
			best, bestD = i/2, d
		}
	}
	return best, best >= 0
}

func drawScatter(dc draw.Canvas, s Scatter, e env) {
	th := e.th
	size := dc.Size()
	l := s.layout(size.X, size.Y, e)
	o := dc.Min
	off := func(p vg.Point) vg.Point { return vg.Point{X: p.X + o.X, Y: p.Y + o.Y} }
	if s.Title != "" {
		dc.FillText(e.text(relTitle, th.Foreground), off(vg.Point{X: e.dp(6), Y: l.titleY}), s.Title)
	}
	if s.Note != "" {
		sty := e.text(relSmall, th.Foreground)
		ext := sty.FontExtents()
		dc.FillText(sty, off(vg.Point{X: e.dp(6), Y: l.area.Max.Y + e.dp(4) + ext.Descent}), s.Note)
	}
	if l.area.Size().X <= 0 || l.area.Size().Y <= 0 {
		return
	}
	area := vg.Rectangle{Min: off(l.area.Min), Max: off(l.area.Max)}
	dc.StrokeLines(e.line(th.Grid, 1), []vg.Point{area.Min, {X: area.Max.X, Y: area.Min.Y}, area.Max, {X: area.Min.X, Y: area.Max.Y}, area.Min})
	n := min(len(s.XY)/2, len(s.Class))
	if n == 0 {
		noData(draw.Crop(dc, l.area.Min.X, l.area.Max.X-size.X, l.area.Min.Y, l.area.Max.Y-size.Y), e)
	}
	ring := e.line(th.Foreground, 1.1)
	// Correct points first, mistakes on top of them, the highlight last.
	for pass := range 2 {
		for i := range n {
			wrong := s.Wrong != nil && i < len(s.Wrong) && s.Wrong[i]
			if wrong != (pass == 1) || !finite(s.XY[2*i]) || !finite(s.XY[2*i+1]) {
				continue
			}
			p := off(l.at(s.XY[2*i], s.XY[2*i+1]))
			dc.SetColor(ClassColor(th, int(s.Class[i])))
			dc.Fill(circle(p, l.r))
			if wrong {
				dc.SetLineStyle(ring)
				dc.Stroke(circle(p, l.r+e.dp(0.8)))
			}
		}
	}
	if i := s.Highlight; i >= 0 && i < n {
		p := off(l.at(s.XY[2*i], s.XY[2*i+1]))
		dc.SetColor(ClassColor(th, int(s.Class[i])))
		dc.Fill(circle(p, 2*l.r))
		dc.SetLineStyle(e.line(th.Foreground, 2))
		dc.Stroke(circle(p, 2*l.r+e.dp(1.5)))
	}
	// Legend: one swatch per class, then the mistake ring.
	sty := e.text(relSmall, th.Foreground)
	ext := sty.FontExtents()
	y := l.legend.Y - ext.Ascent
	for c := 0; c <= s.Classes; c++ {
		if y < e.dp(4) {
			break
		}
		sw := off(vg.Point{X: l.legend.X + l.swat/2, Y: y + ext.Ascent/2 - ext.Descent/2})
		name := tr("mistake")
		if c < s.Classes {
			name = s.name(c)
			dc.SetColor(ClassColor(th, c))
			dc.Fill(circle(sw, l.swat/2))
		} else {
			dc.SetColor(th.Muted)
			dc.Fill(circle(sw, l.r))
			dc.SetLineStyle(ring)
			dc.Stroke(circle(sw, l.r+e.dp(0.8)))
		}
		dc.FillText(sty, off(vg.Point{X: l.legend.X + l.swat + e.dp(6), Y: y}), name)
		y -= l.rowH
	}
}

// circle returns a closed circular path.
func circle(c vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: c.X + r, Y: c.Y})
	p.Arc(c, r, 0, 2*math.Pi)
	p.Close()
	return p
}
