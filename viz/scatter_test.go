package viz

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// clusters returns n points in k classes around a circle, with every
// seventh point wrong.
func clusters(n, k int) Scatter {
	rng := rand.New(rand.NewPCG(3, 3))
	s := Scatter{Title: "Hidden layer (PCA)", Note: "separation 0.84", Classes: k, Highlight: -1,
		XY: make([]float64, 2*n), Class: make([]uint8, n), Wrong: make([]bool, n)}
	for i := range n {
		c := i % k
		a := 2 * math.Pi * float64(c) / float64(k)
		s.XY[2*i] = 5*math.Cos(a) + rng.NormFloat64()
		s.XY[2*i+1] = 3*math.Sin(a) + rng.NormFloat64()
		s.Class[i] = uint8(c)
		s.Wrong[i] = i%7 == 0
	}
	return s
}

func TestScatterGolden(t *testing.T) {
	s := clusters(600, 10)
	checkGolden(t, "scatter_light", ScatterPlot(s, 420, 320, 1, Light()))
	s.Highlight = 12
	checkGolden(t, "scatter_dark_highlight", ScatterPlot(s, 420, 320, 1, Dark()))
	checkGolden(t, "scatter_scale2", ScatterPlot(clusters(300, 3), 640, 480, 2, Light()))
	checkGolden(t, "scatter_empty", ScatterPlot(Scatter{Classes: 10, Highlight: -1}, 300, 200, 1, Light()))
}

func TestScatterPointAt(t *testing.T) {
	s := Scatter{Classes: 2, Highlight: -1, XY: []float64{0, 0, 10, 10, 10, 0}, Class: []uint8{0, 1, 1}}
	const w, h = 400, 300
	img := ScatterPlot(s, w, h, 1, Light())
	for i, want := range []uint8{0, 1, 1} {
		// Find the point's colour on the image and ask which point it is.
		c := ClassColor(Light(), int(want))
		found := false
		for y := 0; y < h && !found; y++ {
			for x := 0; x < w && !found; x++ {
				p := img.RGBAAt(x, y)
				if p.R != c.R || p.G != c.G || p.B != c.B {
					continue
				}
				if got, ok := ScatterPointAt(s, w, h, 1, Light(), x, y); ok && got == i {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("point %d: no pixel of its colour maps back to it", i)
		}
	}
	if _, ok := ScatterPointAt(s, w, h, 1, Light(), 2, 2); ok {
		t.Error("ScatterPointAt(corner) found a point")
	}
}

func TestScatterSVG(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteScatterSVG(&buf, clusters(50, 3), 12, 9, Light()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<svg") || strings.Count(buf.String(), "<path") < 50 {
		t.Errorf("WriteScatterSVG wrote %d bytes without 50 paths", buf.Len())
	}
	if err := WriteScatterSVG(&buf, clusters(5, 3), 0, 9, Light()); err == nil {
		t.Error("WriteScatterSVG(0 cm) gave no error")
	}
}

func landscape() Landscape {
	l := Landscape{Title: "Loss around the weights", XLabel: "α", YLabel: "β", Alphas: make([]float64, 21), Betas: make([]float64, 21)}
	for i := range 21 {
		l.Alphas[i] = -1 + float64(i)/10
		l.Betas[i] = -1 + float64(i)/10
	}
	for _, b := range l.Betas {
		for _, a := range l.Alphas {
			l.Loss = append(l.Loss, 0.1+2*(a-0.1)*(a-0.1)+0.5*(b+0.2)*(b+0.2)+0.3*a*b)
		}
	}
	l.Path = []float64{-0.9, 0.8, -0.5, 0.3, -0.1, 0.05, 0, 0, 3, 3}
	return l
}

func TestLandscapeGolden(t *testing.T) {
	checkGolden(t, "landscape_light", LandscapeMap(landscape(), 420, 360, 1, Light()))
	checkGolden(t, "landscape_dark", LandscapeMap(landscape(), 420, 360, 1, Dark()))
	checkGolden(t, "landscape_empty", LandscapeMap(Landscape{}, 300, 200, 1, Light()))
	if lo, hi, ok := landscape().LogRange(); !ok || math.Abs(lo-math.Log10(0.1)) > 0.05 || hi < 0.4 {
		t.Errorf("LogRange = %v, %v, %v", lo, hi, ok)
	}
}

func BenchmarkScatter2000(b *testing.B) {
	s := clusters(2000, 10)
	b.ReportAllocs()
	for b.Loop() {
		ScatterPlot(s, 800, 600, 1, Light())
	}
}

func BenchmarkLandscape(b *testing.B) {
	l := landscape()
	b.ReportAllocs()
	for b.Loop() {
		LandscapeMap(l, 600, 500, 1, Light())
	}
}
