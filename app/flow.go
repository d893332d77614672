package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// flowLayout lays its objects out left to right at their minimum widths
// and wraps to a new row when the next one does not fit, like words in a
// paragraph, so that a toolbar never makes the window wider than a narrow
// screen or a presenter scale allows. With stretch, the objects of each row
// share its width and the rows share the height (for charts side by side
// that stack on a narrow screen).
//
// Its minimum width is the widest object's; its minimum height is that of
// the rows at the width it was last laid out at (the window lays out again
// when a minimum size changes).
type flowLayout struct {
	stretch bool
	width   float32 // the width of the last Layout; 0 before it
}

// newFlow returns a container that flows objs.
func newFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: &flowLayout{}, Objects: objs}
}

// newStretchFlow returns a container that flows objs, each row filling the
// width and the rows the height.
func newStretchFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: &flowLayout{stretch: true}, Objects: objs}
}

// rows splits the visible objects into rows that fit width w.
func (l *flowLayout) rows(objs []fyne.CanvasObject, w float32) [][]fyne.CanvasObject {
	pad := theme.Padding()
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		mw := o.MinSize().Width
		if len(row) > 0 && x+pad+mw > w {
			rows = append(rows, row)
			row, x = nil, 0
		}
		if len(row) > 0 {
			x += pad
		}
		row = append(row, o)
		x += mw
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func rowHeight(row []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range row {
		h = max(h, o.MinSize().Height)
	}
	return h
}

// Layout implements fyne.Layout.
func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pad := theme.Padding()
	rows := l.rows(objs, size.Width)
	var minH float32
	for _, r := range rows {
		minH += rowHeight(r)
	}
	extra := float32(0)
	if l.stretch && len(rows) > 0 {
		extra = max(0, size.Height-minH-pad*float32(len(rows)-1)) / float32(len(rows))
	}
	y := float32(0)
	for _, r := range rows {
		h := rowHeight(r) + extra
		x := float32(0)
		var spare float32
		if l.stretch {
			var used float32
			for _, o := range r {
				used += o.MinSize().Width
			}
			spare = max(0, size.Width-used-pad*float32(len(r)-1)) / float32(len(r))
		}
		for _, o := range r {
			w := o.MinSize().Width + spare
			oh := o.MinSize().Height
			if l.stretch {
				oh = h
			}
			o.Move(fyne.NewPos(x, y+(h-oh)/2))
			o.Resize(fyne.NewSize(w, oh))
			x += w + pad
		}
		y += h + pad
	}
}

// MinSize implements fyne.Layout.
func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	at := l.width
	if at <= 0 {
		at = w // before the first layout: one object a row
	}
	rows := l.rows(objs, max(at, w))
	var h float32
	for _, r := range rows {
		h += rowHeight(r)
	}
	if len(rows) > 1 {
		h += theme.Padding() * float32(len(rows)-1)
	}
	return fyne.NewSize(w, h)
}

// themeScaled returns v, a size in units at Fyne's default text size,
// scaled with the current theme's text size, so that a fixed minimum
// (a panel's width, an image's size) grows with presenter mode's scale.
func themeScaled(v float32) float32 {
	return v * theme.TextSize() / theme.DefaultTheme().Size(theme.SizeNameText)
}

// presenterScaled reports whether presenter mode has scaled the theme's
// text up.
func presenterScaled() bool { return themeScaled(1) > 1 }

// minSizeLayout gives its objects at least width × height units (scaled
// with the theme, see themeScaled), stacked.
type minSizeLayout struct{ width, height float32 }

// Layout implements fyne.Layout.
func (l minSizeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l minSizeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := fyne.NewSize(themeScaled(l.width), themeScaled(l.height))
	for _, o := range objs {
		s := o.MinSize()
		m = fyne.NewSize(max(m.Width, s.Width), max(m.Height, s.Height))
	}
	return m
}

// fitSelect returns sel in a box as wide as its longest option needs, so
// that the chosen option is never cut off in a row of tools.
func fitSelect(sel *widget.Select) fyne.CanvasObject {
	return container.New(selectFitLayout{sel}, sel)
}

type selectFitLayout struct{ sel *widget.Select }

// Layout implements fyne.Layout.
func (l selectFitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l selectFitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := l.sel.MinSize()
	var w float32
	for _, o := range append([]string{l.sel.Selected}, l.sel.Options...) {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	m.Width = max(m.Width, w+4*theme.InnerPadding()+theme.IconInlineSize())
	return m
}

// widthFreeLayout stacks its objects at its own size and asks only for
// their height: inside a vertical scroll its content is then exactly as
// wide as the scroll, never wider (a scroll grows its content to the
// content's minimum, which would push the right edge out of sight).
type widthFreeLayout struct{}

// Layout implements fyne.Layout: stacked, as minSizeLayout does.
func (widthFreeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	minSizeLayout{}.Layout(objs, size)
}

// MinSize implements fyne.Layout.
func (widthFreeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}

// stackingSplit lays two sides out beside each other in a split, the
// trailing side in a vertical scroll of its own, when the width holds both
// sides' minimum widths; when it does not (FYNE_SCALE=2 on a 1280×800
// projector leaves 640 units) it stacks them, the leading side above the
// trailing one, at the height the trailing side needs and out of its
// scroll: the screen then scrolls down as one page rather than sideways,
// and no inner scroll catches the mouse wheel. Side by side, the split
// keeps the offset the user dragged it to.
//
// Like flowLayout, its minimum width is the wider side's, and its minimum
// height follows the width it was last laid out at.
type stackingSplit struct {
	split    *container.Split
	scroll   *container.Scroll // holds trailing side by side
	trailing fyne.CanvasObject
	offset   float64 // the side-by-side offset, kept while stacked
	stacked  bool
	width    float32 // the width of the last Layout; 0 before it
}

// newStackingSplit returns leading and trailing in a split at offset that
// stacks them when they do not fit side by side.
func newStackingSplit(leading, trailing fyne.CanvasObject, offset float64) *fyne.Container {
	l := &stackingSplit{scroll: container.NewVScroll(trailing), trailing: trailing, offset: offset}
	l.split = container.NewHSplit(leading, l.scroll)
	l.split.Offset = offset
	return container.New(l, l.split)
}

// sideBySide reports whether width w holds both sides' minimum widths and
// the divider.
func (l *stackingSplit) sideBySide(w float32) bool {
	return w+0.5 >= l.split.Leading.MinSize().Width+l.divider()+l.trailing.MinSize().Width
}

// divider returns the thickness of the split's divider, which Fyne takes
// from the theme or, when the theme has none, from a default of its own.
func (l *stackingSplit) divider() float32 {
	s := l.split
	lead, trail, all := s.Leading.MinSize(), s.Trailing.MinSize(), s.MinSize()
	if s.Horizontal {
		return all.Width - lead.Width - trail.Width
	}
	return all.Height - lead.Height - trail.Height
}

// setStacked moves the trailing side out of its scroll (stacked) or back.
func (l *stackingSplit) setStacked(stack bool) {
	s := l.split
	if stack {
		l.offset = s.Offset // the user's, restored side by side
		l.scroll.Content = layout.NewSpacer()
		s.Trailing = l.trailing
	} else {
		s.Offset = l.offset
		l.scroll.Content = l.trailing
		s.Trailing = l.scroll
		l.scroll.Refresh()
	}
	l.stacked = stack
	s.Horizontal = !stack
}

// Layout implements fyne.Layout.
func (l *stackingSplit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	s := l.split
	stack := !l.sideBySide(size.Width)
	changed := stack != l.stacked
	if changed {
		l.setStacked(stack)
	}
	s.Move(fyne.NewPos(0, 0))
	s.Resize(size)
	off := s.Offset
	if avail := size.Height - l.divider(); stack && avail > 0 {
		// The trailing side gets the height it needs, the leading the rest.
		off = float64(max(0, avail-l.trailing.MinSize().Height) / avail)
	}
	if changed {
		s.Offset = off
		s.Refresh() // the new sides and the divider, at the same size
	} else {
		s.SetOffset(off) // lays the sides out again when it changed
	}
}

// MinSize implements fyne.Layout.
func (l *stackingSplit) MinSize([]fyne.CanvasObject) fyne.Size {
	lead, trail := l.split.Leading.MinSize(), l.trailing.MinSize()
	w := max(lead.Width, trail.Width)
	if l.width > 0 && l.sideBySide(l.width) {
		return fyne.NewSize(w, max(lead.Height, l.scroll.MinSize().Height))
	}
	return fyne.NewSize(w, lead.Height+l.divider()+trail.Height)
}
