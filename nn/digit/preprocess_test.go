package digit

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// inkBox reports the size of the bounding box of the pixels above thr.
func inkBox(x [Pixels]float32, thr float32) (w, h int) {
	x0, y0, x1, y1 := Side, Side, -1, -1
	for i, v := range x {
		if v > thr {
			x0, x1 = min(x0, i%Side), max(x1, i%Side)
			y0, y1 = min(y0, i/Side), max(y1, i/Side)
		}
	}
	if x1 < 0 {
		return 0, 0
	}
	return x1 - x0 + 1, y1 - y0 + 1
}

// com reports the centre of mass of x in 0-based pixel indices.
func com(x [Pixels]float32) (cx, cy float64) {
	cx, cy, _ = centreOfMass(x[:], Side, Side)
	return cx, cy
}

// mean reports the mean value of x.
func mean(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	return s / float64(len(x))
}

// components counts the 8-connected groups of pixels above thr.
func components(x [Pixels]float32, thr float32) int {
	seen := [Pixels]bool{}
	n := 0
	for start, v := range x {
		if v <= thr || seen[start] {
			continue
		}
		n++
		stack := []int{start}
		seen[start] = true
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for di := -1; di <= 1; di++ {
				for dj := -1; dj <= 1; dj++ {
					i, j := p/Side+di, p%Side+dj
					q := i*Side + j
					if i >= 0 && i < Side && j >= 0 && j < Side && x[q] > thr && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
	}
	return n
}

// ascii draws x for failure messages.
func ascii(x [Pixels]float32) string {
	var b strings.Builder
	for i := range Side {
		b.WriteByte('|')
		for _, v := range x[i*Side : (i+1)*Side] {
			b.WriteByte(" .:-=+*#%@"[min(int(v*10), 9)])
		}
		b.WriteString("|\n")
	}
	return b.String()
}

// moved returns d with every point scaled by s about the origin, then
// shifted by (dx, dy).
func moved(d Drawing, s, dx, dy float32) Drawing {
	out := Drawing{Width: d.Width, Height: d.Height}
	for _, st := range d.Strokes {
		var ns Stroke
		for _, p := range st {
			ns = append(ns, Point{p.X*s + dx, p.Y*s + dy})
		}
		out.Strokes = append(out.Strokes, ns)
	}
	return out
}

func line(x0, y0, x1, y1 float32) Drawing {
	return Drawing{280, 280, []Stroke{{{x0, y0}, {x1, y1}}}}
}

func TestFromDrawingShape(t *testing.T) {
	ds := readDigits(t)
	tests := []struct {
		name string
		d    Drawing
		w, h int // size of the ink box (pixels > 0)
	}{
		{"vertical bar", line(140, 30, 140, 250), 3, 20},
		{"horizontal bar", line(30, 140, 250, 140), 20, 3},
		{"bar in a corner", line(0, 10, 100, 10), 20, 5},
		{"diagonal", line(30, 30, 250, 250), 20, 20},
		{"small 8 in the top-left corner", moved(ds[8], 0.4, -20, 0), 14, 20},
		{"big 0 off to the right", moved(ds[0], 1.2, 20, -30), 13, 20},
		{"7 pushed half off the pad", moved(ds[7], 1, 100, 0), 11, 20},
		{"wide pad", Drawing{560, 280, ds[2].Strokes}, 15, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, ok := FromDrawing(tt.d, DefaultOptions())
			if !ok {
				t.Fatal("FromDrawing ok = false, want true")
			}
			if w, h := inkBox(x, 0); w != tt.w || h != tt.h {
				t.Errorf("ink box %d×%d, want %d×%d\n%s", w, h, tt.w, tt.h, ascii(x))
			}
			if cx, cy := com(x); math.Abs(cx-Centre) > 0.5 || math.Abs(cy-Centre) > 0.5 {
				t.Errorf("centre of mass (%.3f, %.3f), want (14, 14) ± 0.5\n%s", cx, cy, ascii(x))
			}
			if n := components(x, 0.25); n != 1 {
				t.Errorf("%d separate strokes, want 1\n%s", n, ascii(x))
			}
			for i, v := range x {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("x[%d] = %v, want it in [0, 1]", i, v)
				}
			}
		})
	}
}

// TestFromDrawingAspect checks that scaling keeps the aspect ratio: the
// mass-weighted spread of a rectangle's outline keeps its proportions.
func TestFromDrawingAspect(t *testing.T) {
	for _, wh := range [][2]float32{{200, 100}, {100, 200}, {200, 50}, {160, 160}} {
		w, h := wh[0], wh[1]
		x0, y0 := 140-w/2, 140-h/2
		d := Drawing{280, 280, []Stroke{{{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + h}, {x0, y0 + h}, {x0, y0}}}}
		o := Options{PenWidth: 0.02, MNIST: true}
		x, ok := FromDrawing(d, o)
		if !ok {
			t.Fatalf("%v×%v rectangle: ok = false", w, h)
		}
		// The outline's ink box, pen included, scaled to 20 on its longer side.
		pen := o.PenWidth * 280
		long := max(w, h) + pen
		wantW, wantH := 20*(w+pen)/long, 20*(h+pen)/long
		// Measure the box through the mass beyond the half-ink level.
		var gw, gh float64
		for i := range Side {
			rs, cs := 0.0, 0.0
			for j := range Side {
				rs += float64(x[i*Side+j])
				cs += float64(x[j*Side+i])
			}
			if rs > 0.5 {
				gh++
			}
			if cs > 0.5 {
				gw++
			}
		}
		if math.Abs(gw-float64(wantW)) > 1 || math.Abs(gh-float64(wantH)) > 1 {
			t.Errorf("%v×%v rectangle: %v×%v pixels, want %.1f×%.1f ± 1\n%s", w, h, gw, gh, wantW, wantH, ascii(x))
		}
	}
}

func TestFromDrawingNotOK(t *testing.T) {
	o := DefaultOptions()
	pen := o.PenWidth * 280
	tests := []struct {
		name string
		d    Drawing
		ok   bool
	}{
		{"no strokes", Drawing{280, 280, nil}, false},
		{"empty strokes", Drawing{280, 280, []Stroke{nil, {}}}, false},
		{"single dot", Drawing{280, 280, []Stroke{{{140, 140}}}}, false},
		{"dot drawn twice", Drawing{280, 280, []Stroke{{{140, 140}, {140, 140}}, {{141, 140}}}}, false},
		{"tick shorter than the pen", line(140, 140, 140+pen*0.9, 140), false},
		{"dash longer than the pen", line(140, 140, 140+pen*1.1, 140), true},
		{"points far outside the pad", line(-100, -100, -50, -100), false},
		{"line crossing the pad from outside", line(-1e6, 140, 1e6, 140), true},
		{"zero width", Drawing{0, 280, []Stroke{{{1, 1}, {100, 100}}}}, false},
		{"NaN point", Drawing{280, 280, []Stroke{{{1, 1}, {float32(math.NaN()), 100}}}}, false},
		{"digit", readDigits(t)[3], true},
	}
	for _, mnist := range []bool{true, false} {
		o.MNIST = mnist
		for _, tt := range tests {
			x, ok := FromDrawing(tt.d, o)
			if ok != tt.ok {
				t.Errorf("%s (MNIST %v): ok = %v, want %v", tt.name, mnist, ok, tt.ok)
			}
			if !ok && x != [Pixels]float32{} {
				t.Errorf("%s (MNIST %v): ok = false but x is not zero", tt.name, mnist)
			}
		}
	}
}

// TestInterpolation checks that a fast stroke, two points far apart, draws
// the same continuous line as a slow one with many points.
func TestInterpolation(t *testing.T) {
	fast := Drawing{280, 280, []Stroke{{{40, 60}, {250, 220}}, {{240, 40}, {40, 240}}}}
	slow := Drawing{280, 280, nil}
	for _, s := range fast.Strokes {
		var ns Stroke
		for k := range 101 {
			f := float32(k) / 100
			ns = append(ns, Point{s[0].X + f*(s[1].X-s[0].X), s[0].Y + f*(s[1].Y-s[0].Y)})
		}
		slow.Strokes = append(slow.Strokes, ns)
	}
	for _, o := range []Options{DefaultOptions(), {PenWidth: 0.01, MNIST: true}, {PenWidth: 0.05, MNIST: false}} {
		xf, okf := FromDrawing(fast, o)
		xs, oks := FromDrawing(slow, o)
		if !okf || !oks {
			t.Fatalf("%+v: ok = %v, %v, want true", o, okf, oks)
		}
		for i := range xf {
			if d := math.Abs(float64(xf[i] - xs[i])); d > 1e-5 {
				t.Fatalf("%+v: pixel %d: fast %v, slow %v\n%s", o, i, xf[i], xs[i], ascii(xf))
			}
		}
		if n := components(xf, 0.1); n != 1 {
			t.Errorf("%+v: the fast strokes fall into %d pieces, want 1\n%s", o, n, ascii(xf))
		}
	}
}

// TestSupersampleConverged checks that rendering at 4× the final
// resolution is close to rendering at 16×.
func TestSupersampleConverged(t *testing.T) {
	var p Preprocessor
	for _, pen := range []float32{0.02, DefaultPenWidth, 0.2} {
		for digit, d := range readDigits(t) {
			o := Options{PenWidth: pen, MNIST: true}
			x4, _ := p.fromDrawing(d, o, supersample)
			x16, _ := p.fromDrawing(d, o, 16)
			var sum, worst float64
			for i := range x4 {
				e := math.Abs(float64(x4[i] - x16[i]))
				sum += e
				worst = max(worst, e)
			}
			if sum/Pixels > 0.002 || worst > 0.06 {
				t.Errorf("pen %v digit %d: 4× vs 16×: mean |Δ| %.4f, max %.3f, want ≤ 0.002 and ≤ 0.06", pen, digit, sum/Pixels, worst)
			}
		}
	}
}

// TestDefaultPenWidth checks that the default pen gives MNIST-like ink:
// the mean intensity over the ten digits is near MNIST's 0.131.
func TestDefaultPenWidth(t *testing.T) {
	var s float64
	for digit, d := range readDigits(t) {
		x, ok := FromDrawing(d, DefaultOptions())
		if !ok {
			t.Fatalf("digit %d: ok = false", digit)
		}
		s += mean(x[:]) / 10
	}
	if math.Abs(s-0.131) > 0.01 {
		t.Errorf("mean intensity %.4f at the default pen, want 0.131 ± 0.01", s)
	}
}

// TestRawMode checks the teaching toggle: the whole pad scaled to 28×28.
func TestRawMode(t *testing.T) {
	o := Options{PenWidth: 0.05, MNIST: false}
	tests := []struct {
		name           string
		d              Drawing
		x0, y0, x1, y1 int // ink box, inclusive
	}{
		// Pen radius 7: the ink spans [13, 77] pad units, pixels 1…7.
		{"corner stroke", line(20, 20, 70, 20), 1, 1, 7, 2},
		// A 560×280 pad fills rows 7…20; its right half is columns 14…27.
		{"wide pad", Drawing{560, 280, []Stroke{{{300, 20}, {540, 260}}}}, 14, 7, 27, 20},
	}
	for _, tt := range tests {
		x, ok := FromDrawing(tt.d, o)
		if !ok {
			t.Fatalf("%s: ok = false", tt.name)
		}
		x0, y0, x1, y1 := Side, Side, -1, -1
		for i, v := range x {
			if v > 0 {
				x0, x1 = min(x0, i%Side), max(x1, i%Side)
				y0, y1 = min(y0, i/Side), max(y1, i/Side)
			}
		}
		if x0 != tt.x0 || y0 != tt.y0 || x1 != tt.x1 || y1 != tt.y1 {
			t.Errorf("%s: ink in [%d…%d]×[%d…%d], want [%d…%d]×[%d…%d]\n%s", tt.name,
				x0, x1, y0, y1, tt.x0, tt.x1, tt.y0, tt.y1, ascii(x))
		}
	}
	// The raw view is the area average of the high-resolution raster.
	d := readDigits(t)[5]
	x, _ := FromDrawing(d, o)
	img := Raster(d, 28*8, o)
	for i := range Side {
		for j := range Side {
			var s float64
			for k := range 64 {
				s += float64(img.GrayAt(j*8+k%8, i*8+k/8).Y) / 255
			}
			if e := math.Abs(s/64 - float64(x[i*Side+j])); e > 0.03 {
				t.Fatalf("pixel (%d, %d) = %.3f, raster average %.3f", j, i, x[i*Side+j], s/64)
			}
		}
	}
}

// TestRaster checks the coverage of the anti-aliased pen: a dot holds π r²
// of ink and a line's cross-section sums to the pen width.
func TestRaster(t *testing.T) {
	tests := []struct {
		name string
		d    Drawing
		pen  float32
		size int
		want float64 // total ink, in pixels
	}{
		{"dot", Drawing{100, 100, []Stroke{{{50.3, 50.6}}}}, 0.2, 100, math.Pi * 100},
		{"small dot", Drawing{100, 100, []Stroke{{{50.3, 50.6}}}}, 0.04, 100, math.Pi * 4},
		{"sub-pixel line", Drawing{100, 100, []Stroke{{{20, 30.3}, {80, 30.3}}}}, 0.004, 100, 60*0.4 + math.Pi*0.04},
		{"line at 2×", Drawing{100, 50, []Stroke{{{20, 30}, {80, 30}}}}, 0.1, 200, 120*20 + math.Pi*100},
		{"overlapping strokes count once", Drawing{100, 100, []Stroke{{{20, 30}, {80, 30}, {20, 30}}, {{50, 30}}}}, 0.1, 100, 60*10 + math.Pi*25},
	}
	for _, tt := range tests {
		img := Raster(tt.d, tt.size, Options{PenWidth: tt.pen})
		b := img.Bounds()
		wantW := tt.size
		wantH := int(float32(tt.size) * tt.d.Height / tt.d.Width)
		if b.Dx() != wantW || b.Dy() != wantH {
			t.Errorf("%s: Raster is %v, want %d×%d", tt.name, b, wantW, wantH)
		}
		var s float64
		for _, v := range img.Pix {
			s += float64(v) / 255
		}
		if math.Abs(s-tt.want) > 0.01*tt.want+0.5 {
			t.Errorf("%s: ink %.2f pixels, want %.2f", tt.name, s, tt.want)
		}
	}
	if img := Raster(Drawing{}, 10, DefaultOptions()); img.Bounds().Dx() != 10 || img.Pix[0] != 0 {
		t.Errorf("Raster(invalid drawing) = %v, want a black 10×10 image", img.Bounds())
	}
}

func TestOptionsPanics(t *testing.T) {
	d := readDigits(t)[1]
	for _, pen := range []float32{0, -0.1, 1.5, float32(math.NaN())} {
		o := Options{PenWidth: pen, MNIST: true}
		if o.Validate() == nil {
			t.Errorf("Options{PenWidth: %v}.Validate() = nil, want an error", pen)
		}
		for name, f := range map[string]func(){
			"FromDrawing": func() { FromDrawing(d, o) },
			"Raster":      func() { Raster(d, 28, o) },
		} {
			func() {
				defer func() {
					if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "digit: pen width") {
						t.Errorf("%s with pen width %v: panic %v, want a \"digit: pen width\" panic", name, pen, r)
					}
				}()
				f()
			}()
		}
	}
	if err := DefaultOptions().Validate(); err != nil {
		t.Errorf("DefaultOptions().Validate() = %v", err)
	}
}

// TestDrawingMatchesImage checks that a drawing and a picture of it give
// the same input: the two paths agree. They differ a little because the
// picture's ink box is whole pixels of the 560-pixel raster, which moves
// the strokes of the 28×28 result by up to about 0.1 pixel.
func TestDrawingMatchesImage(t *testing.T) {
	o := DefaultOptions()
	for digit, d := range readDigits(t) {
		xd, _ := FromDrawing(d, o)
		xi, ok := FromImage(Raster(d, 560, o), o)
		if !ok {
			t.Fatalf("digit %d: FromImage(Raster) ok = false", digit)
		}
		var s float64
		for i := range xd {
			s += math.Abs(float64(xd[i] - xi[i]))
		}
		if s/Pixels > 0.015 {
			t.Errorf("digit %d: mean |FromDrawing − FromImage(Raster)| = %.4f, want ≤ 0.015\n%s\n%s", digit, s/Pixels, ascii(xd), ascii(xi))
		}
	}
}

// TestRender28RoundTrip checks that saving what the network sees and
// reading it back changes nothing beyond 8-bit rounding.
func TestRender28RoundTrip(t *testing.T) {
	for digit, d := range readDigits(t) {
		x, _ := FromDrawing(d, DefaultOptions())
		y, ok := FromImage(Render28(x), DefaultOptions())
		if !ok {
			t.Fatalf("digit %d: ok = false", digit)
		}
		for i := range x {
			if e := math.Abs(float64(x[i] - y[i])); e > 0.5/255+1e-6 {
				t.Fatalf("digit %d pixel %d: %v after the round trip, want %v", digit, i, y[i], x[i])
			}
		}
	}
}

// TestConcurrent runs the pooled functions from several goroutines (under
// -race this checks the pool) and compares with one Preprocessor.
func TestConcurrent(t *testing.T) {
	ds := readDigits(t)
	var p Preprocessor
	want := make([][Pixels]float32, len(ds))
	imgs := make([]*image.Gray, len(ds))
	for i, d := range ds {
		want[i], _ = p.FromDrawing(d, DefaultOptions())
		imgs[i] = Render28(want[i])
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(ds))
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(ds) {
				i := (k + g) % len(ds)
				if x, _ := FromDrawing(ds[i], DefaultOptions()); x != want[i] {
					errs <- fmt.Sprintf("goroutine %d: FromDrawing(digit %d) differs", g, i)
				}
				if x, _ := FromImage(imgs[i], DefaultOptions()); x != imageInput(imgs[i]) {
					errs <- fmt.Sprintf("goroutine %d: FromImage(digit %d) differs", g, i)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// imageInput is FromImage on a fresh Preprocessor, for comparison.
func imageInput(img *image.Gray) [Pixels]float32 {
	var p Preprocessor
	x, _ := p.FromImage(img, DefaultOptions())
	return x
}

// TestTestdataFiles runs the example stroke files (also the fuzz seeds)
// through the whole path: parse, then preprocess.
func TestTestdataFiles(t *testing.T) {
	tests := []struct {
		file string
		ok   []bool // per drawing
	}{
		{"seven.json", []bool{true}},
		{"dot.json", []bool{false}},
		{"fast.json", []bool{true}},
		{"empty.json", []bool{false, false}},
		{"digits.json", []bool{true, true, true, true, true, true, true, true, true, true}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		ds, err := ParseDrawings(data)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if len(ds) != len(tt.ok) {
			t.Fatalf("%s: %d drawings, want %d", tt.file, len(ds), len(tt.ok))
		}
		for i, d := range ds {
			x, ok := FromDrawing(d, DefaultOptions())
			if ok != tt.ok[i] {
				t.Errorf("%s drawing %d: ok = %v, want %v", tt.file, i, ok, tt.ok[i])
			}
			if ok && components(x, 0.25) != 1 {
				t.Errorf("%s drawing %d: strokes fall apart\n%s", tt.file, i, ascii(x))
			}
		}
	}
}
