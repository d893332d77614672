package nn

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// testModel returns a model of architecture a with seeded weights and biases.
func testModel(a Arch, seed uint64) *Model {
	net := NewNetwork(a, seed)
	for _, ly := range net.Layers {
		for i := range ly.B {
			ly.B[i] = float32(i+1) / 64 // non-zero, so that biases are checked too
		}
	}
	s := DefaultSettings()
	s.L2, s.Augment = 1e-4, true
	return &Model{
		Net: net, Settings: s, Note: "test model",
		Epochs: []EpochMetrics{{Epoch: 1, TrainLoss: 0.5, TrainAccuracy: 0.9, ValLoss: 0.6, ValAccuracy: 0.85, Seconds: 2}},
	}
}

func modelBytes(t testing.TB, m *Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteModel(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestModelRoundTrip(t *testing.T) {
	for _, a := range []Arch{TutorialArch(), {Inputs: 4, Hidden: []int{3}, Outputs: 2, Activation: Tanh, Loss: MSE, Init: HeUniform}, {Inputs: 5, Outputs: 3}} {
		t.Run(a.String(), func(t *testing.T) {
			m := testModel(a, 1)
			path := filepath.Join(t.TempDir(), "model.npz")
			if err := SaveModel(path, m); err != nil {
				t.Fatal(err)
			}
			got, err := LoadModel(path)
			if err != nil {
				t.Fatal(err)
			}
			if !sameBits(got.Net.Params, m.Net.Params) {
				t.Errorf("loaded parameters differ from the saved ones")
			}
			ga, _ := json.Marshal(got.Net.Arch)
			wa, _ := json.Marshal(m.Net.Arch)
			if !bytes.Equal(ga, wa) {
				t.Errorf("architecture %s, want %s", ga, wa)
			}
			if got.Settings != m.Settings || got.Note != m.Note || !slices.Equal(got.Epochs, m.Epochs) {
				t.Errorf("loaded %+v, %q, %+v; want %+v, %q, %+v", got.Settings, got.Note, got.Epochs, m.Settings, m.Note, m.Epochs)
			}
			// The loaded network predicts exactly as the saved one.
			data := synthDataset(3, 1)
			if a.Inputs == 784 {
				x := make([]float32, 784)
				p, q := NewPredictor(a), NewPredictor(a)
				for i := range 3 {
					data.Pixels(i, x)
					if !slices.Equal(p.Predict(m.Net, x), q.Predict(got.Net, x)) {
						t.Errorf("image %d: predictions differ after loading", i)
					}
				}
			}
			// Layer views point into the loaded Params.
			got.Net.Layers[0].W[0] = 123
			if got.Net.Params[0] != 123 {
				t.Errorf("loaded layers are not views into Params")
			}
		})
	}
}

// TestModelArchiveLayout checks what numpy will see: W1.npy (in, out) etc.
func TestModelArchiveLayout(t *testing.T) {
	m := testModel(Arch{Inputs: 4, Hidden: []int{3}, Outputs: 2}, 1)
	b := modelBytes(t, m)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if want := []string{"W1.npy", "b1.npy", "W2.npy", "b2.npy", "config.json"}; !slices.Equal(names, want) {
		t.Errorf("archive members %v, want %v", names, want)
	}
	f, err := zr.Open("W1.npy")
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	raw.ReadFrom(f)
	data, shape, err := readNPY(raw.Bytes(), 100)
	if err != nil || !slices.Equal(shape, []int{4, 3}) || !slices.Equal(data, m.Net.Layers[0].W) {
		t.Errorf("W1.npy = %v %v, %v; want shape [4 3] and the weights", shape, data, err)
	}
	cf, _ := zr.Open("config.json")
	var cfg map[string]any
	if err := json.NewDecoder(cf).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg["format"] != ModelFormat || cfg["version"] != float64(ModelVersion) {
		t.Errorf("config.json format %v, version %v", cfg["format"], cfg["version"])
	}
	arch := cfg["arch"].(map[string]any)
	if arch["activation"] != "relu" || arch["loss"] != "ce" || arch["init"] != "glorot" {
		t.Errorf("config.json arch %v: want names, not numbers", arch)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		w.Write([]byte("partial new contents"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("WriteFileAtomic = %v, want the writer's error", err)
	}
	checkDir(t, dir, map[string]string{"model.npz": "old"})

	if err := WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write([]byte("new"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	checkDir(t, dir, map[string]string{"model.npz": "new"})

	// A model that cannot be saved leaves the old file alone.
	if err := WriteFileAtomic(filepath.Join(dir, "no such dir", "m.npz"), func(io.Writer) error { return nil }); err == nil {
		t.Errorf("WriteFileAtomic into a missing folder succeeded")
	}
	checkDir(t, dir, map[string]string{"model.npz": "new"})
}

// checkDir fails t unless dir holds exactly the files of want.
func checkDir(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		got[e.Name()] = string(b)
	}
	if len(got) != len(want) {
		t.Errorf("folder holds %v, want %v", got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("folder holds %v, want %v", got, want)
			return
		}
	}
}

// member is one file in a hand-made archive.
type member struct {
	name string
	data []byte
}

// zipOf returns an archive of the members, stored uncompressed (which keeps
// the tests quick under -race; ReadModel reads both kinds).
func zipOf(t testing.TB, members ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func npyOf(t testing.TB, data []float32, shape ...int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := writeNPY(&b, data, shape...); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func configOf(t testing.TB, format string, version int, a Arch) []byte {
	t.Helper()
	b, err := json.Marshal(modelConfig{Format: format, Version: version, Arch: a, Settings: DefaultSettings()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tutorialMembers returns the members of a valid 784-128-10 model file.
func tutorialMembers(t testing.TB) []member {
	a := TutorialArch()
	n := NewNetwork(a, 1)
	return []member{
		{"W1.npy", npyOf(t, n.Layers[0].W, 784, 128)},
		{"b1.npy", npyOf(t, n.Layers[0].B, 128)},
		{"W2.npy", npyOf(t, n.Layers[1].W, 128, 10)},
		{"b2.npy", npyOf(t, n.Layers[1].B, 10)},
		{"config.json", configOf(t, ModelFormat, ModelVersion, a)},
	}
}

// replace returns ms with the member called name replaced by m, or dropped
// when m.name is empty.
func replace(ms []member, name string, m member) []member {
	var out []member
	for _, x := range ms {
		switch {
		case x.name != name:
			out = append(out, x)
		case m.name != "":
			out = append(out, m)
		}
	}
	return out
}

func TestLoadModelErrors(t *testing.T) {
	ms := tutorialMembers(t)
	valid := zipOf(t, ms...)
	nan := make([]float32, 10)
	nan[3] = float32(math.NaN())
	f8 := npyOf(t, make([]float32, 2*784*128), 784, 128) // as many bytes as 784·128 float64s
	f8 = bytes.Replace(f8, []byte("'<f4'"), []byte("'<f8'"), 1)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"zero bytes", nil, "empty model file"},
		{"truncated", valid[:len(valid)/2], "not a model file"},
		{"not a zip", []byte("P3\n28 28\n255\nthis is not a model\n"), "not a model file"},
		{"no config", zipOf(t, replace(ms, "config.json", member{})...), "no config.json"},
		{"bad json", zipOf(t, replace(ms, "config.json", member{"config.json", []byte("{format")})...), "bad config.json"},
		{"foreign format", zipOf(t, replace(ms, "config.json", member{"config.json", configOf(t, "keras", 1, TutorialArch())})...), `format "keras"`},
		{"newer version", zipOf(t, replace(ms, "config.json", member{"config.json", configOf(t, ModelFormat, ModelVersion+1, TutorialArch())})...), "newer than this program"},
		{"version 0", zipOf(t, replace(ms, "config.json", member{"config.json", []byte(`{"format": "backproplab-model", "arch": {"inputs": 784, "outputs": 10}}`)})...), "bad model file version 0"},
		{"bad arch", zipOf(t, replace(ms, "config.json", member{"config.json", configOf(t, ModelFormat, 1, Arch{Inputs: 784, Outputs: 1})})...), "bad architecture"},
		{"W1 wrong shape", zipOf(t, replace(ms, "W1.npy", member{"W1.npy", npyOf(t, make([]float32, 10*128), 10, 128)})...), "W1 has shape [10 128], the architecture 784-128relu-10 needs [784 128]"},
		{"W1 too big", zipOf(t, replace(ms, "W1.npy", member{"W1.npy", npyOf(t, make([]float32, 785*128), 785, 128)})...), "W1"},
		{"W1 transposed", zipOf(t, replace(ms, "W2.npy", member{"W2.npy", npyOf(t, make([]float32, 1280), 10, 128)})...), "W2 has shape [10 128]"},
		{"b1 as matrix", zipOf(t, replace(ms, "b1.npy", member{"b1.npy", npyOf(t, make([]float32, 128), 1, 128)})...), "b1 has shape [1 128]"},
		{"float64", zipOf(t, replace(ms, "W1.npy", member{"W1.npy", f8})...), "<f8"},
		{"truncated array", zipOf(t, replace(ms, "W1.npy", member{"W1.npy", npyOf(t, make([]float32, 784*128), 784, 128)[:5000]})...), "truncated"},
		{"missing array", zipOf(t, replace(ms, "b2.npy", member{})...), "lacks array b2"},
		{"not npy", zipOf(t, replace(ms, "b2.npy", member{"b2.npy", []byte("0,0,0,0,0,0,0,0,0,0")})...), "b2"},
		{"NaN weight", zipOf(t, replace(ms, "b2.npy", member{"b2.npy", npyOf(t, nan, 10)})...), "non-finite"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".npz")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			m, err := LoadModel(path)
			if err == nil {
				t.Fatalf("LoadModel = %v, nil; want an error", m)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
				t.Errorf("LoadModel error %q: want one line naming the file and containing %q", msg, tc.want)
			}
		})
	}
	if _, err := LoadModel(filepath.Join(dir, "missing.npz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadModel of a missing file = %v, want os.ErrNotExist", err)
	}
}

// TestReadModelHugeArch feeds a tiny file declaring the largest valid
// architecture (about 390 million parameters) but holding no arrays: it must
// fail without allocating the network.
func TestReadModelHugeArch(t *testing.T) {
	a := Arch{Inputs: 1 << 16, Hidden: slices.Repeat([]int{MaxWidth}, MaxLayers), Outputs: 256}
	b := zipOf(t, member{"config.json", configOf(t, ModelFormat, 1, a)})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadModel(bytes.NewReader(b), int64(len(b)))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "lacks array W1") {
		t.Errorf("ReadModel = %v, want a missing-array error", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("ReadModel of a %d-byte file allocated %d MB", len(b), alloc>>20)
	}
}
