package proj

import (
	"context"
	"math"
	"runtime"
	"testing"
)

// TestFastSlicesMatchPlainEvaluation checks the first-layer shortcut of
// Line and Slice against a whole forward pass per point, on more than one
// batch of rows (1,234 rows, the last batch partial), and that two threads
// give the same bits as one.
func TestFastSlicesMatchPlainEvaluation(t *testing.T) {
	d := blobs(1234, 60, 4, 9)
	a, b := trained(t, d, 4, []int{24, 9}, 60)
	alphas := Steps(-0.5, 1.5, 7)
	d1, d2 := Directions(b, 4)
	grid := Steps(-1, 1, 3)
	var got [][]float64 // per thread count: the line's losses, then the slice's
	for _, threads := range []int{1, 2} {
		old := runtime.GOMAXPROCS(threads)
		line, err := Line(context.Background(), a, b, d, alphas, nil)
		if err != nil {
			t.Fatal(err)
		}
		pl, err := Slice(context.Background(), b, d1, d2, d, grid, grid, nil)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		dir := make([]float64, len(a.Params))
		for i := range dir {
			dir[i] = float64(b.Params[i]) - float64(a.Params[i])
		}
		var pts [][2]float64
		for _, al := range alphas {
			pts = append(pts, [2]float64{al, 0})
		}
		plainLine, err := evalPlain(context.Background(), a, dir, nil, d, pts, nil)
		if err != nil {
			t.Fatal(err)
		}
		pts = pts[:0]
		for _, y := range grid {
			for _, x := range grid {
				pts = append(pts, [2]float64{x, y})
			}
		}
		plainSlice, err := evalPlain(context.Background(), b, widen(d1), widen(d2), d, pts, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, pair := range map[string][2][]float64{"Line": {line, plainLine}, "Slice": {pl.Loss, plainSlice}} {
			for i := range pair[0] {
				if got, want := pair[0][i], pair[1][i]; math.Abs(got-want) > 1e-5*math.Abs(want) {
					t.Errorf("%d threads: %s point %d = %v, plain evaluation %v", threads, name, i, got, want)
				}
			}
		}
		got = append(got, append(line, pl.Loss...))
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Errorf("loss %d: %v with one thread, %v with two", i, got[0][i], got[1][i])
		}
	}
}
