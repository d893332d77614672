package app

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"strings"
	"testing"
)

// TestPlaygroundExport renders the Playground and writes every export:
// the PNGs decode to the maps shown, the SVGs are XML with a disc per
// training point on the output map.
func TestPlaygroundExport(t *testing.T) {
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	if apply := p.render(nil, true); apply != nil {
		apply()
	}
	items := p.exportItems()
	if len(items) != 4 {
		t.Fatalf("%d export items, want 4", len(items))
	}
	set := p.data.Load()
	for _, it := range items {
		var b bytes.Buffer
		if err := it.write(&b); err != nil {
			t.Fatalf("%s: %v", it.label, err)
		}
		switch it.ext {
		case ".png":
			img, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("%s: %v", it.label, err)
			}
			if it.name == "output" && img.Bounds() != p.plane.img.Image.Bounds() {
				t.Errorf("%s: %v, the map shown is %v", it.label, img.Bounds(), p.plane.img.Image.Bounds())
			}
		case ".svg":
			var doc struct{}
			if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("%s: not XML: %v", it.label, err)
			}
			want := 0
			if it.name == "output" {
				want = len(set.Plane.Train) // the test points are hidden
			}
			if n := strings.Count(b.String(), "<circle "); n != want {
				t.Errorf("%s: %d points, want %d", it.label, n, want)
			}
			if n := strings.Count(b.String(), "<rect "); n == 0 {
				t.Errorf("%s: no map", it.label)
			}
		default:
			t.Errorf("%s: unexpected %q", it.label, it.ext)
		}
	}
}
