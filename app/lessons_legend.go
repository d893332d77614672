package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// legendItem is one entry of the Lessons charts' shared legend: a colour
// and what it stands for.
type legendItem struct {
	name string
	col  color.Color
}

// chartLegend is the legend shared by the Lessons tab's two charts, under
// them rather than inside: a legend drawn in a corner of a small chart
// covers curves (the GD curve, which starts high and ends low, sat under
// it at every size). Its entries flow onto more rows on a narrow window.
type chartLegend struct {
	box  *fyne.Container
	note *widget.Label // how the line styles read
}

func newChartLegend() *chartLegend {
	lg := &chartLegend{box: newFlow(), note: wrapLabel("")}
	lg.note.Hide()
	return lg
}

// content returns what shows the legend.
func (lg *chartLegend) content() fyne.CanvasObject {
	return container.NewVBox(container.NewPadded(lg.box), lg.note)
}

// set shows items and the style note (hidden when empty).
func (lg *chartLegend) set(items []legendItem, note string) {
	objs := make([]fyne.CanvasObject, 0, len(items))
	for _, it := range items {
		sw := canvas.NewRectangle(it.col)
		sw.CornerRadius = 2
		swatch := container.New(&fixedLayout{size: fyne.NewSize(themeScaled(18), themeScaled(6))}, sw)
		objs = append(objs, container.NewHBox(container.NewCenter(swatch), widget.NewLabel(it.name)))
	}
	lg.box.Objects = objs
	lg.box.Refresh()
	lg.note.SetText(note)
	if note == "" {
		lg.note.Hide()
	} else {
		lg.note.Show()
	}
}

// legendItems returns one legend entry per colour: names[i] is the name of
// colour index colors[i] (the first name of a colour counts).
func legendItems(names []string, colors []int, th viz.Theme) []legendItem {
	var out []legendItem
	seen := map[int]bool{}
	for i, n := range names {
		if seen[colors[i]] {
			continue
		}
		seen[colors[i]] = true
		out = append(out, legendItem{name: n, col: th.SeriesColor(colors[i])})
	}
	return out
}

// fixedLayout gives its objects one fixed size.
type fixedLayout struct{ size fyne.Size }

// Layout implements fyne.Layout.
func (l *fixedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-l.size.Width)/2, (size.Height-l.size.Height)/2))
		o.Resize(l.size)
	}
}

// MinSize implements fyne.Layout.
func (l *fixedLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.size }
