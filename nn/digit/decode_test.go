package digit

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"backproplab/internal/hostile"
)

// TestDecodeImage checks that DecodeImage reads ordinary images and that
// the bomb builder makes valid PNGs.
func TestDecodeImage(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 40, 30))
	gray.SetGray(20, 15, color.Gray{Y: 255})
	var p, j bytes.Buffer
	if err := png.Encode(&p, gray); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&j, gray, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file []byte
		w, h int
	}{
		{"png", p.Bytes(), 40, 30},
		{"jpeg", j.Bytes(), 40, 30},
		{"hostile builder 16-bit RGBA", hostile.PNG(50, 20, 16, 6), 50, 20},
		{"hostile builder grey", hostile.PNG(7, 9, 8, 0), 7, 9},
	} {
		img, err := DecodeImage(tc.file)
		if err != nil {
			t.Errorf("%s: DecodeImage: %v", tc.name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("%s: DecodeImage gives %v, want %d×%d", tc.name, b, tc.w, tc.h)
		}
	}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"empty", "", "not a readable image"},
		{"text", "hello", "not a readable image"},
		{"truncated png", string(p.Bytes()[:40]), "not a readable image"},
	} {
		if _, err := DecodeImage([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: DecodeImage = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestHugeImageMemory checks that a small valid PNG claiming a huge image
// is refused from its header: the 16-bit RGBA 8000×8000 one of issue 15
// (512 MB decoded, 3 MB on disk) allocates under 1 MB, and the message says
// why.
func TestHugeImageMemory(t *testing.T) {
	for _, tc := range []struct {
		name        string
		file        []byte
		w, h        int
		wantMessage string
	}{
		{"16-bit RGBA 8000²", hostile.PNG(8000, 8000, 16, 6), 8000, 8000, "image too large (8000×8000; the limit is 10.5 megapixels for a 16-bit colour image)"},
		{"grey 20000×10", hostile.PNG(20000, 10000, 8, 0), 20000, 10000, "image too large (20000×10000; the limit is 18.6 megapixels for an 8-bit grey image)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.file) > 10<<20 {
				t.Fatalf("the hostile file is %d bytes, want at most 10 MB", len(tc.file))
			}
			var err error
			alloc := hostile.Allocated(func() { _, err = DecodeImage(tc.file) })
			if !errors.Is(err, ErrImageTooLarge) || err.Error() != tc.wantMessage {
				t.Errorf("DecodeImage = %v, want %q", err, tc.wantMessage)
			}
			if alloc > 1<<20 {
				t.Errorf("DecodeImage allocated %d kB, want at most 1 MB", alloc>>10)
			}
		})
	}
}

// BenchmarkHugeImage reports how long refusing the 512 MB PNG takes.
func BenchmarkHugeImage(b *testing.B) {
	file := hostile.PNG(8000, 8000, 16, 6)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeImage(file); err == nil {
			b.Fatal("accepted")
		}
	}
}
