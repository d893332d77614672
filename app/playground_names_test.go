package app

import (
	"slices"
	"testing"

	"backproplab/nn/data"
	"backproplab/viz"
)

// TestPlaygroundClassNames checks the names the Playground's "Click adds"
// choice gives the classes of the real screen's datasets: the colours
// their points are drawn in, in viz.ClassColors' order, or the dataset's
// own names when it has some.
func TestPlaygroundClassNames(t *testing.T) {
	if n, c := len(pointColourNames()), len(viz.ClassColors()); n != c {
		t.Fatalf("%d colour names for %d class colours", n, c)
	}
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	for _, tc := range []struct {
		kind    string
		classes int
		want    []string
	}{
		{data.XOR, 0, []string{"Orange", "Blue"}},
		{data.Circle, 0, []string{"Orange", "Blue"}},
		{data.GaussK, 3, []string{"Orange", "Blue", "Green"}},
		{data.SpiralK, 5, []string{"Orange", "Blue", "Green", "Red", "Pink"}},
		{data.Drawn, 0, []string{"Orange", "Blue", "Green", "Red", "Pink"}}, // any of the five may be drawn
	} {
		p.spec.Kind = tc.kind
		if tc.classes > 0 {
			p.spec.Classes = tc.classes
		}
		p.rebuild()
		if !slices.Equal(p.draw.Options, tc.want) {
			t.Errorf("%s (%d classes): Click adds %q, want %q", tc.kind, tc.classes, p.draw.Options, tc.want)
		}
	}
	for _, tc := range []struct {
		names []string
		n     int
		want  []string
	}{
		{[]string{"cat", "dog"}, 2, []string{"cat", "dog"}},               // the dataset's own
		{[]string{"0", "1", "2"}, 3, []string{"Orange", "Blue", "Green"}}, // numbers only
		{nil, 2, []string{"Orange", "Blue"}},                              // none
		{[]string{"cat", "dog"}, 5, []string{"Orange", "Blue", "Green", "Red", "Pink"}},
		{nil, 6, []string{"Orange", "Blue", "Green", "Red", "Pink", "Class 5"}},
	} {
		if got := pointClassNames(tc.names, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("pointClassNames(%q, %d) = %q, want %q", tc.names, tc.n, got, tc.want)
		}
	}
}
