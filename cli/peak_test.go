//go:build linux

package cli

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/internal/hostile"
	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/lab"
	"backproplab/nn/safefile"
)

// maxPeakRSS is issue 15's bound on the memory that opening any file of at
// most 10 MB may take: the peak resident set size of the whole process.
const maxPeakRSS = 200 << 20

// TestHostilePeakRSS opens each kind of file a user can hand the program
// (model, lesson, image, strokes, drawings, IDX), each a hostile one of at
// most 10 MB, in a child process of its own, and checks the child's peak
// resident set size (VmHWM): at most 200 MB, with the file refused. The
// files are built in the parent; the child only opens one. Model, image, strokes and IDX go through
// the commands (eval, predict); the lesson and the drawing through what the
// window calls (lab.LoadLesson; safefile.ReadFile and digit.ParseExample,
// as app/examples.go).
func TestHostilePeakRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process per file")
	}
	largest := []int{784, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 10}
	idxImages := func(n int) []byte {
		h := binary.BigEndian.AppendUint32(nil, 0x00000803)
		for _, d := range []int{n, 28, 28} {
			h = binary.BigEndian.AppendUint32(h, uint32(d))
		}
		return h
	}
	points := func(n int) string { // one stroke of n points
		return `[` + strings.TrimSuffix(strings.Repeat(`[1,1],`, n), ",") + `]`
	}
	js, err := lessonJSON()
	if err != nil {
		t.Fatal(err)
	}
	// command runs a command with FILE and DIR replaced by the hostile file
	// and its folder and returns its error line.
	command := func(args ...string) func(string) error {
		return func(path string) error {
			a := make([]string, len(args))
			for i, s := range args {
				a[i] = strings.ReplaceAll(strings.ReplaceAll(s, "FILE", path), "DIR", filepath.Dir(path))
			}
			if code, _, errs := run(t, a...); code != 0 {
				return errors.New(strings.TrimSpace(errs))
			}
			return nil
		}
	}
	loadLesson := func(path string) error { _, err := lab.LoadLesson(path); return err }
	readExample := func(path string) error { // as app/examples.go readExample
		b, err := safefile.ReadFile(path, digit.MaxExampleBytes)
		if err == nil {
			_, err = digit.ParseExample(b)
		}
		return err
	}
	tests := []struct {
		name, file string
		data       func() []byte // the hostile file, built in the parent
		open       func(path string) error
		want       string // in the error
	}{
		{"model 65536-4096-10 bomb", "bomb.npz", func() []byte { return hostile.BombModel(65536, 4096, 10) },
			command("eval", "--model", "FILE"), "implausible model file"},
		{"model 784-8x4096-10 bomb", "bomb.npz", func() []byte { return hostile.BombModel(largest...) },
			command("eval", "--model", "FILE"), "implausible model file"},
		{"lesson with a bomb as lesson.json", "l.bplesson", func() []byte {
			return hostile.Zip(hostile.ZerosMember("lesson.json", []byte(`{"format": "backproplab-lesson", "version": 1, "note": "`), 1<<30))
		}, loadLesson, "too large"},
		{"lesson with a bomb model", "l.bplesson", func() []byte {
			return hostile.Zip(hostile.Member{Name: "lesson.json", Data: js},
				hostile.Member{Name: "model.npz", Data: hostile.BombModel(largest...), Store: true})
		}, loadLesson, "implausible model file"},
		{"image 16-bit RGBA 8000²", "huge.png", func() []byte { return hostile.PNG(8000, 8000, 16, 6) },
			command("predict", "FILE"), "image too large"},
		{"image grey 8-bit 40000²", "huge.png", func() []byte { return hostile.PNG(40000, 40000, 8, 0) },
			command("predict", "FILE"), "image too large"},
		{"strokes, 1.7 M points", "s.json", func() []byte {
			return []byte(`{"width":100,"height":100,"strokes":[` + points(1_700_000) + `]}`)
		}, command("predict", "--strokes", "FILE"), "points"},
		{"drawing, 690 k points", "e.json", func() []byte {
			return []byte(`{"label":3,"predicted":3,"drawing":{"width":100,"height":100,"strokes":[` + points(690_000) + `]}}`)
		}, readExample, "points"},
		{"IDX gzip bomb of 1 M images", "t10k-images-idx3-ubyte.gz", func() []byte { return hostile.Gzip(idxImages(1_000_000), 784_000_000) },
			command("eval", "--model", "DIR/m.npz", "--data", "DIR"), "implausibly many"},
		{"IDX raw header of 1 M images", "t10k-images-idx3-ubyte", func() []byte { return idxImages(1_000_000) },
			command("eval", "--model", "DIR/m.npz", "--data", "DIR"), "implausibly many"},
	}
	for _, tc := range tests {
		// build writes the file in a folder of its own, with a real model
		// and test labels beside it for eval --data.
		build := func() (string, error) {
			b := tc.data()
			if len(b) > 10<<20 {
				return "", fmt.Errorf("the hostile %s is %d bytes, over 10 MB", tc.file, len(b))
			}
			dir := t.TempDir()
			if err := saveModel(dir); err != nil {
				return "", err
			}
			labels := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 0x00000801), 20), make([]byte, 20)...)
			if err := os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), labels, 0o644); err != nil {
				return "", err
			}
			path := filepath.Join(dir, tc.file)
			return path, os.WriteFile(path, b, 0o644)
		}
		peak, msg := hostile.PeakRSS(t, tc.name, build, tc.open)
		t.Logf("%s: peak RSS %d MB: %s", tc.name, peak>>20, msg)
		if msg == "" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want one containing %q", tc.name, msg, tc.want)
		}
		if peak > maxPeakRSS {
			t.Errorf("%s: peak RSS %d MB, want at most %d MB", tc.name, peak>>20, maxPeakRSS>>20)
		}
	}
}

// saveModel saves a real model, the tutorial network, as dir/m.npz.
func saveModel(dir string) error {
	return nn.SaveModel(filepath.Join(dir, "m.npz"), &nn.Model{Net: nn.NewNetwork(nn.TutorialArch(), 1), Settings: nn.DefaultSettings()})
}

// lessonJSON returns the lesson.json of a real lesson file: the tutorial
// network with the default settings.
func lessonJSON() ([]byte, error) {
	var b bytes.Buffer
	l := &lab.Lesson{Config: lab.Config{Arch: nn.TutorialArch(), Settings: nn.DefaultSettings()}}
	if err := lab.WriteLesson(&b, l); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		return nil, err
	}
	f, err := zr.Open("lesson.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
