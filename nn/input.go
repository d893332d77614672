package nn

import "fmt"

// Input is a batch of input rows in compressed sparse row form: row i holds
// the entries Ptr[i] ≤ e < Ptr[i+1], with column Idx[e] and value Val[e].
// Zero pixels are simply absent, so the first layer skips them.
type Input struct {
	Rows, Cols int
	Ptr        []int32 // (Rows+1)
	Idx        []int32 // (nnz)
	Val        []float32
	// Target holds each row's real target (Rows) for the Regression loss;
	// it is empty for classification.
	Target []float32
}

// Reset empties the batch and sets its column count.
func (in *Input) Reset(cols int) {
	in.Rows, in.Cols = 0, cols
	in.Ptr = append(in.Ptr[:0], 0)
	in.Idx = in.Idx[:0]
	in.Val = in.Val[:0]
	in.Target = in.Target[:0]
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

// Dataset holds the rows of one part (training or test) of a dataset,
// ready to be gathered into batches: either 8-bit images stored compactly
// (NewDataset; pixel values v become v/255) or rows of real numbers
// (NewDenseDataset), each with a class label, and for regression a real
// target.
//
// Each image's non-zero pixels are stored in order as two bytes each (an
// entry): the step from the previous pixel's index (from 0 for the first)
// and the value.
// A gap wider than 255 pixels is bridged by entries of step 255 and value
// 0, which decoding skips. That is two bytes a pixel instead of three for a
// 16-bit index, 19 MB instead of 28 MB for MNIST's training set.
type Dataset struct {
	N, Dim int
	Labels []uint8   // (N) class of each row; all 0 for regression
	Target []float32 // (N) real target of each row for regression, else nil
	ptr    []int32   // entries of stored image i are ptr[i] ≤ e < ptr[i+1]
	ent    []entry
	x      []float32 // dense rows, stored row after row, or nil for images
	rows   []int32   // (N) stored row of each row for a View, or nil: row i is stored row i
}

// stored returns where row i is stored in ptr or x.
func (d *Dataset) stored(i int) int {
	if d.rows != nil {
		return int(d.rows[i])
	}
	return i
}

// NewDenseDataset builds a dataset from n rows of dim real numbers each,
// stored back to back in x, with their labels, and, for regression, their
// targets (nil for classification). It keeps x, labels and target, which
// must not be modified afterwards.
func NewDenseDataset(x []float32, labels []uint8, target []float32, dim int) *Dataset {
	n := len(labels)
	if dim < 1 || dim > 1<<16 || len(x) != n*dim || (target != nil && len(target) != n) {
		panic("nn: NewDenseDataset shape mismatch")
	}
	return &Dataset{N: n, Dim: dim, Labels: labels, Target: target, x: x}
}

// Images reports whether the rows are 8-bit images (NewDataset) rather
// than real numbers (NewDenseDataset).
func (d *Dataset) Images() bool { return d.x == nil }

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

// View returns a dataset of the given rows of d that shares d's pixels
// instead of copying them: k-fold cross-validation makes k training and k
// validation sets of the same images, and a copy each cost about 30 MB on
// MNIST. Its labels and targets are its own. Datasets are never modified,
// so d may be used on; the view keeps d's pixels alive.
func (d *Dataset) View(rows []int) *Dataset {
	v := &Dataset{N: len(rows), Dim: d.Dim, Labels: make([]uint8, len(rows)),
		ptr: d.ptr, ent: d.ent, x: d.x, rows: make([]int32, len(rows))}
	if d.Target != nil {
		v.Target = make([]float32, len(rows))
	}
	for k, r := range rows {
		if r < 0 || r >= d.N {
			panic(fmt.Sprintf("nn: View row %d of %d", r, d.N))
		}
		v.rows[k] = int32(d.stored(r))
		v.Labels[k] = d.Labels[r]
		if v.Target != nil {
			v.Target[k] = d.Target[r]
		}
	}
	return v
}

// Subset returns a dataset of the given rows, sharing nothing with d.
func (d *Dataset) Subset(rows []int) *Dataset {
	if d.x != nil {
		x := make([]float32, 0, len(rows)*d.Dim)
		labels := make([]uint8, len(rows))
		var target []float32
		if d.Target != nil {
			target = make([]float32, len(rows))
		}
		for k, r := range rows {
			sr := d.stored(r)
			x = append(x, d.x[sr*d.Dim:(sr+1)*d.Dim]...)
			labels[k] = d.Labels[r]
			if target != nil {
				target[k] = d.Target[r]
			}
		}
		return NewDenseDataset(x, labels, target, d.Dim)
	}
	s := &Dataset{N: len(rows), Dim: d.Dim, Labels: make([]uint8, len(rows)), ptr: make([]int32, len(rows)+1)}
	n := 0
	for _, r := range rows {
		sr := d.stored(r)
		n += int(d.ptr[sr+1] - d.ptr[sr])
	}
	s.ent = make([]entry, 0, n) // exactly: growing by appends would keep up to twice that (k-fold makes five)
	for k, r := range rows {
		s.Labels[k] = d.Labels[r]
		sr := d.stored(r)
		a, b := d.ptr[sr], d.ptr[sr+1]
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

// Gather fills in and y with the given rows, and in.Target with their
// targets for regression. y must have len(rows) elements.
func (d *Dataset) Gather(rows []int, in *Input, y []uint8) {
	if d.Target != nil {
		in.Target = growF(in.Target, len(rows))
		for k, r := range rows {
			in.Target[k] = d.Target[r]
		}
	} else {
		in.Target = in.Target[:0]
	}
	if d.x != nil {
		d.gatherDense(rows, in, y)
		return
	}
	entries := 0
	for _, r := range rows {
		sr := d.stored(r)
		entries += int(d.ptr[sr+1] - d.ptr[sr])
	}
	in.Rows, in.Cols = len(rows), d.Dim
	in.Ptr = grow(in.Ptr, len(rows)+1)
	in.Idx = grow(in.Idx, entries)
	in.Val = growF(in.Val, entries)
	in.Ptr[0] = 0
	o := 0
	for k, r := range rows {
		sr := d.stored(r)
		a, b := d.ptr[sr], d.ptr[sr+1]
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

// gatherDense is Gather for rows of real numbers; every value is stored,
// zeros included, so that the batch's shape never depends on the data.
func (d *Dataset) gatherDense(rows []int, in *Input, y []uint8) {
	dim := d.Dim
	in.Rows, in.Cols = len(rows), dim
	in.Ptr = grow(in.Ptr, len(rows)+1)
	in.Idx = grow(in.Idx, len(rows)*dim)
	in.Val = growF(in.Val, len(rows)*dim)
	in.Ptr[0] = 0
	for k, r := range rows {
		o, sr := k*dim, d.stored(r)
		copy(in.Val[o:o+dim], d.x[sr*dim:(sr+1)*dim])
		for j := range dim {
			in.Idx[o+j] = int32(j)
		}
		in.Ptr[k+1] = int32(o + dim)
		y[k] = d.Labels[r]
	}
}

// Pixels writes row i as floats into x (length Dim): an image's pixels in
// [0, 1], or a dense row's values.
func (d *Dataset) Pixels(i int, x []float32) {
	i = d.stored(i)
	if d.x != nil {
		copy(x[:d.Dim], d.x[i*d.Dim:(i+1)*d.Dim])
		return
	}
	clear(x[:d.Dim])
	pos := 0
	for _, en := range d.ent[d.ptr[i]:d.ptr[i+1]] {
		pos += int(en.step)
		if v := en.val; v != 0 {
			x[pos] = float32(v) * (1.0 / 255)
		}
	}
}
