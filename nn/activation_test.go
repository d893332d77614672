package nn

import (
	"math"
	"testing"
)

func TestActivationApply(t *testing.T) {
	sig := func(x float64) float32 { return float32(1 / (1 + math.Exp(-x))) }
	tests := []struct {
		act  Activation
		z    []float32
		want []float32
	}{
		{ReLU, []float32{-2, -1e-30, 0, 1e-30, 0.5, 3}, []float32{0, 0, 0, 1e-30, 0.5, 3}},
		{Sigmoid, []float32{0, 2, -2, 30}, []float32{0.5, sig(2), sig(-2), 1}},
		// Large negative inputs must not overflow exp.
		{Sigmoid, []float32{-100, -1000, 1000}, []float32{sig(-100), 0, 1}},
		{Tanh, []float32{0, 1, -1, 20, -20}, []float32{0, 0.7615942, -0.7615942, 1, -1}},
	}
	for _, tc := range tests {
		got := make([]float32, len(tc.z))
		tc.act.Apply(tc.z, got)
		for i := range got {
			if !close32(got[i], tc.want[i], 1e-6) {
				t.Errorf("%v.Apply(%v) = %v, want %v", tc.act, tc.z, got, tc.want)
				break
			}
		}
	}
}

func TestActivationBackward(t *testing.T) {
	tests := []struct {
		act       Activation
		a, g      []float32
		want      []float32
		wantDeriv []float32 // Derivative(z, a) for z = a where it matters (ReLU)
	}{
		{ReLU, []float32{0, 0.5, 3, 0}, []float32{1, 2, -3, 4}, []float32{0, 2, -3, 0}, []float32{0, 1, 1, 0}},
		{Sigmoid, []float32{0.5, 0.25, 0.9}, []float32{1, 2, -1}, []float32{0.25, 2 * 0.1875, -0.09}, []float32{0.25, 0.1875, 0.09}},
		{Tanh, []float32{0, 0.5, -0.9}, []float32{1, 2, 3}, []float32{1, 2 * 0.75, 3 * 0.19}, []float32{1, 0.75, 0.19}},
	}
	for _, tc := range tests {
		got := append([]float32(nil), tc.g...)
		tc.act.Backward(tc.a, got)
		for i := range got {
			if !close32(got[i], tc.want[i], 1e-6) {
				t.Errorf("%v.Backward(%v, %v) = %v, want %v", tc.act, tc.a, tc.g, got, tc.want)
				break
			}
		}
		for i, a := range tc.a {
			if d := tc.act.Derivative(a, a); !close32(d, tc.wantDeriv[i], 1e-6) {
				t.Errorf("%v.Derivative(%g, %g) = %g, want %g", tc.act, a, a, d, tc.wantDeriv[i])
			}
		}
	}
}

// TestActivationDerivative compares Derivative and Backward with central
// differences of Apply, away from ReLU's kink.
func TestActivationDerivative(t *testing.T) {
	const h = 1e-3
	for _, act := range []Activation{ReLU, Sigmoid, Tanh} {
		for _, z := range []float32{-3, -0.7, -0.1, 0.1, 0.4, 1.5, 4} {
			var out [3]float32
			act.Apply([]float32{z - h, z, z + h}, out[:])
			want := (float64(out[2]) - float64(out[0])) / (2 * h)
			got := act.Derivative(z, out[1])
			if math.Abs(float64(got)-want) > 2e-3 {
				t.Errorf("%v.Derivative(%g, %g) = %g, central difference %g", act, z, out[1], got, want)
			}
			g := []float32{1}
			act.Backward(out[1:2], g)
			if g[0] != got {
				t.Errorf("%v.Backward at z=%g multiplies by %g, Derivative says %g", act, z, g[0], got)
			}
		}
	}
}

func TestNames(t *testing.T) {
	type named interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v     named
		name  string
		parse func(string) (named, error)
	}{
		{ReLU, "relu", func(s string) (named, error) { return ParseActivation(s) }},
		{Sigmoid, "sigmoid", func(s string) (named, error) { return ParseActivation(s) }},
		{Tanh, "tanh", func(s string) (named, error) { return ParseActivation(s) }},
		{CrossEntropy, "ce", func(s string) (named, error) { return ParseLoss(s) }},
		{MSE, "mse", func(s string) (named, error) { return ParseLoss(s) }},
		{GD, "gd", func(s string) (named, error) { return ParseMethod(s) }},
		{SGD, "sgd", func(s string) (named, error) { return ParseMethod(s) }},
		{Momentum, "momentum", func(s string) (named, error) { return ParseMethod(s) }},
		{Adam, "adam", func(s string) (named, error) { return ParseMethod(s) }},
		{GlorotUniform, "glorot", func(s string) (named, error) { return ParseInit(s) }},
		{HeUniform, "he", func(s string) (named, error) { return ParseInit(s) }},
	}
	for _, tc := range tests {
		if got := tc.v.String(); got != tc.name {
			t.Errorf("%#v.String() = %q, want %q", tc.v, got, tc.name)
		}
		if b, err := tc.v.MarshalText(); err != nil || string(b) != tc.name {
			t.Errorf("%#v.MarshalText() = %q, %v, want %q", tc.v, b, err, tc.name)
		}
		if got, err := tc.parse(tc.name); err != nil || got != tc.v {
			t.Errorf("parse(%q) = %v, %v, want %v", tc.name, got, err, tc.v)
		}
		if _, err := tc.parse("Bogus"); err == nil {
			t.Errorf("parse(%q) succeeded, want an error", "Bogus")
		}
	}
	if l, err := ParseLoss("crossentropy"); err != nil || l != CrossEntropy {
		t.Errorf("ParseLoss(crossentropy) = %v, %v, want ce", l, err)
	}
	for _, tc := range []struct{ got, want string }{
		{Activation(9).String(), "Activation(9)"},
		{Loss(-1).String(), "Loss(-1)"},
		{Method(7).String(), "Method(7)"},
		{Init(3).String(), "Init(3)"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
	var a Activation
	if err := a.UnmarshalText([]byte("tanh")); err != nil || a != Tanh {
		t.Errorf("UnmarshalText(tanh) = %v, %v", a, err)
	}
	var m Method
	if err := m.UnmarshalText([]byte("rmsprop")); err == nil {
		t.Errorf("Method.UnmarshalText(rmsprop) succeeded, want an error")
	}
}

func close32(got, want float32, tol float64) bool {
	g, w := float64(got), float64(want)
	return math.Abs(g-w) <= tol*math.Max(1, math.Abs(w))
}
