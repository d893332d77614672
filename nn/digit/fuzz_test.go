package digit

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"backproplab/internal/hostile"
)

// FuzzDecodeImage checks that no image file makes DecodeImage or FromImage
// panic or claim more than ImageBudget, and that FromImage's result obeys
// the package invariants: values in [0, 1], all zero when ok is false.
func FuzzDecodeImage(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 12, 9))
	for i := range 9 {
		img.Set(3+i/3, i, color.NRGBA{R: 200, A: 255})
	}
	for _, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return png.Encode(b, img) },
		func(b *bytes.Buffer) error { return jpeg.Encode(b, img, nil) },
		func(b *bytes.Buffer) error { return gif.Encode(b, img, nil) },
	} {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add(hostile.PNG(30, 20, 16, 6))
	f.Add(hostile.PNG(64, 64, 8, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := DecodeImage(b)
		if err != nil {
			if img != nil {
				t.Errorf("DecodeImage failed (%v) but returned an image", err)
			}
			return
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if cost, _ := imageCost(b, image.Config{ColorModel: img.ColorModel(), Width: w, Height: h}, "png"); w*h > ImageBudget/max(cost, 9) {
			t.Fatalf("DecodeImage accepted a %d×%d image, over the budget", w, h)
		}
		var p Preprocessor
		for _, o := range []Options{DefaultOptions(), {MNIST: false}} {
			x, ok := p.FromImage(img, o)
			for i, v := range x {
				if !(v >= 0 && v <= 1) || (!ok && v != 0) {
					t.Fatalf("FromImage (ok %v) gives x[%d] = %v", ok, i, v)
				}
			}
		}
	})
}

// FuzzParseExample checks that no saved-drawing file makes ParseExample
// panic, and that what it accepts is a usable example that survives a
// write and a read.
func FuzzParseExample(f *testing.F) {
	ex := Example{Label: 7, Predicted: 1, Model: "bundled", Image: make([]int, Pixels), Saved: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Drawing: Drawing{Width: 280, Height: 280, Strokes: []Stroke{{{X: 10, Y: 10}, {X: 200, Y: 250}}}}}
	ex.Image[400] = 255
	good, err := json.Marshal(ex)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"label": 3, "pixels": [1, 2, 3]}`))
	f.Add([]byte(`{"label": 10}`))
	f.Add([]byte(`{"drawing": {"width": 1e40}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ex, err := ParseExample(b)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "digit: ") {
				t.Errorf("error %q does not start with \"digit: \"", msg)
			}
			return
		}
		if ex.Label < 0 || ex.Label > 9 || len(ex.Pixels) != Pixels || len(ex.Image) != Pixels {
			t.Fatalf("ParseExample accepted label %d with %d pixels", ex.Label, len(ex.Pixels))
		}
		again, err := json.Marshal(ex)
		if err != nil {
			t.Fatalf("Marshal of an accepted example: %v", err)
		}
		ex2, err := ParseExample(again)
		if err != nil || !bytes.Equal(ex.Pixels, ex2.Pixels) || ex.Label != ex2.Label {
			t.Fatalf("round trip: %v", err)
		}
	})
}
