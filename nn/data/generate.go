package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Point is one point of a 2D dataset: its position, its class for
// classification and its target value in [−1, 1] for regression.
type Point struct {
	X, Y  float64
	Class int
	Value float64
}

// The generated 2D datasets, named as in the CLI's --dataset.
const (
	Circle     = "circle"
	XOR        = "xor"
	Gauss      = "gauss"
	Spiral     = "spiral"
	Moons      = "moons"
	GaussK     = "gauss-k"
	SpiralK    = "spiral-k"
	Plane      = "plane"
	MultiGauss = "multigauss"
	// Drawn names a dataset built from points the user placed.
	Drawn = "drawn"
)

// Kinds returns the names of the generated 2D datasets.
func Kinds() []string {
	return []string{Circle, XOR, Gauss, Spiral, Moons, GaussK, SpiralK, Plane, MultiGauss}
}

// IsRegression reports whether the 2D dataset named kind has real targets.
func IsRegression(kind string) bool { return kind == Plane || kind == MultiGauss }

// Limits of a Spec.
const (
	MinClasses, MaxClasses = 2, 5
	MinPoints, MaxPoints   = 4, 100000
	MaxNoise               = 0.5
	MinRatio, MaxRatio     = 0.1, 0.9
)

// Spec says how to generate a 2D dataset.
type Spec struct {
	Kind       string    // one of Kinds
	Classes    int       // for gauss-k and spiral-k, MinClasses..MaxClasses; the others have 2 (1 output for regression)
	Points     int       // MinPoints..MaxPoints
	Noise      float64   // 0..MaxNoise
	TrainRatio float64   // fraction of points used for training, MinRatio..MaxRatio
	Seed       uint64    // the same seed gives the same points
	Features   []Feature // the inputs the network sees
}

// DefaultSpec returns Playground's defaults for kind: 500 points, no
// noise, half of them for training, features x₁ and x₂, seed 1.
func DefaultSpec(kind string) Spec {
	return Spec{Kind: kind, Classes: 3, Points: 500, TrainRatio: 0.5, Seed: 1, Features: DefaultFeatures()}
}

// NumClasses returns the number of classes the spec generates, 0 for regression.
func (s Spec) NumClasses() int {
	switch {
	case IsRegression(s.Kind):
		return 0
	case s.Kind == GaussK || s.Kind == SpiralK:
		return s.Classes
	}
	return 2
}

// Validate reports whether the spec is usable.
func (s Spec) Validate() error {
	switch {
	case !slices.Contains(Kinds(), s.Kind):
		return fmt.Errorf("data: unknown 2D dataset %q (want %s)", s.Kind, strings.Join(Kinds(), ", "))
	case (s.Kind == GaussK || s.Kind == SpiralK) && (s.Classes < MinClasses || s.Classes > MaxClasses):
		return fmt.Errorf("data: %d classes, want %d..%d", s.Classes, MinClasses, MaxClasses)
	case s.Points < MinPoints || s.Points > MaxPoints:
		return fmt.Errorf("data: %d points, want %d..%d", s.Points, MinPoints, MaxPoints)
	case !(s.Noise >= 0 && s.Noise <= MaxNoise):
		return fmt.Errorf("data: noise %v, want 0..%v", s.Noise, MaxNoise)
	case !(s.TrainRatio >= MinRatio && s.TrainRatio <= MaxRatio):
		return fmt.Errorf("data: training ratio %v, want %v..%v", s.TrainRatio, MinRatio, MaxRatio)
	case len(s.Features) == 0:
		return fmt.Errorf("data: no input features")
	}
	for _, f := range s.Features {
		if f < 0 || f >= NumFeatures {
			return fmt.Errorf("data: bad feature %d", f)
		}
	}
	return nil
}

// Generate returns the spec's points, before the split into training and
// test points, drawn from a PCG generator seeded with s.Seed. The
// definitions follow TensorFlow Playground's src/dataset.ts: for circle and
// XOR the noise perturbs the position used for the label, for the spiral
// it jitters the position; gauss-k puts k Gaussians on a circle, and a
// k-arm spiral turns its arms 2π/k apart.
func Generate(s Spec) ([]Point, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	g := gen{rng: rand.New(rand.NewPCG(s.Seed, 0x706f696e7473)), n: s.Points, noise: s.Noise} // "points"
	switch s.Kind {
	case Circle:
		g.circle()
	case XOR:
		g.xor()
	case Gauss:
		g.gauss(2)
	case GaussK:
		g.gauss(s.Classes)
	case Spiral:
		g.spiral(2)
	case SpiralK:
		g.spiral(s.Classes)
	case Moons:
		g.moons()
	case Plane:
		g.regress(func(x, y float64) float64 { return (x + y) / 10 })
	case MultiGauss:
		g.regress(multiGauss)
	}
	return g.pts, nil
}

// gen accumulates generated points.
type gen struct {
	rng   *rand.Rand
	n     int
	noise float64
	pts   []Point
}

// uniform returns a sample of U(a, b).
func (g *gen) uniform(a, b float64) float64 { return a + (b-a)*g.rng.Float64() }

// share returns how many of n points class c of k gets.
func share(n, c, k int) int { return n/k + btoi(c < n%k) }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (g *gen) circle() {
	const radius = 5.0
	label := func(x, y float64) int { return btoi(math.Hypot(x, y) < radius*0.5) }
	for c, lo, hi := 0, 0.0, radius*0.5; c < 2; c, lo, hi = c+1, radius*0.7, radius {
		for range share(g.n, c, 2) {
			r := g.uniform(lo, hi)
			a := g.uniform(0, 2*math.Pi)
			x, y := r*math.Sin(a), r*math.Cos(a)
			nx := g.uniform(-radius, radius) * g.noise
			ny := g.uniform(-radius, radius) * g.noise
			g.pts = append(g.pts, Point{X: x, Y: y, Class: label(x+nx, y+ny)})
		}
	}
}

func (g *gen) xor() {
	const padding = 0.3
	for range g.n {
		x := g.uniform(-5, 5)
		x += math.Copysign(padding, x)
		y := g.uniform(-5, 5)
		y += math.Copysign(padding, y)
		nx := g.uniform(-5, 5) * g.noise
		ny := g.uniform(-5, 5) * g.noise
		g.pts = append(g.pts, Point{X: x, Y: y, Class: btoi((x+nx)*(y+ny) >= 0)})
	}
}

// gauss draws k Gaussian blobs with centres 2√2 from the origin; for k = 2
// they sit at (−2, −2) (class 0) and (2, 2) (class 1), as in Playground.
func (g *gen) gauss(k int) {
	variance := 0.5 + g.noise/MaxNoise*3.5 // noise 0..0.5 → variance 0.5..4
	sd := math.Sqrt(variance)
	for c := range k {
		a := 5*math.Pi/4 + 2*math.Pi*float64(c)/float64(k)
		cx, cy := 2*math.Sqrt2*math.Cos(a), 2*math.Sqrt2*math.Sin(a)
		for range share(g.n, c, k) {
			g.pts = append(g.pts, Point{X: cx + sd*g.rng.NormFloat64(), Y: cy + sd*g.rng.NormFloat64(), Class: c})
		}
	}
}

// spiral draws k arms turned 2π/k apart; for k = 2, class 1 starts at
// angle 0 and class 0 at π, as in Playground.
func (g *gen) spiral(k int) {
	for c := range k {
		dt := math.Pi + 2*math.Pi*float64(c)/float64(k)
		m := share(g.n, c, k)
		for i := range m {
			r := float64(i) / float64(m) * 5
			t := 1.75*float64(i)/float64(m)*2*math.Pi + dt
			x := r*math.Sin(t) + g.uniform(-1, 1)*g.noise
			y := r*math.Cos(t) + g.uniform(-1, 1)*g.noise
			g.pts = append(g.pts, Point{X: x, Y: y, Class: c})
		}
	}
}

// moons draws two interleaving half circles (as scikit-learn's make_moons)
// scaled by 3 to fill the plane; the noise jitters the positions.
func (g *gen) moons() {
	for c := range 2 {
		for range share(g.n, c, 2) {
			t := g.uniform(0, math.Pi)
			x, y := math.Cos(t), math.Sin(t)
			if c == 1 {
				x, y = 1-x, 0.5-y
			}
			x = 3*(x-0.5) + g.uniform(-1, 1)*g.noise*3
			y = 3*(y-0.25) + g.uniform(-1, 1)*g.noise*3
			g.pts = append(g.pts, Point{X: x, Y: y, Class: c})
		}
	}
}

// regress draws points uniformly in [−6, 6]² with target f at a position
// perturbed by the noise.
func (g *gen) regress(f func(x, y float64) float64) {
	const radius = 6.0
	for range g.n {
		x := g.uniform(-radius, radius)
		y := g.uniform(-radius, radius)
		nx := g.uniform(-radius, radius) * g.noise
		ny := g.uniform(-radius, radius) * g.noise
		g.pts = append(g.pts, Point{X: x, Y: y, Value: f(x+nx, y+ny)})
	}
}

// multiGauss is Playground's six signed bumps: the value of the bump
// largest in absolute value, each falling linearly from ±1 at its centre
// to 0 at distance 2.
func multiGauss(x, y float64) float64 {
	bumps := [...][3]float64{{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}}
	v := 0.0
	for _, b := range bumps {
		d := math.Hypot(x-b[0], y-b[1])
		nv := b[2] * max(0, min(1, 1-d/2))
		if math.Abs(nv) > math.Abs(v) {
			v = nv
		}
	}
	return v
}
