package proj

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"backproplab/nn"
)

func TestSample(t *testing.T) {
	for _, tc := range []struct{ total, n, want int }{{10000, 2000, 2000}, {50, 2000, 50}, {7, 0, 0}, {1, 1, 1}} {
		a, b := Sample(tc.total, tc.n, 9), Sample(tc.total, tc.n, 9)
		if len(a) != tc.want || !slices.Equal(a, b) || !slices.IsSorted(a) {
			t.Errorf("Sample(%d, %d) = %d rows (sorted %v, repeatable %v), want %d", tc.total, tc.n, len(a), slices.IsSorted(a), slices.Equal(a, b), tc.want)
		}
		for i := 1; i < len(a); i++ {
			if a[i] == a[i-1] || a[i] >= tc.total {
				t.Fatalf("Sample(%d, %d) repeats or exceeds: %v", tc.total, tc.n, a[i])
			}
		}
	}
	if slices.Equal(Sample(10000, 50, 1), Sample(10000, 50, 2)) {
		t.Error("Sample ignores its seed")
	}
}

func TestActivations(t *testing.T) {
	d := blobs(40, 24, 3, 1)
	_, net := trained(t, d, 3, []int{6, 5}, 10)
	ws := nn.NewWorkspace(net.Arch, d.N)
	var in nn.Input
	y := make([]uint8, d.N)
	rows := make([]int, d.N)
	for i := range rows {
		rows[i] = i
	}
	d.Gather(rows, &in, y)
	net.Forward(ws, &in)
	x := make([]float32, d.Dim)
	for k, want := range [][]float32{nil, ws.A[0], ws.A[1], ws.Z[2]} {
		got := Activations(net, d, k)
		r, c := got.Dims()
		if r != d.N || c != Width(net, k) {
			t.Fatalf("Activations(layer %d) is %d×%d, want %d×%d", k, r, c, d.N, Width(net, k))
		}
		for i := range d.N {
			if k == 0 {
				d.Pixels(i, x)
				want = x
			}
			for j := range c {
				w := want[j]
				if k > 0 {
					w = want[i*c+j]
				}
				if got.At(i, j) != float64(w) {
					t.Fatalf("Activations(layer %d)[%d][%d] = %v, want %v", k, i, j, got.At(i, j), w)
				}
			}
		}
	}
}

// reference returns the scores of x on its first two principal axes from
// gonum's stat.PC (a thin SVD of the centred data): another route to PCA.
func reference(t *testing.T, x *mat.Dense) [][2]float64 {
	n, d := x.Dims()
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		t.Fatal("stat.PC failed")
	}
	var v mat.Dense
	pc.VectorsTo(&v)
	mean := make([]float64, d)
	for j := range d {
		mean[j] = mat.Sum(x.ColView(j)) / float64(n)
	}
	out := make([][2]float64, n)
	for i := range n {
		for a := range 2 {
			for j := range d {
				out[i][a] += (x.At(i, j) - mean[j]) * v.At(j, a)
			}
		}
	}
	return out
}

func TestProjectMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, tc := range []struct{ n, d int }{{200, 10}, {50, 128}, {300, 3}} {
		x := mat.NewDense(tc.n, tc.d, nil)
		for i := range tc.n {
			for j := range tc.d {
				// Decreasing spread per column keeps the top axes distinct.
				x.Set(i, j, rng.NormFloat64()*float64(tc.d-j)+float64(j))
			}
		}
		p, err := Project(x)
		if err != nil {
			t.Fatal(err)
		}
		if p.Exact || p.N() != tc.n || !(p.Explained[0] >= p.Explained[1] && p.Explained[1] > 0) {
			t.Fatalf("Project(%d×%d): exact %v, %d points, explained %v", tc.n, tc.d, p.Exact, p.N(), p.Explained)
		}
		ref := reference(t, x)
		for a := range 2 {
			sign := 1.0
			if p.XY[a]*ref[0][a] < 0 {
				sign = -1
			}
			for i := range tc.n {
				if got, want := sign*p.XY[2*i+a], ref[i][a]; math.Abs(got-want) > 1e-6*(1+math.Abs(want)) {
					t.Fatalf("Project(%d×%d) point %d axis %d = %v, want %v", tc.n, tc.d, i, a, got, want)
				}
			}
		}
	}
}

func TestProjectExact(t *testing.T) {
	for _, d := range []int{1, 2} {
		x := mat.NewDense(3, d, []float64{1, 2, 3, 4, 5, 6}[:3*d])
		p, err := Project(x)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			for j := range d {
				if p.XY[2*i+j] != x.At(i, j) {
					t.Fatalf("Project(3×%d) = %v, want the values themselves", d, p.XY)
				}
			}
		}
		if !p.Exact || Align(p, &Projection{XY: make([]float64, 6)}) != p {
			t.Errorf("Project(3×%d): exact %v, or Align moved an exact map", d, p.Exact)
		}
	}
}

// maxJump returns the largest distance a point moves between a and b,
// relative to b's spread.
func maxJump(a, b *Projection) float64 {
	var jump, spread float64
	for i := range a.N() {
		jump = max(jump, math.Hypot(a.XY[2*i]-b.XY[2*i], a.XY[2*i+1]-b.XY[2*i+1]))
		spread = max(spread, math.Hypot(b.XY[2*i], b.XY[2*i+1]))
	}
	return jump / spread
}

func TestAlignKeepsNearbySnapshotsContinuous(t *testing.T) {
	d := blobs(300, 40, 4, 2)
	_, net := trained(t, d, 4, []int{16}, 30)
	// A snapshot that barely differs: every weight moved by 1e-4 of its size.
	next := net.Clone()
	rng := rand.New(rand.NewPCG(8, 8))
	for i, v := range next.Params {
		next.Params[i] = v * float32(1+1e-4*rng.NormFloat64())
	}
	p0, err := Project(Activations(net, d, 1))
	if err != nil {
		t.Fatal(err)
	}
	p1, err := Project(Activations(next, d, 1))
	if err != nil {
		t.Fatal(err)
	}
	// However the decomposition chose its signs (and a reflection or a
	// turn of the map as PCA might give it), the aligned map is continuous.
	for _, turn := range [][4]float64{{1, 0, 0, 1}, {-1, 0, 0, 1}, {1, 0, 0, -1}, {0, 1, -1, 0}, {0.6, 0.8, 0.8, -0.6}} {
		q := &Projection{XY: make([]float64, len(p1.XY))}
		for i := range p1.N() {
			x, y := p1.XY[2*i], p1.XY[2*i+1]
			q.XY[2*i], q.XY[2*i+1] = x*turn[0]+y*turn[2], x*turn[1]+y*turn[3]
		}
		if j := maxJump(Align(q, p0), p0); j > 1e-2 {
			t.Errorf("aligned map of a barely changed snapshot (turned by %v) jumps by %.3g of its spread", turn, j)
		}
		if turn != [4]float64{1, 0, 0, 1} && maxJump(q, p0) < 0.1 {
			t.Errorf("turn %v left the unaligned map in place: the test cannot fail", turn)
		}
	}
}

func TestAlignKeepsDistances(t *testing.T) {
	a := &Projection{XY: []float64{0, 0, 1, 0, 0, 2, 3, 1}}
	b := &Projection{XY: []float64{0, 0, 0, 1, -2, 0, -1, 3}} // a turned by 90°
	q := Align(a, b)
	for i := range q.XY {
		if math.Abs(q.XY[i]-b.XY[i]) > 1e-12 {
			t.Fatalf("Align(a, a turned by 90°) = %v, want %v", q.XY, b.XY)
		}
	}
}

func TestSeparation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		xy     []float64
		labels []uint8
		want   float64
	}{
		{"apart", []float64{0, 0, 0.1, 0, 5, 5, 5.1, 5}, []uint8{0, 0, 1, 1}, 1},
		{"swapped", []float64{0, 0, 10, 0, 1, 0, 9, 0, 0, 0.1, 10, 0.1}, []uint8{0, 0, 1, 1, 0, 1}, 4.0 / 6},
		{"one class", []float64{0, 0, 1, 1}, []uint8{2, 2}, 1},
	} {
		if got := Separation(&Projection{XY: tc.xy}, tc.labels, 3); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Separation(%s) = %v, want %v", tc.name, got, tc.want)
		}
		// The same points as two columns, and with a third, constant
		// column that moves no point nearer any mean.
		x := mat.NewDense(len(tc.labels), 2, slices.Clone(tc.xy))
		if got := SeparationIn(x, tc.labels, 3); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SeparationIn(%s) = %v, want %v", tc.name, got, tc.want)
		}
		x3 := mat.NewDense(len(tc.labels), 3, nil)
		for i := range tc.labels {
			x3.Set(i, 0, tc.xy[2*i])
			x3.Set(i, 1, 7)
			x3.Set(i, 2, tc.xy[2*i+1])
		}
		if got := SeparationIn(x3, tc.labels, 3); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SeparationIn(%s, 3 columns) = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !math.IsNaN(Separation(&Projection{}, nil, 3)) || !math.IsNaN(SeparationIn(&mat.Dense{}, nil, 3)) {
		t.Error("Separation(empty) is not NaN")
	}
	// A third dimension that separates what the first two mix.
	x := mat.NewDense(4, 3, []float64{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1})
	if got := SeparationIn(x, []uint8{0, 1, 0, 1}, 2); got != 1 {
		t.Errorf("SeparationIn with a separating third value = %v, want 1", got)
	}
}

func TestSeparationRisesWithTraining(t *testing.T) {
	d := blobs(400, 40, 4, 3)
	start, end := trained(t, d, 4, []int{16}, 60)
	score := func(net *nn.Network) float64 {
		p, err := Project(Activations(net, d, 1))
		if err != nil {
			t.Fatal(err)
		}
		return Separation(p, d.Labels, 4)
	}
	if s0, s1 := score(start), score(end); !(s1 > s0) {
		t.Errorf("separation before training %.3f, after %.3f: want a rise", s0, s1)
	}
}
