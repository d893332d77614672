package app

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// exportButton returns a small button that offers to save what chart
// returns (the chart as last shown) as PNG, SVG or CSV.
func (u *ui) exportButton(name string, chart func() (viz.Chart, int, int, float64, bool)) *widget.Button {
	var b *widget.Button
	b = widget.NewButtonWithIcon("", theme.DocumentSaveIcon(), func() {
		c, w, h, scale, ok := chart()
		if !ok {
			return
		}
		th := chartTheme(u)
		item := func(label, ext string, write func(io.Writer) error) *fyne.MenuItem {
			return fyne.NewMenuItem(label, func() { u.saveFile(name+ext, ext, write) })
		}
		menu := fyne.NewMenu("",
			item(T("Export as PNG…"), ".png", func(wr io.Writer) error { return viz.WritePNG(wr, c, w, h, scale, th) }),
			item(T("Export as SVG…"), ".svg", func(wr io.Writer) error {
				return viz.WriteSVG(wr, c, float64(w)/scale/37.8, float64(h)/scale/37.8, th)
			}),
			item(T("Export data as CSV…"), ".csv", func(wr io.Writer) error { return viz.WriteCSV(wr, c) }),
		)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		widget.ShowPopUpMenuAtPosition(menu, u.win.Canvas(), pos.AddXY(0, b.Size().Height))
	})
	b.Importance = widget.LowImportance
	return b
}
