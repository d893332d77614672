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
	top     bool // when it keeps the aspect ratio, sit at the top, not the middle
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
	if p.top {
		p.Refresh() // the fitted rectangle may change with the image
		return
	}
	p.img.Refresh()
}

// pixelAt maps a position in the widget to a pixel of the image.
func (p *pickImage) pixelAt(pos fyne.Position) (x, y int, ok bool) {
	if p.top && !p.stretch && p.img.Image != nil {
		// The image sits at the top, fitted: map within its own rectangle.
		sz := p.Size()
		return imagePixelAt(p.img.Image, fittedSize(p.img.Image, sz), pos.SubtractXY(fittedOffsetX(p.img.Image, sz), 0), false)
	}
	return imagePixelAt(p.img.Image, p.Size(), pos, p.stretch)
}

// fittedSize is the size of img scaled to fit sz, keeping its aspect.
func fittedSize(img image.Image, sz fyne.Size) fyne.Size {
	b := img.Bounds()
	if b.Dx() < 1 || b.Dy() < 1 {
		return sz
	}
	s := min(sz.Width/float32(b.Dx()), sz.Height/float32(b.Dy()))
	return fyne.NewSize(float32(b.Dx())*s, float32(b.Dy())*s)
}

// fittedOffsetX is where img, fitted into sz, starts when centred across.
func fittedOffsetX(img image.Image, sz fyne.Size) float32 {
	return (sz.Width - fittedSize(img, sz).Width) / 2
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
	if p.top && !p.stretch {
		return &topRenderer{p: p}
	}
	r := widget.NewSimpleRenderer(p.img)
	return &minRenderer{WidgetRenderer: r, min: p.min}
}

// topRenderer places the fitted image at the top of the widget.
type topRenderer struct{ p *pickImage }

func (r *topRenderer) Layout(sz fyne.Size) {
	img := r.p.img
	if img.Image == nil {
		img.Move(fyne.NewPos(0, 0))
		img.Resize(sz)
		return
	}
	img.Move(fyne.NewPos(fittedOffsetX(img.Image, sz), 0))
	img.Resize(fittedSize(img.Image, sz))
}

func (r *topRenderer) MinSize() fyne.Size           { return r.p.min }
func (r *topRenderer) Refresh()                     { r.Layout(r.p.Size()); r.p.img.Refresh() }
func (r *topRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.p.img} }
func (r *topRenderer) Destroy()                     {}

// minRenderer gives a simple renderer a fixed minimum size.
type minRenderer struct {
	fyne.WidgetRenderer
	min fyne.Size
}

func (r *minRenderer) MinSize() fyne.Size { return r.min }
