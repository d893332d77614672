package app

import (
	"image"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// diagramNode is one neuron of the diagram: its layer (0 = inputs) and unit.
type diagramNode struct{ layer, unit int }

// diagramEdge is one weight: from unit in of layer l to unit out of layer l+1.
type diagramEdge struct{ layer, in, out int }

// netDiagram draws a small network whole: a column per layer, every neuron
// a small map of its output over the plane, every weight a line whose
// colour gives its sign and whose width its size. Hovering or tapping a
// neuron or an edge calls OnHover with it (one of the two set).
type netDiagram struct {
	widget.BaseWidget

	widths  []int // neurons per layer, inputs first
	images  [][]image.Image
	weights [][]float32 // per layer l: (widths[l], widths[l+1]) row-major
	OnHover func(n *diagramNode, e *diagramEdge)

	lines  [][]*canvas.Line  // per weight layer, in*out
	nodes  [][]*canvas.Image // per layer
	frames [][]*canvas.Rectangle
	objs   []fyne.CanvasObject
	side   float32 // node size from the last layout
	size   fyne.Size

	// The stepper's numbers (playground_step.go): a label per neuron and
	// per edge, and the values that colour the edges instead of the
	// weights; nil when no step is shown.
	nodeLbl, edgeLbl [][]string
	colour           [][]float32
	focus            *diagramNode // the neuron last hovered: its edges are labelled
	nodeTexts        [][]*tagText
	edgeTexts        [][]*tagText
}

// tagText is a small label on a translucent backing.
type tagText struct {
	bg *canvas.Rectangle
	t  *canvas.Text
}

func newTagText() *tagText {
	t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.CaptionTextSize()
	t.TextStyle.Monospace = true
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	return &tagText{bg: bg, t: t}
}

// measure returns the size of the tag showing text at text size ts.
func (g *tagText) measure(text string, ts float32) fyne.Size {
	g.t.Text = text
	g.t.TextSize = ts
	return g.t.MinSize()
}

// place shows text centred at c, or hides the tag when text is "". It
// returns the rectangle the tag covers and whether it shows.
func (g *tagText) place(text string, c fyne.Position, ts float32) (rect, bool) {
	if text == "" {
		g.t.Hide()
		g.bg.Hide()
		return rect{}, false
	}
	s := g.measure(text, ts)
	g.t.Color = theme.Color(theme.ColorNameForeground)
	bgc := theme.Color(theme.ColorNameBackground)
	r, gg, b, _ := bgc.RGBA()
	g.bg.FillColor = color.NRGBA{uint8(r >> 8), uint8(gg >> 8), uint8(b >> 8), 0xd0}
	at := fyne.NewPos(c.X-s.Width/2, c.Y-s.Height/2)
	g.t.Move(at)
	g.t.Resize(s)
	g.bg.Move(at)
	g.bg.Resize(s)
	g.t.Show()
	g.bg.Show()
	g.t.Refresh()
	g.bg.Refresh()
	return rect{at, s}, true
}

// numbers shows the stepper's labels and edge colours (all nil: none).
// Call on the UI goroutine.
func (d *netDiagram) numbers(nodes, edges [][]string, colour [][]float32) {
	d.nodeLbl, d.edgeLbl, d.colour = nodes, edges, colour
	d.apply()
	d.placeTags()
}

var _ desktop.Hoverable = (*netDiagram)(nil)
var _ fyne.Tappable = (*netDiagram)(nil)

func newNetDiagram() *netDiagram {
	d := &netDiagram{}
	d.ExtendBaseWidget(d)
	return d
}

// set shows a network of the given widths with its weights and neuron
// maps. Call on the UI goroutine.
func (d *netDiagram) set(widths []int, weights [][]float32, images [][]image.Image) {
	rebuild := !slices.Equal(widths, d.widths)
	d.widths, d.weights, d.images = widths, weights, images
	if rebuild {
		d.build()
	}
	d.apply()
}

// build makes the canvas objects for the current widths.
func (d *netDiagram) build() {
	d.lines, d.nodes, d.frames, d.objs = nil, nil, nil, nil
	d.nodeTexts, d.edgeTexts = nil, nil
	for l := 0; l+1 < len(d.widths); l++ {
		ls := make([]*canvas.Line, d.widths[l]*d.widths[l+1])
		for i := range ls {
			ls[i] = canvas.NewLine(color.Black)
			d.objs = append(d.objs, ls[i])
		}
		d.lines = append(d.lines, ls)
	}
	for _, w := range d.widths {
		ns := make([]*canvas.Image, w)
		fs := make([]*canvas.Rectangle, w)
		for u := range ns {
			fs[u] = canvas.NewRectangle(color.Transparent)
			fs[u].StrokeColor = color.NRGBA{0x80, 0x80, 0x80, 0xff}
			fs[u].StrokeWidth = 1
			ns[u] = canvas.NewImageFromImage(nil)
			ns[u].ScaleMode = canvas.ImageScaleSmooth
			ns[u].FillMode = canvas.ImageFillStretch
			d.objs = append(d.objs, fs[u], ns[u])
		}
		d.nodes = append(d.nodes, ns)
		d.frames = append(d.frames, fs)
	}
	for l := 0; l+1 < len(d.widths); l++ {
		ts := make([]*tagText, d.widths[l]*d.widths[l+1])
		for i := range ts {
			ts[i] = newTagText()
			d.objs = append(d.objs, ts[i].bg, ts[i].t)
		}
		d.edgeTexts = append(d.edgeTexts, ts)
	}
	for _, w := range d.widths {
		ts := make([]*tagText, w)
		for i := range ts {
			ts[i] = newTagText()
			d.objs = append(d.objs, ts[i].bg, ts[i].t)
		}
		d.nodeTexts = append(d.nodeTexts, ts)
	}
	d.Refresh()
}

// apply sets the images and the edges' colours and widths.
func (d *netDiagram) apply() {
	for l, ns := range d.nodes {
		for u, img := range ns {
			if l < len(d.images) && u < len(d.images[l]) {
				img.Image = d.images[l][u]
				img.Refresh()
			}
		}
	}
	for l, ls := range d.lines {
		if l >= len(d.weights) {
			break
		}
		w := d.weights[l]
		if l < len(d.colour) && len(d.colour[l]) == len(ls) {
			w = d.colour[l]
		}
		scale := float32(0)
		for _, v := range w {
			scale = max(scale, float32(math.Abs(float64(v))))
		}
		for i, ln := range ls {
			v := w[i]
			c := viz.OrBu.Signed(float64(v), float64(max(scale, 1e-6)))
			ln.StrokeColor = c
			ln.StrokeWidth = 0.5 + 4*float32(math.Abs(float64(v)))/max(scale, 1e-6)
			ln.Refresh()
		}
	}
}

// CreateRenderer implements fyne.Widget.
func (d *netDiagram) CreateRenderer() fyne.WidgetRenderer { return &diagramRenderer{d: d} }

type diagramRenderer struct{ d *netDiagram }

func (r *diagramRenderer) Destroy() {}

func (r *diagramRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 120) }

func (r *diagramRenderer) Objects() []fyne.CanvasObject { return r.d.objs }

func (r *diagramRenderer) Refresh() {
	r.Layout(r.d.size)
	canvas.Refresh(r.d)
}

// Layout places the columns evenly and the neurons centred in each.
func (r *diagramRenderer) Layout(size fyne.Size) {
	d := r.d
	d.size = size
	cols := len(d.widths)
	if cols == 0 {
		return
	}
	most := 1
	for _, w := range d.widths {
		most = max(most, w)
	}
	side := min(size.Height/float32(most)*0.8, size.Width/float32(cols)*0.45, 72)
	d.side = side
	for l, ns := range d.nodes {
		for u, img := range ns {
			p := d.nodePos(l, u)
			img.Move(p)
			img.Resize(fyne.NewSquareSize(side))
			d.frames[l][u].Move(p)
			d.frames[l][u].Resize(fyne.NewSquareSize(side))
		}
	}
	for l, ls := range d.lines {
		out := d.widths[l+1]
		for i, ln := range ls {
			a, b := d.nodePos(l, i/out), d.nodePos(l+1, i%out)
			ln.Position1 = fyne.NewPos(a.X+side, a.Y+side/2)
			ln.Position2 = fyne.NewPos(b.X, b.Y+side/2)
		}
	}
	d.placeTags()
}

// edgeTagLimit is the most edges of one layer that are all labelled (when
// their labels fit); a denser layer labels only the edges of the neuron
// last hovered.
const edgeTagLimit = 16

// edgeTagSpots are the positions along an edge (0 at its source, 1 at its
// target) tried in turn for its label; the first that overlaps no neuron
// and no label placed before wins. A label with no free spot is left out.
var edgeTagSpots = []float32{0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86}

// placeTags positions the stepper's labels: a neuron's on its map, an
// edge's on the edge, where it covers no neuron and no other label (where
// edges cross, their middles meet, so the spot is chosen along the edge).
func (d *netDiagram) placeTags() {
	var taken []rect
	ts := d.tagSize()
	for l, tags := range d.nodeTexts {
		for u, g := range tags {
			text := ""
			if l < len(d.nodeLbl) && u < len(d.nodeLbl[l]) {
				text = d.nodeLbl[l][u]
			}
			p := d.nodePos(l, u)
			taken = append(taken, rect{p, fyne.NewSquareSize(d.side)})
			if r, ok := g.place(text, fyne.NewPos(p.X+d.side/2, p.Y+d.side/2), ts); ok {
				taken = append(taken, r)
			}
		}
	}
	for l := range d.edgeTexts {
		// Every edge of a sparse layer when their labels fit, else those of
		// the neuron last hovered.
		all := d.widths[l]*d.widths[l+1] <= edgeTagLimit
		placed, fits := d.placeEdgeTags(l, all, taken, ts)
		if all && !fits {
			placed, _ = d.placeEdgeTags(l, false, taken, ts)
		}
		taken = append(taken, placed...)
	}
}

// placeEdgeTags places the labels of weight layer l's edges (all, or else
// those of the focused neuron) clear of taken, leaving out those with no
// room. It returns the rectangles placed and whether every label fitted.
func (d *netDiagram) placeEdgeTags(l int, all bool, taken []rect, ts float32) (placed []rect, fits bool) {
	fits = true
	taken = slices.Clip(taken)
	out := d.widths[l+1]
	f := d.focus
	for i, g := range d.edgeTexts[l] {
		text := ""
		if l < len(d.edgeLbl) && i < len(d.edgeLbl[l]) &&
			(all || f != nil && ((f.layer == l && f.unit == i/out) || (f.layer == l+1 && f.unit == i%out))) {
			text = d.edgeLbl[l][i]
		}
		if text == "" {
			g.place("", fyne.Position{}, ts)
			continue
		}
		ln := d.lines[l][i]
		at := func(t float32) fyne.Position {
			return fyne.NewPos(ln.Position1.X+t*(ln.Position2.X-ln.Position1.X), ln.Position1.Y+t*(ln.Position2.Y-ln.Position1.Y))
		}
		size := g.measure(text, ts)
		best, bestCover := edgeTagSpots[0], float32(math.MaxFloat32)
		for _, t := range edgeTagSpots {
			c := at(t)
			cover := rect{fyne.NewPos(c.X-size.Width/2, c.Y-size.Height/2), size}.cover(taken)
			if cover < bestCover {
				best, bestCover = t, cover
			}
			if cover == 0 {
				break
			}
		}
		if bestCover > 0 { // no room: hovering the edge still shows its numbers
			fits = false
			g.place("", fyne.Position{}, ts)
			continue
		}
		if r, ok := g.place(text, at(best), ts); ok {
			taken = append(taken, r)
			placed = append(placed, r)
		}
	}
	return placed, fits
}

// tagSize returns the labels' text size: the caption size, or smaller
// where the widest neuron label would not fit its column (a small window
// or presenter scale), so that neighbouring columns' labels never meet.
func (d *netDiagram) tagSize() float32 {
	ts := theme.CaptionTextSize()
	if len(d.widths) == 0 || d.size.Width <= 0 {
		return ts
	}
	var widest float32
	for _, ls := range d.nodeLbl {
		for _, s := range ls {
			widest = max(widest, fyne.MeasureText(s, ts, fyne.TextStyle{Monospace: true}).Width)
		}
	}
	if room := 0.9 * d.size.Width / float32(len(d.widths)); widest > room {
		ts *= room / widest
	}
	return ts
}

// rect is an axis-aligned rectangle of the diagram.
type rect struct {
	pos  fyne.Position
	size fyne.Size
}

// cover returns the area of r that the rectangles in others cover (counted
// once per rectangle).
func (r rect) cover(others []rect) float32 {
	var a float32
	for _, o := range others {
		w := min(r.pos.X+r.size.Width, o.pos.X+o.size.Width) - max(r.pos.X, o.pos.X)
		h := min(r.pos.Y+r.size.Height, o.pos.Y+o.size.Height) - max(r.pos.Y, o.pos.Y)
		if w > 0 && h > 0 {
			a += w * h
		}
	}
	return a
}

// edgeLabel returns the stepper's label of edge e, or "" for none.
func (d *netDiagram) edgeLabel(e diagramEdge) string {
	if e.layer+1 >= len(d.widths) || e.layer >= len(d.edgeLbl) {
		return ""
	}
	k := e.in*d.widths[e.layer+1] + e.out
	if k >= len(d.edgeLbl[e.layer]) {
		return ""
	}
	return d.edgeLbl[e.layer][k]
}

// nodePos returns the top-left corner of neuron (l, u).
func (d *netDiagram) nodePos(l, u int) fyne.Position {
	cols := len(d.widths)
	colW := d.size.Width / float32(cols)
	x := colW*float32(l) + (colW-d.side)/2
	rowH := d.size.Height / float32(d.widths[l])
	y := rowH*float32(u) + (rowH-d.side)/2
	return fyne.NewPos(x, y)
}

// hit returns the neuron under p, or else the edge within 5 units of p.
func (d *netDiagram) hit(p fyne.Position) (*diagramNode, *diagramEdge) {
	for l, w := range d.widths {
		for u := range w {
			q := d.nodePos(l, u)
			if p.X >= q.X && p.X <= q.X+d.side && p.Y >= q.Y && p.Y <= q.Y+d.side {
				return &diagramNode{l, u}, nil
			}
		}
	}
	best, bestD := (*diagramEdge)(nil), float32(5)
	for l, ls := range d.lines {
		out := d.widths[l+1]
		for i, ln := range ls {
			if dd := segDist(p, ln.Position1, ln.Position2); dd < bestD {
				best, bestD = &diagramEdge{l, i / out, i % out}, dd
			}
		}
	}
	return nil, best
}

// segDist returns the distance from p to the segment ab.
func segDist(p, a, b fyne.Position) float32 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := float32(0)
	if l2 > 0 {
		t = max(0, min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	x, y := a.X+t*dx-p.X, a.Y+t*dy-p.Y
	return float32(math.Sqrt(float64(x*x + y*y)))
}

func (d *netDiagram) report(p fyne.Position) {
	if d.OnHover == nil {
		return
	}
	n, e := d.hit(p)
	if n != nil && (d.focus == nil || *d.focus != *n) {
		d.focus = n
		if d.edgeLbl != nil {
			d.placeTags()
		}
	}
	if n != nil || e != nil {
		d.OnHover(n, e)
	}
}

// MouseIn implements desktop.Hoverable.
func (d *netDiagram) MouseIn(e *desktop.MouseEvent) { d.report(e.Position) }

// MouseMoved implements desktop.Hoverable.
func (d *netDiagram) MouseMoved(e *desktop.MouseEvent) { d.report(e.Position) }

// MouseOut implements desktop.Hoverable.
func (d *netDiagram) MouseOut() {}

// Tapped implements fyne.Tappable: a tap shows the same as hovering.
func (d *netDiagram) Tapped(e *fyne.PointEvent) { d.report(e.Position) }
