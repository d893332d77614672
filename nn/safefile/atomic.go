package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tempPattern returns the os.CreateTemp pattern of WriteAtomic's temporary
// files for destination base: ".BASE.PID-*.tmp".
func tempPattern(base string) string {
	return "." + base + "." + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// WriteAtomic creates path by calling write on a temporary file in the same
// folder, syncing it, renaming it over path and syncing the folder. On any
// error the temporary file is removed and path is left as it was. Stale
// temporary files of earlier saves to path are removed first. While it
// writes, the journal names the temporary file (see CleanLeftovers).
func WriteAtomic(path string, write func(io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// File is a file being written atomically (see Create): what is written
// goes to a temporary file beside the destination, which only Close puts
// in place.
type File struct {
	path string
	f    *os.File
	done func() // forgets the journal entry
	err  error  // the first failed Write
	shut bool   // Close or Abort ran
}

// Create starts an atomic save to path, as WriteAtomic does: it removes
// stale temporary files of earlier saves to path and creates a new one,
// named in the journal. Close puts it in place; Abort, or a Close after a
// failed Write, removes it and leaves path as it was.
func Create(path string) (*File, error) {
	if path == "" || os.IsPathSeparator(path[len(path)-1]) {
		return nil, fmt.Errorf("%q %w", path, errIsFolder)
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	CleanStale(dir, "."+base+".", ".tmp")
	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return nil, folderError(dir, err)
	}
	return &File{path: path, f: f, done: journal(f.Name())}, nil
}

// Write writes to the temporary file. After a failed Write every Write
// fails and Close discards the file.
func (a *File) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	if a.shut {
		return 0, os.ErrClosed
	}
	n, err := a.f.Write(p)
	if err != nil {
		a.err = err
	}
	return n, err
}

// Abort removes the temporary file; the destination is left as it was.
// It may be called after Close, when it does nothing.
func (a *File) Abort() {
	if a.shut {
		return
	}
	a.shut = true
	a.f.Close()
	os.Remove(a.f.Name())
	a.done()
}

// Close syncs the temporary file, gives it the destination's permissions,
// renames it over the destination and syncs the folder. On any error,
// and after a failed Write, it removes the temporary file instead and the
// destination is left as it was.
func (a *File) Close() (err error) {
	if a.shut {
		return os.ErrClosed
	}
	defer func() {
		if err != nil {
			a.Abort()
		}
	}()
	if a.err != nil {
		return a.err
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(a.path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s %w", a.path, errIsFolder)
		}
		mode = st.Mode().Perm()
	}
	if err = a.f.Chmod(mode); err != nil {
		return err
	}
	if err = a.f.Sync(); err != nil {
		return err
	}
	if err = a.f.Close(); err != nil {
		return err
	}
	if err = os.Rename(a.f.Name(), a.path); err != nil {
		return err
	}
	a.shut = true
	a.done()
	return syncDir(filepath.Dir(a.path))
}

var errIsFolder = errors.New("is a folder; give a file name")

// folderError explains a failure to create a file in dir without the
// temporary file's name.
func folderError(dir string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("folder %s does not exist", dir)
	}
	return fmt.Errorf("cannot write in folder %s: %w", dir, err)
}

// CheckWritable reports, before any work is done, whether WriteAtomic
// could create path: its folder exists and takes new files, and path is not
// a folder or a special file. It creates and removes a temporary file.
func CheckWritable(path string) error {
	if path == "" || strings.HasSuffix(path, string(filepath.Separator)) || strings.HasSuffix(path, "/") {
		return fmt.Errorf("%q is a folder name; give a file name such as %s", path, filepath.Join(path, "model.npz"))
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s is a folder; give a file name such as %s", path, filepath.Join(path, "model.npz"))
		}
		if err := checkRegular(path, st); err != nil {
			return err
		}
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("folder %s does not exist", dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return folderError(dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// WriteRecovery saves what write writes under a new name in RecoveryDir
// (or, failing that, the temporary folder) and returns its path: the
// fallback when a save to the user's chosen path failed. name is the file
// name the user wanted, e.g. "model.npz".
func WriteRecovery(name string, write func(io.Writer) error) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(filepath.Base(name), ext)
	var errs []error
	for _, dir := range []string{RecoveryDir(), os.TempDir()} {
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := os.CreateTemp(dir, "unsaved-"+stem+"-*"+ext)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		path := f.Name()
		f.Close()
		if err := WriteAtomic(path, write); err != nil {
			os.Remove(path)
			errs = append(errs, err)
			continue
		}
		return path, nil
	}
	return "", errors.Join(errs...)
}

// RecoveryDir is the folder WriteRecovery saves into first:
// os.UserCacheDir()/backproplab/unsaved, or "" when there is no cache
// folder.
func RecoveryDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "backproplab", "unsaved")
}
