package viz

import (
	"image"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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

// TestPlaceLabels lays "0.12"-style labels over bars spaced as in a narrow
// chart and as in a wide one: in the narrow chart no two labels kept touch
// and the highlighted bar keeps its label; in the wide one every label
// shows.
func TestPlaceLabels(t *testing.T) {
	e := newEnv(Dark(), 1)
	sty := e.text(relSmall, e.th.Foreground)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	gap := e.dp(3)
	width := sty.Width("0.12")
	for _, tt := range []struct {
		name    string
		spacing vg.Length
		all     bool
	}{
		{"narrow", width * 0.8, false},
		{"wide", width * 2, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ls []barLabel
			for i := range 10 {
				at := vg.Point{X: vg.Length(i) * tt.spacing, Y: 50}
				txt := "0.12"
				ls = append(ls, barLabel{txt: txt, sty: sty, at: at, box: labelBox(sty, at, txt), first: i == 7, value: 0.1 + float64(i%3)/100})
			}
			got := placeLabels(ls, gap)
			if tt.all && len(got) != len(ls) {
				t.Fatalf("%d of %d labels kept with room for all", len(got), len(ls))
			}
			if !tt.all && len(got) == len(ls) {
				t.Fatalf("all %d labels kept, overlapping", len(got))
			}
			// The labelled bars are the largest: none left out is larger
			// than one kept (besides the highlighted one).
			least := math.Inf(1)
			for _, a := range got {
				if !a.first {
					least = min(least, a.value)
				}
			}
			for _, l := range ls {
				if l.value > least && !slices.ContainsFunc(got, func(g barLabel) bool { return g.at == l.at }) {
					t.Errorf("a bar of %.2f lost its label while one of %.2f kept it", l.value, least)
				}
			}
			hl := false
			for i, a := range got {
				hl = hl || a.first
				for _, b := range got[i+1:] {
					if a.box.Min.X < b.box.Max.X+gap && b.box.Min.X < a.box.Max.X+gap {
						t.Errorf("labels at x %.1f and %.1f touch", a.at.X, b.at.X)
					}
				}
			}
			if !hl {
				t.Error("the highlighted bar lost its label")
			}
		})
	}
}
