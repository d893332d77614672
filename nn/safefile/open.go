package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by errors about paths that name a folder, a
// FIFO, a device or a socket instead of a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by errors about files larger than the caller's
// limit.
var ErrTooLarge = errors.New("file too large")

// TooLargeError is ReadFile's error for a file of Size bytes, more than
// the caller's Limit. It wraps ErrTooLarge.
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

// Error implements error.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %v (%d bytes, the limit is %d)", e.Path, ErrTooLarge, e.Size, e.Limit)
}

// Unwrap returns ErrTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// OpenRegular opens path for reading and returns it with its FileInfo. It
// refuses anything but a regular file without blocking: a FIFO is opened
// non-blocking and closed again.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, nil, err
	} else if err := checkRegular(path, st); err != nil {
		return nil, nil, err
	}
	// Between Stat and open the path may change; the non-blocking open and
	// the Stat of the open file close that gap.
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := checkRegular(path, st); err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := clearNonblock(f); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

func checkRegular(path string, st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		return nil
	}
	what := "a special file"
	switch m := st.Mode(); {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%s is %s, %w", path, what, ErrNotRegular)
}

// ReadFile reads the regular file at path, refusing it before reading when
// it holds more than limit bytes. Errors name the path.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Limit: limit}
	}
	b := make([]byte, st.Size())
	n, err := io.ReadFull(f, b)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return b[:n], nil // it shrank meanwhile
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var one [1]byte
	if k, _ := f.Read(one[:]); k > 0 {
		return nil, fmt.Errorf("%s: the file grew while it was read", path)
	}
	return b, nil
}
