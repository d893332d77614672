package digit

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// mapImage builds a w×h image of model m whose pixel (j, i) is f(coverage)
// for the white-on-black grey image ref.
func mapImage(ref *image.Gray, m image.Image, f func(c float64) color.Color) image.Image {
	out := m.(interface {
		Set(x, y int, c color.Color)
		image.Image
	})
	b := ref.Bounds()
	for i := b.Min.Y; i < b.Max.Y; i++ {
		for j := b.Min.X; j < b.Max.X; j++ {
			out.Set(j, i, f(float64(ref.GrayAt(j, i).Y)/255))
		}
	}
	return out
}

// mix returns a + c·(b − a), rounded to 8 bits.
func mix(a, b uint8, c float64) uint8 {
	return uint8(math.Round(float64(a) + c*(float64(b)-float64(a))))
}

func TestFromImagePolarity(t *testing.T) {
	o := DefaultOptions()
	ref := Raster(readDigits(t)[7], 200, o)
	want, ok := FromImage(ref, o)
	if !ok {
		t.Fatal("FromImage(reference) ok = false")
	}
	r := ref.Bounds()
	rng := rand.New(rand.NewPCG(1, 2))
	padded := image.NewGray(image.Rect(-50, 30, 550, 430))
	for i := r.Min.Y; i < r.Max.Y; i++ {
		for j := r.Min.X; j < r.Max.X; j++ {
			padded.SetGray(j+300, i+100, ref.GrayAt(j, i))
		}
	}
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = 128, 128
	}
	for i := range r.Dy() {
		for j := range r.Dx() {
			ycc.Y[i*ycc.YStride+j] = 255 - ref.Pix[i*ref.Stride+j]
		}
	}
	tests := []struct {
		name string
		img  image.Image
		tol  float64 // on the mean absolute difference from want
	}{
		{"grey, white on black", ref, 0},
		{"grey, black on white", mapImage(ref, image.NewGray(r), func(c float64) color.Color {
			return color.Gray{mix(255, 0, c)}
		}), 0},
		{"colour, blue ink on yellow paper", mapImage(ref, image.NewRGBA(r), func(c float64) color.Color {
			return color.RGBA{mix(250, 20, c), mix(230, 40, c), mix(120, 200, c), 255}
		}), 0.003},
		{"grey ink on grey paper", mapImage(ref, image.NewGray(r), func(c float64) color.Color {
			return color.Gray{mix(140, 100, c)}
		}), 0.006},
		{"light ink on mid grey", mapImage(ref, image.NewGray(r), func(c float64) color.Color {
			return color.Gray{mix(100, 230, c)}
		}), 0.003},
		{"16-bit, black on white", mapImage(ref, image.NewGray16(r), func(c float64) color.Color {
			return color.Gray16{uint16(math.Round(65535 * (1 - c)))}
		}), 0.001},
		{"transparent, black ink", mapImage(ref, image.NewNRGBA(r), func(c float64) color.Color {
			return color.NRGBA{0, 0, 0, mix(0, 255, c)}
		}), 0},
		{"transparent, white ink", mapImage(ref, image.NewNRGBA(r), func(c float64) color.Color {
			return color.NRGBA{255, 255, 255, mix(0, 255, c)}
		}), 0},
		{"transparent, premultiplied dark red ink", mapImage(ref, image.NewRGBA(r), func(c float64) color.Color {
			return color.RGBA{mix(0, 120, c), 0, 0, mix(0, 255, c)}
		}), 0.003},
		{"transparent, generic model", mapImage(ref, image.NewRGBA64(r), func(c float64) color.Color {
			return color.RGBA64{0, 0, 0, uint16(math.Round(65535 * c))}
		}), 0.001},
		{"JPEG-like YCbCr, black on white", ycc, 0},
		{"noisy paper", mapImage(ref, image.NewGray(r), func(c float64) color.Color {
			return color.Gray{mix(uint8(225+rng.IntN(30)), 20, c)}
		}), 0.02},
		{"padded and offset", padded, 0},
		{"sub-image", ref.SubImage(image.Rect(30, 10, 180, 195)), 0},
	}
	for _, tt := range tests {
		got, ok := FromImage(tt.img, o)
		if !ok {
			t.Errorf("%s: ok = false", tt.name)
			continue
		}
		var s float64
		for i := range got {
			s += math.Abs(float64(got[i] - want[i]))
		}
		if s/Pixels > tt.tol+1e-6 {
			t.Errorf("%s: mean |Δ| = %.4f from white on black, want ≤ %v\n%s", tt.name, s/Pixels, tt.tol, ascii(got))
		}
	}
}

func TestFromImageNotOK(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	uniform := func(m image.Image, c color.Color) image.Image {
		return mapImage(image.NewGray(m.Bounds()), m, func(float64) color.Color { return c })
	}
	faint := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range faint.Pix {
		faint.Pix[i] = uint8(200 + rng.IntN(20)) // contrast < MinContrast
	}
	dot := image.NewGray(image.Rect(0, 0, 28, 28))
	dot.Pix[14*28+14] = 255
	blob := image.NewGray(image.Rect(0, 0, 280, 280))
	for i := range 3 {
		for j := range 3 {
			blob.Pix[(100+i)*280+100+j] = 255 // 3 pixels < 3 % of 280
		}
	}
	tests := []struct {
		name string
		img  image.Image
	}{
		{"black", image.NewGray(image.Rect(0, 0, 50, 40))},
		{"white", uniform(image.NewRGBA(image.Rect(0, 0, 50, 40)), color.White)},
		{"faint noise", faint},
		{"fully transparent", image.NewNRGBA(image.Rect(0, 0, 30, 30))},
		{"one pixel", dot},
		{"tiny blob", blob},
		{"empty", image.NewGray(image.Rect(5, 5, 5, 9))},
		{"unbounded", image.NewUniform(color.White)},
	}
	for _, tt := range tests {
		for _, mnist := range []bool{true, false} {
			x, ok := FromImage(tt.img, Options{MNIST: mnist})
			if ok || x != [Pixels]float32{} {
				t.Errorf("%s (MNIST %v): ok = %v, want false and zero x", tt.name, mnist, ok)
			}
		}
	}
}

// TestFromImageRaw checks the teaching toggle on images: a 28×28 image
// passes unchanged, a bigger one is area averaged and letterboxed.
func TestFromImageRaw(t *testing.T) {
	o := Options{MNIST: false}
	small := image.NewGray(image.Rect(0, 0, Side, Side))
	small.Pix[3*Side+2], small.Pix[3*Side+3], small.Pix[25*Side+26] = 255, 128, 255
	x, ok := FromImage(small, o)
	if !ok {
		t.Fatal("ok = false")
	}
	for i, v := range x {
		if want := float32(small.Pix[i]) / 255; v != want {
			t.Fatalf("pixel %d = %v, want %v", i, v, want)
		}
	}
	// 112×56: 4×4 blocks, rows 7…20. A white 4×4 block at (8, 4) is
	// output pixel (2, 1+7); a 2×4 half-block at (20, 0) half of (5, 7).
	wide := image.NewGray(image.Rect(0, 0, 112, 56))
	for i := range 4 {
		for j := range 4 {
			wide.Pix[(4+i)*112+8+j] = 255
		}
		wide.Pix[i*112+20], wide.Pix[i*112+21] = 255, 255
	}
	x, _ = FromImage(wide, o)
	for i, v := range x {
		var want float32
		switch i {
		case 8*Side + 2:
			want = 1
		case 7*Side + 5:
			want = 0.5
		}
		if v != want {
			t.Errorf("pixel (%d, %d) = %v, want %v", i%Side, i/Side, v, want)
		}
	}
}
