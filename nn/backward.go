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
		gW, gB := n.LayerGrads(ws.Grad, l)
		// ∂L/∂b = Σ_rows δ.
		clear(gB)
		for i := 0; i < len(delta); i += ly.Out {
			for j, d := range delta[i : i+ly.Out] {
				gB[j] += d
			}
		}
		if l == 0 {
			// ∂L/∂W1 = Xᵀ·δ with X in sparse column form.
			ws.buildCSC(in)
			kern.SparseGemm(ly.In, ly.Out, ws.cscPtr, ws.cscIdx, ws.cscVal, delta, ly.Out, gW, ly.Out)
			continue
		}
		prev := n.Layers[l-1]
		aPrev := ws.A[l-1][:rows*prev.Out]
		// ∂L/∂W = Aᵀ·δ.
		kern.GemmTA(rows, ly.Out, ly.In, aPrev, prev.Out, delta, ly.Out, gW, ly.Out)
		// δ_prev = (δ·Wᵀ) ⊙ f′(z_prev).
		dPrev := ws.Delta[l-1][:rows*prev.Out]
		kern.GemmTB(rows, ly.Out, ly.In, delta, ly.Out, ly.W, ly.Out, dPrev, prev.Out)
		if m := ws.Mask[l-1]; ws.Dropping && m != nil {
			dropBackward(n.Arch.Act(l-1), ws.Z[l-1][:rows*prev.Out], aPrev, m, dPrev)
			continue
		}
		n.Arch.Act(l-1).Backward(aPrev, dPrev)
	}
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

// buildCSC stores the batch in compressed sparse column form: for each input
// pixel, the rows where it is non-zero.
func (ws *Workspace) buildCSC(in *Input) {
	nnz := int(in.Ptr[in.Rows])
	cols := in.Cols
	idx, val := in.Idx[:nnz], in.Val[:nnz]
	cnt := ws.cscCount[:cols]
	clear(cnt)
	for _, j := range idx {
		cnt[j]++
	}
	ptr := ws.cscPtr[:cols+1]
	ptr[0] = 0
	for j, c := range cnt {
		ptr[j+1] = ptr[j] + c
	}
	ws.cscIdx = grow(ws.cscIdx, nnz)
	ws.cscVal = growF(ws.cscVal, nnz)
	// Locals, so that the compiler keeps the slice headers in registers
	// across the scattered stores.
	outIdx, outVal := ws.cscIdx[:nnz], ws.cscVal[:nnz]
	copy(cnt, ptr[:cols]) // next free slot per column
	rowPtr := in.Ptr[:in.Rows+1]
	for i := range in.Rows {
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
