package app

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/data"
)

// planeView shows the large output map with the points. A tap calls OnAdd
// and a right-click OnRemove with the plane position under the pointer.
type planeView struct {
	widget.BaseWidget
	img      *canvas.Image
	OnAdd    func(x1, x2 float64)
	OnRemove func(x1, x2 float64)
}

var _ fyne.Tappable = (*planeView)(nil)
var _ fyne.SecondaryTappable = (*planeView)(nil)

func newPlaneView() *planeView {
	v := &planeView{img: canvas.NewImageFromImage(nil)}
	v.img.FillMode = canvas.ImageFillStretch
	v.img.ScaleMode = canvas.ImageScaleFastest
	v.ExtendBaseWidget(v)
	return v
}

// setImage shows img. Call on the UI goroutine.
func (v *planeView) setImage(img image.Image) {
	v.img.Image = img
	v.img.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (v *planeView) CreateRenderer() fyne.WidgetRenderer {
	return &planeRenderer{v: v}
}

type planeRenderer struct{ v *planeView }

func (r *planeRenderer) Destroy()                     {}
func (r *planeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.img} }
func (r *planeRenderer) MinSize() fyne.Size           { return fyne.NewSquareSize(120) }
func (r *planeRenderer) Refresh()                     { r.v.img.Refresh() }

// Layout keeps the map square and centred.
func (r *planeRenderer) Layout(s fyne.Size) {
	side := min(s.Width, s.Height)
	r.v.img.Resize(fyne.NewSquareSize(side))
	r.v.img.Move(fyne.NewPos((s.Width-side)/2, (s.Height-side)/2))
}

// planePos converts a position in the widget to the plane, reporting
// whether it falls on the map.
func (v *planeView) planePos(p fyne.Position) (x1, x2 float64, ok bool) {
	o, s := v.img.Position(), v.img.Size()
	if s.Width <= 0 {
		return 0, 0, false
	}
	fx, fy := float64((p.X-o.X)/s.Width), float64((p.Y-o.Y)/s.Height)
	if fx < 0 || fx > 1 || fy < 0 || fy > 1 {
		return 0, 0, false
	}
	return -data.Extent + 2*data.Extent*fx, data.Extent - 2*data.Extent*fy, true
}

// Tapped implements fyne.Tappable.
func (v *planeView) Tapped(e *fyne.PointEvent) {
	if x1, x2, ok := v.planePos(e.Position); ok && v.OnAdd != nil {
		v.OnAdd(x1, x2)
	}
}

// TappedSecondary implements fyne.SecondaryTappable.
func (v *planeView) TappedSecondary(e *fyne.PointEvent) {
	if x1, x2, ok := v.planePos(e.Position); ok && v.OnRemove != nil {
		v.OnRemove(x1, x2)
	}
}
