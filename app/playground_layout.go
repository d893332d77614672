package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// pgColumn lays out a column of rows, top to bottom, so that it fits a
// short window (presenter mode on a small screen) without the window
// growing past the screen: a row in a vertical Scroll counts at the
// scroll's small minimum and gets the height of its content when there is
// room (the last such row first), scrolling when there is not; the main
// row takes what is left (and first up to pgMainShare of the height), no more than the column's width when square (a
// map). Hidden rows take no room. A fill row (index > 0) takes the height
// a square main row cannot use: the loss chart under the output map, shown
// whole at its minimum height at least, never below the fold of a scroll.
type pgColumn struct {
	main   int
	square bool
	fill   int
}

// pgMainShare is the share of a pgColumn's height its main row gets
// before the scroll rows grow.
const pgMainShare = 0.55

// newPgColumn returns a container of rows laid out by pgColumn, rows[main]
// taking the room the others leave.
func newPgColumn(main int, square bool, rows ...fyne.CanvasObject) *fyne.Container {
	return container.New(pgColumn{main: main, square: square}, rows...)
}

// MinSize implements fyne.Layout.
func (c pgColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w, h, n = max(w, m.Width), h+m.Height, n+1
	}
	return fyne.NewSize(w, h+theme.Padding()*float32(max(n-1, 0)))
}

// Layout implements fyne.Layout. It runs twice: wrapped text in a scroll
// row knows its height only once the row has its width.
func (c pgColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for range 2 {
		c.layout(objs, size)
	}
}

func (c pgColumn) layout(objs []fyne.CanvasObject, size fyne.Size) {
	hs := make([]float32, len(objs))
	spare := size.Height
	n := 0
	for i, o := range objs {
		if o.Visible() {
			hs[i] = o.MinSize().Height
			spare -= hs[i]
			n++
		}
	}
	spare -= theme.Padding() * float32(max(n-1, 0))
	// The main row first gets up to pgMainShare of the height (a short
	// window shows the picture rather than the controls), then the scroll
	// rows their content, then the main row the rest.
	if c.main < len(objs) && spare > 0 {
		target := size.Height * pgMainShare
		if c.square {
			target = min(target, size.Width)
		}
		grow := min(spare, max(target-hs[c.main], 0))
		hs[c.main] += grow
		spare -= grow
	}
	for i := len(objs) - 1; i >= 0 && spare > 0; i-- {
		if s, ok := objs[i].(*container.Scroll); ok && i != c.main && s.Visible() {
			grow := min(spare, max(s.Content.MinSize().Height-hs[i], 0))
			hs[i] += grow
			spare -= grow
		}
	}
	if spare > 0 && c.main < len(objs) {
		hs[c.main] += spare
		spare = 0
		if c.square {
			sq := max(min(hs[c.main], size.Width), objs[c.main].MinSize().Height)
			spare, hs[c.main] = hs[c.main]-sq, sq
		}
	}
	if spare > 0 && c.fill > 0 && c.fill < len(objs) && objs[c.fill].Visible() {
		hs[c.fill] += spare
	}
	y := float32(0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		y += hs[i] + theme.Padding()
	}
}

// pgFlow lays its objects out left to right at their minimum sizes,
// wrapping onto a new row when the next does not fit, like words in a
// paragraph: the Playground's layer controls and stepper bar in a narrow
// column. Its minimum width is its widest object's; its minimum height is
// that of the rows at the width it was last laid out at (a second layout
// pass settles it, as for wrapped text).
type pgFlow struct{ width *float32 }

// newPgFlow returns a container laid out by pgFlow.
func newPgFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(pgFlow{width: new(float32)}, objs...)
}

// rows places objs in rows no wider than w (call place for each) and
// returns the total height and the widest object.
func (f pgFlow) rows(objs []fyne.CanvasObject, w float32, place func(o fyne.CanvasObject, pos fyne.Position, size fyne.Size)) (height, widest float32) {
	pad := theme.Padding()
	var x, y, rowH float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		widest = max(widest, m.Width)
		if x > 0 && x+m.Width > w {
			x, y, rowH = 0, y+rowH+pad, 0
		}
		if place != nil {
			place(o, fyne.NewPos(x, y), m)
		}
		x += m.Width + pad
		rowH = max(rowH, m.Height)
	}
	return y + rowH, widest
}

// MinSize implements fyne.Layout.
func (f pgFlow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := *f.width
	if w <= 0 {
		w = 1 << 20 // not laid out yet: one row
	}
	_, widest := f.rows(objs, 1<<20, nil)
	h, _ := f.rows(objs, max(w, widest), nil)
	return fyne.NewSize(widest, h)
}

// Layout implements fyne.Layout.
func (f pgFlow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	*f.width = size.Width
	f.rows(objs, size.Width, func(o fyne.CanvasObject, pos fyne.Position, s fyne.Size) {
		o.Move(pos)
		o.Resize(s)
	})
}

// pgFold lays out the Playground's row: the settings column (objs[0]) at
// its minimum width on the left and the rest (objs[1]) beside it. The
// column folds away when the fold button says so, or when the row is too
// narrow for both (presenter mode on a small screen): its minimum width is
// the rest's alone, so the tab never scrolls sideways. In a row that
// narrow the fold button shows the settings across the row instead of the
// rest, until their Back button: it always does something visible.
type pgFold struct{ p *playground }

// MinSize implements fyne.Layout.
func (f pgFold) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lm, rm := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(rm.Width, max(lm.Height, rm.Height))
}

// Layout implements fyne.Layout.
func (f pgFold) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p, left, rest := f.p, objs[0], objs[1]
	lm := left.MinSize()
	fits := size.Width >= lm.Width+theme.Padding()+rest.MinSize().Width
	p.narrow = !fits
	if fits {
		p.opened = false
	}
	showLeft, showRest := !p.folded, true
	if !fits {
		showLeft, showRest = p.opened, !p.opened
	}
	setVisible(left, showLeft)
	setVisible(rest, showRest)
	setVisible(p.back, !fits && p.opened)
	icon := theme.NavigateNextIcon() // shows the settings
	if showLeft && showRest {
		icon = theme.NavigateBackIcon() // folds them away
	}
	if p.fold.Icon == nil || p.fold.Icon.Name() != icon.Name() {
		p.fold.SetIcon(icon)
	}
	x := float32(0)
	if showLeft {
		w := lm.Width
		if !showRest {
			w = size.Width
		}
		left.Move(fyne.NewPos(0, 0))
		left.Resize(fyne.NewSize(w, size.Height))
		x = lm.Width + theme.Padding()
	}
	if showRest {
		rest.Move(fyne.NewPos(x, 0))
		rest.Resize(fyne.NewSize(size.Width-x, size.Height))
	}
}

// setVisible shows or hides o, if it is not so already.
func setVisible(o fyne.CanvasObject, show bool) {
	switch {
	case show && !o.Visible():
		o.Show()
	case !show && o.Visible():
		o.Hide()
	}
}
