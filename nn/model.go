package nn

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"backproplab/nn/safefile"
)

// ModelFormat names Backprop Lab model files in their config.json.
const ModelFormat = "backproplab-model"

// ModelVersion is the newest model-file version this package reads and writes.
const ModelVersion = 1

// maxModelBytes bounds the size of a model file that Load accepts.
const maxModelBytes = 1 << 30

// Model is a network with the settings it was trained with, as stored in a
// model file.
type Model struct {
	Net      *Network
	Settings Settings
	Epochs   []EpochMetrics // what training reported, if anything
	Note     string         // free text, e.g. how the model was made
	// Data names the data it was trained on; nil in files from before
	// datasets were recorded, which were all trained on MNIST.
	Data *DataInfo
}

// modelConfig is the config.json member of a model file.
type modelConfig struct {
	Format   string         `json:"format"`
	Version  int            `json:"version"`
	Arch     Arch           `json:"arch"`
	Settings Settings       `json:"settings"`
	Epochs   []EpochMetrics `json:"epochs,omitempty"`
	Note     string         `json:"note,omitempty"`
	Data     *DataInfo      `json:"dataset,omitempty"`
	Arrays   []string       `json:"arrays"`
}

// WriteModel writes m as a .npz archive: W1.npy, b1.npy, W2.npy, … (float32,
// W shaped (in, out)) and config.json. numpy reads the arrays with np.load.
func WriteModel(w io.Writer, m *Model) error {
	zw := zip.NewWriter(w)
	cfg := modelConfig{Format: ModelFormat, Version: ModelVersion, Arch: m.Net.Arch, Settings: m.Settings, Epochs: m.Epochs, Note: m.Note, Data: m.Data}
	for l, ly := range m.Net.Layers {
		for _, a := range []struct {
			name  string
			data  []float32
			shape []int
		}{
			{fmt.Sprintf("W%d", l+1), ly.W, []int{ly.In, ly.Out}},
			{fmt.Sprintf("b%d", l+1), ly.B, []int{ly.Out}},
		} {
			cfg.Arrays = append(cfg.Arrays, a.name)
			f, err := zw.Create(a.name + ".npy")
			if err != nil {
				return err
			}
			if err := writeNPY(f, a.data, a.shape...); err != nil {
				return err
			}
		}
	}
	f, err := zw.Create("config.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cfg); err != nil {
		return err
	}
	return zw.Close()
}

// SaveModel writes m to path atomically: to a temporary file in the same
// folder, then renamed over path.
func SaveModel(path string, m *Model) error {
	return WriteFileAtomic(path, func(w io.Writer) error { return WriteModel(w, m) })
}

// WriteFileAtomic creates path by calling write on a temporary file in the
// same folder, syncing it, renaming it over path and syncing the folder. On
// any error the temporary file is removed and path is left as it was. See
// safefile.WriteAtomic for how a killed save is cleaned up.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return safefile.WriteAtomic(path, write)
}

// MaxInflation bounds how much a model file's arrays may inflate: their
// declared size (4 bytes a parameter) may be at most MaxInflation times
// the bytes the file stores for them, plus inflationSlack. Real weights
// barely compress (about 1.1:1), so every model this program saves passes,
// while a small file cannot declare a huge model: a 10 MB file allows at
// most 20 M parameters (81 MB). The check runs before anything is
// inflated or allocated.
const MaxInflation = 8

// inflationSlack lets arrays of zeros (fresh biases) of up to 1 MiB in all
// compress as far as they like.
const inflationSlack = 1 << 20

// ErrModelShape is wrapped by errors about a model whose inputs or outputs
// are not what the caller needs (ModelWant).
var ErrModelShape = errors.New("wrong model shape")

// ModelWant is what a caller needs of a model file; zero fields accept
// anything. LoadModelFor checks it against config.json before reading any
// array.
type ModelWant struct {
	Inputs, Outputs int
}

// LoadModel reads a model file written by SaveModel.
func LoadModel(path string) (*Model, error) {
	return LoadModelFor(path, ModelWant{})
}

// LoadModelFor reads a model file written by SaveModel, refusing it
// (with an error wrapping ErrModelShape) before reading its arrays when its
// inputs or outputs are not want's.
func LoadModelFor(path string, want ModelWant) (*Model, error) {
	return ReadArchive(path, maxModelBytes, func(r io.ReaderAt, size int64) (*Model, error) {
		return ReadModelFor(r, size, want)
	})
}

// ReadArchive opens the regular file at path (refusing folders, FIFOs and
// devices without blocking), refuses it when it is larger than limit bytes,
// and reads it with read (e.g. ReadModel). Errors name the path.
func ReadArchive[T any](path string, limit int64, read func(io.ReaderAt, int64) (T, error)) (T, error) {
	var zero T
	f, st, err := safefile.OpenRegular(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	if st.Size() > limit {
		return zero, fmt.Errorf("%s: file too large (%d bytes, at most %d)", path, st.Size(), limit)
	}
	v, err := read(f, st.Size())
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// ReadModel reads a model file of the given size from r.
func ReadModel(r io.ReaderAt, size int64) (*Model, error) {
	return ReadModelFor(r, size, ModelWant{})
}

// ReadModelFor reads a model file of the given size from r, as
// LoadModelFor does. Its memory is bounded by the file's size: the
// architecture in config.json is checked against want and against the
// stored bytes (MaxInflation) before the network is allocated, and each
// array is decoded straight into it.
func ReadModelFor(r io.ReaderAt, size int64, want ModelWant) (*Model, error) {
	if size == 0 {
		return nil, errors.New("nn: empty model file")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("nn: not a model file (.npz zip archive): %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	cf, ok := files["config.json"]
	if !ok {
		return nil, errors.New("nn: not a Backprop Lab model: no config.json in the archive")
	}
	raw, err := ReadZipMember(cf, 1<<20)
	if err != nil {
		return nil, err
	}
	cfg, err := parseModelConfig(raw)
	if err != nil {
		return nil, err
	}
	if (want.Inputs != 0 && cfg.Arch.Inputs != want.Inputs) || (want.Outputs != 0 && cfg.Arch.Outputs != want.Outputs) {
		return nil, fmt.Errorf("nn: %w: the model is %s, but %d inputs and %d outputs are needed", ErrModelShape, cfg.Arch, want.Inputs, want.Outputs)
	}
	// Find every array and weigh what it declares against what is stored,
	// before allocating the network.
	w := cfg.Arch.Widths()
	type array struct {
		f     *zip.File
		name  string
		shape []int
	}
	arrays := make([]array, 0, 2*(len(w)-1))
	var stored uint64
	for l := 1; l < len(w); l++ {
		for _, a := range []array{
			{nil, fmt.Sprintf("W%d", l), []int{w[l-1], w[l]}},
			{nil, fmt.Sprintf("b%d", l), []int{w[l]}},
		} {
			if a.f, ok = files[a.name+".npy"]; !ok {
				return nil, fmt.Errorf("nn: model lacks array %s", a.name)
			}
			stored += min(a.f.CompressedSize64, uint64(size))
			arrays = append(arrays, a)
		}
	}
	stored = min(stored, uint64(size))
	if declared := 4 * uint64(cfg.Arch.NumParams()); declared > MaxInflation*stored+inflationSlack {
		return nil, fmt.Errorf("nn: implausible model file: the architecture %s declares %d MB of weights, but the file stores only %d kB for them (at most %d times as much is accepted)",
			cfg.Arch, declared>>20, stored>>10, MaxInflation)
	}
	// Params holds W1, b1, W2, b2, … back to back.
	net := newZero(cfg.Arch)
	off := 0
	for _, a := range arrays {
		n := 1
		for _, d := range a.shape {
			n *= d
		}
		rc, err := a.f.Open()
		if err != nil {
			return nil, fmt.Errorf("nn: member %s: %w", a.f.Name, err)
		}
		shape, err := readNPYInto(rc, net.Params[off:off+n], a.shape)
		rc.Close()
		switch {
		case errors.Is(err, errShapeMismatch):
			return nil, fmt.Errorf("nn: array %s has shape %v, the architecture %s needs %v", a.name, shape, cfg.Arch, a.shape)
		case err != nil:
			return nil, fmt.Errorf("nn: array %s: %w", a.name, err)
		}
		off += n
	}
	if !net.Finite() {
		return nil, errors.New("nn: model has non-finite weights")
	}
	return &Model{Net: net, Settings: cfg.Settings, Epochs: cfg.Epochs, Note: cfg.Note, Data: cfg.Data}, nil
}

// parseModelConfig parses and checks a model file's config.json.
func parseModelConfig(raw []byte) (*modelConfig, error) {
	var cfg modelConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("nn: bad config.json: %w", err)
	}
	if cfg.Format != ModelFormat {
		return nil, fmt.Errorf("nn: not a Backprop Lab model (format %q)", cfg.Format)
	}
	if cfg.Version < 1 {
		return nil, fmt.Errorf("nn: bad model file version %d in config.json", cfg.Version)
	}
	if cfg.Version > ModelVersion {
		return nil, fmt.Errorf("nn: model file version %d is newer than this program reads (%d); please update Backprop Lab", cfg.Version, ModelVersion)
	}
	if err := cfg.Arch.Validate(); err != nil {
		return nil, fmt.Errorf("nn: bad architecture in config.json: %s", strings.TrimPrefix(err.Error(), "nn: "))
	}
	if cfg.Data != nil {
		if err := cfg.Data.Check(cfg.Arch); err != nil {
			return nil, fmt.Errorf("nn: bad dataset in config.json: %s", strings.TrimPrefix(err.Error(), "nn: "))
		}
	}
	return &cfg, nil
}

// ReadZipMember reads member f of a zip archive, refusing more than limit
// bytes whatever its header claims.
func ReadZipMember(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("nn: member %s too large", f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("nn: member %s: %w", f.Name, err)
	}
	defer rc.Close()
	// The archive's reader fails when the data and the declared size
	// disagree, so the declared size (within limit) is all there is.
	b := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, fmt.Errorf("nn: member %s: %w", f.Name, err)
	}
	var one [1]byte
	switch _, err := io.ReadFull(rc, one[:]); {
	case err == nil:
		return nil, fmt.Errorf("nn: member %s too large", f.Name)
	case err != io.EOF:
		return nil, fmt.Errorf("nn: member %s: %w", f.Name, err)
	}
	return b, nil
}
