package viz

import (
	"bytes"
	"image"
	"math"
	"sync"
	"testing"
)

func TestLineChartGolden(t *testing.T) {
	loss := fixLossChart()
	logLoss := fixLossChart()
	logLoss.LogY = true
	logLoss.Title = "Loss (log scale)"
	x := []float64{0, 1, 2, 3, 4, 5}
	norms := LayerNorms("Gradient norms", x, []string{"dense1.W", "dense1.b", "dense2.W", "dense2.b"}, [][]float64{
		{2.1, 0.9, 0.6, 0.5, 0.45, 0.4},
		{0.05, 0.02, 0.015, math.NaN(), 0.01, 0.009},
		{1.2, 0.5, 0.35, 0.3, 0.28, 0.25},
		{0.2, 0.04, 0, 0.03, 0.02, 0.02}, // 0 cannot be shown on a log axis
	})
	tests := []struct {
		name  string
		c     Chart
		w, h  int
		scale float64
		th    Theme
	}{
		{"loss_light", loss, 600, 300, 1, Light()},
		{"loss_dark", loss, 600, 300, 1, Dark()},
		{"loss_log_light", logLoss, 600, 300, 1, Light()},
		{"loss_scale2", loss, 1200, 600, 2, Light()},
		{"loss_presenter", loss, 900, 450, 1.5, Dark()},
		{"accuracy_dark", fixAccuracyChart(), 600, 300, 1, Dark()},
		{"accuracy_hc", fixAccuracyChart(), 600, 300, 1, HighContrast()},
		{"norms_light", norms, 500, 280, 1, Light()},
		{"empty_light", Chart{Title: "Loss", XLabel: "epoch", YLabel: "loss", Series: []Series{{Name: "training"}}}, 400, 250, 1, Light()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := LineChart(tt.c, tt.w, tt.h, tt.scale, tt.th)
			if got := img.Bounds(); got != image.Rect(0, 0, tt.w, tt.h) {
				t.Fatalf("LineChart bounds = %v, want %dx%d at the origin", got, tt.w, tt.h)
			}
			checkGolden(t, "chart_"+tt.name, img)
		})
	}
}

// TestLineChartBadInput renders awkward data at many sizes: nothing may
// panic and the size must always be exact.
func TestLineChartBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	many := make([]float64, 20000)
	for i := range many {
		many[i] = float64(i)
	}
	cases := []struct {
		name string
		c    Chart
	}{
		{"no series", Chart{}},
		{"empty series", Chart{Series: []Series{{Name: "a"}, {Name: "b", Style: StylePoints}}}},
		{"one point", Chart{Series: []Series{{Name: "a", X: []float64{1}, Y: []float64{0.5}, Style: StylePoints}}}},
		{"constant", Chart{Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{3, 3, 3}}}}},
		{"all NaN", Chart{Series: []Series{{X: []float64{nan, 1}, Y: []float64{1, nan}}}}},
		{"Inf and NaN mixed", Chart{LogY: true, Series: []Series{{X: []float64{0, 1, 2, 3, inf}, Y: []float64{1, inf, -inf, nan, 2}, Style: StyleRaw}}}},
		{"huge", Chart{Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{1e300, -1e300, 1}}}}},
		{"huge log", Chart{LogY: true, Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{1e300, 1e-300, 1}}}}},
		{"tiny range", Chart{Series: []Series{{X: []float64{0, 5e-324}, Y: []float64{1, 1 + 1e-15}}}}},
		{"negative log", Chart{LogY: true, Series: []Series{{X: []float64{0, 1}, Y: []float64{-1, 0}}}}},
		{"unsorted", Chart{Series: []Series{{X: []float64{3, 1, 2, 0}, Y: []float64{1, 2, 3, 4}, Style: StyleRaw}}}},
		{"mismatched lengths", Chart{Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{1}}}}},
		{"long", Chart{Series: []Series{{X: many, Y: many, Style: StyleRaw}, {X: many, Y: many}}}},
		{"bad limits", Chart{LogY: true, XMin: new(5.0), XMax: new(1.0), YMin: new(-1.0), YMax: new(nan), Marker: new(inf),
			Series: []Series{{X: []float64{0, 1}, Y: []float64{1, 2}}}}},
		{"equal limits", Chart{XMin: new(2.0), XMax: new(2.0), YMin: new(0.0), YMax: new(0.0), Marker: new(2.0)}},
		{"bad shade", Chart{Shade: &[2]int{-1, 7}, Series: []Series{{X: []float64{0, 1}, Y: []float64{1, 2}}}}},
		{"shade disjoint", Chart{Shade: &[2]int{0, 1}, Series: []Series{{X: []float64{0, 1}, Y: []float64{1, 2}}, {X: []float64{2, 3}, Y: []float64{1, 2}}}}},
		{"negative colour", Chart{Series: []Series{{Name: "x", X: []float64{0, 1}, Y: []float64{1, 2}, Color: -3}}}},
	}
	sizes := [][2]int{{0, 0}, {-5, 10}, {1, 1}, {7, 300}, {60, 40}, {120, 80}, {600, 300}}
	for _, tc := range cases {
		for _, sz := range sizes {
			img := LineChart(tc.c, sz[0], sz[1], 1, Light())
			want := image.Rect(0, 0, max(0, sz[0]), max(0, sz[1]))
			if sz[0] <= 0 || sz[1] <= 0 {
				want = image.Rectangle{}
			}
			if img.Bounds() != want {
				t.Errorf("LineChart(%s, %v) bounds = %v, want %v", tc.name, sz, img.Bounds(), want)
			}
		}
	}
}

func TestLineChartScalePanics(t *testing.T) {
	for _, s := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("LineChart(scale %v) did not panic", s)
				}
			}()
			LineChart(Chart{}, 10, 10, s, Light())
		}()
	}
}

// TestRenderConcurrent renders from several goroutines; run with -race.
func TestRenderConcurrent(t *testing.T) {
	c := fixLossChart()
	want := LineChart(c, 300, 150, 1, Dark())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got := LineChart(c, 300, 150, 1, Dark())
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Error("concurrent LineChart differs from a serial one")
			}
			Confusion(fixConfusion(), DigitNames(10), 200, 200, 1, Light())
			TileGrid(fixW1(16), 16, ScalePerTile, PuOr)
		})
	}
	wg.Wait()
}

func TestChartRange(t *testing.T) {
	pts := [][]xy{{{0, 0.02}, {5, 4.4}}}
	tests := []struct {
		name           string
		c              Chart
		x0, x1, y0, y1 float64
	}{
		{"auto, y rounded to ticks", Chart{}, 0, 5, 0, 5},
		{"fixed", Chart{XMin: new(-1.0), XMax: new(6.0), YMin: new(0.5), YMax: new(1.0)}, -1, 6, 0.5, 1},
		{"log", Chart{LogY: true}, 0, 5, 0.02, 5},
		{"log ignores non-positive YMin", Chart{LogY: true, YMin: new(0.0)}, 0, 5, 0.02, 5},
	}
	for _, tt := range tests {
		x0, x1, y0, y1, empty := chartRange(tt.c, pts, 5)
		if empty || !near(x0, tt.x0) || !near(x1, tt.x1) || !near(y0, tt.y0) || !near(y1, tt.y1) {
			t.Errorf("chartRange(%s) = %v %v %v %v %v, want %v %v %v %v false", tt.name, x0, x1, y0, y1, empty, tt.x0, tt.x1, tt.y0, tt.y1)
		}
	}
	if _, _, _, _, empty := chartRange(Chart{}, [][]xy{nil}, 5); !empty {
		t.Error("chartRange(no points) reports data")
	}
}

// TestChartRangeFitFrom zooms the y axis onto the later points: the early
// ones no longer stretch it, and a window without points changes nothing.
func TestChartRangeFitFrom(t *testing.T) {
	pts := [][]xy{{{0, 10}, {0.5, 80}, {2, 95}, {5, 98.5}}, {{3, 97}}}
	tests := []struct {
		name   string
		from   *float64
		y0, y1 float64
	}{
		{"no window", nil, 0, 100},
		{"from epoch 1", new(1.0), 95, 98.5},
		{"window after the data", new(9.0), 0, 100},
	}
	for _, tt := range tests {
		x0, x1, y0, y1, _ := chartRange(Chart{YFitFrom: tt.from}, pts, 5)
		if !near(x0, 0) || !near(x1, 5) || !near(y0, tt.y0) || !near(y1, tt.y1) {
			t.Errorf("chartRange(%s) = x %v–%v, y %v–%v, want x 0–5, y %v–%v", tt.name, x0, x1, y0, y1, tt.y0, tt.y1)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
