package data

import (
	"slices"
	"testing"
)

func TestPerClass(t *testing.T) {
	got := PerClass([]uint8{0, 1, 1, 2, 0}, []uint8{0, 1, 2, 2, 9}, []string{"a", "b", "c"})
	want := []ClassScore{{"a", 1, 1, 1}, {"b", 1, 1, 1}, {"c", 2, 1, 0.5}}
	if !slices.Equal(got, want) {
		t.Errorf("PerClass = %+v, want %+v", got, want)
	}
}
