package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkClose fails t when got differs from the float64 hand values want by
// more than tol·max(|want|, floor) in any element.
func checkClose(t *testing.T, what string, got []float32, want []float64, tol, floor float64) {
	t.Helper()
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > tol*math.Max(floor, math.Abs(want[i])) {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

func TestSGDStep(t *testing.T) {
	for _, m := range []Method{GD, SGD} {
		w := []float32{1, -2, 0.5}
		g := []float32{0.5, -1, 0}
		o := NewOptimizer(m, 0.1, 0, len(w))
		o.Step(w, g)
		checkClose(t, m.String()+" step", w, []float64{0.95, -1.9, 0.5}, 1e-6, 1)
		if o.T != 1 {
			t.Errorf("%v: T = %d after one step, want 1", m, o.T)
		}
	}
}

func TestMomentumSteps(t *testing.T) {
	const lr, mu = 0.1, 0.9
	w := []float32{1, -2}
	o := NewOptimizer(Momentum, lr, mu, len(w))
	// Step 1: u = −η·g = (−0.05, 0.1); w = (0.95, −1.9).
	o.Step(w, []float32{0.5, -1})
	checkClose(t, "velocity after step 1", o.M, []float64{-0.05, 0.1}, 1e-5, 0)
	checkClose(t, "weights after step 1", w, []float64{0.95, -1.9}, 1e-6, 1)
	// Step 2 with g = (1, 2): u = 0.9·u − 0.1·g = (−0.145, −0.11);
	// w = (0.805, −2.01).
	o.Step(w, []float32{1, 2})
	checkClose(t, "velocity after step 2", o.M, []float64{-0.145, -0.11}, 1e-5, 0)
	checkClose(t, "weights after step 2", w, []float64{0.805, -2.01}, 1e-6, 1)
}

// adamRef is the Keras Adam update in float64, written out by hand.
func adamRef(w, g, m, v []float64, lr float64, t int) {
	const b1, b2, eps = 0.9, 0.999, 1e-7
	lrT := lr * math.Sqrt(1-math.Pow(b2, float64(t))) / (1 - math.Pow(b1, float64(t)))
	for i := range w {
		m[i] = b1*m[i] + (1-b1)*g[i]
		v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
		w[i] -= lrT * m[i] / (math.Sqrt(v[i]) + eps)
	}
}

func TestAdamFirstStep(t *testing.T) {
	w := []float32{1, -2, 0.5, 3}
	g := []float32{0.5, -1, 0, 0.01}
	o := NewOptimizer(Adam, 1e-3, 0, len(w))
	o.Step(w, g)
	// From zero state the first step moves each weight by lr·sign(g), up to ε.
	checkClose(t, "weights", w, []float64{1 - 1e-3, -2 + 1e-3, 0.5, 3 - 1e-3}, 1e-6, 1)
	checkClose(t, "m", o.M, []float64{0.05, -0.1, 0, 1e-3}, 1e-4, 0)
	checkClose(t, "v", o.V, []float64{0.00025, 0.001, 0, 1e-7}, 1e-4, 0)

	// And the same against the written-out formula.
	ww, mm, vv := []float64{1, -2, 0.5, 3}, make([]float64, 4), make([]float64, 4)
	adamRef(ww, to64(g), mm, vv, 1e-3, 1)
	checkClose(t, "weights (formula)", w, ww, 1e-6, 1)
}

func TestAdamStepFromState(t *testing.T) {
	// Known state after four updates; this is the fifth.
	w := []float32{0.3, -0.7, 1.2}
	g := []float32{0.2, -0.05, 0.4}
	m0 := []float32{0.01, -0.02, 0.03}
	v0 := []float32{1e-4, 4e-4, 2e-5}
	const lr = 0.01
	o := NewOptimizer(Adam, lr, 0, len(w))
	copy(o.M, m0)
	copy(o.V, v0)
	o.T = 4
	o.Step(w, g)
	if o.T != 5 {
		t.Fatalf("T = %d, want 5", o.T)
	}
	ww, mm, vv := []float64{0.3, -0.7, 1.2}, to64(m0), to64(v0)
	adamRef(ww, to64(g), mm, vv, lr, 5)
	checkClose(t, "m", o.M, mm, 1e-4, 0)
	checkClose(t, "v", o.V, vv, 1e-4, 0)
	checkClose(t, "weights", w, ww, 1e-6, 1)
	// Spelled out for the first weight: m = 0.029, v = 1.3990e-4,
	// lrT = 0.01·√(1−0.999⁵)/(1−0.9⁵).
	lrT := 0.01 * math.Sqrt(1-math.Pow(0.999, 5)) / (1 - math.Pow(0.9, 5))
	want0 := 0.3 - lrT*0.029/(math.Sqrt(0.999*1e-4+0.001*0.04)+1e-7)
	checkClose(t, "w[0] by hand", w[:1], []float64{want0}, 1e-6, 1)
}

func TestAdamStepSize(t *testing.T) {
	tests := []struct {
		lr   float64
		t    int
		want float64
	}{
		{1e-3, 1, 1e-3 * math.Sqrt(0.001) / 0.1},                                            // 3.1623e-4
		{1e-3, 2, 1e-3 * math.Sqrt(1-0.999*0.999) / (1 - 0.81)},                             // 2.3521e-4
		{0.01, 5, 0.01 * math.Sqrt(1-math.Pow(0.999, 5)) / (1 - math.Pow(0.9, 5))},          // 1.5198e-3
		{1e-3, 100000, 1e-3 * math.Sqrt(1-math.Pow(0.999, 1e5)) / (1 - math.Pow(0.9, 1e5))}, // → lr
	}
	for _, tc := range tests {
		if got := AdamStepSize(tc.lr, tc.t); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("AdamStepSize(%g, %d) = %.10g, want %.10g", tc.lr, tc.t, got, tc.want)
		}
	}
	if got := AdamStepSize(1e-3, 1); math.Abs(got-3.16227766e-4) > 1e-12 {
		t.Errorf("AdamStepSize(1e-3, 1) = %.10g, want 3.16227766e-4", got)
	}
	if got := AdamStepSize(1e-3, 100000); math.Abs(got-1e-3) > 1e-12 {
		t.Errorf("AdamStepSize(1e-3, 1e5) = %.10g, want 1e-3", got)
	}
}

func TestOptimizerClone(t *testing.T) {
	o := NewOptimizer(Adam, 1e-3, 0, 2)
	w := []float32{1, 2}
	o.Step(w, []float32{1, 1})
	c := o.Clone()
	m0, v0 := o.M[0], o.V[0]
	o.Step(w, []float32{1, 1})
	if c.T != 1 || c.M[0] != m0 || c.V[0] != v0 {
		t.Errorf("Clone shares state: T = %d, M = %v after stepping the original", c.T, c.M)
	}
}

// TestStepPenalized checks that the fused update gives what adding the
// penalty's gradient and then stepping gives, for every method.
func TestStepPenalized(t *testing.T) {
	for _, m := range []Method{SGD, Momentum, Adam} {
		for _, pen := range []struct{ l1, l2 float64 }{{0, 0}, {1e-3, 0}, {0, 1e-3}, {1e-4, 2e-3}} {
			a := Arch{Inputs: 13, Hidden: []int{9, 5}, Outputs: 3, Activation: ReLU, Loss: CrossEntropy}
			n1 := NewNetwork(a, 3)
			n2 := n1.Clone()
			o1 := NewOptimizer(m, 1e-2, 0.9, len(n1.Params))
			o2 := o1.Clone()
			rng := rand.New(rand.NewPCG(5, 6))
			for step := range 3 {
				g1 := make([]float32, len(n1.Params))
				for i := range g1 {
					g1[i] = float32(rng.NormFloat64())
				}
				g2 := slices.Clone(g1)
				n1.AddPenaltyGrad(g1, pen.l1, pen.l2)
				o1.Step(n1.Params, g1)
				o2.StepPenalized(n2, g2, pen.l1, pen.l2)
				// Without a penalty the bits agree; with one, the fused
				// version rounds the penalty's gradient once (a fused
				// multiply-add) where Axpy's scalar tail rounds twice.
				tol := 0.0
				if pen.l1 != 0 || pen.l2 != 0 {
					tol = 1e-6
				}
				for i := range g1 {
					if !near(g1[i], g2[i], tol) || !near(n1.Params[i], n2.Params[i], tol) {
						t.Fatalf("%v l1=%v l2=%v step %d: param %d: grad %v, weight %v fused, want %v, %v",
							m, pen.l1, pen.l2, step, i, g2[i], n2.Params[i], g1[i], n1.Params[i])
					}
				}
			}
		}
	}
}

// near reports whether a and b have the same bits (tol 0) or differ by at
// most tol relative to the larger.
func near(a, b float32, tol float64) bool {
	if tol == 0 {
		return math.Float32bits(a) == math.Float32bits(b)
	}
	return math.Abs(float64(a)-float64(b)) <= tol*math.Max(math.Abs(float64(a)), math.Abs(float64(b)))
}
