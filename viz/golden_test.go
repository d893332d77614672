package viz

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "write testdata/*_candidate.png beside each golden, for review (see checkGolden)")

// Golden-image tolerances: a pixel differs when any channel is off by more
// than pixelTol; a comparison fails when more than maxDiffFrac of the
// pixels differ (anti-aliasing may vary slightly between platforms).
const (
	pixelTol    = 24
	maxDiffFrac = 0.002
)

// checkGolden writes img to testdata/name.png and compares it with
// testdata/name_golden.png. With -update it writes the output beside the
// golden as testdata/name_candidate.png (ignored by git) instead: a person
// looks at it and renames it over the golden to accept it. On failure the
// output is also written to testdata/failed/name.png.
func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatalf("encode %s: %v", name, err)
	}
	out := filepath.Join("testdata", name+".png")
	golden := filepath.Join("testdata", name+"_golden.png")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if *update {
		candidate := filepath.Join("testdata", name+"_candidate.png")
		if err := os.WriteFile(candidate, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s written for review; rename it to %s to accept it", candidate, golden)
	}
	want, err := readPNG(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./viz -update to write a candidate, review it, and rename it)", err)
	}
	if msg := compareImages(img, want); msg != "" {
		failed := filepath.Join("testdata", "failed", name+".png")
		if err := os.MkdirAll(filepath.Dir(failed), 0o755); err == nil {
			_ = os.WriteFile(failed, buf.Bytes(), 0o644)
		}
		t.Errorf("%s: %s; got written to %s", name, msg, failed)
	}
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return img, nil
}

// compareImages returns "" when got matches want within the tolerances,
// else a description of the difference.
func compareImages(got, want image.Image) string {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Size() != wb.Size() {
		return fmt.Sprintf("size %v, want %v", gb.Size(), wb.Size())
	}
	diff := 0
	for y := 0; y < gb.Dy(); y++ {
		for x := 0; x < gb.Dx(); x++ {
			r1, g1, b1, a1 := got.At(gb.Min.X+x, gb.Min.Y+y).RGBA()
			r2, g2, b2, a2 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) || far(a1, a2) {
				diff++
			}
		}
	}
	if n := gb.Dx() * gb.Dy(); float64(diff) > maxDiffFrac*float64(n) {
		return fmt.Sprintf("%d of %d pixels differ by more than %d/255", diff, n, pixelTol)
	}
	return ""
}

func far(a, b uint32) bool {
	a, b = a>>8, b>>8
	if a > b {
		return a-b > pixelTol
	}
	return b-a > pixelTol
}

func TestCompareImages(t *testing.T) {
	base := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for i := range base.Pix {
		base.Pix[i] = 200
	}
	clone := func(f func(*image.RGBA)) *image.RGBA {
		c := image.NewRGBA(base.Rect)
		copy(c.Pix, base.Pix)
		f(c)
		return c
	}
	tests := []struct {
		name string
		got  image.Image
		ok   bool
	}{
		{"identical", clone(func(*image.RGBA) {}), true},
		{"small shift everywhere", clone(func(c *image.RGBA) {
			for i := range c.Pix {
				c.Pix[i] += 10
			}
		}), true},
		{"10 pixels far off", clone(func(c *image.RGBA) {
			for i := range 10 {
				c.Pix[4*i] = 0
			}
		}), true},
		{"100 pixels far off", clone(func(c *image.RGBA) {
			for i := range 100 {
				c.Pix[4*i] = 0
			}
		}), false},
		{"other size", image.NewRGBA(image.Rect(0, 0, 100, 99)), false},
	}
	for _, tt := range tests {
		msg := compareImages(tt.got, base)
		if (msg == "") != tt.ok {
			t.Errorf("compareImages(%s) = %q, want ok=%v", tt.name, msg, tt.ok)
		}
	}
}
