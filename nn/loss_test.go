package nn

import (
	"math"
	"testing"
)

func TestSoftmax(t *testing.T) {
	e1, e2, e3 := math.Exp(1), math.Exp(2), math.Exp(3)
	s := e1 + e2 + e3
	tests := []struct {
		z, want []float32
	}{
		{[]float32{0, 0, 0, 0}, []float32{0.25, 0.25, 0.25, 0.25}},
		{[]float32{1, 2, 3}, []float32{float32(e1 / s), float32(e2 / s), float32(e3 / s)}},
		{[]float32{101, 102, 103}, []float32{float32(e1 / s), float32(e2 / s), float32(e3 / s)}}, // shift invariant
		{[]float32{1000, 0}, []float32{1, 0}},                                                    // no overflow
		{[]float32{-1000, -1000}, []float32{0.5, 0.5}},                                           // no underflow
	}
	for _, tc := range tests {
		got := make([]float32, len(tc.z))
		Softmax(tc.z, got)
		for i := range got {
			if !close32(got[i], tc.want[i], 1e-6) {
				t.Errorf("Softmax(%v) = %v, want %v", tc.z, got, tc.want)
				break
			}
		}
	}
}

func TestLossForward(t *testing.T) {
	tests := []struct {
		name      string
		loss      Loss
		z         []float32 // (rows, c)
		c         int
		y         []uint8
		wantLoss  []float64 // per sample
		wantDelta []float32 // ∂(mean loss)/∂z
	}{
		{
			name: "ce uniform 2 = ln 2", loss: CrossEntropy, z: []float32{0, 0}, c: 2, y: []uint8{1},
			wantLoss: []float64{math.Ln2}, wantDelta: []float32{0.5, -0.5},
		},
		{
			name: "ce uniform 10 = ln 10", loss: CrossEntropy, z: []float32{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, c: 10, y: []uint8{7},
			wantLoss: []float64{math.Log(10)}, wantDelta: []float32{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, -0.9, 0.1, 0.1},
		},
		{
			// −log softmax(2,1,0)₀ = log(1 + e⁻¹ + e⁻²).
			name: "ce by hand", loss: CrossEntropy, z: []float32{2, 1, 0}, c: 3, y: []uint8{0},
			wantLoss: []float64{math.Log(1 + math.Exp(-1) + math.Exp(-2))},
			wantDelta: []float32{
				float32(1/(1+math.Exp(-1)+math.Exp(-2)) - 1),
				float32(math.Exp(-1) / (1 + math.Exp(-1) + math.Exp(-2))),
				float32(math.Exp(-2) / (1 + math.Exp(-1) + math.Exp(-2))),
			},
		},
		{
			// Huge logits: −log p = 2000 exactly, no Inf or NaN.
			name: "ce large logits", loss: CrossEntropy, z: []float32{1000, -1000}, c: 2, y: []uint8{1},
			wantLoss: []float64{2000}, wantDelta: []float32{1, -1},
		},
		{
			// Two rows: the mean, and δ scaled by 1/2.
			name: "ce batch of 2", loss: CrossEntropy, z: []float32{0, 0, 0, 0}, c: 2, y: []uint8{0, 1},
			wantLoss: []float64{math.Ln2, math.Ln2}, wantDelta: []float32{-0.25, 0.25, 0.25, -0.25},
		},
		{
			// p = (½, ½), t = (1, 0): ((½−1)² + ½²)/2 = ¼. g = (−½, ½), Σp·g = 0,
			// δ = p·g = (−¼, ¼).
			name: "mse uniform 2", loss: MSE, z: []float32{0, 0}, c: 2, y: []uint8{0},
			wantLoss: []float64{0.25}, wantDelta: []float32{-0.25, 0.25},
		},
		{
			// p = (¾, ¼), t = (0, 1): (¾² + ¾²)/2 = 9/16. g = (¾, −¾),
			// Σp·g = 9/16 − 3/16 = ⅜, δ = (¾(¾−⅜), ¼(−¾−⅜)) = (9/32, −9/32).
			name: "mse by hand", loss: MSE, z: []float32{float32(math.Log(3)), 0}, c: 2, y: []uint8{1},
			wantLoss: []float64{9.0 / 16}, wantDelta: []float32{9.0 / 32, -9.0 / 32},
		},
		{
			// c = 4, uniform p = ¼, label 2: (3·(1/16) + (¾)²)/4 = (3/16 + 9/16)/4 = 3/16.
			// g = (1/8, 1/8, −3/8, 1/8), Σp·g = 0, δ = g/4.
			name: "mse uniform 4", loss: MSE, z: []float32{0, 0, 0, 0}, c: 4, y: []uint8{2},
			wantLoss: []float64{3.0 / 16}, wantDelta: []float32{1.0 / 32, 1.0 / 32, -3.0 / 32, 1.0 / 32},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := len(tc.y)
			p := make([]float32, len(tc.z))
			sl := make([]float32, rows)
			delta := make([]float32, len(tc.z))
			got := tc.loss.Forward(tc.z, tc.c, tc.y, p, sl, delta, 1/float32(rows))
			var mean float64
			for i, w := range tc.wantLoss {
				mean += w / float64(rows)
				if !close32(sl[i], float32(w), 1e-6) {
					t.Errorf("sample loss %d = %g, want %g", i, sl[i], w)
				}
			}
			if math.Abs(got-mean) > 1e-6*math.Max(1, mean) {
				t.Errorf("%v.Forward(%v, y=%v) = %.9g, want %.9g", tc.loss, tc.z, tc.y, got, mean)
			}
			for i := range delta {
				if !close32(delta[i], tc.wantDelta[i], 1e-6) {
					t.Errorf("delta = %v, want %v", delta, tc.wantDelta)
					break
				}
			}
			for i := 0; i < len(p); i += tc.c {
				var s float32
				for _, v := range p[i : i+tc.c] {
					s += v
				}
				if !close32(s, 1, 1e-6) {
					t.Errorf("probabilities %v of row %d sum to %g", p[i:i+tc.c], i/tc.c, s)
				}
			}
			// Without delta and sample losses: same mean, no panic.
			if got2 := tc.loss.Forward(tc.z, tc.c, tc.y, p, nil, nil, 1); got2 != got {
				t.Errorf("Forward without delta = %g, with delta %g", got2, got)
			}
		})
	}
}

func TestLossForwardEmpty(t *testing.T) {
	if got := CrossEntropy.Forward(nil, 3, nil, nil, nil, nil, 1); got != 0 {
		t.Errorf("Forward of no rows = %g, want 0", got)
	}
}

func TestArgmax(t *testing.T) {
	tests := []struct {
		x    []float32
		want int
	}{
		{[]float32{1}, 0},
		{[]float32{0, 3, 2}, 1},
		{[]float32{5, 5, 1}, 0}, // first of equals
		{[]float32{-3, -1, -2}, 1},
	}
	for _, tc := range tests {
		if got := Argmax(tc.x); got != tc.want {
			t.Errorf("Argmax(%v) = %d, want %d", tc.x, got, tc.want)
		}
	}
}

func TestForwardLossCountsCorrect(t *testing.T) {
	a := Arch{Inputs: 2, Outputs: 2}
	n := newZero(a)
	// Logits = inputs: W = identity, b = 0.
	copy(n.Layers[0].W, []float32{1, 0, 0, 1})
	in := NewInput(2, []float32{2, 0}, []float32{0, 2}, []float32{1, 3})
	ws := NewWorkspace(a, 4)
	loss, correct := n.ForwardLoss(ws, in, []uint8{0, 0, 1}, true)
	if correct != 2 {
		t.Errorf("ForwardLoss correct = %d, want 2", correct)
	}
	l1 := math.Log(1 + math.Exp(-2)) // rows 0 and 2: margin 2, right
	l2 := math.Log(1 + math.Exp(2))  // row 1: margin 2, wrong
	if want := (2*l1 + l2) / 3; math.Abs(loss-want) > 1e-6 {
		t.Errorf("ForwardLoss loss = %.9g, want %.9g", loss, want)
	}
	n.Forward(ws, in)
	if p := ws.Probs(1); !close32(p[1], float32(1/(1+math.Exp(-2))), 1e-6) {
		t.Errorf("Probs(1) = %v after Forward, want p₁ = σ(2)", p)
	}
}
