package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/digit"
)

// hugePNGHeader returns a PNG signature and IHDR chunk announcing a
// w×h RGBA image, with no pixel data.
func hugePNGHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// writePNG writes a w×h picture of a dark bar on white to path.
func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := h / 4; y < 3*h/4; y++ {
		for x := w / 3; x < w/2; x++ {
			img.SetGray(x, y, color.Gray{})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b.Bytes())
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFromFolderSplitSkipsAndProgress(t *testing.T) {
	dir := t.TempDir()
	if err := WriteShapeFolder(dir, 20, 1); err != nil {
		t.Fatal(err)
	}
	// Bad files, each skipped with a reason; none stops the load.
	writeFile(t, filepath.Join(dir, "circle", "notes.txt"), []byte("hello"))
	writeFile(t, filepath.Join(dir, "circle", "broken.png"), []byte("\x89PNG\r\n\x1a\nnot really"))
	writeFile(t, filepath.Join(dir, "square", "huge.png"), hugePNGHeader(50000, 50000))
	writeFile(t, filepath.Join(dir, "square", "blank.png"), func() []byte {
		var b bytes.Buffer
		png.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 30)))
		return b.Bytes()
	}())
	writeFile(t, filepath.Join(dir, "stray.png"), []byte("x"))
	writePNG(t, filepath.Join(dir, "triangle", "deeper", "bar.png"), 50, 40)
	var calls, last, total int
	o := FolderOptions{TestSplit: 0.25, Seed: 3, Progress: func(d, n int) { calls++; last, total = d, n }}
	set, skipped, err := FromFolder(t.Context(), dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Info.Classes, ShapeClasses) || set.Info.Name != filepath.Base(dir) {
		t.Errorf("info %+v", set.Info)
	}
	// 61 images kept of 65 files: 5 per class held out (15 of 20), and of
	// triangle's 21, 5.
	if set.Train.N+set.Test.N != 61 || set.Test.N != 15 || set.Inputs() != digit.Pixels || set.Outputs() != 3 {
		t.Errorf("%d training, %d test images, %d inputs, %d outputs", set.Train.N, set.Test.N, set.Inputs(), set.Outputs())
	}
	if calls != 64 || last != 64 || total != 64 {
		t.Errorf("progress: %d calls, last %d/%d, want 64 of 64", calls, last, total)
	}
	reasons := map[string]Skipped{}
	for _, s := range skipped {
		reasons[filepath.Base(s.Path)] = s
	}
	for name, want := range map[string]struct {
		code SkipCode
		text string
	}{
		"notes.txt":  {SkipNotImage, "not a PNG"},
		"broken.png": {SkipNotDecodable, "not a readable image: unexpected EOF"},
		"huge.png":   {SkipImageTooLarge, "image too large (50000×50000"},
		"blank.png":  {SkipBlank, "no ink"},
		"stray.png":  {SkipOutsideClass, "not inside a class folder"},
	} {
		if got := reasons[name]; got.Code != want.code || !strings.Contains(got.Reason(), want.text) {
			t.Errorf("%s skipped for %d %q, want %d %q", name, got.Code, got.Reason(), want.code, want.text)
		}
	}
	if s := reasons["huge.png"]; s.Width != 50000 || s.Height != 50000 || s.Limit <= 0 {
		t.Errorf("huge.png: %d×%d, limit %d; want 50000×50000 and the limit", s.Width, s.Height, s.Limit)
	}
	if len(skipped) != 5 {
		t.Errorf("skipped %v, want 5 files", skipped)
	}
	// Every label is a class, every image has ink, light backgrounds were
	// inverted (the border is dark).
	x := make([]float32, digit.Pixels)
	for i := range set.Train.N {
		set.Train.Pixels(i, x)
		if int(set.Train.Labels[i]) >= 3 || x[0] != 0 || slices.Max(x) < 0.5 {
			t.Fatalf("training image %d: label %d, corner %v, max %v", i, set.Train.Labels[i], x[0], slices.Max(x))
		}
	}
	// The same seed splits alike; another seed otherwise.
	again, _, _ := FromFolder(t.Context(), dir, FolderOptions{TestSplit: 0.25, Seed: 3})
	other, _, _ := FromFolder(t.Context(), dir, FolderOptions{TestSplit: 0.25, Seed: 4})
	if !slices.Equal(again.Test.Labels, set.Test.Labels) || !sameRows(again.Test, set.Test) {
		t.Error("the same seed gave another split")
	}
	if sameRows(other.Test, set.Test) {
		t.Error("another seed gave the same split")
	}
}

func sameRows(a, b *nn.Dataset) bool {
	if a.N != b.N {
		return false
	}
	x, y := make([]float32, a.Dim), make([]float32, b.Dim)
	for i := range a.N {
		a.Pixels(i, x)
		b.Pixels(i, y)
		if !slices.Equal(x, y) {
			return false
		}
	}
	return true
}

func TestFromFolderTrainTest(t *testing.T) {
	dir := t.TempDir()
	for _, part := range []string{"train", "test"} {
		for _, c := range []string{"a", "b"} {
			n := map[string]int{"train": 3, "test": 2}[part]
			for i := range n {
				writePNG(t, filepath.Join(dir, part, c, string(rune('0'+i))+".png"), 20+i*10, 30)
			}
		}
	}
	set, skipped, err := FromFolder(t.Context(), dir, FolderOptions{TestSplit: DefaultTestSplit})
	if err != nil || len(skipped) > 0 {
		t.Fatal(err, skipped)
	}
	if set.Train.N != 6 || set.Test.N != 4 || !slices.Equal(set.Info.Classes, []string{"a", "b"}) || set.Info.TrainRatio != 0 {
		t.Errorf("%d training, %d test images, info %+v", set.Train.N, set.Test.N, set.Info)
	}
	writePNG(t, filepath.Join(dir, "test", "c", "0.png"), 20, 20)
	if _, _, err := FromFolder(t.Context(), dir, FolderOptions{TestSplit: DefaultTestSplit}); err == nil || !strings.Contains(err.Error(), `class "c"`) {
		t.Errorf("a test class unknown to train/: %v", err)
	}
}

func TestFromFolderErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"empty", func(t *testing.T, dir string) {}, "no images"},
		{"no images", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "a", "x.txt"), []byte("x"))
			writeFile(t, filepath.Join(dir, "b", "y.txt"), []byte("y"))
		}, "no images"},
		{"one class", func(t *testing.T, dir string) { writePNG(t, filepath.Join(dir, "only", "1.png"), 20, 20) }, "only one class (only)"},
		{"class without images", func(t *testing.T, dir string) {
			writePNG(t, filepath.Join(dir, "a", "1.png"), 20, 20)
			writePNG(t, filepath.Join(dir, "a", "2.png"), 20, 20)
			writeFile(t, filepath.Join(dir, "b", "1.png"), hugePNGHeader(50000, 50000))
		}, `class "b"`},
		{"symlink loop", func(t *testing.T, dir string) {
			writePNG(t, filepath.Join(dir, "a", "1.png"), 20, 20)
			writePNG(t, filepath.Join(dir, "b", "1.png"), 20, 20)
			if err := os.Symlink(filepath.Join(dir, "b"), filepath.Join(dir, "b", "again")); err != nil {
				t.Skip(err)
			}
		}, "symbolic link loop"},
		{"self link", func(t *testing.T, dir string) {
			writePNG(t, filepath.Join(dir, "a", "1.png"), 20, 20)
			writePNG(t, filepath.Join(dir, "b", "1.png"), 20, 20)
			if err := os.Symlink("self", filepath.Join(dir, "b", "self")); err != nil {
				t.Skip(err)
			}
		}, "symbolic link loop"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			_, _, err := FromFolder(t.Context(), dir, FolderOptions{TestSplit: DefaultTestSplit})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
			if tc.want == "symbolic link loop" && !errors.Is(err, ErrSymlinkLoop) {
				t.Errorf("error %v does not wrap ErrSymlinkLoop", err)
			}
		})
	}
	for _, o := range []FolderOptions{{TestSplit: 0}, {TestSplit: 0.95}, {TestSplit: 0.2, Preprocess: "blur"}} {
		if _, _, err := FromFolder(t.Context(), t.TempDir(), o); err == nil {
			t.Errorf("options %+v: no error", o)
		}
	}
	f := filepath.Join(t.TempDir(), "file")
	writeFile(t, f, nil)
	if _, _, err := FromFolder(t.Context(), f, FolderOptions{TestSplit: 0.2}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file: %v", err)
	}
}

// FuzzPrepareImage feeds the folder loader's image path arbitrary bytes:
// it must return an input in [0, 1] or an error, never panic.
func FuzzPrepareImage(f *testing.F) {
	var b bytes.Buffer
	png.Encode(&b, drawShape(0, testRand()))
	f.Add(b.Bytes())
	f.Add(hugePNGHeader(50000, 50000))
	f.Add(hugePNGHeader(1, 1))
	f.Add([]byte("GIF89a"))
	var p digit.Preprocessor
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, mnist := range []bool{true, false} {
			x, err := PrepareImage(&p, b, digit.Options{PenWidth: digit.DefaultPenWidth, MNIST: mnist})
			if err != nil {
				continue
			}
			for _, v := range x {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("pixel %v outside [0, 1]", v)
				}
			}
		}
	})
}

func testRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestFromFolderTrainOrderMixed checks that the training rows are not
// grouped by class: the first rows (a training-set size) and the last (a
// validation split) hold more than one class.
func TestFromFolderTrainOrderMixed(t *testing.T) {
	dir := t.TempDir()
	if err := WriteShapeFolder(dir, 20, 5); err != nil {
		t.Fatal(err)
	}
	set, _, err := FromFolder(t.Context(), dir, FolderOptions{TestSplit: 0.2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range [][]uint8{set.Train.Labels[:10], set.Train.Labels[set.Train.N-10:]} {
		seen := map[uint8]bool{}
		for _, l := range part {
			seen[l] = true
		}
		if len(seen) < 2 {
			t.Errorf("ten training rows in a row hold one class only: %v", part)
		}
	}
}
