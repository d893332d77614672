package digit

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"
)

// sample scales a digit count down under the race detector.
func sample(n int) int {
	if raceEnabled {
		return max(n/10, 10)
	}
	return n
}

// mnistImage returns digit k of s as a 28×28 white-on-black grey image.
func mnistImage(s mnistSet, k int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, Side, Side))
	copy(img.Pix, s.image(k))
	return img
}

// viaPNG encodes img as PNG and decodes it again, as the CLI reads files.
func viaPNG(tb testing.TB, img image.Image) image.Image {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	out, err := png.Decode(&buf)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// scaleUp enlarges img k times, by pixel replication (nearest) or bilinear
// interpolation, with an inverted copy if invert.
func scaleUp(img *image.Gray, k int, bilinear, invert bool) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, w*k, h*k))
	at := func(j, i int) float64 {
		if j < 0 || i < 0 || j >= w || i >= h {
			return 0
		}
		return float64(img.Pix[i*img.Stride+j])
	}
	for i := range h * k {
		for j := range w * k {
			var v float64
			if bilinear {
				u := (float64(j)+0.5)/float64(k) - 0.5
				s := (float64(i)+0.5)/float64(k) - 0.5
				j0, i0 := int(math.Floor(u)), int(math.Floor(s))
				fu, fs := u-float64(j0), s-float64(i0)
				v = (1-fs)*((1-fu)*at(j0, i0)+fu*at(j0+1, i0)) + fs*((1-fu)*at(j0, i0+1)+fu*at(j0+1, i0+1))
			} else {
				v = at(j/k, i/k)
			}
			if invert {
				v = 255 - v
			}
			out.Pix[i*out.Stride+j] = uint8(math.Round(v))
		}
	}
	return out
}

// TestFromImageMNISTRoundTrip writes real MNIST test digits to PNG, reads
// them back through FromImage and compares with the original values: a
// MNIST-like image must pass almost unchanged, so a network scores the same
// on the PNGs as on the data set.
func TestFromImageMNISTRoundTrip(t *testing.T) {
	test := loadMNIST(t, "t10k", sample(3000))
	tests := []struct {
		name     string
		n        int // digits to try
		convert  func(*image.Gray) image.Image
		close    float64 // minimum fraction of digits within 0.02 everywhere
		meanDiff float64 // maximum mean |Δ| over all pixels of all digits
	}{
		{"28×28 white on black", sample(3000), func(g *image.Gray) image.Image { return g }, 0.995, 0.0002},
		{"28×28 black on white", sample(3000), func(g *image.Gray) image.Image { return scaleUp(g, 1, false, true) }, 0.995, 0.0002},
		{"280×280 pixel replication", sample(300), func(g *image.Gray) image.Image { return scaleUp(g, 10, false, false) }, 0.995, 0.0002},
		// Bilinear enlargement blurs: the faint halo widens the ink box
		// by about a pixel, so the digit comes back about 5 % smaller.
		{"280×280 bilinear, black on white", sample(300), func(g *image.Gray) image.Image { return scaleUp(g, 10, true, true) }, 0, 0.04},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			close := 0
			var sum float64
			for k := range tt.n {
				orig := mnistImage(test, k)
				x, ok := FromImage(viaPNG(t, tt.convert(orig)), DefaultOptions())
				if !ok {
					t.Fatalf("digit %d: ok = false", k)
				}
				worst := 0.0
				for i, v := range x {
					e := math.Abs(float64(v) - float64(orig.Pix[i])/255)
					sum += e
					worst = max(worst, e)
				}
				if worst <= 0.02 {
					close++
				}
			}
			fc, md := float64(close)/float64(tt.n), sum/float64(tt.n*Pixels)
			t.Logf("%d digits: %.2f %% within 0.02, mean |Δ| %.5f", tt.n, 100*fc, md)
			if fc < tt.close || md > tt.meanDiff {
				t.Errorf("%.4f of digits within 0.02, mean |Δ| %.5f; want ≥ %v and ≤ %v", fc, md, tt.close, tt.meanDiff)
			}
		})
	}
}

// TestFromImageMNISTStats re-poses real training digits (enlarged 2 to 9
// times, at a random place on a larger canvas of either polarity) and
// checks that FromImage restores MNIST's statistics: longer side 20,
// centre of mass (14, 14) ± 0.5, the digits' mean intensity, and the
// original values.
func TestFromImageMNISTStats(t *testing.T) {
	train := loadMNIST(t, "train", sample(10000))
	n := float64(sample(400))
	rng := rand.New(rand.NewPCG(5, 6))
	var sumMean, sumWant, sumDiff, sumCx, sumCy float64
	long20 := 0
	for range int(n) {
		idx := rng.IntN(train.len())
		orig := mnistImage(train, idx)
		invert := rng.IntN(2) == 0
		big := scaleUp(orig, 2+rng.IntN(8), false, invert)
		bb := big.Bounds()
		canvas := image.NewGray(image.Rect(0, 0, bb.Dx()+rng.IntN(200), bb.Dy()+rng.IntN(200)))
		if invert {
			for i := range canvas.Pix {
				canvas.Pix[i] = 255
			}
		}
		ox := rng.IntN(canvas.Bounds().Dx() - bb.Dx() + 1)
		oy := rng.IntN(canvas.Bounds().Dy() - bb.Dy() + 1)
		for i := range bb.Dy() {
			copy(canvas.Pix[(oy+i)*canvas.Stride+ox:], big.Pix[i*big.Stride:(i+1)*big.Stride])
		}
		x, ok := FromImage(canvas, DefaultOptions())
		if !ok {
			t.Fatalf("digit %d: ok = false", idx)
		}
		cx, cy := com(x)
		if math.Abs(cx-Centre) > 0.5 || math.Abs(cy-Centre) > 0.5 {
			t.Errorf("digit %d: centre of mass (%.2f, %.2f), want (14, 14) ± 0.5", idx, cx, cy)
		}
		sumCx += cx / n
		sumCy += cy / n
		if w, h := inkBox(x, 0); max(w, h) == Box {
			long20++
		}
		sumMean += mean(x[:]) / n
		for _, v := range orig.Pix {
			sumWant += float64(v) / 255 / (n * Pixels)
		}
		for i, v := range x {
			sumDiff += math.Abs(float64(v)-float64(orig.Pix[i])/255) / (n * Pixels)
		}
	}
	t.Logf("%v digits: centre of mass (%.3f, %.3f), %d with longer side 20, mean %.4f (originals %.4f), mean |Δ| from the original %.5f",
		n, sumCx, sumCy, long20, sumMean, sumWant, sumDiff)
	if math.Abs(sumCx-14) > 0.1 || math.Abs(sumCy-14) > 0.1 {
		t.Errorf("mean centre of mass (%.3f, %.3f), want (14, 14) ± 0.1", sumCx, sumCy)
	}
	if float64(long20) < n*0.99 {
		t.Errorf("%d of %v digits have longer side 20, want ≥ 99 %%", long20, n)
	}
	if math.Abs(sumMean-sumWant) > 0.001 {
		t.Errorf("mean intensity %.4f, want the originals' %.4f ± 0.001", sumMean, sumWant)
	}
	if sumDiff > 0.001 {
		t.Errorf("mean |Δ| from the original digits %.5f, want ≤ 0.001", sumDiff)
	}
}

// TestFromDrawingMNISTNeighbours checks that the hand-made digits, after
// preprocessing, look like MNIST digits of the same class: each one's
// nearest training digit (Euclidean) has its label.
func TestFromDrawingMNISTNeighbours(t *testing.T) {
	train := loadMNIST(t, "train", sample(20000))
	n := train.len()
	for digit, d := range readDigits(t) {
		x, ok := FromDrawing(d, DefaultOptions())
		if !ok {
			t.Fatalf("digit %d: ok = false", digit)
		}
		best, label := math.Inf(1), -1
		for k := range n {
			var s float32
			for i, v := range train.image(k) {
				e := x[i] - float32(v)/255
				s += e * e
			}
			if float64(s) < best {
				best, label = float64(s), int(train.labels[k])
			}
		}
		if label != digit {
			t.Errorf("digit %d: nearest MNIST digit is a %d\n%s", digit, label, ascii(x))
		}
	}
}
