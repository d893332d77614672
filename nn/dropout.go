package nn

import "math/rand/v2"

// DrawMasks draws fresh dropout masks for the first rows rows of ws from
// rng and turns dropout on for the next passes: each unit of a hidden layer
// with rate p is dropped (0) with probability p and otherwise scaled by
// 1/(1−p) (inverted dropout), so that evaluation, which drops nothing,
// needs no rescaling (Srivastava et al. 2014). Layers without dropout are
// left alone.
func (ws *Workspace) DrawMasks(a Arch, rows int, rng *rand.Rand) {
	w := a.Widths()
	for l, m := range ws.Mask {
		if m == nil {
			continue
		}
		p := a.DropRate(l)
		keep := float32(1 / (1 - p))
		for i := range m[:rows*w[l+1]] {
			if rng.Float64() < p {
				m[i] = 0
			} else {
				m[i] = keep
			}
		}
	}
	ws.Dropping = true
}
