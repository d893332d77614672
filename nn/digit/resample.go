package digit

import "math"

// taps describes 1-D area averaging (a box filter over the exact source
// footprint). Output pixel j covers the source interval
// [a + j·f, a + (j+1)·f) clipped to [a, b), where source pixel i covers
// [i, i+1); its value is Σ_k w[off[j]+k] · src[first[j]+k] for
// k < off[j+1]-off[j]. The weights are overlap lengths divided by f, so the
// part of the footprint beyond b counts as background (zero).
type taps struct {
	n     int
	first []int
	off   []int
	w     []float32
}

// build fills t for the source interval [a, b) of a signal of srcLen pixels,
// a footprint of f source pixels per output pixel and n output pixels.
func (t *taps) build(a, b, f float64, n, srcLen int) {
	t.n = n
	t.first = t.first[:0]
	t.off = append(t.off[:0], 0)
	t.w = t.w[:0]
	for j := range n {
		lo := a + float64(j)*f
		hi := min(a+float64(j+1)*f, b)
		i0 := max(int(math.Floor(lo)), 0)
		i1 := min(int(math.Ceil(hi)), srcLen) // exclusive
		t.first = append(t.first, i0)
		for i := i0; i < i1; i++ {
			ov := min(float64(i+1), hi) - max(float64(i), lo)
			t.w = append(t.w, float32(max(ov, 0)/f))
		}
		t.off = append(t.off, len(t.w))
	}
}

// span reports the source range [lo, hi) that t reads.
func (t *taps) span() (lo, hi int) {
	if t.n == 0 {
		return 0, 0
	}
	last := t.n - 1
	return t.first[0], t.first[last] + t.off[last+1] - t.off[last]
}

// outLen reports how many output pixels of footprint f cover a source
// length l, ignoring a last pixel that would hold under 0.1 % of a
// footprint, never more than limit.
func outLen(l, f float64, limit int) int {
	n := int(math.Ceil(l/f - 1e-3))
	return min(max(n, 1), limit)
}

// resample area-averages src (sw×sh, row-major) through xs and ys into dst
// (xs.n×ys.n, row-major). tmp is scratch space, grown as needed and returned.
func resample(dst, src []float32, sw int, xs, ys *taps, tmp []float32) []float32 {
	r0, r1 := ys.span()
	rows := r1 - r0
	if cap(tmp) < rows*xs.n {
		tmp = make([]float32, rows*xs.n)
	}
	tmp = tmp[:rows*xs.n]
	// Horizontal pass: (rows, sw) → (rows, xs.n).
	for r := range rows {
		row := src[(r0+r)*sw : (r0+r+1)*sw]
		out := tmp[r*xs.n : (r+1)*xs.n]
		for j := range xs.n {
			w := xs.w[xs.off[j]:xs.off[j+1]]
			s := row[xs.first[j] : xs.first[j]+len(w)]
			var acc float32
			for k, wk := range w {
				acc += wk * s[k]
			}
			out[j] = acc
		}
	}
	// Vertical pass: (rows, xs.n) → (ys.n, xs.n).
	for i := range ys.n {
		out := dst[i*xs.n : (i+1)*xs.n]
		clear(out)
		w := ys.w[ys.off[i]:ys.off[i+1]]
		for k, wk := range w {
			r := ys.first[i] + k - r0
			in := tmp[r*xs.n : (r+1)*xs.n]
			for j, v := range in {
				out[j] += wk * v
			}
		}
	}
	return tmp
}

// centreOfMass reports the intensity-weighted mean column and row of the
// bw×bh image b, with 0-based pixel indices: cx = Σ j·v / Σ v.
// It returns ok=false when the image holds no ink.
func centreOfMass(b []float32, bw, bh int) (cx, cy float64, ok bool) {
	var s, sx, sy float64
	for i := range bh {
		var rs, rx float64
		for j, v := range b[i*bw : (i+1)*bw] {
			rs += float64(v)
			rx += float64(j) * float64(v)
		}
		s += rs
		sx += rx
		sy += float64(i) * rs
	}
	if s <= 0 {
		return 0, 0, false
	}
	return sx / s, sy / s, true
}

// place copies the bw×bh image b into the 28×28 image x with its top-left
// pixel at (dx, dy), clipping what falls outside and clamping to [0, 1].
func place(x *[Pixels]float32, b []float32, bw, bh, dx, dy int) {
	*x = [Pixels]float32{}
	for i := range bh {
		y := i + dy
		if y < 0 || y >= Side {
			continue
		}
		for j, v := range b[i*bw : (i+1)*bw] {
			xx := j + dx
			if xx < 0 || xx >= Side {
				continue
			}
			x[y*Side+xx] = min(max(v, 0), 1)
		}
	}
}

// centre places the bw×bh box b in x so that its centre of mass lands on
// pixel (Centre, Centre), shifting by whole pixels as MNIST did: the
// remaining offset is at most half a pixel in each direction.
func centre(x *[Pixels]float32, b []float32, bw, bh int) bool {
	cx, cy, ok := centreOfMass(b, bw, bh)
	if !ok {
		*x = [Pixels]float32{}
		return false
	}
	dx := int(math.Floor(Centre - cx + 0.5))
	dy := int(math.Floor(Centre - cy + 0.5))
	place(x, b, bw, bh, dx, dy)
	return true
}
