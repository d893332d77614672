package viz

import "math"

// Smooth returns the TensorBoard-style debiased exponential moving average
// of y. alpha in [0, 1) is the weight of the past, as on TensorBoard's
// smoothing slider: 0 returns a copy of y, 0.6 is TensorBoard's default and
// 0.9–0.99 smooth per-batch losses strongly.
//
// With m₀ = 0 and k counting the finite values seen so far,
//
//	mₖ = alpha·mₖ₋₁ + (1 − alpha)·yᵢ,   sᵢ = mₖ / (1 − alphaᵏ),
//
// so the first output equals the first input rather than being pulled
// towards zero (the bias correction of Adam, Kingma & Ba 2015, §3).
// Non-finite inputs are copied to the output and leave the average
// unchanged. alpha outside [0, 1) is clamped to that range.
func Smooth(y []float64, alpha float64) []float64 {
	out := make([]float64, len(y))
	if !(alpha > 0) { // also catches NaN
		alpha = 0
	}
	alpha = min(alpha, 0.999999)
	var last, pow float64 = 0, 1
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			out[i] = v
			continue
		}
		last = alpha*last + (1-alpha)*v
		pow *= alpha
		out[i] = last / (1 - pow)
	}
	return out
}

// maxAbs bounds plotted magnitudes so that axis arithmetic stays finite;
// larger values are clipped to ±maxAbs.
const maxAbs = 1e15

// xy is one plotted point.
type xy struct{ x, y float64 }

// cleanPoints returns the points of x and y that can be drawn: both
// coordinates finite (and y > 0 when logY), |x| ≤ maxAbs, y clipped to
// ±maxAbs.
// Extra elements of the longer slice are ignored.
func cleanPoints(x, y []float64, logY bool) []xy {
	n := min(len(x), len(y))
	pts := make([]xy, 0, n)
	for i := range n {
		xi, yi := x[i], y[i]
		if !finite(xi) || !finite(yi) || math.Abs(xi) > maxAbs {
			continue
		}
		yi = max(-maxAbs, min(maxAbs, yi))
		if logY && !(yi > 0) {
			continue
		}
		pts = append(pts, xy{xi, yi})
	}
	return pts
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// downsample reduces pts, whose x must be non-decreasing, to at most about
// 2·buckets points: the x range [x0, x1] is cut into equal buckets (one per
// pixel column) and each bucket keeps its minimum and maximum y, in their
// original order, plus the series' first and last point. Lines through the
// result cover the same pixels as lines through pts. Unsorted input and
// input already small enough are returned unchanged.
func downsample(pts []xy, x0, x1 float64, buckets int) []xy {
	if buckets < 1 || len(pts) <= 2*buckets+2 || !(x1 > x0) || !sortedX(pts) {
		return pts
	}
	out := make([]xy, 0, 2*buckets+2)
	out = append(out, pts[0])
	width := (x1 - x0) / float64(buckets)
	bucketOf := func(x float64) int {
		return max(0, min(buckets-1, int((x-x0)/width)))
	}
	i := 1
	last := len(pts) - 1
	for i < last {
		b := bucketOf(pts[i].x)
		lo, hi := i, i
		j := i + 1
		for ; j < last && bucketOf(pts[j].x) == b; j++ {
			if pts[j].y < pts[lo].y {
				lo = j
			}
			if pts[j].y > pts[hi].y {
				hi = j
			}
		}
		switch {
		case lo == hi:
			out = append(out, pts[lo])
		case lo < hi:
			out = append(out, pts[lo], pts[hi])
		default:
			out = append(out, pts[hi], pts[lo])
		}
		i = j
	}
	return append(out, pts[last])
}

func sortedX(pts []xy) bool {
	for i := 1; i < len(pts); i++ {
		if pts[i].x < pts[i-1].x {
			return false
		}
	}
	return true
}
