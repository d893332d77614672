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
// up to ten classes, the theme's series colours beyond. On a dark
// background the colours are mixed with 35 % white, so that the darkest
// (indigo, wine, green) still stand out.
func ClassColor(th Theme, c int) color.NRGBA {
	if c < 0 || c >= len(tolMuted) {
		return th.SeriesColor(c)
	}
	col := tolMuted[c]
	if luminance(th.Background) < 0.5 {
		mix := func(v uint8) uint8 { return uint8(float64(v) + 0.35*(255-float64(v))) }
		col.R, col.G, col.B = mix(col.R), mix(col.G), mix(col.B)
	}
	return col
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
//
// The points are stamped straight into the raster (an anti-aliased disc
// per point), which is several times faster than filling 2,000 paths.
func ScatterPlot(s Scatter, w, h int, scale float64, th Theme) *image.RGBA {
	e := newEnv(th, scale)
	img := render(w, h, e, func(dc draw.Canvas) { drawScatter(dc, s, e, false) })
	if w > 0 && h > 0 {
		stampPoints(img, s, s.layout(vg.Length(w), vg.Length(h), e), e)
	}
	return img
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
	drawScatter(dc, s, newEnv(th, 1), true)
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

// drawScatter draws s into dc: the points too when points is set (else
// stampPoints adds them to the raster).
func drawScatter(dc draw.Canvas, s Scatter, e env, points bool) {
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
	ring := e.line(fade(th.Foreground, 0.75), 0.8)
	// Correct points first, mistakes on top of them, the highlight last.
	for pass := range 2 {
		if !points {
			break
		}
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
	if i := s.Highlight; points && i >= 0 && i < n {
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

// stamp is an anti-aliased disc or ring: coverage in [0, 1] of each pixel
// of a (2k+1)² square around the centre pixel.
type stamp struct {
	k   int
	cov []float64
}

// newStamp returns the coverage of the annulus r0 ≤ |p| ≤ r1 (r0 = 0 for a
// disc), from 4×4 samples a pixel, for a centre at fractional offset (fx, fy).
func newStamp(r0, r1, fx, fy float64) stamp {
	k := int(math.Ceil(r1)) + 1
	st := stamp{k: k, cov: make([]float64, (2*k+1)*(2*k+1))}
	for y := -k; y <= k; y++ {
		for x := -k; x <= k; x++ {
			hits := 0
			for sy := range 4 {
				for sx := range 4 {
					dx := float64(x) + (float64(sx)+0.5)/4 - fx
					dy := float64(y) + (float64(sy)+0.5)/4 - fy
					if d := math.Hypot(dx, dy); d <= r1 && d >= r0 {
						hits++
					}
				}
			}
			st.cov[(y+k)*(2*k+1)+x+k] = float64(hits) / 16
		}
	}
	return st
}

// put blends col into img at pixel (cx, cy) through the stamp.
func (st stamp) put(img *image.RGBA, cx, cy int, col color.NRGBA) {
	b := img.Rect
	a := float64(col.A) / 255
	for y := -st.k; y <= st.k; y++ {
		py := cy + y
		if py < b.Min.Y || py >= b.Max.Y {
			continue
		}
		for x := -st.k; x <= st.k; x++ {
			px := cx + x
			c := st.cov[(y+st.k)*(2*st.k+1)+x+st.k] * a
			if c == 0 || px < b.Min.X || px >= b.Max.X {
				continue
			}
			o := img.PixOffset(px, py)
			p := img.Pix[o : o+4 : o+4]
			p[0] = uint8(float64(p[0])*(1-c) + float64(col.R)*c + 0.5)
			p[1] = uint8(float64(p[1])*(1-c) + float64(col.G)*c + 0.5)
			p[2] = uint8(float64(p[2])*(1-c) + float64(col.B)*c + 0.5)
			p[3] = uint8(float64(p[3])*(1-c) + 255*c + 0.5)
		}
	}
}

// stampPoints draws the points of s into img (a raster of the layout l)
// as drawScatter would: correct points, then mistakes with their rings,
// then the highlight. Stamps are made for a quarter-pixel grid of centres.
func stampPoints(img *image.RGBA, s Scatter, l scatterLayout, e env) {
	th := e.th
	h := img.Rect.Dy()
	r := float64(l.r)
	ringIn, ringOut := r+float64(e.dp(0.8))-float64(e.dp(0.4)), r+float64(e.dp(0.8))+float64(e.dp(0.4))
	type key struct{ kind, fx, fy int }
	cache := map[key]stamp{}
	get := func(kind int, x, y float64) (stamp, int, int) {
		cx, cy := math.Floor(x), math.Floor(y)
		fx, fy := int((x-cx)*4), int((y-cy)*4)
		k := key{kind, fx, fy}
		st, ok := cache[k]
		if !ok {
			ox, oy := (float64(fx)+0.5)/4, (float64(fy)+0.5)/4
			switch kind {
			case 0:
				st = newStamp(0, r, ox, oy)
			case 1:
				st = newStamp(ringIn, ringOut, ox, oy)
			case 2:
				st = newStamp(0, 2*r, ox, oy)
			default:
				st = newStamp(2*r+float64(e.dp(0.5)), 2*r+float64(e.dp(2.5)), ox, oy)
			}
			cache[k] = st
		}
		return st, int(cx), int(cy)
	}
	n := min(len(s.XY)/2, len(s.Class))
	ring := fade(th.Foreground, 0.75)
	pix := func(i int) (float64, float64, bool) {
		if !finite(s.XY[2*i]) || !finite(s.XY[2*i+1]) {
			return 0, 0, false
		}
		p := l.at(s.XY[2*i], s.XY[2*i+1])
		return float64(p.X), float64(h) - float64(p.Y), true
	}
	for pass := range 2 {
		for i := range n {
			wrong := s.Wrong != nil && i < len(s.Wrong) && s.Wrong[i]
			x, y, ok := pix(i)
			if wrong != (pass == 1) || !ok {
				continue
			}
			st, cx, cy := get(0, x, y)
			st.put(img, cx, cy, ClassColor(th, int(s.Class[i])))
			if wrong {
				st, cx, cy = get(1, x, y)
				st.put(img, cx, cy, ring)
			}
		}
	}
	if i := s.Highlight; i >= 0 && i < n {
		if x, y, ok := pix(i); ok {
			st, cx, cy := get(2, x, y)
			st.put(img, cx, cy, ClassColor(th, int(s.Class[i])))
			st, cx, cy = get(3, x, y)
			st.put(img, cx, cy, th.Foreground)
		}
	}
}
