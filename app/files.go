package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"backproplab/nn"
)

// errNothingToSave reports that a save found nothing to write (the runner
// stopped meanwhile); it is never shown.
//
//i18n:english
var errNothingToSave = errors.New("nothing to save")

// The -v log events of saving and opening files, in English so that logs
// can be searched.
//
//i18n:english
const (
	eventModelSaved   = "model saved"
	eventModelLoaded  = "model loaded"
	eventLessonSaved  = "lesson saved"
	eventLessonOpened = "lesson opened"
)

// saveFile asks where to save and writes the file atomically off the UI
// goroutine, logging the event ("exported", "model saved", …) and reporting
// failures in a dialog.
func (d *deps) saveFile(suggested, ext string, write func(io.Writer) error) {
	d.saveFileAs(suggested, ext, "exported", write)
}

// saveFileAs is saveFile with the log event named.
func (d *deps) saveFileAs(suggested, ext, event string, write func(io.Writer) error) {
	if ext == ".csv" || ext == ".svg" {
		write = withoutHairSpaces(write)
	}
	if d.webSave(suggested, event, write) {
		return
	}
	if err := installAtomicFiles(); err != nil {
		d.log.Error("atomic file writer", "err", english(err))
	}
	dlg := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, d.win)
			return
		}
		if wc == nil {
			return
		}
		// The dialog only chooses the path: its writer (atomicFiles) has
		// created or truncated nothing yet, and is discarded; the file is
		// written below, atomically, off the UI goroutine.
		path := wc.URI().Path()
		if aw, ok := wc.(*atomicWriter); ok {
			aw.Abort()
		} else { // Fyne's own writer: it created or truncated path already
			wc.Close()
			if !strings.HasSuffix(strings.ToLower(path), ext) {
				removeEmpty(path)
			}
		}
		if !strings.HasSuffix(strings.ToLower(path), ext) {
			path += ext
		}
		d.bridge.Go(func(context.Context) func() {
			err := nn.WriteFileAtomic(path, write)
			return func() {
				switch {
				case errors.Is(err, errNothingToSave):
				case err != nil:
					d.log.Error("save failed", "path", path, "err", english(err))
					// The model, lesson or view is still open: say so, so
					// that nobody quits believing the work is lost or saved.
					dialog.ShowError(fmt.Errorf("%s %s: %w\n\n%s", T("Could not save"), filepath.Base(path), err,
						T("Nothing was lost: it is all still open. Choose another folder and save again.")), d.win)
				default:
					d.log.Info(event, "path", path)
				}
			}
		})
	}, d.win)
	dlg.SetFileName(suggested)
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	dlg.Show()
}

// openFile asks for a file with extension ext and calls load on it off the
// UI goroutine. load returns what to do on the UI goroutine with the
// result; an error is logged ("open failed") and shown in a dialog.
func (d *deps) openFile(ext, event string, load func(path string) (func(), error)) {
	if d.webNoFiles() {
		return
	}
	dlg := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, d.win)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		d.openPath(path, event, load)
	}, d.win)
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	dlg.Show()
}

// openPath calls load on path off the UI goroutine, then, on the UI
// goroutine, what load returned; an error is logged in English ("open
// failed") and shown in a dialog in the language chosen.
func (d *deps) openPath(path, event string, load func(path string) (func(), error)) {
	d.bridge.Go(func(context.Context) func() {
		apply, err := load(path)
		return func() {
			if err != nil {
				d.log.Error("open failed", "path", path, "err", english(err))
				dialog.ShowError(fmt.Errorf("%s %s: %w", T("Could not open"), filepath.Base(path), err), d.win)
				return
			}
			d.log.Info(event, "path", path)
			apply()
		}
	})
}

// removeEmpty removes path if it is an empty regular file: with Fyne's own
// file writer (when atomicFiles could not be installed), the save dialog
// creates the file it returns, and a name without the extension must not
// stay behind as an empty file.
func removeEmpty(path string) {
	if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		os.Remove(path)
	}
}
