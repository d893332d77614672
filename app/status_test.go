package app

import (
	"math"
	"testing"
	"time"
)

func TestStatusFormats(t *testing.T) {
	rates := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{7.4, "7"},
		{999.6, "1,000"},
		{1234.5, "1,230"},
		{162475, "162,000"},
		{162575, "163,000"},
		{2.5e6, "2,500,000"},
	}
	for _, tc := range rates {
		if got := humanInt(roundSig(tc.v, 3)); got != tc.want {
			t.Errorf("rate %v shown as %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := roundSig(math.NaN(), 3); !math.IsNaN(got) {
		t.Errorf("roundSig(NaN) = %v", got)
	}
	times := []struct {
		d    time.Duration
		want string
	}{
		{2460 * time.Millisecond, "2.5s"},
		{9940 * time.Millisecond, "9.9s"},
		{18500 * time.Millisecond, "19s"},
		{125 * time.Second, "2m5s"},
	}
	for _, tc := range times {
		if got := roundElapsed(tc.d).String(); got != tc.want {
			t.Errorf("elapsed %v shown as %q, want %q", tc.d, got, tc.want)
		}
	}
}
