package digit

import (
	"image"
	"image/color"
	"testing"
)

// denseDigit returns digit 8 of testdata/digits.json with its points
// interpolated to about 400, as a pad reports a slow drawing.
func denseDigit(tb testing.TB) Drawing {
	d := readDigits(tb)[8]
	out := Drawing{Width: d.Width, Height: d.Height}
	for _, s := range d.Strokes {
		var ns Stroke
		for i := range len(s) - 1 {
			for k := range 3 {
				f := float32(k) / 3
				ns = append(ns, Point{s[i].X + f*(s[i+1].X-s[i].X), s[i].Y + f*(s[i+1].Y-s[i].Y)})
			}
		}
		out.Strokes = append(out.Strokes, append(ns, s[len(s)-1]))
	}
	return out
}

func BenchmarkFromDrawing(b *testing.B) {
	d := denseDigit(b)
	b.Logf("%d points", d.Points())
	for _, bc := range []struct {
		name string
		o    Options
	}{
		{"MNIST", DefaultOptions()},
		{"raw", Options{PenWidth: DefaultPenWidth}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var p Preprocessor
			b.ReportAllocs()
			for b.Loop() {
				p.FromDrawing(d, bc.o)
			}
		})
	}
	b.Run("pooled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			FromDrawing(d, DefaultOptions())
		}
	})
}

func BenchmarkFromImage(b *testing.B) {
	ref := Raster(denseDigit(b), 280, DefaultOptions())
	small := image.NewGray(image.Rect(0, 0, Side, Side))
	x, _ := FromImage(ref, DefaultOptions())
	copy(small.Pix, Render28(x).Pix)
	rgba := image.NewRGBA(ref.Bounds())
	for i, v := range ref.Pix {
		rgba.Pix[4*i], rgba.Pix[4*i+1], rgba.Pix[4*i+2], rgba.Pix[4*i+3] = 255-v, 255-v, 255-v, 255
	}
	paletted := image.NewPaletted(ref.Bounds(), color.Palette{color.White, color.Black})
	for i, v := range ref.Pix {
		paletted.Pix[i] = v >> 7
	}
	for _, bc := range []struct {
		name string
		img  image.Image
	}{
		{"gray28", small},
		{"gray280", ref},
		{"rgba280", rgba},
		{"paletted280", paletted},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var p Preprocessor
			b.ReportAllocs()
			for b.Loop() {
				p.FromImage(bc.img, DefaultOptions())
			}
		})
	}
}

func BenchmarkRaster(b *testing.B) {
	d := denseDigit(b)
	b.ReportAllocs()
	for b.Loop() {
		Raster(d, 280, DefaultOptions())
	}
}
