package app

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"

	"backproplab/nn/safefile"
)

// fileScheme is the URI scheme of local files.
const fileScheme = "file"

// fileRepo is what Fyne's own repository for file:// URIs implements
// (internal/repository.FileRepository in Fyne v2.8.1); atomicFiles
// implements all of it, so that no feature of the file dialogs is lost.
type fileRepo interface {
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.MovableRepository
	repository.CopyableRepository
}

// atomicFiles is the app's repository for file:// URIs: Fyne's own, except
// that its Writer saves atomically. Fyne's Writer truncates the file
// (os.Create) as soon as it is asked for, and its save dialog asks for it
// before its callback runs, so that overwriting model.npz with a save that
// then failed left the old file empty.
type atomicFiles struct {
	fileRepo
}

// Writer returns an atomic writer for u: what is written goes to a
// temporary file beside u's file (through safefile), which Close renames
// over it. Nothing is created or truncated before the first Write or the
// Close; Abort discards it all. A folder is refused by Close.
func (r *atomicFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &atomicWriter{uri: u}, nil
}

// installAtomicFiles makes atomicFiles the repository of file:// URIs,
// wrapping the one Fyne's driver registered. Call it on the UI goroutine
// (Fyne's table of repositories has no lock); it is idempotent, and does
// nothing where no repository handles file:// URIs.
func installAtomicFiles() error {
	r, err := repository.ForScheme(fileScheme)
	if err != nil {
		return nil // no local files (the web build): nothing to wrap
	}
	if _, ok := r.(*atomicFiles); ok {
		return nil
	}
	inner, ok := r.(fileRepo)
	if !ok {
		return fmt.Errorf("the file repository %T lacks a method of Fyne's own", r) //i18n:english (logged)
	}
	// Register calls Destroy of the repository it replaces; that of Fyne's
	// file repository does nothing, so inner stays usable.
	repository.Register(fileScheme, &atomicFiles{inner})
	return nil
}

var _ fyne.URIWriteCloser = (*atomicWriter)(nil)

// atomicWriter is the fyne.URIWriteCloser of atomicFiles. Methods are
// for one goroutine at a time.
type atomicWriter struct {
	uri  fyne.URI
	f    *safefile.File // nil until the first Write or Close
	err  error          // why f could not be created
	done bool           // Close or Abort ran
}

// URI returns the URI written to.
func (w *atomicWriter) URI() fyne.URI { return w.uri }

// open starts the atomic save on first use.
func (w *atomicWriter) open() error {
	if w.f == nil && w.err == nil {
		w.f, w.err = safefile.Create(w.uri.Path())
	}
	return w.err
}

// Write writes to the temporary file, creating it on first use.
func (w *atomicWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, os.ErrClosed
	}
	if err := w.open(); err != nil {
		return 0, err
	}
	return w.f.Write(p)
}

// Close puts what was written in place of the file (an empty file when
// nothing was). After a failed Write it discards it and returns the error.
func (w *atomicWriter) Close() error {
	if w.done {
		return os.ErrClosed
	}
	w.done = true
	if err := w.open(); err != nil {
		return err
	}
	return w.f.Close()
}

// Abort discards what was written; the file is left as it was. It does
// nothing after Close.
func (w *atomicWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	if w.f != nil {
		w.f.Abort()
	}
}
