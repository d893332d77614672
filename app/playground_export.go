package app

import (
	"io"

	"fyne.io/fyne/v2"

	"backproplab/viz"
)

// Size of one neuron map in the exported sheet of neuron maps, and the gap
// between maps, in pixels.
const (
	pgSheetSide = 96
	pgSheetGap  = 16
)

// exportButton returns the Playground's export menu: the output map and
// the neuron maps, as last drawn, as PNG or SVG.
func (p *playground) exportButton() fyne.CanvasObject {
	return p.deps.exportButton(T("Export"), "playground", p.exportItems)
}

// exportItems returns the export menu's items for the maps as last drawn.
// Any goroutine.
func (p *playground) exportItems() []exportItem {
	e := p.export.Load()
	if e == nil {
		return nil
	}
	pts := make([]viz.PlanePoint, len(e.pts))
	for i, q := range e.pts { // in the grid's pixels
		q.X, q.Y = q.X/pgBigScale, q.Y/pgBigScale
		pts[i] = q
	}
	sheet := viz.MapSheet(e.small, pgSheetSide, pgSheetGap)
	small := viz.MapSheet(e.small, pgSmallGrid, pgSheetGap*pgSmallGrid/pgSheetSide)
	return []exportItem{
		pngItem(T("Output map as PNG…"), "output", e.out),
		{label: T("Output map as SVG…"), name: "output", ext: ".svg", write: func(w io.Writer) error {
			return viz.WritePlaneSVG(w, e.grid, pgBigScale, pts, float64(pgPointRadius)/pgBigScale, pgDark, pgWhite)
		}},
		pngItem(T("Neuron maps as PNG…"), "neurons", sheet),
		{label: T("Neuron maps as SVG…"), name: "neurons", ext: ".svg", write: func(w io.Writer) error {
			return viz.WritePlaneSVG(w, small, float64(pgSheetSide)/pgSmallGrid, nil, 0, pgDark, pgWhite)
		}},
	}
}
