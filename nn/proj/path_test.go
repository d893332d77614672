package proj

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// TestPathDirections builds a path that varies mostly along two known
// orthonormal directions and checks the result against gonum's stat.PC of
// the same rows (directions up to sign, explained variance) and the
// planted directions.
func TestPathDirections(t *testing.T) {
	for _, tc := range []struct {
		dim, n int
		noise  float64
	}{
		{50, 6, 0.01},
		{300, 20, 0.005},
		{200, 100, 0.02}, // more than maxPathRows: a selection
	} {
		rng := rand.New(rand.NewPCG(uint64(tc.dim), 3))
		unit := func() []float64 {
			v := make([]float64, tc.dim)
			for i := range v {
				v[i] = rng.NormFloat64()
			}
			return v
		}
		u, v := unit(), unit()
		normalise(u)
		dot := 0.0
		for i := range v {
			dot += u[i] * v[i]
		}
		for i := range v {
			v[i] -= dot * u[i]
		}
		normalise(v)
		centre := make([]float32, tc.dim)
		for i := range centre {
			centre[i] = float32(rng.NormFloat64())
		}
		path := make([][]float32, tc.n)
		for k := range path {
			s := float64(tc.n-1-k) / float64(tc.n-1) // the path ends at the centre
			a, b := 3*s, math.Sin(4*s)
			p := make([]float32, tc.dim)
			for i := range p {
				p[i] = centre[i] + float32(a*u[i]+b*v[i]+tc.noise*s*rng.NormFloat64())
			}
			path[k] = p
		}
		d1, d2, ex, err := PathDirections(path, centre)
		if err != nil {
			t.Fatal(err)
		}
		// Reference: stat.PC of the same (selected) rows minus the centre.
		rows := path
		if len(path) > maxPathRows {
			rows = nil
			for k := range maxPathRows {
				rows = append(rows, path[k*(len(path)-1)/(maxPathRows-1)])
			}
		}
		x := mat.NewDense(len(rows), tc.dim, nil)
		for k, r := range rows {
			for i, p := range r {
				x.Set(k, i, float64(p)-float64(centre[i]))
			}
		}
		var pc stat.PC
		if !pc.PrincipalComponents(x, nil) {
			t.Fatal("stat.PC failed")
		}
		var vecs mat.Dense
		pc.VectorsTo(&vecs)
		vars := pc.VarsTo(nil)
		total := 0.0
		for _, s := range vars {
			total += s
		}
		for c, d := range [][]float32{d1, d2} {
			var dot, norm float64
			for i, x := range d {
				dot += float64(x) * vecs.At(i, c)
				norm += float64(x) * float64(x)
			}
			if math.Abs(math.Abs(dot)-1) > 1e-6 || math.Abs(norm-1) > 1e-6 {
				t.Errorf("dim %d n %d: direction %d · stat.PC's = %g (norm² %g), want ±1", tc.dim, tc.n, c+1, dot, norm)
			}
			if got, want := ex[c], vars[c]/total; math.Abs(got-want) > 1e-6 {
				t.Errorf("dim %d n %d: explained %d = %g, stat.PC %g", tc.dim, tc.n, c+1, got, want)
			}
		}
		var d12 float64
		for i := range d1 {
			d12 += float64(d1[i]) * float64(d2[i])
		}
		if math.Abs(d12) > 1e-6 {
			t.Errorf("d1·d2 = %g, want 0", d12)
		}
		// The planted plane holds both directions.
		for c, d := range [][]float32{d1, d2} {
			var pu, pv float64
			for i, x := range d {
				pu += float64(x) * u[i]
				pv += float64(x) * v[i]
			}
			if in := pu*pu + pv*pv; in < 0.99 {
				t.Errorf("dim %d n %d: direction %d lies %.3f in the planted plane, want ≥ 0.99", tc.dim, tc.n, c+1, in)
			}
		}
		if ex[0] < ex[1] || ex[0]+ex[1] > 1+1e-12 {
			t.Errorf("explained %v", ex)
		}
	}
}

func TestPathDirectionsRefuses(t *testing.T) {
	c := []float32{0, 0, 0}
	for name, path := range map[string][][]float32{
		"one snapshot": {{1, 2, 3}},
		"a line":       {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}},
		"no movement":  {{0, 0, 0}, {0, 0, 0}},
		"no snapshots": nil,
	} {
		if _, _, _, err := PathDirections(path, c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		xs             []float64
		margin, pad    float64
		wantLo, wantHi float64
	}{
		{[]float64{0, 10}, 0.1, 0.5, -1, 11},
		{[]float64{2, 2}, 0.1, 0.5, 1.5, 2.5},
		{nil, 0.1, 0.5, -0.5, 0.5},
	} {
		lo, hi := Span(tc.xs, tc.margin, tc.pad)
		if math.Abs(lo-tc.wantLo) > 1e-12 || math.Abs(hi-tc.wantHi) > 1e-12 {
			t.Errorf("Span(%v, %g, %g) = %g, %g, want %g, %g", tc.xs, tc.margin, tc.pad, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
}

func normalise(v []float64) {
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i] /= n
	}
}
