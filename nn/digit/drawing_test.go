package digit

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseDrawings(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Drawing
	}{
		{"object", `{"width":280,"height":200,"strokes":[[[1,2],[3.5,-4e1]],[[5,6]]]}`,
			[]Drawing{{280, 200, []Stroke{{{1, 2}, {3.5, -40}}, {{5, 6}}}}}},
		{"array", ` [ {"width":1,"height":2,"strokes":[]}, {"strokes":[[]],"height":3,"width":4} ] `,
			[]Drawing{{1, 2, nil}, {4, 3, []Stroke{nil}}}},
		{"empty array", `[]`, nil},
		{"unknown keys ignored", `{"label":7,"width":5,"meta":{"a":[1,{"b":null}]},"height":6,"strokes":[[[0,0]]]}`,
			[]Drawing{{5, 6, []Stroke{{{0, 0}}}}}},
		{"tiny number underflows to zero", `{"width":1,"height":1,"strokes":[[[1e-50,0]]]}`,
			[]Drawing{{1, 1, []Stroke{{{0, 0}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDrawings([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseDrawings(%s) error %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseDrawings(%s) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// repeat returns n copies of s joined by commas.
func repeat(s string, n int) string {
	return strings.TrimSuffix(strings.Repeat(s+",", n), ",")
}

func TestParseDrawingsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string // want: a substring of the error
	}{
		{"empty input", ``, "unexpected EOF"},
		{"not JSON", `hello`, "invalid character"},
		{"scalar", `7`, "want a drawing object"},
		{"null", `null`, "want a drawing object"},
		{"array of numbers", `[1]`, `drawing 0: want "{"`},
		{"negative width", `{"width":-3,"height":2,"strokes":[]}`, "width must be a finite number > 0, got -3"},
		{"zero height", `{"width":3,"height":0,"strokes":[]}`, "height must be a finite number > 0, got 0"},
		{"width string", `{"width":"280","height":2,"strokes":[]}`, `drawing 0: width: want a number, got string "280"`},
		{"width out of range", `{"width":1e39,"height":2,"strokes":[]}`, "1e39 is out of float32 range"},
		{"missing width", `{"height":2,"strokes":[]}`, `drawing 0: missing key "width"`},
		{"missing height", `[{"width":1,"height":2,"strokes":[]},{"width":2,"strokes":[]}]`, `drawing 1: missing key "height"`},
		{"missing strokes", `{"width":2,"height":2}`, `missing key "strokes"`},
		{"duplicate key", `{"width":2,"width":3,"height":2,"strokes":[]}`, `duplicate key "width"`},
		{"strokes null", `{"width":2,"height":2,"strokes":null}`, `strokes: want "["`},
		{"stroke not array", `{"width":2,"height":2,"strokes":[1]}`, `stroke 0: want "["`},
		{"point one number", `{"width":2,"height":2,"strokes":[[[1]]]}`, `stroke 0 point 0: y: want a number, got "]"`},
		{"point three numbers", `{"width":2,"height":2,"strokes":[[[1,2],[1,2,3]]]}`, "point 1: want [x, y], got more than two numbers"},
		{"point object", `{"width":2,"height":2,"strokes":[[{"x":1,"y":2}]]}`, `point 0: want [x, y], got "{"`},
		{"point boolean", `{"width":2,"height":2,"strokes":[[[true,2]]]}`, "x: want a number, got boolean true"},
		{"coordinate out of range", `{"width":2,"height":2,"strokes":[[[1,-1e300]]]}`, "-1e300 is out of float32 range"},
		{"truncated", `{"width":2,"height":2,"strokes":[[[1,2]`, "unexpected EOF"},
		{"trailing data", `{"width":2,"height":2,"strokes":[]} {}`, `unexpected "{" after drawings`},
		{"trailing garbage", `[] x`, "invalid character"},
		{"too many points", `{"width":2,"height":2,"strokes":[[` + repeat("[1,1]", MaxPoints+1) + `]]}`,
			fmt.Sprintf("more than %d points", MaxPoints)},
		{"too many empty strokes", `{"width":2,"height":2,"strokes":[` + repeat("[]", MaxPoints+1) + `]}`,
			fmt.Sprintf("more than %d points", MaxPoints)},
		{"too many drawings", `[` + repeat(`{"width":1,"height":1,"strokes":[]}`, MaxDrawings+1) + `]`,
			fmt.Sprintf("more than %d drawings", MaxDrawings)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDrawings([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseDrawings(%.60s…) = %d drawings, want error containing %q", tt.in, len(got), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "digit: parse drawings at byte ") {
				t.Errorf("ParseDrawings(%.60s…) error %q, want it to contain %q", tt.in, err, tt.want)
			}
			if strings.Contains(tt.name, "many") && !errors.Is(err, errLimit) {
				t.Errorf("ParseDrawings(%.60s…) error %q does not wrap errLimit", tt.in, err)
			}
		})
	}
}

// TestParseLimits checks the limits on drawings and on all points with
// lowered limits; TestParseDrawingsErrors checks MaxPoints itself.
func TestParseLimits(t *testing.T) {
	one := `{"width":1,"height":1,"strokes":[[[1,1],[2,2]],[]]}` // 3 points and strokes
	tests := []struct {
		name                  string
		drawings              int
		maxDrawings, maxTotal int
		want                  string // "" for success
	}{
		{"drawings at the limit", 4, 4, 100, ""},
		{"one drawing too many", 5, 4, 100, "more than 4 drawings"},
		{"points at the limit", 4, 10, 12, ""},
		{"one point too many", 4, 10, 11, "more than 11 points and strokes in all drawings"},
	}
	for _, tt := range tests {
		p := newParser([]byte("[" + repeat(one, tt.drawings) + "]"))
		p.maxDrawings, p.maxTotal = tt.maxDrawings, tt.maxTotal
		ds, err := p.all()
		switch {
		case tt.want == "" && (err != nil || len(ds) != tt.drawings):
			t.Errorf("%s: got %d drawings, error %v; want %d drawings", tt.name, len(ds), err, tt.drawings)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, errLimit)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestDrawingValidate(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	tests := []struct {
		name string
		d    Drawing
		want string // "" for valid
	}{
		{"valid", Drawing{10, 10, []Stroke{{{1, 1}}, nil}}, ""},
		{"points outside the pad are fine", Drawing{10, 10, []Stroke{{{-1e30, 1e30}}}}, ""},
		{"zero width", Drawing{0, 10, nil}, "width must be"},
		{"NaN height", Drawing{10, nan, nil}, "height must be"},
		{"infinite width", Drawing{inf, 10, nil}, "width must be"},
		{"NaN point", Drawing{10, 10, []Stroke{{{1, 1}, {nan, 2}}}}, "stroke 0 point 1"},
		{"infinite point", Drawing{10, 10, []Stroke{nil, {{1, -inf}}}}, "stroke 1 point 0"},
		{"too many points", Drawing{10, 10, []Stroke{make(Stroke, MaxPoints+1)}}, "more than"},
		{"too many strokes", Drawing{10, 10, make([]Stroke, MaxPoints+1)}, "more than"},
	}
	for _, tt := range tests {
		err := tt.d.Validate()
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// readDigits returns the ten hand-made digits of testdata/digits.json,
// digit i at index i.
func readDigits(tb testing.TB) []Drawing {
	tb.Helper()
	data, err := os.ReadFile("testdata/digits.json")
	if err != nil {
		tb.Fatal(err)
	}
	ds, err := ParseDrawings(data)
	if err != nil {
		tb.Fatal(err)
	}
	if len(ds) != 10 {
		tb.Fatalf("testdata/digits.json holds %d drawings, want 10", len(ds))
	}
	return ds
}

func TestDrawingJSONRoundTrip(t *testing.T) {
	ds := readDigits(t)
	ds = append(ds, Drawing{280.5, 1e-3, []Stroke{nil, {{0.1, 1.0 / 3}}, {{-2, 3e7}, {1e-40, 5}}}})
	// Through encoding/json, which calls MarshalJSON and UnmarshalJSON.
	data, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	var back []Drawing
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ds) {
		t.Errorf("json round trip changed the drawings:\n got %v\nwant %v", back, ds)
	}
	// Through ParseDrawings.
	back, err = ParseDrawings(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ds) {
		t.Errorf("ParseDrawings(json.Marshal(ds)) changed the drawings")
	}
	if _, err := json.Marshal(Drawing{Width: -1, Height: 1}); err == nil {
		t.Error("json.Marshal(Drawing{Width: -1}) succeeded, want an error")
	}
	var d Drawing
	if err := json.Unmarshal([]byte(`[{"width":1,"height":1,"strokes":[]}]`), &d); err == nil {
		t.Error("Drawing.UnmarshalJSON(array) succeeded, want an error")
	}
}

func FuzzParseDrawings(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"width":1,"height":1,"strokes":[[[1,2,3]]]}`))
	f.Add([]byte(`[{"width":-1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ParseDrawings(data)
		if err != nil {
			if ds != nil {
				t.Errorf("ParseDrawings returned %d drawings with error %v", len(ds), err)
			}
			return
		}
		for i, d := range ds {
			if err := d.Validate(); err != nil {
				t.Fatalf("drawing %d parsed but does not validate: %v", i, err)
			}
			if i < 3 {
				FromDrawing(d, DefaultOptions()) // must not panic
			}
		}
		if len(ds) == 0 {
			return
		}
		out, err := json.Marshal(ds)
		if err != nil {
			t.Fatalf("json.Marshal(parsed) error %v", err)
		}
		back, err := ParseDrawings(out)
		if err != nil {
			t.Fatalf("ParseDrawings(json.Marshal(parsed)) error %v", err)
		}
		if !reflect.DeepEqual(back, ds) {
			t.Fatalf("round trip changed the drawings")
		}
	})
}
