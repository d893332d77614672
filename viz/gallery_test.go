package viz

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"
)

// ring returns a side×side ring-shaped "digit" with a soft edge.
func ring(side int) []float32 {
	x := make([]float32, side*side)
	c := float64(side-1) / 2
	for r := range side {
		for k := range side {
			d := math.Hypot(float64(r)-c, float64(k)-c)
			x[r*side+k] = float32(max(0, 1-math.Abs(d-float64(side)/3.5)/2))
		}
	}
	return x
}

func TestDigitGolden(t *testing.T) {
	img := Digit(ring(28), 28)
	checkGolden(t, "digit_ring", enlarge(img, 4, color.Black))
}

func TestDigitPixels(t *testing.T) {
	img := Digit([]float32{-1, 0, 0.5, 2, float32(math.NaN()), 1, 0.2, 0, 0}, 3)
	want := []uint8{0, 0, 128, 255, 0, 255, 51, 0, 0}
	for i, g := range want {
		if got := img.Pix[4*i]; got != g || img.Pix[4*i+3] != 255 {
			t.Errorf("Digit pixel %d = %d (alpha %d), want %d (255)", i, got, img.Pix[4*i+3], g)
		}
	}
}

func TestProbStripGolden(t *testing.T) {
	p := []float32{0.01, 0.02, 0.05, 0.6, 0.02, 0.2, 0.03, 0.04, 0.02, 0.01}
	tests := []struct {
		name  string
		truth int
		th    Theme
	}{
		{"probstrip_right_light", 3, Light()},
		{"probstrip_wrong_dark", 5, Dark()},
	}
	for _, tt := range tests {
		checkGolden(t, tt.name, ProbStrip(p, tt.truth, 60, 24, tt.th))
	}
}

func TestProbStripBars(t *testing.T) {
	th := Light()
	img := ProbStrip([]float32{0, 1, 0.5, float32(math.NaN())}, 2, 8, 10, th)
	at := func(x, y int) color.RGBA { return img.RGBAAt(x, y) }
	bg := color.RGBAModel.Convert(th.Background).(color.RGBA)
	best := color.RGBAModel.Convert(th.SeriesColor(0)).(color.RGBA)
	truth := color.RGBAModel.Convert(th.SeriesColor(1)).(color.RGBA)
	tests := []struct {
		x, y int
		want color.RGBA
	}{
		{0, 9, bg},    // p = 0: no bar
		{2, 0, best},  // p = 1: full height, the winner
		{3, 0, bg},    // gap between bars
		{4, 4, bg},    // p = 0.5: top half empty
		{4, 6, truth}, // bottom half in the truth colour
		{6, 9, bg},    // NaN: no bar
	}
	for _, tt := range tests {
		if got := at(tt.x, tt.y); got != tt.want {
			t.Errorf("ProbStrip pixel (%d, %d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
	if got := ProbStrip(nil, 0, 0, 0, th).Bounds(); got != (image.Rectangle{}) {
		t.Errorf("ProbStrip(nil, 0×0) bounds = %v, want empty", got)
	}
}

func TestWriteMatrixCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMatrixCSV(&buf, []float64{1, -0.5, 3, 1e-7}, 2, 2); err != nil {
		t.Fatal(err)
	}
	want := "row,0,1\n0,1,-0.5\n1,3,1e-07\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteMatrixCSV = %q, want %q", got, want)
	}
}
