package app

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// pickImage shows a small raster enlarged with crisp pixels, keeping its
// aspect ratio, and reports which source pixel the pointer taps or hovers.
type pickImage struct {
	widget.BaseWidget
	img     *canvas.Image
	min     fyne.Size
	stretch bool // fill the widget, ignoring the aspect ratio (for strips)
	OnTap   func(x, y int)
	OnHover func(x, y int, inside bool)
}

var (
	_ fyne.Tappable     = (*pickImage)(nil)
	_ desktop.Hoverable = (*pickImage)(nil)
)

func newPickImage(min fyne.Size, stretch bool) *pickImage {
	p := &pickImage{min: min, stretch: stretch, img: canvas.NewImageFromImage(nil)}
	p.img.FillMode = canvas.ImageFillContain
	if stretch {
		p.img.FillMode = canvas.ImageFillStretch
	}
	p.img.ScaleMode = canvas.ImageScalePixels
	p.ExtendBaseWidget(p)
	return p
}

// setImage shows img. Call it on the UI goroutine.
func (p *pickImage) setImage(img image.Image) {
	p.img.Image = img
	p.img.Refresh()
}

// MinSize implements fyne.Widget: the minimum given, which may change
// (setMinHeight) after the widget was first drawn.
func (p *pickImage) MinSize() fyne.Size {
	p.ExtendBaseWidget(p)
	return p.min
}

// setMinHeight changes the widget's minimum height. UI goroutine; the
// caller lays out the container again.
func (p *pickImage) setMinHeight(h float32) { p.min.Height = h }

// pixelAt maps a position in the widget to a pixel of the image.
func (p *pickImage) pixelAt(pos fyne.Position) (x, y int, ok bool) {
	return imagePixelAt(p.img.Image, p.Size(), pos, p.stretch)
}

// imagePixelAt maps pos in a widget of size sz to the pixel of img drawn
// there, centred, either stretched to fill or scaled to fit (keeping its
// aspect); ok is false outside the image.
func imagePixelAt(img image.Image, sz fyne.Size, pos fyne.Position, stretch bool) (x, y int, ok bool) {
	if img == nil {
		return 0, 0, false
	}
	b := img.Bounds()
	w, h := float32(b.Dx()), float32(b.Dy())
	if w < 1 || h < 1 || sz.Width <= 0 || sz.Height <= 0 {
		return 0, 0, false
	}
	sx, sy := sz.Width/w, sz.Height/h
	if !stretch {
		sx = min(sx, sy)
		sy = sx
	}
	ox, oy := (sz.Width-w*sx)/2, (sz.Height-h*sy)/2
	fx, fy := (pos.X-ox)/sx, (pos.Y-oy)/sy
	if fx < 0 || fy < 0 || fx >= w || fy >= h {
		return 0, 0, false
	}
	return int(fx), int(fy), true
}

// Tapped implements fyne.Tappable.
func (p *pickImage) Tapped(e *fyne.PointEvent) {
	if x, y, ok := p.pixelAt(e.Position); ok && p.OnTap != nil {
		p.OnTap(x, y)
	}
}

// MouseIn implements desktop.Hoverable.
func (p *pickImage) MouseIn(e *desktop.MouseEvent) { p.MouseMoved(e) }

// MouseMoved implements desktop.Hoverable.
func (p *pickImage) MouseMoved(e *desktop.MouseEvent) {
	if p.OnHover != nil {
		x, y, ok := p.pixelAt(e.Position)
		p.OnHover(x, y, ok)
	}
}

// MouseOut implements desktop.Hoverable.
func (p *pickImage) MouseOut() {
	if p.OnHover != nil {
		p.OnHover(0, 0, false)
	}
}

// CreateRenderer implements fyne.Widget.
func (p *pickImage) CreateRenderer() fyne.WidgetRenderer {
	r := widget.NewSimpleRenderer(p.img)
	return &minRenderer{WidgetRenderer: r, min: p.min}
}

// minRenderer gives a simple renderer a fixed minimum size.
type minRenderer struct {
	fyne.WidgetRenderer
	min fyne.Size
}

func (r *minRenderer) MinSize() fyne.Size { return r.min }
