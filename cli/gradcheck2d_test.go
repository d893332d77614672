package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestGradcheck2D checks the gradient of a model trained on a generated 2D
// dataset, which gradcheck makes again from the recipe in the model.
func TestGradcheck2D(t *testing.T) {
	out := filepath.Join(t.TempDir(), "xor.npz")
	if code, _, stderr := run(t, "train", "--json", "--epochs", "2", "--batch", "10", "--seed", "2", "--out", out,
		"--dataset", "xor", "--hidden", "4", "--activation", "tanh"); code != 0 {
		t.Fatalf("train: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := run(t, "gradcheck", "--json", "--model", out, "--batch", "16", "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("gradcheck: exit %d, stderr %q", code, stderr)
	}
	var r gradcheckReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("gradcheck --json %q: %v", stdout, err)
	}
	if len(r.Layers) != 2 {
		t.Fatalf("%d layers checked, want 2", len(r.Layers))
	}
	for _, l := range r.Layers {
		if l.Checked == 0 || !(l.Worst <= 1e-3) {
			t.Errorf("layer %d: %d checked, worst relative error %v; want some checked, ≤ 1e-3", l.Layer, l.Checked, l.Worst)
		}
	}
}
