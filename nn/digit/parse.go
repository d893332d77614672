package digit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// parser reads drawings token by token, so that it can stop at the first
// limit instead of building the whole value first.
type parser struct {
	dec   *json.Decoder
	total int // points and strokes read so far, over all drawings

	// The package limits; tests lower them.
	maxPoints, maxDrawings, maxTotal int
}

func newParser(data []byte) *parser {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &parser{dec: dec, maxPoints: MaxPoints, maxDrawings: MaxDrawings, maxTotal: MaxTotalPoints}
}

// errorf prefixes an error with the package name and the byte offset.
func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("digit: parse drawings at byte %d: "+format, append([]any{p.dec.InputOffset()}, args...)...)
}

// token reads the next token; io.EOF becomes io.ErrUnexpectedEOF.
func (p *parser) token() (json.Token, error) {
	t, err := p.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return t, err
}

// delim reads the next token and checks that it is the delimiter want.
func (p *parser) delim(want json.Delim, what string) error {
	t, err := p.token()
	if err != nil {
		return p.errorf("%s: %w", what, err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return p.errorf("%s: want %q, got %s", what, want, describe(t))
	}
	return nil
}

// end checks that nothing but white space follows the value.
func (p *parser) end() error {
	if t, err := p.dec.Token(); err != io.EOF {
		if err != nil {
			return p.errorf("after drawings: %w", err)
		}
		return p.errorf("unexpected %s after drawings", describe(t))
	}
	return nil
}

// one reads exactly one drawing object.
func (p *parser) one() (Drawing, error) {
	if err := p.delim('{', "drawing"); err != nil {
		return Drawing{}, err
	}
	d, err := p.drawing(0)
	if err != nil {
		return Drawing{}, err
	}
	if err := p.end(); err != nil {
		return Drawing{}, err
	}
	return d, nil
}

// all reads one drawing object or an array of them.
func (p *parser) all() ([]Drawing, error) {
	t, err := p.token()
	if err != nil {
		return nil, p.errorf("%w", err)
	}
	var out []Drawing
	switch t {
	case json.Delim('{'):
		d, err := p.drawing(0)
		if err != nil {
			return nil, err
		}
		out = []Drawing{d}
	case json.Delim('['):
		for p.dec.More() {
			if len(out) == p.maxDrawings {
				return nil, p.errorf("more than %d drawings: %w", p.maxDrawings, errLimit)
			}
			what := fmt.Sprintf("drawing %d", len(out))
			if err := p.delim('{', what); err != nil {
				return nil, err
			}
			d, err := p.drawing(len(out))
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
		if err := p.delim(']', "array of drawings"); err != nil {
			return nil, err
		}
	default:
		return nil, p.errorf("want a drawing object or an array of them, got %s", describe(t))
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	return out, nil
}

// drawing reads the rest of a drawing object after its '{'.
func (p *parser) drawing(idx int) (Drawing, error) {
	var d Drawing
	var seenW, seenH, seenS bool
	for p.dec.More() {
		t, err := p.token()
		if err != nil {
			return d, p.errorf("drawing %d: %w", idx, err)
		}
		key, _ := t.(string) // keys are always strings in valid JSON
		var seen *bool
		switch key {
		case "width":
			seen = &seenW
		case "height":
			seen = &seenH
		case "strokes":
			seen = &seenS
		default:
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return d, p.errorf("drawing %d: key %q: %w", idx, key, err)
			}
			continue
		}
		if *seen {
			return d, p.errorf("drawing %d: duplicate key %q", idx, key)
		}
		*seen = true
		if key == "strokes" {
			if d.Strokes, err = p.strokes(idx); err != nil {
				return d, err
			}
			continue
		}
		v, err := p.number(func() string { return fmt.Sprintf("drawing %d: %s", idx, key) })
		if err != nil {
			return d, err
		}
		if err := checkSide(key, v); err != nil {
			return d, p.errorf("drawing %d: %w", idx, err)
		}
		if key == "width" {
			d.Width = v
		} else {
			d.Height = v
		}
	}
	if err := p.delim('}', fmt.Sprintf("drawing %d", idx)); err != nil {
		return d, err
	}
	for _, m := range []struct {
		seen bool
		key  string
	}{{seenW, "width"}, {seenH, "height"}, {seenS, "strokes"}} {
		if !m.seen {
			return d, p.errorf("drawing %d: missing key %q", idx, m.key)
		}
	}
	return d, nil
}

// strokes reads the value of "strokes": an array of arrays of [x, y].
func (p *parser) strokes(idx int) ([]Stroke, error) {
	if err := p.delim('[', fmt.Sprintf("drawing %d: strokes", idx)); err != nil {
		return nil, err
	}
	var out []Stroke
	n := 0 // points and strokes of this drawing
	for p.dec.More() {
		si := len(out)
		if err := p.delim('[', fmt.Sprintf("drawing %d: stroke %d", idx, si)); err != nil {
			return nil, err
		}
		var s Stroke
		for p.dec.More() {
			if err := p.count(&n, idx); err != nil {
				return nil, err
			}
			pi := len(s)
			pt, err := p.point(func() string {
				return fmt.Sprintf("drawing %d: stroke %d point %d", idx, si, pi)
			})
			if err != nil {
				return nil, err
			}
			s = append(s, pt)
		}
		if len(s) == 0 {
			if err := p.count(&n, idx); err != nil {
				return nil, err
			}
		}
		if err := p.delim(']', fmt.Sprintf("drawing %d: stroke %d", idx, si)); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := p.delim(']', fmt.Sprintf("drawing %d: strokes", idx)); err != nil {
		return nil, err
	}
	return out, nil
}

// count adds one point (or empty stroke) to the per-drawing count n and the
// total, failing beyond the limits.
func (p *parser) count(n *int, idx int) error {
	*n++
	p.total++
	if *n > p.maxPoints {
		return p.errorf("drawing %d: more than %d points and strokes: %w", idx, p.maxPoints, errLimit)
	}
	if p.total > p.maxTotal {
		return p.errorf("more than %d points and strokes in all drawings: %w", p.maxTotal, errLimit)
	}
	return nil
}

// point reads [x, y]. what names the point in errors; it is called only on
// failure, so the common path formats nothing.
func (p *parser) point(what func() string) (Point, error) {
	t, err := p.token()
	if err != nil {
		return Point{}, p.errorf("%s: %w", what(), err)
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return Point{}, p.errorf("%s: want [x, y], got %s", what(), describe(t))
	}
	x, err := p.number(func() string { return what() + ": x" })
	if err != nil {
		return Point{}, err
	}
	y, err := p.number(func() string { return what() + ": y" })
	if err != nil {
		return Point{}, err
	}
	if p.dec.More() {
		return Point{}, p.errorf("%s: want [x, y], got more than two numbers", what())
	}
	if t, err = p.token(); err != nil {
		return Point{}, p.errorf("%s: %w", what(), err)
	}
	if d, ok := t.(json.Delim); !ok || d != ']' {
		return Point{}, p.errorf("%s: want [x, y], got %s", what(), describe(t))
	}
	return Point{x, y}, nil
}

// number reads a JSON number that fits a finite float32; what names it in
// errors.
func (p *parser) number(what func() string) (float32, error) {
	t, err := p.token()
	if err != nil {
		return 0, p.errorf("%s: %w", what(), err)
	}
	n, ok := t.(json.Number)
	if !ok {
		return 0, p.errorf("%s: want a number, got %s", what(), describe(t))
	}
	v, err := strconv.ParseFloat(string(n), 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, p.errorf("%s: %s is out of float32 range", what(), n)
		}
		return 0, p.errorf("%s: %w", what(), err)
	}
	return float32(v), nil
}

// describe names a token for an error message.
func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return strconv.Quote(string(v))
	case string:
		return "string " + strconv.Quote(v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return "boolean " + strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", t)
}
