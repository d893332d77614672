package app

import (
	"image"
	"image/png"
	"io"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// exportItem is one thing a view can save: an image, a chart or a table.
type exportItem struct {
	label string // menu text, translated
	name  string // suffix of the suggested file name ("" for none)
	ext   string // ".png", ".svg" or ".csv"
	write func(io.Writer) error
}

// pngItem offers img as a PNG file.
func pngItem(label, name string, img image.Image) exportItem {
	return exportItem{label: label, name: name, ext: ".png", write: func(w io.Writer) error {
		if err := png.Encode(w, img); err != nil {
			return errorf("encode png: %w", err)
		}
		return nil
	}}
}

// exportButton returns a button (with text, or an icon alone) that offers
// what items returns (the views as last shown) in a menu; each is saved
// with the app's save dialog as name-item.ext.
func (d *deps) exportButton(text, name string, items func() []exportItem) *widget.Button {
	var b *widget.Button
	b = widget.NewButtonWithIcon(text, theme.DocumentSaveIcon(), func() {
		its := items()
		if len(its) == 0 {
			return
		}
		menu := fyne.NewMenu("")
		for _, it := range its {
			file := name
			if it.name != "" {
				file += "-" + it.name
			}
			menu.Items = append(menu.Items, fyne.NewMenuItem(it.label, func() { d.saveFile(file+it.ext, it.ext, it.write) }))
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		widget.ShowPopUpMenuAtPosition(menu, d.win.Canvas(), pos.AddXY(0, b.Size().Height))
	})
	b.Importance = widget.LowImportance
	return b
}

// withChartExport lays a small export button over the corner of chart
// view v, offering the chart as last drawn (*last) as PNG, SVG or CSV.
func (d *deps) withChartExport(v *imageView, name string, last *atomic.Pointer[viz.Chart]) fyne.CanvasObject {
	b := d.exportButton("", name, func() []exportItem {
		ch := last.Load()
		w, h, scale := v.pixels()
		if ch == nil || w == 0 || h == 0 {
			return nil
		}
		c, th := *ch, d.chartTheme()
		return []exportItem{
			{label: T("Export as PNG…"), ext: ".png", write: func(wr io.Writer) error { return viz.WritePNG(wr, c, w, h, scale, th) }},
			{label: T("Export as SVG…"), ext: ".svg", write: func(wr io.Writer) error {
				return viz.WriteSVG(wr, c, float64(w)/scale/37.8, float64(h)/scale/37.8, th)
			}},
			{label: T("Export data as CSV…"), ext: ".csv", write: func(wr io.Writer) error { return viz.WriteCSV(wr, c) }},
		}
	})
	return container.NewStack(v, container.NewVBox(container.NewHBox(b, layout.NewSpacer())))
}
