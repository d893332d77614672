package mnist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

func loadSet(dir, imagesName, labelsName string) (*Set, error) {
	imagesPath, err := find(dir, imagesName)
	if err != nil {
		return nil, err
	}
	labelsPath, err := find(dir, labelsName)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(imagesPath)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	images, n, rows, cols, err := ReadImages(f, imagesPath)
	f.Close()
	if err != nil {
		return nil, err
	}
	f, err = os.Open(labelsPath)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	labels, err := ReadLabels(f, labelsPath)
	f.Close()
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("mnist: %s: %d labels, but %s has %d images", labelsPath, len(labels), imagesPath, n)
	}
	return &Set{Images: images, Labels: labels, N: n, Rows: rows, Cols: cols}, nil
}

// find returns the path of name (a canonical .gz name) in dir, or of its
// uncompressed twin, or an error wrapping ErrNotFound.
func find(dir, name string) (string, error) {
	for _, n := range []string{name, strings.TrimSuffix(name, ".gz")} {
		p := filepath.Join(dir, n)
		st, err := os.Stat(p)
		switch {
		case err == nil && st.Mode().IsRegular():
			return p, nil
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("mnist: %w", err)
		}
	}
	return "", fmt.Errorf("mnist: %s: no %s (nor %s): %w", dir, name, strings.TrimSuffix(name, ".gz"), ErrNotFound)
}
