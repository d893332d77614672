package nn

// Input is a batch of input rows in compressed sparse row form: row i holds
// the entries Ptr[i] ≤ e < Ptr[i+1], with column Idx[e] and value Val[e].
// Zero pixels are simply absent, so the first layer skips them.
type Input struct {
	Rows, Cols int
	Ptr        []int32 // (Rows+1)
	Idx        []int32 // (nnz)
	Val        []float32
}

// Reset empties the batch and sets its column count.
func (in *Input) Reset(cols int) {
	in.Rows, in.Cols = 0, cols
	in.Ptr = append(in.Ptr[:0], 0)
	in.Idx = in.Idx[:0]
	in.Val = in.Val[:0]
}

// AppendDense appends one row given as dense values, skipping zeros.
func (in *Input) AppendDense(x []float32) {
	if len(x) != in.Cols {
		panic("nn: AppendDense row length mismatch")
	}
	for j, v := range x {
		if v != 0 {
			in.Idx = append(in.Idx, int32(j))
			in.Val = append(in.Val, v)
		}
	}
	in.Rows++
	in.Ptr = append(in.Ptr, int32(len(in.Idx)))
}

// Dense writes row i as dense values into x, which must have length Cols.
func (in *Input) Dense(i int, x []float32) {
	clear(x[:in.Cols])
	for e := in.Ptr[i]; e < in.Ptr[i+1]; e++ {
		x[in.Idx[e]] = in.Val[e]
	}
}

// NewInput returns a batch holding the given dense rows.
func NewInput(cols int, rows ...[]float32) *Input {
	in := &Input{}
	in.Reset(cols)
	for _, r := range rows {
		in.AppendDense(r)
	}
	return in
}

// Dataset holds labelled 8-bit images compactly in sparse form, ready to be
// gathered into batches. Pixel values v become v/255.
//
// Each image's non-zero pixels are stored in order as two bytes each (an
// entry): the step from the previous pixel's index (from 0 for the first)
// and the value.
// A gap wider than 255 pixels is bridged by entries of step 255 and value
// 0, which decoding skips. That is two bytes a pixel instead of three for a
// 16-bit index, 19 MB instead of 28 MB for MNIST's training set.
type Dataset struct {
	N, Dim int
	Labels []uint8
	ptr    []int32 // (N+1) entries of image i are ptr[i] ≤ e < ptr[i+1]
	ent    []entry
}

// entry is one stored pixel: the step from the previous entry's index and
// the value, 0 for a bridge.
type entry struct{ step, val uint8 }

// NewDataset builds a dataset from n images of dim pixels each, stored back
// to back in images, and their labels. A Dataset is never modified after
// it is built, so trainers and goroutines may share one.
func NewDataset(images []uint8, labels []uint8, dim int) *Dataset {
	n := len(labels)
	if dim < 1 || dim > 1<<16 || len(images) != n*dim {
		panic("nn: NewDataset shape mismatch")
	}
	d := &Dataset{N: n, Dim: dim, Labels: labels, ptr: make([]int32, n+1)}
	entries := 0
	for i := range n {
		entries += encodeImage(images[i*dim:(i+1)*dim], nil)
	}
	d.ent = make([]entry, 0, entries)
	for i := range n {
		encodeImage(images[i*dim:(i+1)*dim], &d.ent)
		d.ptr[i+1] = int32(len(d.ent))
	}
	return d
}

// encodeImage appends img's entries to ent (when not nil) and returns how
// many it made.
func encodeImage(img []uint8, ent *[]entry) int {
	k, pos := 0, 0
	for j, v := range img {
		if v == 0 {
			continue
		}
		for ; j-pos > 255; pos += 255 {
			if ent != nil {
				*ent = append(*ent, entry{255, 0})
			}
			k++
		}
		if ent != nil {
			*ent = append(*ent, entry{uint8(j - pos), v})
		}
		k++
		pos = j
	}
	return k
}

// Subset returns a dataset of the given rows, sharing nothing with d.
func (d *Dataset) Subset(rows []int) *Dataset {
	s := &Dataset{N: len(rows), Dim: d.Dim, Labels: make([]uint8, len(rows)), ptr: make([]int32, len(rows)+1)}
	for k, r := range rows {
		s.Labels[k] = d.Labels[r]
		a, b := d.ptr[r], d.ptr[r+1]
		s.ent = append(s.ent, d.ent[a:b]...)
		s.ptr[k+1] = int32(len(s.ent))
	}
	return s
}

// pixelValue maps an 8-bit pixel to its input value v/255.
var pixelValue = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) * (1.0 / 255)
	}
	return t
}()

// Gather fills in and y with the given rows. y must have len(rows) elements.
func (d *Dataset) Gather(rows []int, in *Input, y []uint8) {
	entries := 0
	for _, r := range rows {
		entries += int(d.ptr[r+1] - d.ptr[r])
	}
	in.Rows, in.Cols = len(rows), d.Dim
	in.Ptr = grow(in.Ptr, len(rows)+1)
	in.Idx = grow(in.Idx, entries)
	in.Val = growF(in.Val, entries)
	in.Ptr[0] = 0
	o := 0
	for k, r := range rows {
		a, b := d.ptr[r], d.ptr[r+1]
		ent := d.ent[a:b]
		dstI, dstV := in.Idx[o:o+len(ent)], in.Val[o:o+len(ent)]
		pos, m := int32(0), 0
		for _, en := range ent {
			pos += int32(en.step)
			if v := en.val; v != 0 {
				dstI[m] = pos
				dstV[m] = pixelValue[v]
				m++
			}
		}
		o += m
		in.Ptr[k+1] = int32(o)
		y[k] = d.Labels[r]
	}
	in.Idx, in.Val = in.Idx[:o], in.Val[:o]
}

// Pixels writes row i's pixels as floats in [0, 1] into x (length Dim).
func (d *Dataset) Pixels(i int, x []float32) {
	clear(x[:d.Dim])
	pos := 0
	for _, en := range d.ent[d.ptr[i]:d.ptr[i+1]] {
		pos += int(en.step)
		if v := en.val; v != 0 {
			x[pos] = float32(v) * (1.0 / 255)
		}
	}
}
