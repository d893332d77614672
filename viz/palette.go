package viz

import (
	"image/color"
	"math"
)

// Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), a
// categorical palette that stays distinct under the common forms of
// colour blindness.
var (
	oiOrange     = hex(0xe69f00)
	oiSky        = hex(0x56b4e9)
	oiGreen      = hex(0x009e73)
	oiYellow     = hex(0xf0e442)
	oiBlue       = hex(0x0072b2)
	oiVermillion = hex(0xd55e00)
	oiPurple     = hex(0xcc79a7)
)

// OkabeIto returns the eight Okabe–Ito colours in their published order:
// black, orange, sky blue, bluish green, yellow, blue, vermillion and
// reddish purple. The themes reorder them for their background.
func OkabeIto() []color.NRGBA {
	return []color.NRGBA{hex(0x000000), oiOrange, oiSky, oiGreen, oiYellow, oiBlue, oiVermillion, oiPurple}
}

// lutSize is the number of entries of a palette lookup table. It is odd so
// that a diverging palette has an exact middle entry for zero.
const lutSize = 257

// ramp is a colour lookup table sampled from evenly spaced stops.
type ramp struct {
	name string
	lut  [lutSize]color.RGBA
}

func newRamp(name string, stops []color.NRGBA) *ramp {
	if len(stops) < 2 {
		panic("viz: a palette needs at least two colour stops")
	}
	r := &ramp{name: name}
	n := len(stops) - 1
	for i := range lutSize {
		t := float64(i) / (lutSize - 1) * float64(n)
		k := min(int(t), n-1)
		f := t - float64(k)
		a, b := stops[k], stops[k+1]
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
		c := color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: mix(a.A, b.A)}
		r.lut[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	return r
}

// at returns the colour at t in [0, 1]; t is clamped and NaN gives the
// middle entry.
func (r *ramp) at(t float64) color.RGBA {
	if r == nil {
		panic("viz: use of a zero palette; use a predefined one or NewDiverging/NewSequential")
	}
	if t != t {
		return r.lut[lutSize/2]
	}
	return r.lut[lutIndex(t)]
}

func lutIndex(t float64) int {
	switch {
	case t <= 0:
		return 0
	case t >= 1:
		return lutSize - 1
	}
	return int(t*(lutSize-1) + 0.5)
}

// Palette is a continuous colour map used by ColorBar.
type Palette interface {
	// At returns the colour at t in [0, 1], low to high, clamping t.
	At(t float64) color.RGBA
	// Name returns a short name such as "RdBu".
	Name() string
}

// Diverging is a colour map for signed values: negative values get one
// hue, positive values the other and zero the neutral middle colour.
// The zero Diverging is not usable; use a predefined palette or
// NewDiverging.
type Diverging struct{ r *ramp }

// NewDiverging returns a diverging palette through evenly spaced stops from
// −1 to +1; with an odd number of stops the middle one is zero.
func NewDiverging(name string, stops ...color.NRGBA) Diverging {
	return Diverging{newRamp(name, stops)}
}

// At returns the colour at t in [0, 1], where 0.5 is zero.
func (d Diverging) At(t float64) color.RGBA { return d.r.at(t) }

// Signed returns the colour of v on the symmetric scale [−scale, scale].
// Values beyond the scale are clamped; NaN and a non-positive scale give
// the neutral colour.
func (d Diverging) Signed(v, scale float64) color.RGBA {
	if !(scale > 0) {
		return d.r.at(0.5)
	}
	return d.r.at(0.5 + 0.5*v/scale)
}

// Name returns the palette's name.
func (d Diverging) Name() string { return d.r.name }

// Sequential is a colour map for ordered non-negative quantities such as
// counts. The zero Sequential is not usable; use a predefined palette or
// NewSequential.
type Sequential struct{ r *ramp }

// NewSequential returns a sequential palette through evenly spaced stops
// from low to high.
func NewSequential(name string, stops ...color.NRGBA) Sequential {
	return Sequential{newRamp(name, stops)}
}

// At returns the colour at t in [0, 1].
func (s Sequential) At(t float64) color.RGBA { return s.r.at(t) }

// Name returns the palette's name.
func (s Sequential) Name() string { return s.r.name }

// Predefined palettes. Diverging palettes run from negative (first hue)
// through zero (neutral) to positive (second hue).
//
// RdBu and PuOr are ColorBrewer's 11-class schemes (Brewer, colorbrewer2.org),
// oriented so that negative is blue or purple and positive red or orange;
// both are colour-blind safe, PuOr more so for red–green deficiency.
// Their Dark variants keep the hues but map zero to a dark grey near the
// dark background (#262629) and grow brighter with |v|, so that on a dark
// theme magnitude reads as light, as it does as ink on a light theme.
//
// Viridis (van der Walt & Smith, matplotlib) is perceptually uniform and
// works on both backgrounds; Blues (ColorBrewer) runs white to navy and
// suits counts on a light background; BluesDark runs from a dark grey near
// the dark background to pale blue, for counts on a dark background.
var (
	RdBu = NewDiverging("RdBu",
		hex(0x053061), hex(0x2166ac), hex(0x4393c3), hex(0x92c5de), hex(0xd1e5f0), hex(0xf7f7f7),
		hex(0xfddbc7), hex(0xf4a582), hex(0xd6604d), hex(0xb2182b), hex(0x67001f))
	PuOr = NewDiverging("PuOr",
		hex(0x2d004b), hex(0x542788), hex(0x8073ac), hex(0xb2abd2), hex(0xd8daeb), hex(0xf7f7f7),
		hex(0xfee0b6), hex(0xfdb863), hex(0xe08214), hex(0xb35806), hex(0x7f3b08))
	RdBuDark = NewDiverging("RdBuDark",
		hex(0xbfe0ff), hex(0x6fb1f0), hex(0x3a7fc4), hex(0x265280), hex(0x262629),
		hex(0x803026), hex(0xc4493a), hex(0xf07f6a), hex(0xffd0c0))
	PuOrDark = NewDiverging("PuOrDark",
		hex(0xe3d5ff), hex(0xb39ae8), hex(0x7e5fc0), hex(0x4a3a78), hex(0x262629),
		hex(0x7a4a10), hex(0xc07a1a), hex(0xf0a83a), hex(0xffe0a8))
	Viridis = NewSequential("Viridis",
		hex(0x440154), hex(0x482878), hex(0x3e4989), hex(0x31688e), hex(0x26828e),
		hex(0x1f9e89), hex(0x35b779), hex(0x6ece58), hex(0xb5de2b), hex(0xfde725))
	BluesDark = NewSequential("BluesDark",
		hex(0x222226), hex(0x1a3552), hex(0x1d4f82), hex(0x2a6db4), hex(0x4a90d9), hex(0x86bdf0), hex(0xcfe6ff))
	Blues = NewSequential("Blues",
		hex(0xf7fbff), hex(0xdeebf7), hex(0xc6dbef), hex(0x9ecae1), hex(0x6baed6),
		hex(0x4292c6), hex(0x2171b5), hex(0x08519c), hex(0x08306b))
)

// luminance returns the relative luminance of c (WCAG 2), in [0, 1].
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrastText returns black or white, whichever reads better on bg.
func contrastText(bg color.Color) color.NRGBA {
	if luminance(bg) > 0.36 {
		return hex(0x111111)
	}
	return hex(0xffffff)
}
