package nn

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// tinyArch is the architecture of the model files in testdata.
func tinyArch() Arch {
	return Arch{Inputs: 4, Hidden: []int{3}, Outputs: 2, Activation: Tanh, Loss: CrossEntropy, Init: GlorotUniform}
}

const tinyModelFile = "testdata/tiny_4-3-2.npz"

// TestTestdataModel reads the model file kept in testdata, written by an
// earlier version of this package: model files must stay readable. With
// -update it rewrites the file.
func TestTestdataModel(t *testing.T) {
	want := testModel(tinyArch(), 1)
	if *update {
		if err := SaveModel(tinyModelFile, want); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadModel(tinyModelFile)
	if err != nil {
		t.Fatal(err)
	}
	if got.Net.Arch.String() != "4-3tanh-2" || !sameBits(got.Net.Params, want.Net.Params) || got.Note != want.Note {
		t.Errorf("%s holds %s %v %q, want %s %v %q", tinyModelFile, got.Net.Arch, got.Net.Params, got.Note, want.Net.Arch, want.Net.Params, want.Note)
	}
}

// FuzzReadModel checks that no file makes ReadModel panic, and that what it
// accepts is a usable model that survives a write and a read.
func FuzzReadModel(f *testing.F) {
	if b, err := os.ReadFile(tinyModelFile); err == nil {
		f.Add(b)
	}
	f.Add(modelBytes(f, testModel(tinyArch(), 2)))
	f.Add(modelBytes(f, testModel(Arch{Inputs: 3, Outputs: 2, Loss: MSE}, 3)))
	n := NewNetwork(tinyArch(), 4)
	ms := []member{
		{"W1.npy", npyOf(f, n.Layers[0].W, 4, 3)},
		{"b1.npy", npyOf(f, n.Layers[0].B, 3)},
		{"W2.npy", npyOf(f, n.Layers[1].W, 3, 2)},
		{"b2.npy", npyOf(f, n.Layers[1].B, 2)},
		{"config.json", configOf(f, ModelFormat, ModelVersion, tinyArch())},
	}
	f.Add(zipOf(f, ms...))                                   // stored by hand, other member order
	f.Add(zipOf(f, replace(ms, "b2.npy", member{})...))      // an array missing
	f.Add(zipOf(f, replace(ms, "config.json", member{})...)) // no config
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadModel(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if m != nil {
				t.Errorf("ReadModel failed (%v) but returned a model", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "nn: ") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line starting with \"nn: \"", msg)
			}
			return
		}
		if err := m.Net.Arch.Validate(); err != nil || len(m.Net.Params) != m.Net.Arch.NumParams() || !m.Net.Finite() {
			t.Fatalf("ReadModel accepted %s with %d params (finite %v): %v", m.Net.Arch, len(m.Net.Params), m.Net.Finite(), err)
		}
		var out bytes.Buffer
		if err := WriteModel(&out, m); err != nil {
			t.Fatalf("WriteModel of a read model: %v", err)
		}
		m2, err := ReadModel(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil || !sameBits(m.Net.Params, m2.Net.Params) {
			t.Fatalf("rewritten model does not read back: %v", err)
		}
	})
}

// FuzzModelConfig fuzzes config.json alone inside an otherwise valid model
// file of the tiny architecture, which FuzzReadModel rarely reaches
// through the zip layer: no config may make ReadModelFor panic or
// allocate past what the file stores, and an accepted one must describe
// the arrays that were read.
func FuzzModelConfig(f *testing.F) {
	n := NewNetwork(tinyArch(), 4)
	arrays := []member{
		{"W1.npy", npyOf(f, n.Layers[0].W, 4, 3)},
		{"b1.npy", npyOf(f, n.Layers[0].B, 3)},
		{"W2.npy", npyOf(f, n.Layers[1].W, 3, 2)},
		{"b2.npy", npyOf(f, n.Layers[1].B, 2)},
	}
	f.Add(configOf(f, ModelFormat, ModelVersion, tinyArch()))
	f.Add(configOf(f, ModelFormat, ModelVersion, Arch{Inputs: 4, Hidden: []int{4096, 4096}, Outputs: 2}))
	f.Add(configOf(f, ModelFormat, ModelVersion+1, tinyArch()))
	f.Add([]byte(`{"format": "backproplab-model", "version": 1, "arch": {"inputs": 4, "hidden": [3], "outputs": 2, "activation": "tanh"}, "epochs": [{"epoch": 1}]}`))
	f.Fuzz(func(t *testing.T, cfg []byte) {
		file := zipOf(t, append(arrays, member{"config.json", cfg})...)
		for _, want := range []ModelWant{{}, {Inputs: 4, Outputs: 2}} {
			m, err := ReadModelFor(bytes.NewReader(file), int64(len(file)), want)
			if err != nil {
				if msg := err.Error(); !strings.HasPrefix(msg, "nn: ") || strings.Contains(msg, "\n") {
					t.Errorf("error %q: want one line starting with \"nn: \"", msg)
				}
				continue
			}
			if !slices.Equal(m.Net.Arch.Widths(), tinyArch().Widths()) || !sameBits(m.Net.Params, n.Params) {
				t.Fatalf("ReadModelFor accepted %s with params %v, want the tiny model's", m.Net.Arch, m.Net.Params)
			}
		}
	})
}
