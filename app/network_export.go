package app

import (
	"fmt"
	"image"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// exportItem is one thing a panel can save: a PNG image or a CSV table.
type exportItem struct {
	label string // menu text, translated
	name  string // suggested file name without extension
	ext   string // ".png" or ".csv"
	write func(io.Writer) error
}

// pngItem offers img as a PNG file.
func pngItem(label, name string, img image.Image) exportItem {
	return exportItem{label: label, name: name, ext: ".png", write: func(w io.Writer) error {
		if err := png.Encode(w, img); err != nil {
			return fmt.Errorf(T("encode png: %w"), err)
		}
		return nil
	}}
}

// exportButton returns a button that offers what items returns (the views
// as last shown) in a menu, each saved with the app's save dialog.
func (n *networkScreen) exportButton(name string, items func() []exportItem) *widget.Button {
	var b *widget.Button
	b = widget.NewButtonWithIcon(T("Export"), theme.DocumentSaveIcon(), func() {
		its := items()
		if len(its) == 0 {
			return
		}
		menu := fyne.NewMenu("")
		for _, it := range its {
			menu.Items = append(menu.Items, fyne.NewMenuItem(it.label, func() {
				n.ui.saveFile(name+"-"+it.name+it.ext, it.ext, it.write)
			}))
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		widget.ShowPopUpMenuAtPosition(menu, n.ui.win.Canvas(), pos.AddXY(0, b.Size().Height))
	})
	b.Importance = widget.LowImportance
	return b
}
