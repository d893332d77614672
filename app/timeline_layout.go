package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// timelineLayout lays the timeline bar out on one row, title | slider |
// status | buttons, when the status fits beside a slider of a usable
// width; otherwise (a narrow window, presenter mode) the status goes on a
// row of its own under the slider, where it has the whole width, so that it
// never wraps inside a phrase nor overprints its neighbours.
//
// Its objects are, in order: the title, the slider, the status label and
// the buttons.
type timelineLayout struct {
	width float32 // the width of the last Layout; 0 before it
}

// timelineSliderMin is the narrowest slider worth scrubbing with, in units
// at 1× (scaled with the theme).
const timelineSliderMin = 140

// oneLine returns the width the status label needs to show its text on one
// line.
func oneLine(l *widget.Label) float32 {
	return fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
}

// parts returns the layout's objects and whether they fit on one row of
// width w.
func (l *timelineLayout) parts(objs []fyne.CanvasObject, w float32) (title, slider fyne.CanvasObject, status *widget.Label, buttons fyne.CanvasObject, oneRow bool) {
	title, slider, status, buttons = objs[0], objs[1], objs[2].(*widget.Label), objs[3]
	pad := theme.Padding()
	need := title.MinSize().Width + themeScaled(timelineSliderMin) + oneLine(status) + buttons.MinSize().Width + 3*pad
	return title, slider, status, buttons, w <= 0 || need <= w
}

// Layout implements fyne.Layout.
func (l *timelineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	title, slider, status, buttons, oneRow := l.parts(objs, size.Width)
	pad := theme.Padding()
	tw, bw := title.MinSize().Width, buttons.MinSize().Width
	rowH := max(title.MinSize().Height, slider.MinSize().Height, buttons.MinSize().Height)
	place := func(o fyne.CanvasObject, x, y, w, h float32) {
		oh := min(o.MinSize().Height, h)
		if _, isLabel := o.(*widget.Label); isLabel {
			oh = h
		}
		o.Move(fyne.NewPos(x, y+(h-oh)/2))
		o.Resize(fyne.NewSize(w, oh))
	}
	if oneRow {
		sw := oneLine(status)
		sliderW := max(0, size.Width-tw-sw-bw-3*pad)
		rowH = max(rowH, status.MinSize().Height)
		place(title, 0, 0, tw, rowH)
		place(slider, tw+pad, 0, sliderW, rowH)
		place(status, tw+pad+sliderW+pad, 0, sw, rowH)
		place(buttons, size.Width-bw, 0, bw, rowH)
		return
	}
	sliderW := max(0, size.Width-tw-bw-2*pad)
	place(title, 0, 0, tw, rowH)
	place(slider, tw+pad, 0, sliderW, rowH)
	place(buttons, size.Width-bw, 0, bw, rowH)
	status.Resize(fyne.NewSize(size.Width, status.MinSize().Height))
	status.Move(fyne.NewPos(0, rowH))
	status.Resize(fyne.NewSize(size.Width, status.MinSize().Height))
}

// MinSize implements fyne.Layout.
func (l *timelineLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	title, slider, status, buttons, oneRow := l.parts(objs, l.width)
	pad := theme.Padding()
	rowH := max(title.MinSize().Height, slider.MinSize().Height, buttons.MinSize().Height)
	w := title.MinSize().Width + buttons.MinSize().Width + 2*pad + slider.MinSize().Width
	if oneRow {
		return fyne.NewSize(w, max(rowH, status.MinSize().Height))
	}
	return fyne.NewSize(w, rowH+status.MinSize().Height)
}
