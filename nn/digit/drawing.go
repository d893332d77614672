package digit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Limits on the drawings this package accepts. ParseDrawings enforces them
// while reading, so a huge file fails before it is held in memory.
const (
	// MaxPoints bounds the points of one drawing; each stroke counts as at
	// least one point, so a file of empty strokes is bounded too.
	MaxPoints = 100_000
	// MaxDrawings bounds the drawings in one ParseDrawings call.
	MaxDrawings = 10_000
	// MaxTotalPoints bounds the points of all drawings in one ParseDrawings
	// call.
	MaxTotalPoints = 1_000_000
)

// Point is a pen position in pad coordinates: x to the right, y down, both
// in the units of Drawing.Width and Drawing.Height (for the app: device
// independent pixels of the pad).
type Point struct{ X, Y float32 }

// Stroke is the path of one pen-down…pen-up gesture. Consecutive points are
// joined by straight segments of the pen's width with round caps, so a fast
// stroke with far-apart points still draws a continuous line. A stroke of a
// single point is a dot; an empty stroke draws nothing.
type Stroke []Point

// Drawing is what the pad recorded: the pad's size and the strokes on it.
// Ink outside [0, Width] × [0, Height] is clipped away.
//
// Its JSON form is
//
//	{"width": W, "height": H, "strokes": [[[x, y], [x, y], …], …]}
type Drawing struct {
	Width, Height float32
	Strokes       []Stroke
}

// Points reports the number of points in all strokes of d.
func (d Drawing) Points() int {
	n := 0
	for _, s := range d.Strokes {
		n += len(s)
	}
	return n
}

// Validate reports why d cannot be rendered, or nil: Width and Height must be
// finite and positive, every coordinate finite, and the points and strokes
// together at most MaxPoints.
func (d Drawing) Validate() error {
	if err := checkSide("width", d.Width); err != nil {
		return err
	}
	if err := checkSide("height", d.Height); err != nil {
		return err
	}
	n := 0
	for i, s := range d.Strokes {
		n += max(1, len(s))
		if n > MaxPoints {
			return fmt.Errorf("more than %d points and strokes", MaxPoints)
		}
		for j, p := range s {
			if !finite(p.X) || !finite(p.Y) {
				return fmt.Errorf("stroke %d point %d: coordinate (%v, %v) is not finite", i, j, p.X, p.Y)
			}
		}
	}
	return nil
}

func checkSide(name string, v float32) error {
	if !finite(v) || v <= 0 {
		return fmt.Errorf("%s must be a finite number > 0, got %v", name, v)
	}
	return nil
}

func finite(v float32) bool {
	return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0)
}

// MarshalJSON writes d in the format described at Drawing, with the shortest
// decimal form of each float32. It fails if d does not Validate.
func (d Drawing) MarshalJSON() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("digit: marshal drawing: %w", err)
	}
	b := make([]byte, 0, 48+16*d.Points())
	b = append(b, `{"width":`...)
	b = appendFloat(b, d.Width)
	b = append(b, `,"height":`...)
	b = appendFloat(b, d.Height)
	b = append(b, `,"strokes":[`...)
	for i, s := range d.Strokes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, p := range s {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = appendFloat(b, p.X)
			b = append(b, ',')
			b = appendFloat(b, p.Y)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	b = append(b, "]}"...)
	return b, nil
}

func appendFloat(b []byte, v float32) []byte {
	return strconv.AppendFloat(b, float64(v), 'g', -1, 32)
}

// UnmarshalJSON reads one drawing in the format described at Drawing, with
// the checks and limits of ParseDrawings.
func (d *Drawing) UnmarshalJSON(data []byte) error {
	p := newParser(data)
	got, err := p.one()
	if err != nil {
		return err
	}
	*d = got
	return nil
}

// ParseDrawings reads one drawing object or a JSON array of them (see
// Drawing for the format). Unknown object keys are ignored; missing keys,
// wrong types, points that are not [x, y] pairs, numbers out of float32
// range, a width or height ≤ 0, trailing data and inputs beyond MaxPoints,
// MaxDrawings or MaxTotalPoints are errors that name the drawing, stroke,
// point and byte offset.
func ParseDrawings(data []byte) ([]Drawing, error) {
	return newParser(data).all()
}

// errLimit is wrapped by the errors for inputs beyond the package limits.
var errLimit = errors.New("limit exceeded")
