package mnist

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvData is the environment variable naming the data folder when the
// caller passes none.
const EnvData = "BACKPROPLAB_DATA"

// ErrNotFound is wrapped by errors about MNIST files missing from a folder.
var ErrNotFound = errors.New("MNIST data not found")

// CacheDir returns the per-user folder the data is fetched into,
// os.UserCacheDir()/backproplab/mnist. It does not create it.
func CacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("mnist: no user cache folder: %w", err)
	}
	return filepath.Join(d, "backproplab", "mnist"), nil
}

// Dir returns the folder the data belongs in: dir when it is not empty (a
// --data flag), else $BACKPROPLAB_DATA when set, else CacheDir. It only
// chooses; the folder need not exist.
func Dir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if d := os.Getenv(EnvData); d != "" {
		return d, nil
	}
	return CacheDir()
}

// Locate returns the folder holding all four files of Files (each .gz or
// uncompressed): Dir(dir), with no fallback to other places. A missing file
// gives an error wrapping ErrNotFound that names the folder and the file.
func Locate(dir string) (string, error) {
	return locate(dir, Files())
}

// LocateTest is Locate for the two test-set files alone.
func LocateTest(dir string) (string, error) {
	return locate(dir, []string{testImages, testLabels})
}

func locate(dir string, names []string) (string, error) {
	d, err := Dir(dir)
	if err != nil {
		return "", err
	}
	for _, name := range names {
		if _, err := find(d, name); err != nil {
			return "", err
		}
	}
	return d, nil
}

// Ensure returns the folder holding the data, as Locate does, and fetches
// the data into Dir(dir) first when it is missing there. progress may be nil.
func Ensure(ctx context.Context, dir string, progress Progress) (string, error) {
	return ensure(ctx, dir, progress, Files())
}

// EnsureTest is Ensure for what LoadTest reads: it fetches only when a test
// file is missing.
func EnsureTest(ctx context.Context, dir string, progress Progress) (string, error) {
	return ensure(ctx, dir, progress, []string{testImages, testLabels})
}

func ensure(ctx context.Context, dir string, progress Progress, names []string) (string, error) {
	d, err := locate(dir, names)
	if err == nil {
		return d, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	if d, err = Dir(dir); err != nil {
		return "", err
	}
	if err := Fetch(ctx, d, progress); err != nil {
		return "", err
	}
	return d, nil
}
