package viz

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"strings"
	"testing"
)

// TestWritePlaneSVG writes a 3×2 map with one run of equal colours and a
// transparent pixel, and two points, and checks the shapes in the SVG.
func TestWritePlaneSVG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	red, blue := color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 255}
	img.Set(0, 0, red)
	img.Set(1, 0, red)
	img.Set(2, 0, blue)
	img.Set(0, 1, blue) // (1, 1) and (2, 1) stay transparent
	pts := []PlanePoint{{X: 1, Y: 1, C: red}, {X: 2, Y: 1.5, C: blue, Test: true}}
	var b bytes.Buffer
	if err := WritePlaneSVG(&b, img, 10, pts, 0.4, color.NRGBA{A: 255}, color.NRGBA{255, 255, 255, 255}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	var doc struct{}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, s)
	}
	if n := strings.Count(s, "<rect "); n != 3 {
		t.Errorf("%d rectangles, want 3 (a run of two reds, a blue, a blue):\n%s", n, s)
	}
	if !strings.Contains(s, `<rect x="0" y="0" width="20" height="10" fill="#ff0000"/>`) {
		t.Errorf("the red run is not one 20-wide rectangle:\n%s", s)
	}
	if n := strings.Count(s, "<circle "); n != 2 {
		t.Errorf("%d circles, want 2", n)
	}
	if !strings.Contains(s, `cx="20.00" cy="15.00" r="4" fill="#0000ff" stroke="#000000"`) {
		t.Errorf("the test point is not ringed in the foreground colour:\n%s", s)
	}
}

// TestMapSheet checks where MapSheet puts each map.
func TestMapSheet(t *testing.T) {
	m := func(c color.NRGBA) image.Image {
		img := image.NewRGBA(image.Rect(0, 0, 2, 2))
		for y := range 2 {
			for x := range 2 {
				img.Set(x, y, c)
			}
		}
		return img
	}
	red, blue := color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 255}
	s := MapSheet([][]image.Image{{m(red), m(red)}, {m(blue)}}, 4, 1)
	if got := s.Bounds(); got != image.Rect(0, 0, 11, 11) {
		t.Fatalf("sheet %v, want 11×11", got)
	}
	for _, c := range []struct {
		x, y int
		want color.NRGBA
	}{{1, 1, red}, {4, 9, red}, {6, 3, blue}, {0, 0, color.NRGBA{}}, {6, 1, color.NRGBA{}}} {
		if got := color.NRGBAModel.Convert(s.At(c.x, c.y)).(color.NRGBA); got != c.want {
			t.Errorf("At(%d, %d) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}
