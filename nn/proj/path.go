package proj

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// maxPathRows bounds how many snapshots PathDirections takes (evenly
// spaced, the first and last always among them): its cost grows with
// their square times the parameter count.
const maxPathRows = 64

// PathDirections returns the two directions of parameter space along which
// a training path varies most: the first two principal components of the
// snapshots' parameters taken relative to centre (the final weights), as
// Li et al. 2018 ("Visualizing the Loss Landscape of Neural Nets", §7)
// plot optimisation trajectories. As their code does with scikit-learn's
// PCA, the rows θᵢ − centre are centred on their mean before the
// decomposition. d1 and d2 have unit length and are orthogonal; explained
// is the fraction of the path's variance each carries. With more than
// maxPathRows snapshots an evenly spaced selection is used. It returns an
// error when the path has fewer than two distinct snapshots or its
// variance lies along fewer than two directions.
//
// The decomposition is of the n × n Gram matrix of the centred rows (n
// snapshots, far fewer than the parameters): its eigenvectors v give the
// principal directions Mᵀv/‖Mᵀv‖.
func PathDirections(path [][]float32, centre []float32) (d1, d2 []float32, explained [2]float64, err error) {
	var rows [][]float32
	for _, p := range path {
		if len(p) != len(centre) {
			panic("proj: PathDirections length mismatch")
		}
	}
	n := len(path)
	switch {
	case n <= maxPathRows:
		rows = path
	default:
		for k := range maxPathRows {
			rows = append(rows, path[k*(n-1)/(maxPathRows-1)])
		}
	}
	n = len(rows)
	if n < 2 {
		return nil, nil, explained, errors.New("proj: a path needs at least two snapshots")
	}
	dim := len(centre)
	mean := make([]float64, dim)
	for _, r := range rows {
		for i, v := range r {
			mean[i] += float64(v) - float64(centre[i])
		}
	}
	for i := range mean {
		mean[i] /= float64(n)
	}
	m := mat.NewDense(n, dim, nil) // centred rows
	for k, r := range rows {
		row := m.RawRowView(k)
		for i, v := range r {
			row[i] = float64(v) - float64(centre[i]) - mean[i]
		}
	}
	var g mat.SymDense
	g.SymOuterK(1, m)
	var eig mat.EigenSym
	if !eig.Factorize(&g, true) {
		return nil, nil, explained, errors.New("proj: the path's principal components did not converge")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	var total float64
	for _, v := range vals {
		total += max(v, 0)
	}
	l1, l2 := vals[n-1], vals[n-2]
	if !(total > 0) || !(l2 > 1e-12*l1) {
		return nil, nil, explained, errors.New("proj: the path varies along fewer than two directions")
	}
	explained = [2]float64{l1 / total, l2 / total}
	dir := func(col int) []float32 {
		var d mat.VecDense
		d.MulVec(m.T(), vecs.ColView(col))
		norm := mat.Norm(&d, 2)
		out := make([]float32, dim)
		for i := range out {
			out[i] = float32(d.AtVec(i) / norm)
		}
		return out
	}
	return dir(n - 1), dir(n - 2), explained, nil
}

// Span returns lo and hi that cover xs with margin (a fraction of their
// range, and at least pad on each side).
func Span(xs []float64, margin, pad float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo > hi {
		return -pad, pad
	}
	m := max(margin*(hi-lo), pad)
	return lo - m, hi + m
}
