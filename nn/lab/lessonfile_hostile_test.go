package lab

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"backproplab/internal/hostile"
)

// TestHostileLessonMemory checks that small lesson files that inflate to
// gigabytes are refused before they cost memory (issue 15).
func TestHostileLessonMemory(t *testing.T) {
	var good bytes.Buffer
	if err := WriteLesson(&good, sampleLesson(false)); err != nil {
		t.Fatal(err)
	}
	zr := mustZip(t, good.Bytes())
	js := readAll(t, zr, "lesson.json")
	largest := []int{784, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 10}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"model.npz stored, a bomb", hostile.Zip(
			hostile.Member{Name: "lesson.json", Data: js},
			hostile.Member{Name: "model.npz", Data: hostile.BombModel(largest...), Store: true},
		), "implausible model file"},
		{"model.npz deflated, a bomb", hostile.Zip(
			hostile.Member{Name: "lesson.json", Data: js},
			hostile.Member{Name: "model.npz", Data: hostile.BombModel(largest...)},
		), "member model.npz too large"}, // the bomb deflates well again
		{"lesson.json a bomb", hostile.Zip(
			hostile.ZerosMember("lesson.json", []byte(`{"format": "backproplab-lesson", "version": 1, "note": "`), 1<<30),
		), "too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.file) > 10<<20 {
				t.Fatalf("the hostile file is %d bytes, want at most 10 MB", len(tc.file))
			}
			var err error
			alloc := hostile.Allocated(func() { _, err = ReadLesson(bytes.NewReader(tc.file), int64(len(tc.file))) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadLesson = %v, want an error containing %q", err, tc.want)
			}
			// The deflated model is inflated first, bounded by 8× its size.
			if limit := uint64(len(tc.file))*8 + 2<<20; alloc > limit {
				t.Errorf("ReadLesson allocated %d MB, want at most %d MB", alloc>>20, limit>>20)
			}
		})
	}
}

func mustZip(t *testing.T, b []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// readAll returns the member called name.
func readAll(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
