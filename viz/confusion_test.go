package viz

import (
	"image"
	"testing"
)

func TestConfusionGolden(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		scale float64
		th    Theme
	}{
		{"light", 400, 400, 1, Light()},
		{"dark", 400, 400, 1, Dark()},
		{"scale2_wide", 900, 700, 2, Light()},
		{"small", 200, 200, 1, Light()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := Confusion(fixConfusion(), tt.w, tt.h, tt.scale, tt.th)
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Fatalf("Confusion size = %v, want %dx%d", got, tt.w, tt.h)
			}
			checkGolden(t, "confusion_"+tt.name, img)
		})
	}
}
