package viz

import (
	"fmt"
	"strconv"
	"testing"
)

func TestLinearTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{0, 5, 5, "[0 1 2 3 4 5]"},
		{0, 1, 4, "[0.00 0.25 0.50 0.75 1.00]"},
		{0.02, 4.4, 4, "[1 2 3 4]"},
		{-0.3, 0.3, 3, "[-0.2 0.0 0.2]"},
		{0, 1200, 3, "[0 500 1000]"},
		{0, 3e7, 3, "[0 1e+07 2e+07 3e+07]"},
		{1, 1, 3, "[]"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (linearTicks{tt.n}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("linearTicks{%d}.Ticks(%v, %v) = %s, want %s", tt.n, tt.lo, tt.hi, s, tt.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{0.01, 5, "[0.01 0.02 0.05 0.1 0.2 0.5 1 2 5]"},
		{0.005, 5, "[0.01 0.1 1]"},
		{1e-6, 1e3, "[1e-06 0.0001 0.01 1 100]"},
		{1, 3, "[1.0 1.5 2.0 2.5 3.0]"},
		{0, 3, "[]"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (logTicks{5}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("logTicks{5}.Ticks(%v, %v) = %s, want %s", tt.lo, tt.hi, s, tt.want)
		}
	}
}

// TestBarTicksNoDuplicateEnds: a colour bar over ±1.0000001 or ±1.234567
// never reads "-1, -1.0 … 1.0, 1".
func TestBarTicksNoDuplicateEnds(t *testing.T) {
	sty := newEnv(Light(), 1).text(relSmall, Light().Foreground)
	for _, hi := range []float64{1.0000001, 1.234567, 0.7963, 2} {
		ticks := barTicks(-hi, hi, 6, 600, true, sty)
		seen := map[float64]string{}
		for _, tk := range ticks {
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil {
				t.Fatalf("tick label %q", tk.Label)
			}
			if prev, ok := seen[v]; ok {
				t.Errorf("±%v: labels %q and %q read the same", hi, prev, tk.Label)
			}
			seen[v] = tk.Label
		}
	}
}

func TestFormatEnd(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1200, "1200"}, {-0.3, "-0.3"}, {float64(float32(0.3)), "0.3"}, {0.27341, "0.273"},
		{123456.7, "123457"}, {3e7, "3e+07"}, {1.5e-5, "1.5e-05"}, {0, "0"},
		{-1.2345678, "-1.23"}, {1.0000001, "1"}, {12.345678, "12.3"}, {345.678912, "346"},
	}
	for _, tt := range tests {
		if got := formatEnd(tt.v); got != tt.want {
			t.Errorf("formatEnd(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
