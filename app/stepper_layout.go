package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// mapsLayout stacks the stepper's heat-map panel from the top like a VBox,
// except that the tile grid takes the height its image needs at the panel's
// width (keeping its pixels square), so it grows on a large screen and the
// maps below it follow right under it.
type mapsLayout struct {
	tiles *pickImage
}

// tilesHeight is the grid's height at width w: its image's aspect, or its
// minimum before any image, capped so the rest still fits in avail.
func (l *mapsLayout) tilesHeight(w, avail float32) float32 {
	h := l.tiles.MinSize().Height
	if img := l.tiles.img.Image; img != nil {
		if b := img.Bounds(); b.Dx() > 0 {
			h = max(h, w*float32(b.Dy())/float32(b.Dx()))
		}
	}
	return min(h, max(avail, l.tiles.MinSize().Height))
}

// Layout implements fyne.Layout.
func (l *mapsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	rest := float32(0) // the height the objects after the grid need
	after := false
	for _, o := range objs {
		if o == l.tiles {
			after = true
		} else if after && o.Visible() {
			rest += o.MinSize().Height + pad
		}
	}
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if o == l.tiles {
			h = l.tilesHeight(size.Width, size.Height-y-rest)
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}

// MinSize implements fyne.Layout.
func (l *mapsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
		n++
	}
	if n > 1 {
		h += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(w, h)
}

// widestLayout gives its one object (a label) the width of the widest of
// texts in the current theme, so that a label cycling through them does not
// move its neighbours.
type widestLayout struct {
	texts []string
	style fyne.TextStyle
}

// Layout implements fyne.Layout.
func (l *widestLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l *widestLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, t := range l.texts {
		w = max(w, fyne.MeasureText(t, theme.TextSize(), l.style).Width)
	}
	w += 2 * theme.InnerPadding()
	for _, o := range objs {
		m := o.MinSize()
		w, h = max(w, m.Width), max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}
