package viz

import (
	"image"
	"image/color"
	"testing"
)

// TestUpscale checks every pixel of an enlarged image against its source
// pixel, for a sub-image source (offset bounds, wider stride) and factors
// 1 to 4.
func TestUpscale(t *testing.T) {
	big := image.NewRGBA(image.Rect(0, 0, 7, 6))
	for y := range 6 {
		for x := range 7 {
			big.Set(x, y, color.RGBA{uint8(x * 30), uint8(y * 40), uint8(x*y + 1), 0xff})
		}
	}
	src := big.SubImage(image.Rect(2, 1, 6, 5)).(*image.RGBA)
	for f := 1; f <= 4; f++ {
		dst := Upscale(src, f)
		if got, want := dst.Bounds(), image.Rect(0, 0, 4*f, 4*f); got != want {
			t.Fatalf("Upscale(4×4, %d) bounds = %v, want %v", f, got, want)
		}
		for y := range 4 * f {
			for x := range 4 * f {
				if got, want := dst.RGBAAt(x, y), src.RGBAAt(2+x/f, 1+y/f); got != want {
					t.Fatalf("Upscale(src, %d) at (%d,%d) = %v, want %v", f, x, y, got, want)
				}
			}
		}
	}
}
