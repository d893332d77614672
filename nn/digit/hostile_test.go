package digit

import (
	"strings"
	"testing"

	"backproplab/internal/hostile"
)

// TestHostileJSONMemory checks that the largest strokes and saved-drawing
// files the commands and the app accept (10 MB of points, a 4 MB example
// of pixels) cost well under the 200 MB that issue 15 allows.
func TestHostileJSONMemory(t *testing.T) {
	points := `{"width":280,"height":280,"strokes":[[` + strings.Repeat("[1,2],", 10<<20/6) + `[1,2]]]}`
	pixels := `{"label":1,"pixels":[` + strings.Repeat("0,", MaxExampleBytes/2-64) + `0]}`
	tests := []struct {
		name  string
		parse func() error
		limit uint64
	}{
		{"10 MB strokes", func() error { _, err := ParseDrawings([]byte(points)); return err }, 120 << 20},
		{"4 MB example", func() error { _, err := ParseExample([]byte(pixels)); return err }, 120 << 20},
	}
	for _, tc := range tests {
		var err error
		alloc := hostile.Allocated(func() { err = tc.parse() })
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
		if alloc > tc.limit {
			t.Errorf("%s: allocated %d MB, want at most %d MB", tc.name, alloc>>20, tc.limit>>20)
		}
		t.Logf("%s: %v; %d MB allocated", tc.name, err, alloc>>20)
	}
}
