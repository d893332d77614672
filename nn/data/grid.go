package data

import "backproplab/nn"

// Extent is the half-width of the square [−Extent, Extent]² that the 2D
// datasets fill and the maps show, as in Playground.
const Extent = 6.0

// Grid is a square grid of N×N points over [−Extent, Extent]², row 0 at
// the top (x₂ = +Extent), column 0 at the left (x₁ = −Extent): the
// points where the maps are computed.
type Grid struct{ N int }

// Point returns grid point (row i, column j) in the plane.
func (g Grid) Point(i, j int) (x1, x2 float64) {
	step := 2 * Extent / float64(g.N-1)
	return -Extent + float64(j)*step, Extent - float64(i)*step
}

// Maps is every neuron's output over a grid: Units[l][u] holds layer l's
// unit u at each grid point (N×N, row-major). Layer 0 is the input
// features; layer l ≥ 1 is the network's layer l−1 (activations of hidden
// layers, and for the output the softmax probabilities or the regression
// value).
type Maps struct {
	Grid  Grid
	Units [][][]float32
}

// Mapper computes Maps with the engine's forward pass, reusing its buffers.
// It is not safe for concurrent use.
type Mapper struct {
	grid  Grid
	feats []Feature
	arch  nn.Arch
	ws    *nn.Workspace
	in    nn.Input
	row   []float32
}

// mapChunk is the most grid points one forward pass holds.
const mapChunk = 1024

// NewMapper returns a mapper for networks of architecture a reading the
// features feats, on an n×n grid.
func NewMapper(a nn.Arch, feats []Feature, n int) *Mapper {
	return &Mapper{grid: Grid{N: n}, feats: feats, arch: a, ws: nn.NewWorkspace(a, mapChunk), row: make([]float32, len(feats))}
}

// Fits reports whether the mapper was made for architecture a and features fs.
func (m *Mapper) Fits(a nn.Arch, fs []Feature, n int) bool {
	if m.grid.N != n || len(fs) != len(m.feats) || m.arch.String() != a.String() || m.arch.Loss != a.Loss {
		return false
	}
	for i := range fs {
		if fs[i] != m.feats[i] {
			return false
		}
	}
	return true
}

// Run computes net's maps into out (allocated when nil or of another
// shape) and returns it.
func (m *Mapper) Run(net *nn.Network, out *Maps) *Maps {
	n := m.grid.N
	w := net.Arch.Widths()
	if out == nil || !sameShape(out, w, n) {
		out = &Maps{Grid: m.grid, Units: make([][][]float32, len(w))}
		for l, width := range w {
			out.Units[l] = make([][]float32, width)
			for u := range width {
				out.Units[l][u] = make([]float32, n*n)
			}
		}
	}
	total := n * n
	for a := 0; a < total; a += mapChunk {
		b := min(a+mapChunk, total)
		m.in.Reset(len(m.feats))
		for p := a; p < b; p++ {
			x1, x2 := m.grid.Point(p/n, p%n)
			Encode(m.feats, x1, x2, m.row)
			for f, v := range m.row {
				out.Units[0][f][p] = v
			}
			m.in.AppendDense(m.row)
		}
		net.Forward(m.ws, &m.in)
		for l := 1; l < len(w); l++ {
			act := m.ws.A[l-1]
			width := w[l]
			for u := range width {
				dst := out.Units[l][u]
				for p := a; p < b; p++ {
					dst[p] = act[(p-a)*width+u]
				}
			}
		}
	}
	return out
}

func sameShape(m *Maps, w []int, n int) bool {
	if m.Grid.N != n || len(m.Units) != len(w) {
		return false
	}
	for l, width := range w {
		if len(m.Units[l]) != width {
			return false
		}
	}
	return true
}
