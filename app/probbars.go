package app

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// Sizes of the probability bars, in logical pixels.
const (
	barsWidth  = 240
	barRow     = 22
	topGuessPt = 80 // text size of the top guess
)

// probBars shows a prediction: the top guess in large type over one
// horizontal bar per class, the top one in the primary colour. With no
// probabilities it shows a dash and empty bars, never a guess.
type probBars struct {
	widget.BaseWidget

	// Probs are the class probabilities, or nil for no prediction.
	Probs []float32
	// Names label the classes, index = class; missing names are the
	// class's index. The bars follow len(Names), or ten without names.
	Names []string
}

// rows returns the number of bars: one per class.
func (b *probBars) rows() int {
	switch {
	case len(b.Names) > 0:
		return len(b.Names)
	case len(b.Probs) > 0:
		return len(b.Probs)
	}
	return 10
}

// name returns the label of class k.
func (b *probBars) name(k int) string {
	if k < len(b.Names) {
		return b.Names[k]
	}
	return fmt.Sprint(k)
}

// SetNames labels the bars with the class names (nil: 0 to 9). The slice
// is kept.
func (b *probBars) SetNames(names []string) {
	if slices.Equal(names, b.Names) {
		return
	}
	b.Names = names
	b.Refresh()
}

func newProbBars() *probBars {
	b := &probBars{}
	b.ExtendBaseWidget(b)
	return b
}

// SetProbs shows probs (nil: no prediction). The slice is copied.
func (b *probBars) SetProbs(probs []float32) {
	if probs == nil {
		b.Probs = nil
	} else {
		b.Probs = append(b.Probs[:0], probs...)
	}
	b.Refresh()
}

// best returns the index of the largest probability, or -1.
func (b *probBars) best() int {
	k := -1
	for i, v := range b.Probs {
		if k < 0 || v > b.Probs[k] {
			k = i
		}
	}
	return k
}

// CreateRenderer implements fyne.Widget.
func (b *probBars) CreateRenderer() fyne.WidgetRenderer {
	r := &probBarsRenderer{b: b}
	r.top = canvas.NewText("–", color.Black)
	r.top.TextSize = themeScaled(topGuessPt)
	r.top.TextStyle.Bold = true
	r.top.Alignment = fyne.TextAlignCenter
	r.conf = canvas.NewText("", color.Black)
	r.conf.Alignment = fyne.TextAlignCenter
	r.build()
	r.Refresh()
	return r
}

// build makes one row of objects per class.
func (r *probBarsRenderer) build() {
	r.objs = []fyne.CanvasObject{r.top, r.conf}
	r.rows = make([]barRowObjects, r.b.rows())
	for k := range r.rows {
		row := &r.rows[k]
		row.digit = canvas.NewText(r.b.name(k), color.Black)
		row.track = canvas.NewRectangle(color.Transparent)
		row.track.CornerRadius = 3
		row.fill = canvas.NewRectangle(color.Transparent)
		row.fill.CornerRadius = 3
		row.value = canvas.NewText("", color.Black)
		row.value.Alignment = fyne.TextAlignTrailing
		r.objs = append(r.objs, row.digit, row.track, row.fill, row.value)
	}
}

type barRowObjects struct {
	digit, value *canvas.Text
	track, fill  *canvas.Rectangle
}

type probBarsRenderer struct {
	b         *probBars
	top, conf *canvas.Text
	rows      []barRowObjects
	objs      []fyne.CanvasObject
}

// heading returns the height of the top guess and its caption.
func (r *probBarsRenderer) heading() float32 {
	return r.top.MinSize().Height + r.conf.MinSize().Height
}

// MinSize implements fyne.WidgetRenderer.
func (r *probBarsRenderer) MinSize() fyne.Size {
	r.top.TextSize = themeScaled(topGuessPt) // presenter mode may have changed the text size
	return fyne.NewSize(themeScaled(barsWidth), r.heading()+float32(len(r.rows))*barRowHeight())
}

// Layout implements fyne.WidgetRenderer.
func (r *probBarsRenderer) Layout(size fyne.Size) {
	th := r.b.Theme()
	pad := th.Size(theme.SizeNamePadding)
	topH := r.fitTop(size.Width)
	r.top.Move(fyne.NewPos(0, 0))
	r.top.Resize(fyne.NewSize(size.Width, topH))
	r.conf.Move(fyne.NewPos(0, topH))
	r.conf.Resize(fyne.NewSize(size.Width, r.conf.MinSize().Height))
	heading := r.heading()
	barRow := barRowHeight()
	var labelW float32
	for k := range r.rows {
		labelW = max(labelW, r.rows[k].digit.MinSize().Width)
	}
	labelW = min(labelW, size.Width/2) + 2*pad
	valueW := fyne.MeasureText("> 99.9 %", r.rows[0].value.TextSize, r.rows[0].value.TextStyle).Width + pad
	trackW := max(size.Width-labelW-valueW, 10)
	for k := range r.rows {
		row := &r.rows[k]
		y := heading + float32(k)*barRow
		th := row.digit.MinSize().Height
		row.digit.Move(fyne.NewPos(pad, y+(barRow-th)/2))
		row.track.Move(fyne.NewPos(labelW, y+3))
		row.track.Resize(fyne.NewSize(trackW, barRow-6))
		row.fill.Move(fyne.NewPos(labelW, y+3))
		row.fill.Resize(fyne.NewSize(trackW*r.fraction(k), barRow-6))
		row.value.Move(fyne.NewPos(labelW+trackW, y+(barRow-th)/2))
		row.value.Resize(fyne.NewSize(valueW, th))
	}
}

// fitTop shrinks the top guess until it fits width (a long class name),
// and returns its height.
func (r *probBarsRenderer) fitTop(width float32) float32 {
	r.top.TextSize = themeScaled(topGuessPt)
	for r.top.TextSize > 14 && r.top.MinSize().Width > width {
		r.top.TextSize *= 0.85
	}
	return r.top.MinSize().Height
}

// barRowHeight is the height of one bar's row: barRow at the default text
// size, more in presenter mode, and always room for a line of text.
func barRowHeight() float32 {
	return max(themeScaled(barRow), theme.TextSize()+2*theme.Padding())
}

// fraction returns the length of bar k as a fraction of the track.
func (r *probBarsRenderer) fraction(k int) float32 {
	if r.b.Probs == nil || k >= len(r.b.Probs) {
		return 0
	}
	return min(max(r.b.Probs[k], 0), 1)
}

// Refresh implements fyne.WidgetRenderer: it reads the theme colours.
func (r *probBarsRenderer) Refresh() {
	b := r.b
	fg := theme.ColorForWidget(theme.ColorNameForeground, b)
	muted := theme.ColorForWidget(theme.ColorNamePlaceHolder, b)
	primary := theme.ColorForWidget(theme.ColorNamePrimary, b)
	track := theme.ColorForWidget(theme.ColorNameInputBackground, b)
	bar := theme.ColorForWidget(theme.ColorNameDisabled, b)
	if len(r.rows) != b.rows() {
		r.build()
	}
	for k := range r.rows {
		r.rows[k].digit.Text = b.name(k)
	}
	best := b.best()
	if best < 0 {
		r.top.Text, r.top.Color = "–", muted
		r.conf.Text = T("no digit yet")
		if b.Names != nil && !slices.Equal(b.Names, viz.DigitNames(len(b.Names))) { // another dataset's classes
			r.conf.Text = T("nothing drawn yet")
		}
	} else {
		r.top.Text, r.top.Color = b.name(best), primary
		r.conf.Text = Tf("output %s", outputPercent(b.Probs[best]))
	}
	r.conf.Color = fg
	if best < 0 {
		r.conf.Color = muted
	}
	for k := range r.rows {
		row := &r.rows[k]
		row.digit.Color = fg
		row.track.FillColor = track
		row.fill.FillColor = bar
		row.value.Color = muted
		row.value.Text = ""
		if best >= 0 {
			row.value.Text = outputPercent(r.fraction(k))
		}
		if k == best {
			row.fill.FillColor = primary
			row.value.Color = fg
			row.digit.TextStyle.Bold = true
		} else {
			row.digit.TextStyle.Bold = false
		}
	}
	r.Layout(b.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

// Objects implements fyne.WidgetRenderer.
func (r *probBarsRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer.
func (r *probBarsRenderer) Destroy() {}

// outputPercent writes a softmax output as a percentage that never rounds to a
// certainty it is not: 0.9996 is "> 99.9 %", not "100 %", and 0.0004 is
// "< 0.1 %". A softmax output is not a calibrated probability, so the
// app shows the number only and never calls it "sure".
func outputPercent(p float32) string {
	switch {
	case p >= 0.9995:
		return "> 99.9 %"
	case p > 0 && p < 0.0005:
		return "< 0.1 %"
	}
	return fmt.Sprintf("%.1f %%", 100*p)
}
