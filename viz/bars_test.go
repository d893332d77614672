package viz

import (
	"image"
	"math"
	"testing"
)

var probs = []float64{0.002, 0.001, 0.012, 0.61, 0.0005, 0.31, 0.0008, 0.004, 0.055, 0.0047}

func TestBarsGolden(t *testing.T) {
	tests := []struct {
		name string
		c    BarChart
		w, h int
		th   Theme
	}{
		{"vertical_light", BarChart{Title: "Prediction", Values: probs, Max: new(1.0), ValueLabels: true}, 420, 240, Light()},
		{"horizontal_dark", BarChart{Title: "Prediction", Values: probs, Horizontal: true, Truth: new(5), Max: new(1.0), ValueLabels: true}, 300, 320, Dark()},
		{"grad_norms", BarChart{Title: "Gradient norm", Labels: []string{"dense1.W", "dense1.b", "dense2.W", "dense2.b"},
			Values: []float64{0.83, 0.021, 0.35, math.NaN()}, ValueLabels: true}, 360, 220, Light()},
		{"empty", BarChart{Title: "Nothing"}, 300, 200, Light()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := Bars(tt.c, tt.w, tt.h, 1, tt.th)
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Fatalf("Bars size = %v", got)
			}
			checkGolden(t, "bars_"+tt.name, img)
		})
	}
}
