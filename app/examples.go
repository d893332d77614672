package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/mnist"
	"backproplab/nn/safefile"
	"backproplab/viz"
)

// maxExampleFile bounds the size of one example file that loadExamples reads.
const maxExampleFile = digit.MaxExampleBytes

// IDX file names of an exported example set, named like MNIST's.
const (
	examplesImagesIDX = "examples-images-idx3-ubyte"
	examplesLabelsIDX = "examples-labels-idx1-ubyte"
)

// example is one drawing the user labelled and saved: the class's own
// handwriting set. It is stored as one JSON file per example; the parser
// lives in package digit, where it is fuzzed.
type example = digit.Example

// newExample prepares drawing d (MNIST preprocessing, pen width pen) as an
// example with the given label. It reports false when d holds no digit.
func newExample(d digit.Drawing, pen float32, label, predicted int, model string, now time.Time) (example, bool) {
	x, ok := digit.FromDrawing(d, digit.Options{PenWidth: pen, MNIST: true})
	if !ok {
		return example{}, false
	}
	return example{Label: label, Predicted: predicted, Model: model,
		Pixels: digit.Render28(x).Pix, Drawing: d, Saved: now.UTC()}, true
}

// saveExample writes ex atomically as a new JSON file in dir, creating
// dir if needed, and returns the file's path.
func saveExample(dir string, ex example) (string, error) {
	if digit.CheckClasses(ex.Classes) != nil || ex.Label < 0 || ex.Label >= ex.NumClasses() || len(ex.Pixels) != digit.Pixels {
		return "", errorf("bad example: label %d, %d pixels", ex.Label, len(ex.Pixels))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", errorf("examples folder: %w", err)
	}
	ex.Image = make([]int, len(ex.Pixels))
	for i, v := range ex.Pixels {
		ex.Image[i] = int(v)
	}
	b, err := json.Marshal(ex)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s-%d.json", ex.Saved.UTC().Format("20060102T150405.000000000"), ex.Label)
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return "", errorf("example %s exists already", name)
	}
	err = nn.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return "", errorf("save example: %w", err)
	}
	return path, nil
}

// loadExamples reads every example in dir, oldest first. A missing folder
// is an empty set; files that are not valid examples are skipped and
// counted.
func loadExamples(dir string) (exs []example, skipped int, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, errorf("examples folder: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		ex, err := readExample(filepath.Join(dir, e.Name()))
		if err != nil {
			skipped++
			continue
		}
		exs = append(exs, ex)
	}
	slices.SortStableFunc(exs, func(a, b example) int { return a.Saved.Compare(b.Saved) })
	return exs, skipped, nil
}

// readExample reads and checks one example file.
func readExample(path string) (example, error) {
	b, err := safefile.ReadFile(path, maxExampleFile)
	if err != nil {
		return example{}, err
	}
	ex, err := digit.ParseExample(b)
	if err != nil {
		return example{}, fmt.Errorf("%s: %w", path, err)
	}
	return ex, nil
}

// exampleClasses returns the class names drawings of a dataset with
// these classes are saved under: nil for the ten digits (and for none).
func exampleClasses(names []string) []string {
	if len(names) == 0 || slices.Equal(names, viz.DigitNames(10)) {
		return nil
	}
	return names
}

// examplesFor returns the examples saved for the classes (nil: the
// digits).
func examplesFor(exs []example, classes []string) []example {
	var out []example
	for _, ex := range exs {
		if slices.Equal(ex.Classes, classes) {
			out = append(out, ex)
		}
	}
	return out
}

// examplesDataset returns the examples as an nn dataset.
func examplesDataset(exs []example) *nn.Dataset {
	images := make([]uint8, 0, len(exs)*digit.Pixels)
	labels := make([]uint8, len(exs))
	for i, ex := range exs {
		images = append(images, ex.Pixels...)
		labels[i] = uint8(ex.Label)
	}
	return nn.NewDataset(images, labels, digit.Pixels)
}

// exampleScore is how a model does on the examples.
type exampleScore struct {
	N, Correct int
	Mistakes   [][2]int // {label, predicted} of the misread examples
}

// Accuracy returns the fraction read correctly.
func (s exampleScore) Accuracy() float64 {
	if s.N == 0 {
		return 0
	}
	return float64(s.Correct) / float64(s.N)
}

// scoreExamples runs net on every example.
func scoreExamples(net *nn.Network, exs []example) exampleScore {
	s := exampleScore{N: len(exs)}
	if len(exs) == 0 {
		return s
	}
	pred := make([]uint8, len(exs))
	nn.NewEvaluator(net.Arch).Run(net, examplesDataset(exs), pred, nil)
	for i, ex := range exs {
		if int(pred[i]) == ex.Label {
			s.Correct++
		} else {
			s.Mistakes = append(s.Mistakes, [2]int{ex.Label, int(pred[i])})
		}
	}
	return s
}

// exportIDX writes the examples as the IDX files examplesImagesIDX and
// examplesLabelsIDX in dir, atomically, and returns their paths.
func exportIDX(dir string, exs []example) (images, labels string, err error) {
	if len(exs) == 0 {
		return "", "", errorf("no examples to export")
	}
	ds := examplesDataset(exs)
	pix := make([]uint8, 0, len(exs)*digit.Pixels)
	for _, ex := range exs {
		pix = append(pix, ex.Pixels...)
	}
	images = filepath.Join(dir, examplesImagesIDX)
	labels = filepath.Join(dir, examplesLabelsIDX)
	if err := nn.WriteFileAtomic(images, func(w io.Writer) error {
		return mnist.WriteImages(w, pix, len(exs), digit.Side, digit.Side)
	}); err != nil {
		return "", "", errorf("export images: %w", err)
	}
	if err := nn.WriteFileAtomic(labels, func(w io.Writer) error {
		return mnist.WriteLabels(w, ds.Labels)
	}); err != nil {
		return "", "", errorf("export labels: %w", err)
	}
	return images, labels, nil
}
