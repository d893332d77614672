package app

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// raster shows a small image enlarged with nearest-neighbour scaling,
// keeping its aspect ratio, and reports taps and hovers in image pixels.
type raster struct {
	widget.BaseWidget
	img     *canvas.Image
	min     fyne.Size
	onTap   func(x, y int) // image pixel tapped
	onHover func(x, y int) // image pixel under the pointer, or (-1, -1) when it leaves
}

var (
	_ fyne.Tappable     = (*raster)(nil)
	_ desktop.Hoverable = (*raster)(nil)
)

func newRaster(min fyne.Size) *raster {
	r := &raster{min: min, img: canvas.NewImageFromImage(nil)}
	r.img.FillMode = canvas.ImageFillContain
	r.img.ScaleMode = canvas.ImageScalePixels
	r.ExtendBaseWidget(r)
	return r
}

// setImage shows img. Call it on the UI goroutine.
func (r *raster) setImage(img image.Image) {
	r.img.Image = img
	r.img.Refresh()
}

// pixelAt maps a position in the widget to a pixel of the image shown,
// with ok false outside it.
func (r *raster) pixelAt(p fyne.Position) (x, y int, ok bool) {
	return imagePixelAt(r.img.Image, r.Size(), p, false)
}

// Tapped implements fyne.Tappable.
func (r *raster) Tapped(e *fyne.PointEvent) {
	if x, y, ok := r.pixelAt(e.Position); ok && r.onTap != nil {
		r.onTap(x, y)
	}
}

// MouseIn implements desktop.Hoverable.
func (r *raster) MouseIn(e *desktop.MouseEvent) { r.MouseMoved(e) }

// MouseMoved implements desktop.Hoverable.
func (r *raster) MouseMoved(e *desktop.MouseEvent) {
	if r.onHover == nil {
		return
	}
	if x, y, ok := r.pixelAt(e.Position); ok {
		r.onHover(x, y)
		return
	}
	r.onHover(-1, -1)
}

// MouseOut implements desktop.Hoverable.
func (r *raster) MouseOut() {
	if r.onHover != nil {
		r.onHover(-1, -1)
	}
}

// CreateRenderer implements fyne.Widget.
func (r *raster) CreateRenderer() fyne.WidgetRenderer {
	return &rasterRenderer{r: r}
}

type rasterRenderer struct{ r *raster }

func (rr *rasterRenderer) Layout(size fyne.Size)        { rr.r.img.Resize(size) }
func (rr *rasterRenderer) MinSize() fyne.Size           { return rr.r.min }
func (rr *rasterRenderer) Refresh()                     { rr.r.img.Refresh() }
func (rr *rasterRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{rr.r.img} }
func (rr *rasterRenderer) Destroy()                     {}

// tapView is an imageView (a chart rendered at its exact pixel size) that
// reports taps in its own dp coordinates together with its size.
type tapView struct {
	widget.BaseWidget
	view  *imageView
	onTap func(p fyne.Position, size fyne.Size)
}

var _ fyne.Tappable = (*tapView)(nil)

func newTapView(v *imageView, onTap func(p fyne.Position, size fyne.Size)) *tapView {
	t := &tapView{view: v, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped implements fyne.Tappable.
func (t *tapView) Tapped(e *fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap(e.Position, t.Size())
	}
}

// CreateRenderer implements fyne.Widget.
func (t *tapView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.view) }

// shownWatcher wraps the screen's content and reports when the tab
// container shows or hides it (AppTabs calls Show and Hide on the content
// of the tabs it selects and leaves).
type shownWatcher struct {
	widget.BaseWidget
	content  fyne.CanvasObject
	onChange func(shown bool)
}

func newShownWatcher(content fyne.CanvasObject, onChange func(bool)) *shownWatcher {
	w := &shownWatcher{content: content, onChange: onChange}
	w.ExtendBaseWidget(w)
	return w
}

// Show implements fyne.CanvasObject.
func (w *shownWatcher) Show() {
	w.BaseWidget.Show()
	w.onChange(true)
}

// Hide implements fyne.CanvasObject.
func (w *shownWatcher) Hide() {
	w.BaseWidget.Hide()
	w.onChange(false)
}

// CreateRenderer implements fyne.Widget.
func (w *shownWatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(w.content)
}
