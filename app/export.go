package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
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

// saveFile asks where to save and writes the file atomically off the UI
// goroutine, reporting failures in a dialog.
func (u *ui) saveFile(suggested, ext string, write func(io.Writer) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, u.win)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if !strings.HasSuffix(strings.ToLower(path), ext) {
			path += ext
		}
		u.sess.goBackground(func(context.Context) {
			err := nn.WriteFileAtomic(path, write)
			fyne.Do(func() {
				if err != nil {
					u.sess.log.Error("export failed", "path", path, "err", err)
					dialog.ShowError(fmt.Errorf("%s %s: %w", T("Could not save"), filepath.Base(path), err), u.win)
					return
				}
				u.sess.log.Info("exported", "path", path)
			})
		})
	}, u.win)
	d.SetFileName(suggested)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}
