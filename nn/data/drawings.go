package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/safefile"
)

// Drawings is the dataset name of the class's drawings saved from the pad.
const Drawings = "drawings"

// MNISTDrawings is the dataset name of MNIST with the drawings added to
// its training set; its test set is MNIST's.
const MNISTDrawings = "mnist+drawings"

// appID is the desktop app's ID (app.AppID); its storage folder holds the
// saved drawings.
const appID = "org.backproplab.app"

// DefaultDrawingsDir returns the folder where the app saves the drawings
// from the pad: the "examples" folder of its Fyne storage.
func DefaultDrawingsDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "fyne", appID, "examples"), nil
}

// ReadDrawings reads every drawing saved from the pad in dir (one JSON
// file each, digit.ParseExample), in file name order, returning the
// files it could not use with the reason.
func ReadDrawings(dir string) (exs []digit.Example, skipped []Skipped, err error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("data: no saved drawings: %s does not exist (save drawings from the Draw screen first)", dir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("data: %w", err)
	}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if len(exs) >= MaxFolderImages {
			return nil, skipped, fmt.Errorf("data: more than %d drawings in %s", MaxFolderImages, dir)
		}
		p := filepath.Join(dir, e.Name())
		b, err := safefile.ReadFile(p, digit.MaxExampleBytes)
		if err == nil {
			var ex digit.Example
			if ex, err = digit.ParseExample(b); err == nil {
				exs = append(exs, ex)
				continue
			}
		}
		skipped = append(skipped, Skipped{p, stripPath(err, p).Error()})
	}
	if len(exs) == 0 {
		return nil, skipped, fmt.Errorf("data: no saved drawings in %s", dir)
	}
	return exs, skipped, nil
}

// FromDrawings makes the saved drawings a dataset of the ten digit
// classes, with split of each digit's drawings held out for testing
// (seeded; a digit with one drawing keeps it for training).
func FromDrawings(exs []digit.Example, split float64, seed uint64) (*Set, error) {
	if !(split >= 0.05 && split <= 0.9) {
		return nil, fmt.Errorf("data: test split %v, want 0.05..0.9", split)
	}
	info := nn.MNISTInfo()
	files := make([]file, len(exs))
	pix := make([]uint8, 0, len(exs)*digit.Pixels)
	idx := make([]int, len(exs))
	for i, ex := range exs {
		files[i] = file{class: ex.Label}
		pix = append(pix, ex.Pixels...)
		idx[i] = i
	}
	train, test := splitPerClass(idx, files, len(info.Classes), split, seed)
	if len(test) == 0 {
		return nil, fmt.Errorf("data: %d drawings leave none for testing; save more", len(exs))
	}
	info.Name, info.TrainRatio, info.Seed = Drawings, 1-split, seed
	return &Set{Info: info, Train: gather(pix, files, train), Test: gather(pix, files, test)}, nil
}

// AddDrawings returns MNIST with the drawings' training part added to its
// training set; its test set stays MNIST's.
func AddDrawings(mnistSet, drawings *Set) *Set {
	n := mnistSet.Train.N + drawings.Train.N
	img := make([]uint8, 0, n*digit.Pixels)
	labels := make([]uint8, 0, n)
	var x [digit.Pixels]float32
	for _, d := range []*nn.Dataset{mnistSet.Train, drawings.Train} {
		for i := range d.N {
			d.Pixels(i, x[:])
			k := len(img)
			img = img[:k+digit.Pixels]
			quantise(img[k:], &x)
			labels = append(labels, d.Labels[i])
		}
	}
	info := mnistSet.Info
	info.Name = MNISTDrawings
	return &Set{Info: info, Train: nn.NewDataset(img, labels, digit.Pixels), Test: mnistSet.Test}
}
