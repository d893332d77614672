package viz

import (
	"image/color"
	"math"
	"testing"
)

func TestDivergingPalettes(t *testing.T) {
	tests := []struct {
		pal            Diverging
		neg, zero, pos color.NRGBA
		darkNeutral    bool
	}{
		{RdBu, hex(0x053061), hex(0xf7f7f7), hex(0x67001f), false},
		{PuOr, hex(0x2d004b), hex(0xf7f7f7), hex(0x7f3b08), false},
		{RdBuDark, hex(0xbfe0ff), hex(0x262629), hex(0xffd0c0), true},
		{PuOrDark, hex(0xe3d5ff), hex(0x262629), hex(0xffe0a8), true},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			t    float64
			want color.NRGBA
		}{{0, tt.neg}, {0.5, tt.zero}, {1, tt.pos}, {-3, tt.neg}, {7, tt.pos}, {math.NaN(), tt.zero}} {
			if got := tt.pal.At(c.t); got != rgba(c.want) {
				t.Errorf("%s.At(%v) = %v, want %v", tt.pal.Name(), c.t, got, c.want)
			}
		}
		if got := tt.pal.Signed(0, 1); got != rgba(tt.zero) {
			t.Errorf("%s.Signed(0, 1) = %v, want neutral %v", tt.pal.Name(), got, tt.zero)
		}
		if got := tt.pal.Signed(-5, 0); got != rgba(tt.zero) {
			t.Errorf("%s.Signed(-5, 0) = %v, want neutral", tt.pal.Name(), got)
		}
		// Magnitude reads as contrast against the theme background: the
		// distance from the neutral colour grows with |v| on both sides.
		prevN, prevP := 0.0, 0.0
		for v := 0.1; v <= 1.0001; v += 0.1 {
			dn := dist(tt.pal.Signed(-v, 1), tt.pal.At(0.5))
			dp := dist(tt.pal.Signed(v, 1), tt.pal.At(0.5))
			if dn < prevN || dp < prevP {
				t.Errorf("%s: distance from neutral shrinks at |v| = %.1f", tt.pal.Name(), v)
			}
			prevN, prevP = dn, dp
		}
		if l := luminance(tt.pal.At(0.5)); (l < 0.1) != tt.darkNeutral {
			t.Errorf("%s neutral luminance = %.2f, dark = %v", tt.pal.Name(), l, tt.darkNeutral)
		}
	}
}

func TestSequentialPalettes(t *testing.T) {
	for _, pal := range []Sequential{Viridis, Blues, BluesDark} {
		// Lightness must change monotonically, so that order is visible.
		first, last := luminance(pal.At(0)), luminance(pal.At(1))
		prev := first
		for i := 1; i <= 20; i++ {
			l := luminance(pal.At(float64(i) / 20))
			if (last > first && l < prev-1e-3) || (last < first && l > prev+1e-3) {
				t.Errorf("%s luminance not monotonic at %d/20: %.3f after %.3f", pal.Name(), i, l, prev)
			}
			prev = l
		}
	}
}

func TestOkabeIto(t *testing.T) {
	oi := OkabeIto()
	if len(oi) != 8 {
		t.Fatalf("OkabeIto has %d colours, want 8", len(oi))
	}
	seen := map[color.NRGBA]bool{}
	for _, c := range oi {
		if seen[c] {
			t.Errorf("OkabeIto repeats %v", c)
		}
		seen[c] = true
	}
	for _, th := range []Theme{Light(), Dark(), HighContrast()} {
		if len(th.Series) < 6 {
			t.Errorf("theme has %d series colours, want ≥ 6", len(th.Series))
		}
		if th.SeriesColor(-1) != th.Series[len(th.Series)-1] || th.SeriesColor(len(th.Series)) != th.Series[0] {
			t.Error("SeriesColor does not wrap around")
		}
	}
}

func TestZeroPalettePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("At on a zero Diverging did not panic")
		}
	}()
	Diverging{}.At(0.5)
}

func TestContrastText(t *testing.T) {
	tests := []struct {
		bg   color.Color
		want color.NRGBA
	}{
		{color.White, hex(0x111111)},
		{color.Black, hex(0xffffff)},
		{Blues.At(1), hex(0xffffff)},
		{Blues.At(0), hex(0x111111)},
		{Viridis.At(1), hex(0x111111)},
	}
	for _, tt := range tests {
		if got := contrastText(tt.bg); got != tt.want {
			t.Errorf("contrastText(%v) = %v, want %v", tt.bg, got, tt.want)
		}
	}
}

func rgba(c color.NRGBA) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }

func dist(a, b color.RGBA) float64 {
	dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
	return math.Sqrt(dr*dr + dg*dg + db*db)
}
