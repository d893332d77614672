package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		return nil, nil, &FolderError{Code: DrawingsNoFolder, Dir: dir}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("data: %w", err)
	}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if len(exs) >= MaxFolderImages {
			return nil, skipped, &FolderError{Code: DrawingsTooMany, Dir: dir, N: MaxFolderImages}
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
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, safefile.ErrNotRegular) || errors.Is(err, safefile.ErrTooLarge) || errors.Is(err, os.ErrPermission) {
			skipped = append(skipped, skipFor(p, err))
		} else {
			skipped = append(skipped, Skipped{Path: p, Code: SkipBadDrawing, Detail: strings.TrimPrefix(stripPath(err, p).Error(), "digit: bad example: ")})
		}
	}
	if len(exs) == 0 {
		return nil, skipped, &FolderError{Code: DrawingsNone, Dir: dir}
	}
	return exs, skipped, nil
}

// FromDrawings makes the saved drawings of the given classes (nil: the
// ten digits) a dataset, with split of each class's drawings held out for
// testing (seeded; a class with one drawing keeps it for training).
// Drawings saved for other classes are left out.
func FromDrawings(exs []digit.Example, classes []string, split float64, seed uint64) (*Set, error) {
	if !(split >= 0.05 && split <= 0.9) {
		return nil, fmt.Errorf("data: test split %v, want 0.05..0.9", split)
	}
	info := nn.MNISTInfo()
	if len(classes) > 0 {
		if err := digit.CheckClasses(classes); err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		info.Classes = slices.Clone(classes)
	}
	var files []file
	var pix []uint8
	var idx []int
	for _, ex := range exs {
		if !slices.Equal(ex.Classes, classes) {
			continue
		}
		idx = append(idx, len(files))
		files = append(files, file{class: ex.Label})
		pix = append(pix, ex.Pixels...)
	}
	if len(files) == 0 {
		return nil, &FolderError{Code: DrawingsNoneForClasses, Classes: info.Classes}
	}
	train, test := splitPerClass(idx, files, len(info.Classes), split, seed)
	if len(test) == 0 {
		return nil, &FolderError{Code: DrawingsNoTest, N: len(files)}
	}
	info.Name, info.TrainRatio, info.Seed = Drawings, 1-split, seed
	return &Set{Info: info, Train: gather(pix, files, train), Test: gather(pix, files, test)}, nil
}

// DrawingClasses returns the classes the drawings were saved for that a
// drawings dataset should take: prefer when some drawing was saved for
// them, else those of the drawing saved last, the last in file order among equals (nil: the digits).
func DrawingClasses(exs []digit.Example, prefer []string) []string {
	var last *digit.Example
	for i, ex := range exs {
		if slices.Equal(ex.Classes, prefer) || (len(ex.Classes) == 0 && slices.Equal(prefer, nn.MNISTInfo().Classes)) {
			return ex.Classes
		}
		if last == nil || !ex.Saved.Before(last.Saved) {
			last = &exs[i]
		}
	}
	if last == nil {
		return nil
	}
	return last.Classes
}

// AddDrawings returns MNIST with the digit drawings' training part added to its
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
