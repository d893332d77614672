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

	"backproplab/nn/digit"
)

// padMinSide is the pad's smallest side in logical pixels.
const padMinSide = 280

// minStep is the smallest pointer move, in logical pixels, that adds a
// point to a stroke; smaller moves would only repeat the last point.
const minStep = 0.25

// drawPad is the drawing pad: a square on which the user draws a digit
// with the mouse or a pen. Strokes are recorded as points in the pad's
// logical units, y down, whatever the canvas scale: the Drawing's Width
// and Height are the pad's logical side. The ink is rendered by nn/digit
// (anti-aliased capsules with round caps) at the device's pixel resolution,
// so the pad shows exactly what the preprocessing reads.
//
// Input:
//   - A primary press starts a stroke and paints a dot at once
//     (desktop.Mouseable: a drag only starts after the pointer has moved).
//   - Dragged adds points. Consecutive points are joined by straight
//     capsules, which interpolates between pointer samples, so a fast
//     stroke stays continuous. The release ends the stroke.
//   - A right click or Escape clears the pad; Ctrl+Z undoes the last stroke.
//
// Keys reach the pad while it has the focus, which a press on it gives.
// Other keys and shortcuts are passed on to the window.
type drawPad struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after every change of the
	// drawing: each new point, undo, clear and rescale.
	OnChanged func(d digit.Drawing)
	// PenWidth is the pen diameter as a fraction of the pad's side.
	PenWidth float32
	// Prompt is what the empty pad asks for; set it with SetPrompt.
	Prompt string
	// FromKey, when set, runs what a key does to the pad (Esc, Ctrl+Z):
	// the window passes the bridge's fromKey, which in a browser moves it
	// to the UI goroutine.
	FromKey func(func())

	strokes  []digit.Stroke // append-only within a stroke; see Drawing
	side     float32        // logical side the points are recorded in
	inStroke bool
	button   desktop.MouseButton // of the last press; 0 if none
	focused  bool
	epoch    uint64 // increases when ink is removed or moved (full repaint)
}

var (
	_ fyne.Widget            = (*drawPad)(nil)
	_ fyne.Draggable         = (*drawPad)(nil)
	_ desktop.Mouseable      = (*drawPad)(nil)
	_ fyne.SecondaryTappable = (*drawPad)(nil)
	_ fyne.Focusable         = (*drawPad)(nil)
	_ fyne.Shortcutable      = (*drawPad)(nil)
	_ desktop.Cursorable     = (*drawPad)(nil)
)

// drawPad is deliberately not fyne.Tappable: a primary press paints its dot
// in MouseDown already, and Tapped would paint it again.

// newDrawPad returns an empty pad with the default pen.
func newDrawPad() *drawPad {
	p := &drawPad{PenWidth: digit.DefaultPenWidth, Prompt: T("Draw a digit here")}
	p.ExtendBaseWidget(p)
	return p
}

// Drawing returns the current drawing. It shares the points with the pad
// but is never changed afterwards: the pad only appends beyond a stroke's
// length and replaces, never edits, what it removes or rescales. So any
// goroutine may read it while the pad goes on.
func (p *drawPad) Drawing() digit.Drawing {
	side := p.padSide()
	return digit.Drawing{Width: side, Height: side, Strokes: slices.Clip(slices.Clone(p.strokes))}
}

// Empty reports whether the pad holds no stroke.
func (p *drawPad) Empty() bool { return len(p.strokes) == 0 }

// SetPrompt sets what the empty pad asks for.
func (p *drawPad) SetPrompt(s string) {
	if s != p.Prompt {
		p.Prompt = s
		p.Refresh()
	}
}

// Clear removes all strokes.
func (p *drawPad) Clear() {
	p.inStroke = false
	if len(p.strokes) == 0 {
		return
	}
	p.strokes = nil
	p.epoch++
	p.changed()
}

// Undo removes the last stroke.
func (p *drawPad) Undo() {
	p.inStroke = false
	if len(p.strokes) == 0 {
		return
	}
	p.strokes = slices.Clip(p.strokes[:len(p.strokes)-1])
	p.epoch++
	p.changed()
}

// Resize keeps the drawing when the pad changes size: the points are
// scaled with the side.
func (p *drawPad) Resize(size fyne.Size) {
	side := min(size.Width, size.Height)
	if side <= 0 || side == p.side {
		p.BaseWidget.Resize(size)
		return
	}
	// The new side first: BaseWidget.Resize lays the renderer out, which
	// sizes the ink to it.
	old := p.side
	p.side = side
	if old > 0 && len(p.strokes) > 0 {
		p.strokes = scaleStrokes(p.strokes, side/old)
		p.epoch++
	}
	p.BaseWidget.Resize(size)
	if old > 0 && len(p.strokes) > 0 {
		p.changed()
	}
}

// scaleStrokes returns new strokes with every point multiplied by s.
func scaleStrokes(ss []digit.Stroke, s float32) []digit.Stroke {
	out := make([]digit.Stroke, len(ss))
	for i, st := range ss {
		out[i] = make(digit.Stroke, len(st))
		for j, q := range st {
			out[i][j] = digit.Point{X: q.X * s, Y: q.Y * s}
		}
	}
	return out
}

// padSide returns the side of the square the points refer to.
func (p *drawPad) padSide() float32 {
	if p.side > 0 {
		return p.side
	}
	s := p.Size()
	if side := min(s.Width, s.Height); side > 0 {
		return side
	}
	return padMinSide
}

// origin returns the top-left corner of the pad's square within the
// widget: the square is centred when the widget is not square.
func (p *drawPad) origin() fyne.Position {
	s := p.Size()
	side := p.padSide()
	return fyne.NewPos(max(s.Width-side, 0)/2, max(s.Height-side, 0)/2)
}

// toPad maps a pointer position, relative to the widget and in logical
// units (as Fyne reports it at every canvas scale), to pad coordinates.
func (p *drawPad) toPad(pos fyne.Position) digit.Point {
	o := p.origin()
	return digit.Point{X: pos.X - o.X, Y: pos.Y - o.Y}
}

// begin starts a stroke at q: a dot until the pointer moves.
func (p *drawPad) begin(q digit.Point) {
	p.inStroke = true
	p.strokes = append(p.strokes, digit.Stroke{q})
	p.changed()
}

// extend adds q to the stroke in progress.
func (p *drawPad) extend(q digit.Point) {
	last := &p.strokes[len(p.strokes)-1]
	if l := (*last)[len(*last)-1]; math.Hypot(float64(q.X-l.X), float64(q.Y-l.Y)) < minStep {
		return
	}
	*last = append(*last, q)
	p.changed()
}

func (p *drawPad) changed() {
	p.Refresh()
	if p.OnChanged != nil {
		p.OnChanged(p.Drawing())
	}
}

// MouseDown starts a stroke on a primary press. It implements
// desktop.Mouseable.
func (p *drawPad) MouseDown(ev *desktop.MouseEvent) {
	p.button = ev.Button
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil && c.Focused() != p {
		c.Focus(p)
	}
	p.begin(p.toPad(ev.Position))
}

// MouseUp ends the stroke. It implements desktop.Mouseable.
func (p *drawPad) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		p.inStroke = false
	}
}

// Dragged extends the stroke. A drag with no press before it (a touch
// screen, or a test) starts a stroke where it begins. It implements
// fyne.Draggable.
func (p *drawPad) Dragged(ev *fyne.DragEvent) {
	if p.button != 0 && p.button != desktop.MouseButtonPrimary {
		return // a middle-button drag
	}
	q := p.toPad(ev.Position)
	if !p.inStroke || len(p.strokes) == 0 {
		start := p.toPad(ev.Position.Subtract(ev.Dragged))
		p.begin(start)
	}
	p.extend(q)
}

// DragEnd ends the stroke. It implements fyne.Draggable.
func (p *drawPad) DragEnd() {
	p.inStroke = false
	p.button = 0
}

// TappedSecondary clears the pad on a right click. It implements
// fyne.SecondaryTappable.
func (p *drawPad) TappedSecondary(*fyne.PointEvent) {
	p.button = 0
	p.Clear()
}

// Cursor shows a crosshair over the pad. It implements desktop.Cursorable.
func (p *drawPad) Cursor() desktop.Cursor { return desktop.CrosshairCursor }

// FocusGained implements fyne.Focusable.
func (p *drawPad) FocusGained() {
	p.focused = true
	p.Refresh()
}

// FocusLost implements fyne.Focusable.
func (p *drawPad) FocusLost() {
	p.focused = false
	p.Refresh()
}

// TypedRune implements fyne.Focusable.
func (p *drawPad) TypedRune(rune) {}

// TypedKey clears the pad on Escape and passes other keys to the window's
// handler, so that its keys (Space: train or pause, …) keep working while
// the pad has the focus. It implements fyne.Focusable.
func (p *drawPad) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		p.fromKey(p.Clear)
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		if f := c.OnTypedKey(); f != nil {
			f(ev)
		}
	}
}

// fromKey runs f through FromKey, or at once without one.
func (p *drawPad) fromKey(f func()) {
	if p.FromKey != nil {
		p.FromKey(f)
		return
	}
	f()
}

// TypedShortcut undoes the last stroke on Ctrl+Z and passes other
// shortcuts to the window. It implements fyne.Shortcutable.
func (p *drawPad) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutUndo); ok {
		p.fromKey(p.Undo)
		return
	}
	if c, ok := fyne.CurrentApp().Driver().CanvasForObject(p).(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

// MinSize implements fyne.Widget.
func (p *drawPad) MinSize() fyne.Size {
	p.ExtendBaseWidget(p)
	return fyne.NewSquareSize(padMinSide)
}

// CreateRenderer implements fyne.Widget.
func (p *drawPad) CreateRenderer() fyne.WidgetRenderer {
	r := &drawPadRenderer{p: p, epoch: math.MaxUint64}
	r.bg = canvas.NewRectangle(color.Transparent)
	r.bg.StrokeWidth = 1
	r.ink = canvas.NewImageFromImage(nil)
	r.ink.FillMode = canvas.ImageFillStretch
	r.ink.ScaleMode = canvas.ImageScalePixels
	r.hint = widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, ColorName: theme.ColorNamePlaceHolder, Inline: true}})
	r.hint.Wrapping = fyne.TextWrapWord
	// Fyne drops renderers it has not seen used for a while and makes new
	// ones when it draws the widget again, without laying them out (the
	// widget's size has not changed): a renderer is whole from the start.
	r.Layout(p.Size())
	r.Refresh()
	return r
}

// drawPadRenderer paints the pad's ink into an image of its size in device
// pixels: only the newest segments on every event, everything after an
// undo, clear, resize or change of scale or theme.
type drawPadRenderer struct {
	p    *drawPad
	bg   *canvas.Rectangle
	ink  *canvas.Image
	hint *widget.RichText // the prompt, wrapped to the pad's width

	cov   *image.Gray  // ink coverage, device pixels
	img   *image.NRGBA // the ink colour with coverage as alpha
	scale float32
	ink0  color.NRGBA
	epoch uint64
	ns    int // strokes painted
	np    int // points painted of stroke ns-1
}

// Layout implements fyne.WidgetRenderer.
func (r *drawPadRenderer) Layout(size fyne.Size) {
	o := r.p.origin()
	side := fyne.NewSquareSize(r.p.padSide())
	for _, obj := range []fyne.CanvasObject{r.bg, r.ink} {
		obj.Move(o)
		obj.Resize(side)
	}
	r.hint.Resize(fyne.NewSize(side.Width, r.hint.MinSize().Height))
	h := r.hint.MinSize().Height // as wrapped at the pad's width
	r.hint.Resize(fyne.NewSize(side.Width, h))
	r.hint.Move(fyne.NewPos(o.X, o.Y+side.Height/2-h/2))
	r.sync()
}

// MinSize implements fyne.WidgetRenderer.
func (r *drawPadRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(padMinSide) }

// Objects implements fyne.WidgetRenderer.
func (r *drawPadRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.hint, r.ink}
}

// Destroy implements fyne.WidgetRenderer.
func (r *drawPadRenderer) Destroy() {}

// Refresh reads the theme colours and paints what is new.
func (r *drawPadRenderer) Refresh() {
	p := r.p
	r.bg.FillColor = theme.ColorForWidget(theme.ColorNameInputBackground, p)
	r.bg.StrokeColor = theme.ColorForWidget(theme.ColorNameInputBorder, p)
	if p.focused {
		r.bg.StrokeColor = theme.ColorForWidget(theme.ColorNameFocus, p)
	}
	r.bg.Refresh()
	if seg := r.hint.Segments[0].(*widget.TextSegment); seg.Text != p.Prompt {
		seg.Text = p.Prompt
		r.Layout(p.Size()) // a prompt of another length wraps to another height
	}
	r.hint.Hidden = len(p.strokes) > 0
	r.hint.Refresh()
	ink := color.NRGBAModel.Convert(theme.ColorForWidget(theme.ColorNameForeground, p)).(color.NRGBA)
	if ink != r.ink0 {
		r.ink0 = ink
		r.epoch = math.MaxUint64 // repaint in the new colour
	}
	r.sync()
}

// canvasScale returns the scale of the canvas that shows o (1 when none).
func canvasScale(o fyne.CanvasObject) float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// sync brings the ink image up to date with the strokes.
func (r *drawPadRenderer) sync() {
	p := r.p
	scale := canvasScale(p)
	n := int(math.Ceil(float64(p.padSide() * scale)))
	if r.cov == nil || r.cov.Rect.Dx() != n || r.scale != scale || r.epoch != p.epoch {
		if r.cov == nil || r.cov.Rect.Dx() != n {
			r.cov = image.NewGray(image.Rect(0, 0, n, n))
			r.img = image.NewNRGBA(image.Rect(0, 0, n, n))
			r.ink.Image = r.img
		}
		clear(r.cov.Pix)
		r.recolour(r.img.Rect)
		r.scale, r.epoch, r.ns, r.np = scale, p.epoch, 0, 0
		defer r.ink.Refresh()
	}
	if r.ns == len(p.strokes) && (r.ns == 0 || r.np == len(p.strokes[r.ns-1])) {
		return
	}
	for i := max(r.ns-1, 0); i < len(p.strokes); i++ {
		s := p.strokes[i]
		from := 0
		if i == r.ns-1 {
			if r.np == len(s) {
				continue
			}
			from = r.np - 1 // join the new points to the last painted one
		}
		r.paint(s[from:])
	}
	r.ns = len(p.strokes)
	r.np = len(p.strokes[r.ns-1])
	r.ink.Refresh()
}

// paint adds stroke s to the ink: nn/digit renders it in a raster of just
// its bounding box, aligned to whole device pixels so that the result is
// the same as rendering the whole pad, and the raster is merged by maximum,
// as digit merges overlapping capsules.
func (r *drawPadRenderer) paint(s digit.Stroke) {
	if len(s) == 0 {
		return
	}
	p := r.p
	side := p.padSide()
	sc := float64(r.scale)
	pen := float64(p.PenWidth * side)  // pen diameter, logical
	rad := pen/2*sc + 1                // radius plus a pixel of anti-aliasing, device
	x0, y0 := math.Inf(1), math.Inf(1) // bounding box of the points, device
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, q := range s {
		x, y := float64(q.X)*sc, float64(q.Y)*sc
		x0, x1 = min(x0, x), max(x1, x)
		y0, y1 = min(y0, y), max(y1, y)
	}
	ix0, iy0 := int(math.Floor(x0-rad)), int(math.Floor(y0-rad))
	ix1, iy1 := int(math.Ceil(x1+rad)), int(math.Ceil(y1+rad))
	b := r.cov.Rect
	if ix1 <= b.Min.X || iy1 <= b.Min.Y || ix0 >= b.Max.X || iy0 >= b.Max.Y || ix1-ix0 > 1<<14 || iy1-iy0 > 1<<14 {
		return // off the pad, or absurdly far (the pointer left the window)
	}
	w, h := float32(float64(ix1-ix0)/sc), float32(float64(iy1-iy0)/sc)
	ox, oy := float32(float64(ix0)/sc), float32(float64(iy0)/sc)
	piece := make(digit.Stroke, len(s))
	for i, q := range s {
		piece[i] = digit.Point{X: q.X - ox, Y: q.Y - oy}
	}
	d := digit.Drawing{Width: w, Height: h, Strokes: []digit.Stroke{piece}}
	g := digit.Raster(d, max(ix1-ix0, iy1-iy0), digit.Options{PenWidth: float32(pen / float64(w))})
	dirty := image.Rect(ix0, iy0, ix0+g.Rect.Dx(), iy0+g.Rect.Dy()).Intersect(b)
	for y := dirty.Min.Y; y < dirty.Max.Y; y++ {
		src := g.Pix[(y-iy0)*g.Stride+dirty.Min.X-ix0:]
		dst := r.cov.Pix[y*r.cov.Stride+dirty.Min.X:]
		for i := range dirty.Dx() {
			dst[i] = max(dst[i], src[i])
		}
	}
	r.recolour(dirty)
}

// recolour updates the image from the coverage within rect.
func (r *drawPadRenderer) recolour(rect image.Rectangle) {
	c := r.ink0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		cov := r.cov.Pix[y*r.cov.Stride:]
		row := r.img.Pix[y*r.img.Stride:]
		for x := rect.Min.X; x < rect.Max.X; x++ {
			a := uint32(cov[x]) * uint32(c.A) / 255
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, uint8(a)
		}
	}
}
