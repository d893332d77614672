package nn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestView checks that a view gathers, and shows, exactly what a copy of
// the same rows does (views of views too), shares its parent's pixels,
// and has labels of its own.
func TestView(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, dim = 40, 600 // 600 pixels: gaps of more than 255 need bridges
	img := make([]uint8, n*dim)
	for i := range img {
		if rng.IntN(5) == 0 {
			img[i] = uint8(1 + rng.IntN(255))
		}
	}
	labels := make([]uint8, n)
	dense := make([]float32, n*3)
	target := make([]float32, n)
	for i := range labels {
		labels[i] = uint8(i % 7)
		target[i] = float32(i) / 4
	}
	for i := range dense {
		dense[i] = rng.Float32()
	}
	rows := []int{5, 0, 39, 12, 12, 7}
	for _, c := range []struct {
		name string
		d    *Dataset
	}{
		{"images", NewDataset(img, labels, dim)},
		{"dense", NewDenseDataset(dense, slices.Clone(labels), target, 3)},
	} {
		copied := c.d.Subset(rows)
		view := c.d.View(rows)
		// A view of a view: rows 0, 2, 4 of rows 1…5 of d are its rows 1, 3, 5.
		inner := c.d.View([]int{1, 2, 3, 4, 5}).View([]int{0, 2, 4})
		for _, v := range []struct {
			name string
			got  *Dataset
			want *Dataset
		}{{"view", view, copied}, {"view of a view", inner, c.d.Subset([]int{1, 3, 5})}} {
			if v.got.N != v.want.N || !slices.Equal(v.got.Labels, v.want.Labels) || !slices.Equal(v.got.Target, v.want.Target) {
				t.Fatalf("%s %s: N %d labels %v targets %v, want %d %v %v", c.name, v.name,
					v.got.N, v.got.Labels, v.got.Target, v.want.N, v.want.Labels, v.want.Target)
			}
			all := make([]int, v.want.N)
			for i := range all {
				all[i] = i
			}
			var gi, wi Input
			gy, wy := make([]uint8, len(all)), make([]uint8, len(all))
			v.got.Gather(all, &gi, gy)
			v.want.Gather(all, &wi, wy)
			if !slices.Equal(gi.Ptr, wi.Ptr) || !slices.Equal(gi.Idx, wi.Idx) || !slices.Equal(gi.Val, wi.Val) ||
				!slices.Equal(gy, wy) || !slices.Equal(gi.Target, wi.Target) {
				t.Errorf("%s %s: Gather differs from the copy's", c.name, v.name)
			}
			gp, wp := make([]float32, c.d.Dim), make([]float32, c.d.Dim)
			for i := range all {
				v.got.Pixels(i, gp)
				v.want.Pixels(i, wp)
				if !slices.Equal(gp, wp) {
					t.Errorf("%s %s: Pixels(%d) differs from the copy's", c.name, v.name, i)
				}
			}
			if s := v.got.Subset([]int{1}); !slices.Equal(s.Labels, v.want.Subset([]int{1}).Labels) {
				t.Errorf("%s %s: Subset of a view picks the wrong row", c.name, v.name)
			}
		}
		shares := (c.d.ent != nil && &view.ent[0] == &c.d.ent[0]) || (c.d.x != nil && &view.x[0] == &c.d.x[0])
		if !shares {
			t.Errorf("%s: the view copied the pixels", c.name)
		}
		view.Labels[0] = 99
		if c.d.Labels[5] == 99 {
			t.Errorf("%s: the view's labels are its parent's", c.name)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: View of row %d gave no panic", c.name, n)
				}
			}()
			c.d.View([]int{n})
		}()
	}
}
