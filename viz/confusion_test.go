package viz

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
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
			img := Confusion(fixConfusion(), DigitNames(10), tt.w, tt.h, tt.scale, tt.th)
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Fatalf("Confusion size = %v, want %dx%d", got, tt.w, tt.h)
			}
			checkGolden(t, "confusion_"+tt.name, img)
		})
	}
}

// TestConfusionCellAt checks that the click mapping agrees with the
// drawing: each cell's corner pixel has that cell's colour, the cell's
// rectangle maps back to it, and points off the grid map to nothing.
func TestConfusionCellAt(t *testing.T) {
	for _, tc := range []struct {
		counts [][]int
		names  []string
	}{
		{fixConfusion(), DigitNames(10)},
		{fixConfusion3(), fixNames3},
		{fixConfusionN(37), DigitNames(37)},
	} {
		checkCells(t, tc.counts, tc.names)
	}
	names := DigitNames(10)
	// Proportional layout: dp coordinates at scale 2 land in the same cell
	// as the matching pixels.
	mid := ConfusionCellRect(3, 7, 800, 800, names)
	c := mid.Min.Add(mid.Size().Div(2))
	if r, col, ok := ConfusionCellAt(c.X/2, c.Y/2, 400, 400, names); !ok || r != 3 || col != 7 {
		t.Errorf("ConfusionCellAt in dp = %d, %d, %v, want 3, 7", r, col, ok)
	}
	if !ConfusionCellRect(10, 0, 400, 400, names).Empty() || !ConfusionCellRect(0, 0, 5, 5, names).Empty() || !ConfusionCellRect(2, 0, 400, 400, fixNames3[:2]).Empty() {
		t.Error("ConfusionCellRect out of range is not empty")
	}
}

// checkCells checks the click mapping of a matrix of len(names) classes
// against its drawing.
func checkCells(t *testing.T, counts [][]int, names []string) {
	t.Helper()
	th := Light()
	n := len(names)
	for _, sz := range [][2]int{{400, 400}, {900, 700}, {333, 517}, {120, 120}} {
		w, h := sz[0], sz[1]
		img := Confusion(counts, names, w, h, 1, th)
		if ConfusionCellRect(0, 0, w, h, names).Dx() < 4 {
			continue // no room for the corner pixel test
		}
		for r := range n {
			total := 0
			for c := range n {
				total += counts[r][c]
			}
			for c := range n {
				rect := ConfusionCellRect(r, c, w, h, names)
				if rect.Empty() {
					t.Fatalf("ConfusionCellRect(%d, %d, %d, %d) is empty", r, c, w, h)
				}
				for _, p := range []image.Point{rect.Min, rect.Max.Sub(image.Pt(1, 1)), rect.Min.Add(rect.Size().Div(2))} {
					gr, gc, ok := ConfusionCellAt(p.X, p.Y, w, h, names)
					if !ok || gr != r || gc != c {
						t.Errorf("ConfusionCellAt(%v, %dx%d) = %d, %d, %v, want %d, %d", p, w, h, gr, gc, ok, r, c)
					}
				}
				// Two pixels in from the corner: inside the cell, clear of
				// the separating lines and of the centred count.
				frac := math.Log1p(float64(counts[r][c])) / math.Log1p(float64(total))
				want := th.Sequential.At(frac)
				got := img.RGBAAt(rect.Min.X+2, rect.Min.Y+2)
				if dist(got, want) > 3 {
					t.Errorf("%dx%d cell (%d,%d) colour = %v, want %v", w, h, r, c, got, want)
				}
			}
		}
		first, last := ConfusionCellRect(0, 0, w, h, names), ConfusionCellRect(n-1, n-1, w, h, names)
		off := []image.Point{{0, 0}, {w - 1, h - 1}, {-1, 5}, {first.Min.X - 1, first.Min.Y}, {last.Max.X, last.Min.Y}, {last.Min.X, last.Max.Y}}
		for _, p := range off {
			if r, c, ok := ConfusionCellAt(p.X, p.Y, w, h, names); ok {
				t.Errorf("ConfusionCellAt(%v, %dx%d, %d classes) = %d, %d, true, want off the grid", p, w, h, n, r, c)
			}
		}
	}
}

func TestConfusionBadInput(t *testing.T) {
	neg := fixConfusionN(10)
	neg[0][0], neg[3][4] = -5, 1<<40
	ragged := [][]int{{1, 2, 3}, {4}, nil}
	for _, tc := range []struct {
		counts [][]int
		names  []string
	}{
		{neg, DigitNames(10)},
		{ragged, fixNames3},
		{nil, fixNames3},
		{neg, nil},
		{neg, DigitNames(2)},
		{fixConfusionN(100), DigitNames(100)},
	} {
		for _, sz := range [][2]int{{0, 0}, {1, 1}, {9, 9}, {30, 30}, {400, 100}} {
			img := Confusion(tc.counts, tc.names, sz[0], sz[1], 1, Dark())
			if sz[0] > 0 && img.Bounds().Size() != image.Pt(sz[0], sz[1]) {
				t.Errorf("Confusion(%v) size = %v", sz, img.Bounds().Size())
			}
		}
	}
}

// TestConfusionNamedGolden draws matrices of named classes: three short
// names, ten long ones (upright column labels, shortened names) and 37
// classes (counts left out of the small cells).
func TestConfusionNamedGolden(t *testing.T) {
	fashion := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	tests := []struct {
		name   string
		counts [][]int
		names  []string
		w, h   int
	}{
		{"three", fixConfusion3(), fixNames3, 400, 400},
		{"fashion", fixConfusion(), fashion, 460, 460},
		{"many", fixConfusionN(37), DigitNames(37), 500, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGolden(t, "confusion_names_"+tt.name, Confusion(tt.counts, tt.names, tt.w, tt.h, 1, Light()))
		})
	}
}

func TestShorten(t *testing.T) {
	sty := newEnv(Light(), 1).textPx(12, Light().Foreground)
	long := "a very long class name indeed"
	for _, room := range []vg.Length{0, 10, 40, 80, 1000} {
		got := shorten(sty, long, room)
		if got != long && !strings.HasSuffix(got, "…") {
			t.Errorf("shorten(%q, %v) = %q, want it whole or ending in …", long, room, got)
		}
		if room >= 40 && sty.Width(got) > room {
			t.Errorf("shorten(%q, %v) = %q, %v wide", long, room, got, sty.Width(got))
		}
	}
	if got := shorten(sty, "cat", 1000); got != "cat" {
		t.Errorf("shorten(cat, 1000) = %q, want cat", got)
	}
}

func TestWriteConfusionCSV(t *testing.T) {
	var b strings.Builder
	names := []string{"circle", "square, filled", `say "tri"`}
	if err := WriteConfusionCSV(&b, [][]int{{5, 1, 0}, {2, 7, -1}, {0}}, names); err != nil {
		t.Fatal(err)
	}
	want := `true \ predicted,circle,"square, filled","say ""tri"""` + "\n" +
		"circle,5,1,0\n" +
		`"square, filled",2,7,0` + "\n" +
		`"say ""tri""",0,0,0` + "\n"
	if got := b.String(); got != want {
		t.Errorf("WriteConfusionCSV =\n%s\nwant\n%s", got, want)
	}
}

// TestOutlineConfusionCell frames the chosen cell in the foreground colour
// and leaves the others alone.
func TestOutlineConfusionCell(t *testing.T) {
	th := Light()
	img := Confusion(fixConfusion(), DigitNames(10), 400, 400, 1, th)
	before := image.NewRGBA(img.Rect)
	copy(before.Pix, img.Pix)
	OutlineConfusionCell(img, 3, 7, DigitNames(10), 1, th)
	r := ConfusionCellRect(3, 7, 400, 400, DigitNames(10))
	edge := r.Min.Sub(image.Pt(1, 1)) // just outside the cell
	if got := color.NRGBAModel.Convert(img.At(edge.X, edge.Y)).(color.NRGBA); got != th.Foreground {
		t.Errorf("frame pixel %v = %v, want the foreground %v", edge, got, th.Foreground)
	}
	far := ConfusionCellRect(8, 1, 400, 400, DigitNames(10)).Min.Add(image.Pt(5, 5))
	if img.At(far.X, far.Y) != before.At(far.X, far.Y) {
		t.Error("a cell far from the selected one changed")
	}
	OutlineConfusionCell(img, 10, 0, DigitNames(10), 1, th) // out of range: no panic, no change
}
