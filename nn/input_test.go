package nn

import (
	"slices"
	"testing"
)

func TestInput(t *testing.T) {
	rows := [][]float32{{0, 1.5, 0, -2}, {0, 0, 0, 0}, {3, 0, 0, 0.25}}
	in := NewInput(4, rows...)
	if in.Rows != 3 || in.Cols != 4 {
		t.Fatalf("NewInput: (%d, %d), want (3, 4)", in.Rows, in.Cols)
	}
	if want := []int32{0, 2, 2, 4}; !slices.Equal(in.Ptr, want) {
		t.Errorf("Ptr = %v, want %v", in.Ptr, want)
	}
	if want := []int32{1, 3, 0, 3}; !slices.Equal(in.Idx, want) {
		t.Errorf("Idx = %v, want %v (zeros skipped)", in.Idx, want)
	}
	x := make([]float32, 4)
	for i, r := range rows {
		x[0] = 99 // Dense must clear what is not stored
		in.Dense(i, x)
		if !slices.Equal(x, r) {
			t.Errorf("Dense(%d) = %v, want %v", i, x, r)
		}
	}
	in.Reset(2)
	if in.Rows != 0 || in.Cols != 2 || !slices.Equal(in.Ptr, []int32{0}) || len(in.Idx) != 0 || len(in.Val) != 0 {
		t.Errorf("Reset(2) left %+v", in)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("AppendDense of a row of 4 into a batch of 2 columns did not panic")
		}
	}()
	in.AppendDense(rows[0])
}

func TestDataset(t *testing.T) {
	images := []uint8{
		0, 255, 0, 51, // image 0
		0, 0, 0, 0, // image 1: blank
		102, 0, 0, 1, // image 2
	}
	d := NewDataset(images, []uint8{7, 3, 9}, 4)
	if d.N != 3 || d.Dim != 4 {
		t.Fatalf("NewDataset: N %d, Dim %d, want 3, 4", d.N, d.Dim)
	}
	x := make([]float32, 4)
	for i := range 3 {
		d.Pixels(i, x)
		for j, v := range x {
			if want := float32(images[i*4+j]) / 255; !close32(v, want, 1e-7) {
				t.Errorf("Pixels(%d)[%d] = %g, want %g", i, j, v, want)
			}
		}
	}
	var in Input
	y := make([]uint8, 3)
	d.Gather([]int{2, 0, 2}, &in, y)
	if in.Rows != 3 || !slices.Equal(y, []uint8{9, 7, 9}) {
		t.Errorf("Gather(2, 0, 2): %d rows, labels %v; want 3, [9 7 9]", in.Rows, y)
	}
	want := make([]float32, 4)
	for k, r := range []int{2, 0, 2} {
		in.Dense(k, x)
		d.Pixels(r, want)
		if !slices.Equal(x, want) {
			t.Errorf("gathered row %d = %v, want image %d = %v", k, x, r, want)
		}
	}
	s := d.Subset([]int{1, 2})
	if s.N != 2 || !slices.Equal(s.Labels, []uint8{3, 9}) {
		t.Fatalf("Subset(1, 2): N %d, labels %v", s.N, s.Labels)
	}
	s.Pixels(1, x)
	d.Pixels(2, want)
	if !slices.Equal(x, want) {
		t.Errorf("Subset row 1 = %v, want %v", x, want)
	}
	s.Labels[0] = 0
	if d.Labels[1] != 3 {
		t.Errorf("Subset shares labels with its dataset")
	}
	for _, tc := range []struct {
		images []uint8
		labels []uint8
		dim    int
	}{
		{images, []uint8{1, 2}, 4},
		{images, []uint8{1, 2, 3}, 0},
		{images[:11], []uint8{1, 2, 3}, 4},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewDataset(%d bytes, %d labels, dim %d) did not panic", len(tc.images), len(tc.labels), tc.dim)
				}
			}()
			NewDataset(tc.images, tc.labels, tc.dim)
		}()
	}
}

// TestDatasetGaps checks the two-byte encoding where gaps between non-zero
// pixels need bridge entries: at the start, in the middle and at the end.
func TestDatasetGaps(t *testing.T) {
	const dim = 784
	tests := []struct {
		name string
		set  map[int]uint8 // index → value; the rest is 0
	}{
		{"blank", nil},
		{"first pixel", map[int]uint8{0: 1}},
		{"last pixel", map[int]uint8{783: 255}},
		{"gap of 255", map[int]uint8{0: 9, 255: 8}},
		{"gap of 256", map[int]uint8{0: 9, 256: 8}},
		{"first at 510 and 511", map[int]uint8{510: 3, 511: 4}},
		{"three wide gaps", map[int]uint8{1: 1, 300: 2, 600: 3, 783: 4}},
		{"dense run", map[int]uint8{400: 1, 401: 2, 402: 3, 403: 4}},
	}
	images := make([]uint8, len(tests)*dim)
	labels := make([]uint8, len(tests))
	for i, tc := range tests {
		for j, v := range tc.set {
			images[i*dim+j] = v
		}
		labels[i] = uint8(i)
	}
	d := NewDataset(images, labels, dim)
	rows := make([]int, len(tests))
	for i := range rows {
		rows[i] = len(tests) - 1 - i
	}
	var in Input
	y := make([]uint8, len(rows))
	d.Gather(rows, &in, y)
	x := make([]float32, dim)
	for k, r := range rows {
		tc := tests[r]
		if got := int(in.Ptr[k+1] - in.Ptr[k]); got != len(tc.set) {
			t.Errorf("%s: gathered %d entries, want %d (bridges must not appear)", tc.name, got, len(tc.set))
		}
		for _, dense := range []func([]float32){func(x []float32) { in.Dense(k, x) }, func(x []float32) { d.Pixels(r, x) }} {
			dense(x)
			for j, v := range x {
				if want := float32(tc.set[j]) / 255; !close32(v, want, 1e-7) {
					t.Errorf("%s: pixel %d = %g, want %g", tc.name, j, v, want)
				}
			}
		}
		if y[k] != uint8(r) {
			t.Errorf("%s: label %d, want %d", tc.name, y[k], r)
		}
	}
}
