package app

import (
	"image"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// imageView shows an image rendered elsewhere at the exact pixel size of
// its place. Its renderer records that size, which any goroutine may read
// with pixels, and calls onResize so that a new image is rendered.
type imageView struct {
	widget.BaseWidget
	img      *canvas.Image
	min      fyne.Size
	px       atomic.Uint64 // width<<32 | height in device pixels
	scale    atomic.Uint64 // canvas scale × 1000
	onResize func()
}

func newImageView(min fyne.Size, onResize func()) *imageView {
	v := &imageView{min: min, onResize: onResize}
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillStretch
	v.img.ScaleMode = canvas.ImageScaleFastest
	v.ExtendBaseWidget(v)
	return v
}

// pixels returns the view's size in device pixels and the canvas scale.
func (v *imageView) pixels() (w, h int, scale float64) {
	p := v.px.Load()
	return int(p >> 32), int(p & 0xffffffff), float64(v.scale.Load()) / 1000
}

// setImage shows img. Call it on the UI goroutine.
func (v *imageView) setImage(img image.Image) {
	v.img.Image = img
	v.img.Refresh()
}

// lineChart draws c at the view's pixel size, or returns nil before the
// view has a size. Any goroutine.
func (v *imageView) lineChart(c viz.Chart, th viz.Theme) image.Image {
	w, h, sc := v.pixels()
	if w <= 0 || h <= 0 {
		return nil
	}
	return viz.LineChart(c, w, h, sc, th)
}

// setImageIf shows img unless it is nil (the view had no size when it was
// drawn). Call it on the UI goroutine.
func (v *imageView) setImageIf(img image.Image) {
	if img != nil {
		v.setImage(img)
	}
}

// CreateRenderer implements fyne.Widget.
func (v *imageView) CreateRenderer() fyne.WidgetRenderer {
	return &imageViewRenderer{v: v}
}

type imageViewRenderer struct{ v *imageView }

func (r *imageViewRenderer) Layout(size fyne.Size) {
	r.v.img.Resize(size)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.v); c != nil {
		scale = c.Scale()
	}
	// A hidden or squeezed container can lay out a negative size.
	w := uint64(max(size.Width*scale+0.5, 0))
	h := uint64(max(size.Height*scale+0.5, 0))
	old := r.v.px.Swap(w<<32 | h)
	r.v.scale.Store(uint64(scale * 1000))
	if old != w<<32|h && r.v.onResize != nil {
		r.v.onResize()
	}
}

func (r *imageViewRenderer) MinSize() fyne.Size           { return r.v.min }
func (r *imageViewRenderer) Refresh()                     { r.v.img.Refresh() }
func (r *imageViewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.img} }
func (r *imageViewRenderer) Destroy()                     {}
