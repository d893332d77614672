package nn

import "backproplab/nn/kern"

// A wide first layer (at least parMinWidth units and halfMinInputs inputs)
// computes its product with the batch in two halves of its inputs,
//
//	z = X[:, :k]·W1[:k, :] + X[:, k:]·W1[k:, :],  k = In/2,
//
// whatever the number of threads, so that the sums' order, and so the
// bits, never depend on it. With two threads each half runs on its own
// thread, which then also computes the rows [0, k) or [k, In) of ∂L/∂W1 and
// updates those rows with the optimiser: each thread keeps to one
// contiguous half of W1, of its gradient and of the optimiser's moments.
// Two cores of a virtual machine may not share a cache, and a cache line
// that moves between them costs a round trip of about 0.5 µs, so a split
// by columns, in which both threads touch every page of W1, ran slower
// on two threads than on one.

// halfMinInputs is the fewest inputs a first layer splits in halves.
const halfMinInputs = 32

// splitsInputs reports whether the first layer ly is computed in halves of
// its inputs.
func splitsInputs(ly Dense) bool { return ly.Out >= parMinWidth && ly.In >= halfMinInputs }

// halves holds the batch split at input k = In/2 into two sparse matrices
// (row form, the second's indices relative to k, and column form for the
// weight gradient), and the second half's product.
type halves struct {
	ptr [2][]int32
	idx [2][]int32
	val [2][]float32
	csc [2]csc
	// zHi is X[:, k:]·W1[k:, :] (Rows, Out) until the halves are added.
	zHi []float32
	// gW2Hi is the second half of the batch's share of ∂L/∂W2 (see
	// backHalves1).
	gW2Hi []float32
}

// extract stores half s of in, split at input k: the entries below k for
// s = 0, the others, less k, for s = 1. A row's entries ascend (as Gather
// and Input's builders store them), so each half is one run of the row;
// a row whose entries do not ascend is filtered entry by entry.
func (h *halves) extract(s int, in *Input, k int) {
	nnz := int(in.Ptr[in.Rows])
	if cap(h.ptr[s]) < in.Rows+1 {
		h.ptr[s] = make([]int32, in.Rows+1)
	}
	ptr := h.ptr[s][:in.Rows+1]
	h.ptr[s] = ptr
	h.idx[s] = grow(h.idx[s], nnz)
	h.val[s] = growF(h.val[s], nnz)
	outIdx, outVal := h.idx[s], h.val[s]
	idx, val, rowPtr := in.Idx[:nnz], in.Val[:nnz], in.Ptr[:in.Rows+1]
	kk := int32(k)
	var a int32
	for i := range in.Rows {
		ptr[i] = a
		row, rv := idx[rowPtr[i]:rowPtr[i+1]], val[rowPtr[i]:rowPtr[i+1]]
		m, sorted := splitPoint(row, kk)
		if !sorted {
			a = filterHalf(s, row, rv, kk, outIdx, outVal, a)
			continue
		}
		if s == 0 {
			row, rv = row[:m], rv[:m]
		} else {
			row, rv = row[m:], rv[m:]
		}
		dst := outIdx[a : int(a)+len(row)]
		if s == 0 {
			copy(dst, row)
		} else {
			for e, j := range row {
				dst[e] = j - kk
			}
		}
		copy(outVal[a:], rv)
		a += int32(len(row))
	}
	ptr[in.Rows] = a
}

// splitPoint returns the number of entries of row below k, and whether the
// row ascends.
func splitPoint(row []int32, k int32) (m int, sorted bool) {
	m = len(row)
	prev := int32(-1)
	for e, j := range row {
		if j <= prev {
			return 0, false
		}
		if j >= k && m == len(row) {
			m = e
		}
		prev = j
	}
	return m, true
}

// filterHalf appends the entries of row in half s (split at k) to outIdx
// and outVal from position a, and returns the new end.
func filterHalf(s int, row []int32, rv []float32, k int32, outIdx []int32, outVal []float32, a int32) int32 {
	for e, j := range row {
		if s == 1 {
			j -= k
		}
		if j >= 0 && (s == 1 || j < k) {
			outIdx[a], outVal[a] = j, rv[e]
			a++
		}
	}
	return a
}

// product sets c (rows, out) to half s of the split batch times its rows of
// w (In, out), split at input k.
func (h *halves) product(s int, w []float32, out, k int, c []float32) {
	rows := len(h.ptr[s]) - 1
	if s == 0 {
		w = w[:k*out]
	} else {
		w = w[k*out:]
	}
	kern.SparseGemm(rows, out, h.ptr[s], h.idx[s], h.val[s], w, out, c[:rows*out], out)
}

// forwardHalves computes the halves [lo, hi) (of 0 and 1) of the first
// layer's product: the first into z, the second into zHi.
func forwardHalves(j *job, lo, hi int) {
	n, ws := j.net, j.ws
	ly := n.Layers[0]
	h := &ws.halves
	for s := lo; s < hi; s++ {
		c := ws.Z[0]
		if s == 1 {
			c = h.zHi
		}
		h.product(s, ly.W, ly.Out, ly.In/2, c)
	}
}

// addHalves completes the rows [lo, hi) of the first layer: z = z + zHi,
// then the bias, the activation and the dropout mask.
func addHalves(j *job, lo, hi int) {
	n, ws := j.net, j.ws
	ly := n.Layers[0]
	out := ly.Out
	z := ws.Z[0][lo*out : hi*out]
	a := ws.A[0][lo*out : hi*out]
	kern.Axpy(1, ws.halves.zHi[lo*out:hi*out], z)
	if act := fusedAct(n, 0, a); act != nil {
		kern.BiasReLU(z, ly.B, act)
	} else {
		for i := 0; i < len(z); i += out {
			kern.Axpy(1, ly.B, z[i:i+out])
		}
	}
	if needsFinish(n, ws, 0) {
		finish(n, 0, z, a, maskOf(ws, 0, lo*out, hi*out))
	}
}

// forwardFirstHalves computes the first layer's product in halves of its
// inputs; addHalvesForwardRows completes it.
func (n *Network) forwardFirstHalves(ws *Workspace, in *Input) {
	ly := n.Layers[0]
	if len(ws.halves.zHi) < ws.cap*ly.Out {
		ws.halves.zHi = make([]float32, ws.cap*ly.Out)
	}
	// Extracting both halves here costs less than each thread extracting
	// its own: the batch was gathered on this thread.
	for s := range 2 {
		ws.halves.extract(s, in, ly.In/2)
	}
	ws.split(ly.Out, forwardHalves, n, in, 0, 2, 1)
}

// addHalvesForwardRows completes the first layer's rows [lo, hi)
// (addHalves), then computes layer 1's for them, so that each thread goes
// on with the rows it finished.
func addHalvesForwardRows(j *job, lo, hi int) {
	addHalves(j, lo, hi)
	forwardRows(j, lo, hi)
}

// gradW1Halves sets the rows of ∂L/∂W1 = Xᵀ·δ of the halves [lo, hi) of
// the inputs, each from its half of the batch in column form.
func gradW1Halves(j *job, lo, hi int) {
	n, ws := j.net, j.ws
	ly := n.Layers[0]
	k := ly.In / 2
	gW, _ := n.LayerGrads(ws.Grad, 0)
	delta := ws.Delta[0][:ws.Rows*ly.Out]
	h := &ws.halves
	for s := lo; s < hi; s++ {
		r0, cols := 0, k
		if s == 1 {
			r0, cols = k, ly.In-k
		}
		c := &h.csc[s]
		c.build(ws.Rows, cols, h.ptr[s], h.idx[s], h.val[s])
		kern.SparseGemm(cols, ly.Out, c.ptr[:cols+1], c.idx, c.val, delta, ly.Out, gW[r0*ly.Out:(r0+cols)*ly.Out], ly.Out)
	}
}

// firstProductHalves is FirstProduct for a layer that splits its inputs.
func firstProductHalves(in *Input, w []float32, out int, p []float32) {
	var h halves
	k := in.Cols / 2
	h.zHi = make([]float32, in.Rows*out)
	for s := range 2 {
		h.extract(s, in, k)
	}
	h.product(0, w, out, k, p)
	h.product(1, w, out, k, h.zHi)
	kern.Axpy(1, h.zHi, p[:in.Rows*out])
}

// backHalves1 is the backward pass through a narrow layer 1 above a first
// layer that splits its inputs, for the halves [lo, hi) (of 0 and 1) of the
// batch's rows, the rows each thread completed in the forward pass: half
// s's share of ∂L/∂W2 = A1ᵀ·δ2 (into the gradient for s = 0, into a
// buffer for s = 1; sumGradW2 adds them), then its rows of δ1.
func backHalves1(j *job, lo, hi int) {
	n, ws := j.net, j.ws
	ly, prev := n.Layers[1], n.Layers[0]
	gW, _ := n.LayerGrads(ws.Grad, 1)
	for s := lo; s < hi; s++ {
		r0, r1 := rowHalf(ws.Rows, s)
		dst := gW
		if s == 1 {
			dst = ws.halves.gW2Hi
		}
		kern.GemmTA(r1-r0, ly.Out, ly.In, ws.A[0][r0*prev.Out:], prev.Out, ws.Delta[1][r0*ly.Out:], ly.Out, dst, ly.Out)
		deltaRows(j, r0, r1)
	}
}

// rowHalf returns the rows [r0, r1) of half s of a batch of rows, split
// as Workspace.split splits them over two threads.
func rowHalf(rows, s int) (r0, r1 int) {
	if s == 0 {
		return 0, rows / 2
	}
	return rows / 2, rows
}

// backwardLayer1Halves runs backHalves1 and adds its two shares of ∂L/∂W2.
func (n *Network) backwardLayer1Halves(ws *Workspace, in *Input) {
	ly := n.Layers[1]
	if len(ws.halves.gW2Hi) < ly.In*ly.Out {
		ws.halves.gW2Hi = make([]float32, ly.In*ly.Out)
	}
	ws.split(n.Layers[0].Out, backHalves1, n, in, 1, 2, 1)
	gW, _ := n.LayerGrads(ws.Grad, 1)
	kern.Axpy(1, ws.halves.gW2Hi[:len(gW)], gW)
}

// halvesLayer1 reports whether layer 1 of n takes its backward pass in
// halves of the batch (backHalves1): it is narrow, above a first layer
// that splits its inputs.
func halvesLayer1(n *Network) bool {
	return len(n.Layers) > 1 && splitsInputs(n.Layers[0]) && n.Layers[1].Out < parMinWidth
}
