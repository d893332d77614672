package nn

import "backproplab/nn/kern"

// Backward back-propagates the output delta left in ws by ForwardLoss through
// the network and sets ws.Grad to ∂L/∂params. Hidden deltas land in
// ws.Delta: δ_l = (δ_{l+1}·W_{l+1}ᵀ) ⊙ f′(z_l).
func (n *Network) Backward(ws *Workspace, in *Input) {
	rows := ws.Rows
	for l := len(n.Layers) - 1; l >= 0; l-- {
		ly := n.Layers[l]
		delta := ws.Delta[l][:rows*ly.Out]
		_, gB := n.LayerGrads(ws.Grad, l)
		// ∂L/∂b = Σ_rows δ, row after row (Axpy with α = 1 adds exactly).
		clear(gB)
		for i := 0; i < len(delta); i += ly.Out {
			kern.Axpy(1, delta[i:i+ly.Out], gB)
		}
		if l == 0 {
			// ∂L/∂W1 = Xᵀ·δ with X in sparse column form: in the halves
			// of the inputs the forward pass used (see splitsInputs),
			// else whole.
			if splitsInputs(ly) {
				ws.split(ly.Out, gradW1Halves, n, in, l, 2, 1)
				continue
			}
			ws.csc.build(in.Rows, in.Cols, in.Ptr, in.Idx, in.Val)
			ws.split(ly.Out, gradW1Rows, n, in, l, ly.In, 1)
			continue
		}
		if l == 1 && halvesLayer1(n) {
			n.backwardLayer1Halves(ws, in)
			continue
		}
		// ∂L/∂W = Aᵀ·δ, split over the inputs, then δ_prev over the rows.
		ws.split(ly.Out, gradWRows, n, in, l, ly.In, 1)
		ws.split(max(ly.Out, n.Layers[l-1].Out), deltaRows, n, in, l, rows, 1)
	}
}

// gradW1Rows sets the rows [lo, hi) of ∂L/∂W1 = Xᵀ·δ.
func gradW1Rows(j *job, lo, hi int) {
	n, ws := j.net, j.ws
	ly := n.Layers[0]
	gW, _ := n.LayerGrads(ws.Grad, 0)
	delta := ws.Delta[0][:ws.Rows*ly.Out]
	kern.SparseGemm(hi-lo, ly.Out, ws.csc.ptr[lo:hi+1], ws.csc.idx, ws.csc.val, delta, ly.Out, gW[lo*ly.Out:hi*ly.Out], ly.Out)
}

// gradWRows sets the rows [lo, hi) of layer j.l's ∂L/∂W = Aᵀ·δ.
func gradWRows(j *job, lo, hi int) {
	n, ws, l := j.net, j.ws, j.l
	ly, prev := n.Layers[l], n.Layers[l-1]
	rows := ws.Rows
	gW, _ := n.LayerGrads(ws.Grad, l)
	aPrev := ws.A[l-1][:rows*prev.Out]
	delta := ws.Delta[l][:rows*ly.Out]
	kern.GemmTA(rows, ly.Out, hi-lo, aPrev[lo:], prev.Out, delta, ly.Out, gW[lo*ly.Out:hi*ly.Out], ly.Out)
}

// deltaRows sets the rows [lo, hi) of δ_prev = (δ·Wᵀ) ⊙ f′(z_prev) for
// layer j.l.
func deltaRows(j *job, lo, hi int) {
	n, ws, l := j.net, j.ws, j.l
	ly, prev := n.Layers[l], n.Layers[l-1]
	delta := ws.Delta[l][lo*ly.Out : hi*ly.Out]
	dPrev := ws.Delta[l-1][lo*prev.Out : hi*prev.Out]
	kern.GemmTB(hi-lo, ly.Out, ly.In, delta, ly.Out, ly.W, ly.Out, dPrev, prev.Out)
	aPrev := ws.A[l-1][lo*prev.Out : hi*prev.Out]
	if m := ws.Mask[l-1]; ws.Dropping && m != nil {
		dropBackward(n.Arch.Act(l-1), ws.Z[l-1][lo*prev.Out:hi*prev.Out], aPrev, m[lo*prev.Out:hi*prev.Out], dPrev)
		return
	}
	n.Arch.Act(l-1).Backward(aPrev, dPrev)
}

// dropBackward multiplies grad by the derivative of a dropout layer's
// output a = f(z)·m: grad[i] *= m[i]·f′(z[i]), with f(z) = a/m for a
// kept unit.
func dropBackward(f Activation, z, a, m, grad []float32) {
	for i, mi := range m[:len(grad)] {
		if mi == 0 {
			grad[i] = 0
			continue
		}
		grad[i] *= mi * f.Derivative(z[i], a[i]/mi)
	}
}

// csc is a batch in compressed sparse column form: for each input, the
// rows where it is non-zero.
type csc struct {
	ptr, idx, count []int32
	val             []float32
}

// build stores the sparse matrix (rows, cols) with row pointers rowPtr,
// column indices idx and values val in column form.
func (c *csc) build(rows, cols int, rowPtr, idx []int32, val []float32) {
	nnz := int(rowPtr[rows])
	idx, val = idx[:nnz], val[:nnz]
	if len(c.count) < cols {
		c.count = make([]int32, cols)
		c.ptr = make([]int32, cols+1)
	}
	cnt := c.count[:cols]
	clear(cnt)
	for _, j := range idx {
		cnt[j]++
	}
	ptr := c.ptr[:cols+1]
	ptr[0] = 0
	for j, n := range cnt {
		ptr[j+1] = ptr[j] + n
	}
	c.idx = grow(c.idx, nnz)
	c.val = growF(c.val, nnz)
	// Locals, so that the compiler keeps the slice headers in registers
	// across the scattered stores.
	outIdx, outVal := c.idx[:nnz], c.val[:nnz]
	copy(cnt, ptr[:cols]) // next free slot per column
	rowPtr = rowPtr[:rows+1]
	for i := range rows {
		for e := rowPtr[i]; e < rowPtr[i+1]; e++ {
			j := idx[e]
			k := cnt[j]
			cnt[j] = k + 1
			outIdx[k] = int32(i)
			outVal[k] = val[e]
		}
	}
}

func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

func growF(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n, n+n/4)
	}
	return s[:n]
}
