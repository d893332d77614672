package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

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
