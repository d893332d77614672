package mnist

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"backproplab/nn/safefile"
)

// The canonical file names, as published and as fetched.
const (
	trainImages = "train-images-idx3-ubyte.gz"
	trainLabels = "train-labels-idx1-ubyte.gz"
	testImages  = "t10k-images-idx3-ubyte.gz"
	testLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Files returns the four canonical file names: training images, training
// labels, test images, test labels. All end in ".gz"; Load and Locate also
// accept each without the ".gz" suffix, uncompressed.
func Files() []string {
	return []string{trainImages, trainLabels, testImages, testLabels}
}

// Set is a labelled set of 28×28 grey images, ink bright (0..255),
// row-major.
type Set struct {
	Images     []uint8 // (N, Rows*Cols)
	Labels     []uint8 // (N), each 0..9
	N          int     // number of images
	Rows, Cols int     // image height and width, 28 and 28
}

// Image returns image i as a view (Rows*Cols) into s.Images, not a copy.
// It panics if i is out of range.
func (s *Set) Image(i int) []uint8 {
	if i < 0 || i >= s.N {
		panic(fmt.Sprintf("mnist: Image(%d) out of range [0, %d)", i, s.N))
	}
	p := s.Rows * s.Cols
	return s.Images[i*p : (i+1)*p : (i+1)*p]
}

// Subset returns a new Set holding copies of the images and labels at idx,
// in that order; an index may repeat. It panics if an index is out of range.
func (s *Set) Subset(idx []int) *Set {
	p := s.Rows * s.Cols
	sub := &Set{
		Images: make([]uint8, len(idx)*p),
		Labels: make([]uint8, len(idx)),
		N:      len(idx),
		Rows:   s.Rows,
		Cols:   s.Cols,
	}
	for k, i := range idx {
		if i < 0 || i >= s.N {
			panic(fmt.Sprintf("mnist: Subset index %d out of range [0, %d)", i, s.N))
		}
		copy(sub.Images[k*p:(k+1)*p], s.Images[i*p:(i+1)*p])
		sub.Labels[k] = s.Labels[i]
	}
	return sub
}

// Load reads the training and test sets from dir, which holds the four
// files of Files, each gzip-compressed under its canonical name or raw under
// that name without ".gz". Errors name the file at fault.
// The two sets are read concurrently.
func Load(dir string) (train, test *Set, err error) {
	var testErr error
	var wg sync.WaitGroup
	wg.Go(func() { test, testErr = loadSet(dir, testImages, testLabels) })
	train, err = loadSet(dir, trainImages, trainLabels)
	wg.Wait()
	if err == nil {
		err = testErr
	}
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadTest reads only the test set from dir, as Load does: what
// evaluating a model needs.
func LoadTest(dir string) (*Set, error) {
	return loadSet(dir, testImages, testLabels)
}

// MaxInflation bounds how far a gzip-compressed IDX file may inflate: its
// header's item count may declare at most MaxInflation times the file's
// size (MNIST's files inflate 2 to 5 times). So a 10 MB file cannot make
// the reader allocate more than 161 MB, whatever its header says.
const MaxInflation = 16

// inflationSlack lets small files (test fixtures) inflate further.
const inflationSlack = 1 << 20

func loadSet(dir, imagesName, labelsName string) (*Set, error) {
	imagesPath, err := find(dir, imagesName)
	if err != nil {
		return nil, err
	}
	labelsPath, err := find(dir, labelsName)
	if err != nil {
		return nil, err
	}
	var images []uint8
	var n int
	err = readFile(imagesPath, func(r io.Reader, limit int) (err error) {
		images, n, _, _, err = readImages(r, imagesPath, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	var labels []uint8
	err = readFile(labelsPath, func(r io.Reader, limit int) (err error) {
		labels, err = readLabels(r, labelsPath, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("mnist: %s: %d labels, but %s has %d images", labelsPath, len(labels), imagesPath, n)
	}
	return &Set{Images: images, Labels: labels, N: n, Rows: Rows, Cols: Cols}, nil
}

// readFile opens the regular file at path and calls read with it and the
// most body bytes its size makes plausible.
func readFile(path string, read func(r io.Reader, limit int) error) error {
	f, st, err := safefile.OpenRegular(path)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	return read(f, int(min(st.Size(), 1<<40)*MaxInflation+inflationSlack))
}

// find returns the path of name (a canonical .gz name) in dir, or of its
// uncompressed twin, or an error wrapping ErrNotFound. A folder or special
// file under the canonical name is an error of its own: fetching cannot
// fix it.
func find(dir, name string) (string, error) {
	for _, n := range []string{name, strings.TrimSuffix(name, ".gz")} {
		p := filepath.Join(dir, n)
		st, err := os.Stat(p)
		switch {
		case err == nil && st.Mode().IsRegular():
			return p, nil
		case err == nil && n == name:
			// Fetching would fail to rename the download over it.
			return "", fmt.Errorf("mnist: %s is not a file (a folder?); remove or rename it", p)
		case err == nil:
			// A folder under the uncompressed name does not count.
		case errors.Is(err, syscall.ENOTDIR):
			return "", fmt.Errorf("mnist: %s is a file, not a folder; give the folder that holds the MNIST files", dir)
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("mnist: %w", err)
		}
	}
	return "", fmt.Errorf("mnist: %s: no %s (nor %s): %w", dir, name, strings.TrimSuffix(name, ".gz"), ErrNotFound)
}
