package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/digit"
	"backproplab/nn/mnist"
)

// TestFolderAcceptance is the acceptance run: a generated folder of
// 300 circles, squares and triangles a class (random size, position and
// stroke width), "train --dataset DIR --epochs 10" with the default
// preprocessing reaches a test accuracy of at least 0.95. The plain
// resize is logged beside it. Then eval, predict --json and a folder of
// other classes are checked.
func TestFolderAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 900 images and trains twice")
	}
	dir := filepath.Join(t.TempDir(), "shapes")
	if err := data.WriteShapeFolder(dir, 300, 1); err != nil {
		t.Fatal(err)
	}
	type report struct {
		Dataset      string   `json:"dataset"`
		Classes      []string `json:"classes"`
		TestAccuracy float64  `json:"test_accuracy"`
	}
	model := filepath.Join(t.TempDir(), "shapes.npz")
	train := func(pre string, out ...string) report {
		args := []string{"train", "--json", "--dataset", dir, "--epochs", "10", "--preprocess", pre}
		code, stdout, stderr := run(t, append(args, out...)...)
		if code != 0 {
			t.Fatalf("train --preprocess %s: exit %d, %s", pre, code, stderr)
		}
		var r report
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatalf("%q: %v", stdout, err)
		}
		if r.Dataset != "shapes" || !slices.Equal(r.Classes, data.ShapeClasses) {
			t.Errorf("--json %+v", r)
		}
		return r
	}
	c := train(data.Center, "--out", model)
	r := train(data.Resize)
	t.Logf("test accuracy: center %.3f, resize %.3f", c.TestAccuracy, r.TestAccuracy)
	if c.TestAccuracy < 0.95 {
		t.Errorf("test accuracy %.3f with centring, want ≥ 0.95", c.TestAccuracy)
	}
	m, err := nn.LoadModel(model)
	if err != nil {
		t.Fatal(err)
	}
	if m.Data == nil || !slices.Equal(m.Data.Classes, data.ShapeClasses) || m.Data.Preprocess != data.Center {
		t.Errorf("config.json data %+v", m.Data)
	}
	code, stdout, stderr := run(t, "eval", "--json", "--model", model, "--dataset", dir)
	var e report
	if code != 0 || json.Unmarshal([]byte(stdout), &e) != nil || e.TestAccuracy != c.TestAccuracy || !slices.Equal(e.Classes, data.ShapeClasses) {
		t.Errorf("eval: exit %d, %q, %s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "predict", "--json", "--model", model, filepath.Join(dir, "triangle", "002.png"))
	var ps []prediction
	if code != 0 || json.Unmarshal([]byte(stdout), &ps) != nil || len(ps) != 1 || ps[0].Class != data.ShapeClasses[ps[0].Digit] || len(ps[0].Probabilities) != 3 {
		t.Errorf("predict: exit %d, %q, %s", code, stdout, stderr)
	}
	// A model whose classes differ from the folder's.
	other := filepath.Join(t.TempDir(), "other")
	if err := data.WriteShapeFolder(other, 5, 2); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(other, "triangle")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "eval", "--model", model, "--dataset", other); code == 0 || !strings.Contains(stderr, "trained on classes circle, square, triangle, the data") {
		t.Errorf("eval on a folder of other classes: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "eval", "--model", model); code == 0 || !strings.Contains(stderr, "--dataset FOLDER") {
		t.Errorf("eval without the folder: exit %d, %s", code, stderr)
	}
}

// TestDrawingsDataset trains and evaluates on saved drawings.
func TestDrawingsDataset(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		ex := digit.Example{Label: i % 4, Predicted: -1, Image: make([]int, digit.Pixels), Drawing: digit.Drawing{Width: 280, Height: 280, Strokes: []digit.Stroke{{{X: 10, Y: 10}}}}}
		for y := 4; y < 24; y++ {
			ex.Image[y*28+4+3*ex.Label] = 255
		}
		b, _ := json.Marshal(ex)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.json", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(t.TempDir(), "d.npz")
	code, stdout, stderr := run(t, "train", "--json", "--dataset", "drawings", "--drawings", dir, "--epochs", "20", "--lr", "0.01", "--out", model)
	var r struct {
		Dataset string   `json:"dataset"`
		Classes []string `json:"classes"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil || r.Dataset != "drawings" || len(r.Classes) != 10 {
		t.Fatalf("train: exit %d, %q, %s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "eval", "--json", "--model", model, "--dataset", "drawings", "--drawings", dir)
	var e evalReport
	if code != 0 || json.Unmarshal([]byte(stdout), &e) != nil || e.TestAccuracy < 0.99 || len(e.PerClass) != 10 || e.PerClass[0].N != 2 || e.PerClass[5].N != 0 {
		t.Errorf("eval: exit %d, %q, %s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "train", "--dataset", "drawings", "--drawings", t.TempDir()); code == 0 || !strings.Contains(stderr, "no saved drawings") {
		t.Errorf("no drawings: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "train", "--dataset", "xor", "--add-drawings"); code == 0 || !strings.Contains(stderr, "adds to MNIST") {
		t.Errorf("--add-drawings on xor: exit %d, %s", code, stderr)
	}
}

// TestVariantDataset trains on a synthetic Fashion-MNIST in --data and
// evaluates it there: the class names are Fashion-MNIST's.
func TestVariantDataset(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, f func(*os.File) error) {
		file, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f(file); err != nil {
			t.Fatal(err)
		}
		file.Close()
	}
	for _, part := range []struct {
		prefix string
		n      int
	}{{"train", 50}, {"t10k", 20}} {
		img, labels := make([]uint8, part.n*784), make([]uint8, part.n)
		for i := range labels {
			labels[i] = uint8(i % 10)
			img[i*784+100+int(labels[i])*20] = 255
		}
		write(part.prefix+"-images-idx3-ubyte", func(f *os.File) error { return mnist.WriteImages(f, img, part.n, 28, 28) })
		write(part.prefix+"-labels-idx1-ubyte", func(f *os.File) error { return mnist.WriteLabels(f, labels) })
	}
	model := filepath.Join(t.TempDir(), "f.npz")
	code, stdout, stderr := run(t, "train", "--json", "--dataset", "fashion", "--data", dir, "--epochs", "2", "--out", model)
	var r struct {
		Dataset string   `json:"dataset"`
		Classes []string `json:"classes"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil || r.Dataset != "fashion" || !slices.Equal(r.Classes, mnist.Fashion.Classes) {
		t.Fatalf("train: exit %d, %q, %s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "eval", "--json", "--model", model, "--data", dir)
	if code != 0 || !strings.Contains(stdout, `"Ankle boot"`) {
		t.Errorf("eval: exit %d, %q, %s", code, stdout, stderr)
	}
}

// TestPresetFlags checks --label-noise and --keep-class on a 2D dataset:
// the model still evaluates on the clean, recorded test set.
func TestPresetFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.npz")
	code, _, stderr := run(t, "train", "--dataset", "spiral-k", "--epochs", "2", "--batch", "10", "--label-noise", "0.3", "--keep-class", "1:0.2", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "eval", "--model", out); code != 0 {
		t.Errorf("eval: exit %d, %s", code, stderr)
	}
	for _, bad := range [][]string{{"--label-noise", "1.5"}, {"--keep-class", "7:0.1"}, {"--keep-class", "1"}, {"--keep-class", "1:0"}} {
		args := append([]string{"train", "--dataset", "xor", "--epochs", "1"}, bad...)
		if code, _, _ := run(t, args...); code == 0 {
			t.Errorf("%v: exit 0", bad)
		}
	}
}
