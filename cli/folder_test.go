package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/data"
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
	if code, _, stderr := run(t, "eval", "--model", model, "--dataset", other); code == 0 || !strings.Contains(stderr, "trained on classes circle, square, triangle, the folder") {
		t.Errorf("eval on a folder of other classes: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "eval", "--model", model); code == 0 || !strings.Contains(stderr, "--dataset FOLDER") {
		t.Errorf("eval without the folder: exit %d, %s", code, stderr)
	}
}
