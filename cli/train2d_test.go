package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/nn"
)

func TestTrain2DJSONOutAndEval(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		classes    []string
		regression bool
		arch       string
	}{
		{"xor", []string{"--dataset", "xor", "--features", "x1,x2,x1x2", "--hidden", "4", "--activation", "tanh"}, []string{"0", "1"}, false, "3-4tanh-2"},
		{"spiral-k", []string{"--dataset", "spiral-k", "--classes", "4", "--hidden", "8,8", "--activation", "tanh,relu", "--dropout", "0.1,0"}, []string{"0", "1", "2", "3"}, false, "2-8tanh/d0.1-8relu-4"},
		{"plane", []string{"--dataset", "plane", "--hidden", "", "--points", "300"}, nil, true, "2-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name+".npz")
			args := append([]string{"train", "--json", "--epochs", "3", "--batch", "10", "--lr", "0.03", "--seed", "2", "--noise", "0.1", "--out", out}, tc.args...)
			code, stdout, stderr := run(t, args...)
			if code != 0 {
				t.Fatalf("train: exit %d, stderr %q", code, stderr)
			}
			var r struct {
				Dataset      string   `json:"dataset"`
				Classes      []string `json:"classes"`
				TestLoss     float64  `json:"test_loss"`
				TestAccuracy float64  `json:"test_accuracy"`
				Epochs       []any    `json:"epochs"`
			}
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("--json output %q: %v", stdout, err)
			}
			if r.Dataset != tc.name || !slices.Equal(r.Classes, tc.classes) || len(r.Epochs) != 3 || math.IsNaN(r.TestLoss) || math.IsNaN(r.TestAccuracy) || !(r.TestLoss > 0) {
				t.Errorf("--json = %+v", r)
			}
			if tc.name == "xor" && r.TestAccuracy < 0.8 { // x1·x2 separates XOR at once
				t.Errorf("test accuracy %v after 3 epochs", r.TestAccuracy)
			}
			m, err := nn.LoadModel(out)
			if err != nil {
				t.Fatal(err)
			}
			if m.Data == nil || m.Data.Name != tc.name || m.Data.Seed != 2 || m.Data.Noise != 0.1 || m.Net.Arch.String() != tc.arch {
				t.Errorf("saved model: arch %s, data %+v", m.Net.Arch, m.Data)
			}
			code, stdout, stderr = run(t, "eval", "--json", "--model", out)
			if code != 0 {
				t.Fatalf("eval: exit %d, stderr %q", code, stderr)
			}
			var e evalReport
			if err := json.Unmarshal([]byte(stdout), &e); err != nil {
				t.Fatal(err)
			}
			if e.TestLoss != r.TestLoss || e.TestAccuracy != r.TestAccuracy || !slices.Equal(e.Classes, tc.classes) {
				t.Errorf("eval = %v, train reported loss %v accuracy %v", e, r.TestLoss, r.TestAccuracy)
			}
		})
	}
}

func TestTrain2DBadFlags(t *testing.T) {
	tests := [][]string{
		{"--dataset", "nope"},
		{"--dataset", "xor", "--features", "x9"},
		{"--dataset", "xor", "--noise", "0.7"},
		{"--dataset", "xor", "--train-ratio", "0.95"},
		{"--dataset", "spiral-k", "--classes", "9"},
		{"--dataset", "xor", "--hidden", "4,4", "--activation", "tanh,relu,relu"},
		{"--dataset", "xor", "--hidden", "4", "--dropout", "0.95"},
		{"--dataset", "xor", "--loss", "regression"},
		{"--dataset", "xor", "--points", "2"},
	}
	for _, args := range tests {
		code, _, stderr := run(t, append([]string{"train", "--epochs", "1"}, args...)...)
		if code == 0 || stderr == "" || strings.Contains(stderr, "panic") {
			t.Errorf("train %v: exit %d, stderr %q; want a clear error", args, code, stderr)
		}
	}
}
