package viz

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// linearTicks places about n+1 labelled ticks at 1, 2, 2.5 or 5 × 10ᵏ steps
// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
type linearTicks struct{ n int }

// Ticks implements plot.Ticker.
func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return nil
	}
	step := niceStep((hi - lo) / float64(max(t.n, 1)))
	if !(step > 0) || !finite(step) {
		return nil
	}
	first := math.Ceil(lo/step - 1e-9)
	last := math.Floor(hi/step + 1e-9)
	if last-first > 100 { // guard against float trouble at huge magnitudes
		return nil
	}
	ticks := make([]plot.Tick, 0, int(last-first)+1)
	for k := first; k <= last; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, step)})
	}
	return ticks
}

// niceStep rounds raw to the nearest 1, 2, 2.5 or 5 times a power of ten
// (Heckbert's rounding, with 2.5 added).
func niceStep(raw float64) float64 {
	if !(raw > 0) || !finite(raw) {
		return 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / mag
	switch {
	case f < 1.5:
		return mag
	case f < 2.25:
		return 2 * mag
	case f < 3.5:
		return 2.5 * mag
	case f < 7.5:
		return 5 * mag
	}
	return 10 * mag
}

// formatTick formats v with just enough decimals to tell ticks step apart.
func formatTick(v, step float64) string {
	a := math.Max(math.Abs(v), step)
	if a >= 1e6 || step < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	dec := 0
	for s := step; dec < 6 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, s); s *= 10 {
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// logTicks labels powers of ten, adding 2× and 5× when at most three
// decades are visible, and falls back to linear ticks over narrow ranges.
type logTicks struct{ n int }

// Ticks implements plot.Ticker; lo must be positive.
func (t logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || !finite(hi) {
		return nil
	}
	if hi/lo < 5 {
		var out []plot.Tick
		for _, tk := range linearTicks(t).Ticks(lo, hi) {
			if tk.Value > 0 {
				out = append(out, tk)
			}
		}
		return out
	}
	k0 := int(math.Floor(math.Log10(lo)))
	k1 := int(math.Ceil(math.Log10(hi)))
	decades := k1 - k0
	mults := []float64{1}
	if decades <= 3 {
		mults = []float64{1, 2, 5}
	}
	every := max(1, (decades+max(t.n, 1)-1)/max(t.n, 1))
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		if (k-k0)%every != 0 {
			continue
		}
		p := math.Pow(10, float64(k))
		for _, m := range mults {
			v := m * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		}
	}
	return ticks
}
