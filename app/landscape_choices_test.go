package app

import (
	"slices"
	"testing"

	"backproplab/nn/live"
)

func TestLandChoices(t *testing.T) {
	marks := func(n int, ends ...int) []live.Mark {
		m := make([]live.Mark, n)
		for i := range m {
			m[i].Step = i
		}
		for _, e := range ends {
			m[e].EpochEnd = true
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		marks []live.Mark
		max   int
		want  []int
	}{
		{"few: all", marks(4), 5, []int{0, 1, 2, 3}},
		{"exactly max", marks(5), 5, []int{0, 1, 2, 3, 4}},
		{"evenly spaced", marks(9), 5, []int{0, 2, 4, 6, 8}},
		{"moved to epoch ends", marks(9, 3, 7), 5, []int{0, 3, 4, 7, 8}},
		{"first and last stay", marks(9, 1, 7), 3, []int{0, 4, 8}},
	} {
		if got := landChoices(tc.marks, tc.max); !slices.Equal(got, tc.want) {
			t.Errorf("%s: landChoices = %v, want %v", tc.name, got, tc.want)
		}
	}
	// A Playground-sized timeline: at most max choices, ascending, from the first to the last.
	got := landChoices(marks(5000, 1000, 2000, 3000, 4000), landMaxChoices)
	if len(got) > landMaxChoices || got[0] != 0 || got[len(got)-1] != 4999 || !slices.IsSorted(got) {
		t.Errorf("5,000 marks: %d choices %v", len(got), got)
	}
	for _, e := range []int{1000, 2000, 3000, 4000} {
		if !slices.Contains(got, e) {
			t.Errorf("5,000 marks: epoch end %d not offered in %v", e, got)
		}
	}
}
