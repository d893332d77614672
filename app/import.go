package app

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/data"
)

// importSplits are the held-out fractions the import dialog offers.
var importSplits = []float64{0.1, 0.2, 0.3, 0.5}

// importFolder asks for a folder of images (one subfolder per class) and
// how to prepare them, then loads it with progress.
func (b *datasetBar) importFolder() {
	if b.webNoFiles() {
		return
	}
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, b.win)
			return
		}
		if u != nil {
			b.importOptions(u.Path())
		}
	}, b.win)
	d.Show()
}

// importOptions asks how to prepare the images of dir, then imports it.
func (b *datasetBar) importOptions(dir string) {
	modes := []string{T("Centre the ink (drawings, letters, scans)"), T("Resize the whole image (photos, icons)")}
	mode := widget.NewRadioGroup(modes, nil)
	mode.SetSelected(modes[0])
	mode.Required = true
	splits := make([]string, len(importSplits))
	for i, s := range importSplits {
		splits[i] = fmt.Sprintf("%.0f %%", 100*s)
	}
	split := newSelect(splits, nil)
	split.SetSelectedIndex(1)
	note := wrapLabel(T("Each subfolder is a class, named after it; PNG, JPEG and GIF files of any size, colour or grey. Images become 28×28 grey, light backgrounds inverted. A folder with train/ and test/ subfolders keeps that split; otherwise this share of each class is held out for testing."))
	items := []*widget.FormItem{
		widget.NewFormItem(T("Folder"), wrapLabel(dir)),
		widget.NewFormItem(T("Preparation"), mode),
		widget.NewFormItem(T("Test split"), split),
		widget.NewFormItem("", note),
	}
	f := dialog.NewForm(T("Import image folder"), T("Import"), T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		o := data.FolderOptions{TestSplit: importSplits[max(split.SelectedIndex(), 0)], Seed: b.sess.cfg.Settings.Seed, Preprocess: data.Center}
		if mode.Selected == modes[1] {
			o.Preprocess = data.Resize
		}
		b.importDir(dir, o)
	}, b.win)
	f.Resize(fyne.NewSize(min(560, b.win.Canvas().Size().Width-40), 0))
	f.Show()
}

// importDir loads the folder dir with o in the background, with progress,
// then offers it.
func (b *datasetBar) importDir(dir string, o data.FolderOptions) {
	name := filepath.Base(dir)
	what := Tf("Importing %s…", name)
	b.runJob(what, func(ctx context.Context) (*data.Set, []data.Skipped, error) {
		o.Progress = func(done, total int) {
			b.report(Tf("Importing %s: %d of %d images", name, done, total), int64(done), int64(total))
		}
		return data.FromFolder(ctx, dir, o)
	})
}

// showSkipped lists the files an import skipped and why, under message.
// With use, its confirm button (Train on it) calls use; without, it only
// informs.
func showSkipped(win fyne.Window, title, message string, skipped []data.Skipped, use func()) {
	list := widget.NewList(func() int { return len(skipped) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(skipped[i].Path + ": " + skipReason(skipped[i]))
		})
	body := container.NewBorder(wrapLabel(message), nil, nil, nil, list)
	var d dialog.Dialog
	if use == nil {
		d = dialog.NewCustom(title, T("Close"), body, win)
	} else {
		d = dialog.NewCustomConfirm(title, T("Train on it"), T("Cancel"), body, func(ok bool) {
			if ok {
				use()
			}
		}, win)
	}
	sz := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(760, sz.Width-40), min(480, sz.Height-60)))
	d.Show()
}

// skipReason returns why a file was skipped, translated: the engine gives
// a code and its parameters; the system's or decoder's own words (Detail)
// stay as they are.
func skipReason(s data.Skipped) string {
	switch s.Code {
	case data.SkipOutsideClass:
		return T("not inside a class folder")
	case data.SkipNotImage:
		return T("not a PNG, JPEG or GIF file")
	case data.SkipUnreadable:
		return Tf("cannot be read (%s)", s.Detail)
	case data.SkipNotRegular:
		return T("not a regular file")
	case data.SkipFileTooLarge:
		return Tf("file too large (%.1f MB, the limit is %.1f MB)", float64(s.Size)/1e6, float64(s.Limit)/1e6)
	case data.SkipImageTooLarge:
		return Tf("image too large (%d×%d; the limit is %.1f megapixels)", s.Width, s.Height, float64(s.Limit)/1e6)
	case data.SkipNotDecodable:
		return Tf("not a readable image (%s)", s.Detail)
	case data.SkipBlank:
		return T("no ink: the image is blank or too faint")
	case data.SkipBadDrawing:
		return Tf("not a valid drawing (%s)", s.Detail)
	case data.SkipOtherClasses:
		return Tf("saved for other classes (%s)", s.Detail)
	case data.SkipUnknownFormat:
		return T("not a readable image: its content is no PNG, JPEG or GIF")
	}
	return s.Reason()
}
