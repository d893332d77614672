package nn

import (
	"math"
	"testing"
)

// ulps returns how many float32 values lie between a and b (same sign).
func ulps(a, b float32) int64 {
	d := int64(math.Float32bits(a)) - int64(math.Float32bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

// TestTanh32 compares tanh32 with float32(math.Tanh) at every 61st float32
// in [−20, 20] (about 35 million values, every binade), at the edges of its
// branches and at ±0, ±Inf and NaN.
func TestTanh32(t *testing.T) {
	const maxULP = 2
	check := func(x float32) {
		got, want := tanh32(x), float32(math.Tanh(float64(x)))
		if math.IsNaN(float64(want)) {
			if !math.IsNaN(float64(got)) {
				t.Fatalf("tanh32(%v) = %v, want NaN", x, got)
			}
			return
		}
		if math.Signbit(float64(got)) != math.Signbit(float64(want)) || ulps(got, want) > maxULP {
			t.Fatalf("tanh32(%v) = %v, want %v (%d ulp apart)", x, got, want, ulps(got, want))
		}
	}
	worst := int64(0)
	for b := uint32(0); b <= math.Float32bits(20); b += 61 {
		for _, x := range []float32{math.Float32frombits(b), -math.Float32frombits(b)} {
			check(x)
			worst = max(worst, ulps(tanh32(x), float32(math.Tanh(float64(x)))))
		}
	}
	t.Logf("worst error %d ulp", worst)
	edges := []float32{0, float32(math.Copysign(0, -1)), tanhSmall, -tanhSmall, tanhClamp, -tanhClamp,
		math.Nextafter32(tanhSmall, 1), math.Nextafter32(tanhSmall, 0), math.Nextafter32(tanhClamp, 10), math.Nextafter32(tanhClamp, 0),
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, math.SmallestNonzeroFloat32}
	for _, x := range edges {
		check(x)
	}
}

func BenchmarkTanh(b *testing.B) {
	z := make([]float32, 1024)
	for i := range z {
		z[i] = float32(i-512) / 128
	}
	out := make([]float32, len(z))
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, v := range z {
				out[i] = float32(math.Tanh(float64(v)))
			}
		}
	})
	b.Run("tanh32", func(b *testing.B) {
		for b.Loop() {
			for i, v := range z {
				out[i] = tanh32(v)
			}
		}
	})
}
