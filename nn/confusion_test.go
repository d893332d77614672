package nn

import "testing"

func TestConfusionMatrix(t *testing.T) {
	tests := []struct {
		name        string
		pred, truth []uint8
		classes     int
		want        map[[2]int]int // non-zero cells [truth, pred]
	}{
		{"empty", nil, nil, 10, map[[2]int]int{}},
		{"all right", []uint8{0, 1, 2, 1}, []uint8{0, 1, 2, 1}, 10, map[[2]int]int{{0, 0}: 1, {1, 1}: 2, {2, 2}: 1}},
		{
			"mistakes",
			[]uint8{7, 1, 9, 9, 4, 3},
			[]uint8{7, 7, 4, 4, 4, 8},
			10,
			map[[2]int]int{{7, 7}: 1, {7, 1}: 1, {4, 9}: 2, {4, 4}: 1, {8, 3}: 1},
		},
		{"out of range ignored", []uint8{10, 3, 3}, []uint8{3, 200, 3}, 10, map[[2]int]int{{3, 3}: 1}},
		{"two classes", []uint8{0, 1, 1, 0, 2}, []uint8{0, 0, 1, 1, 1}, 2, map[[2]int]int{{0, 0}: 1, {0, 1}: 1, {1, 1}: 1, {1, 0}: 1}},
		{"three classes", []uint8{2, 2, 0, 1}, []uint8{2, 1, 0, 3}, 3, map[[2]int]int{{2, 2}: 1, {1, 2}: 1, {0, 0}: 1}},
		{"one class", []uint8{0, 0, 1}, []uint8{0, 1, 0}, 1, map[[2]int]int{{0, 0}: 1}},
		{"many classes", []uint8{99, 42, 150}, []uint8{99, 41, 150}, 151, map[[2]int]int{{99, 99}: 1, {41, 42}: 1, {150, 150}: 1}},
	}
	for _, tt := range tests {
		got := ConfusionMatrix(tt.pred, tt.truth, tt.classes)
		if len(got) != tt.classes {
			t.Fatalf("%s: ConfusionMatrix has %d rows, want %d", tt.name, len(got), tt.classes)
		}
		for r := range tt.classes {
			if len(got[r]) != tt.classes {
				t.Fatalf("%s: ConfusionMatrix row %d has %d cells, want %d", tt.name, r, len(got[r]), tt.classes)
			}
			for c := range tt.classes {
				if want := tt.want[[2]int{r, c}]; got[r][c] != want {
					t.Errorf("%s: ConfusionMatrix[%d][%d] = %d, want %d", tt.name, r, c, got[r][c], want)
				}
			}
		}
	}
}

// TestConfusionMatrixRowsApart checks that appending to one row cannot
// write into the next.
func TestConfusionMatrixRowsApart(t *testing.T) {
	m := ConfusionMatrix(nil, nil, 3)
	_ = append(m[0], 7)
	if m[1][0] != 0 {
		t.Errorf("appending to row 0 wrote %d into row 1", m[1][0])
	}
}

func TestConfusionMatrixPanics(t *testing.T) {
	for _, tt := range []struct {
		name        string
		pred, truth []uint8
		classes     int
	}{
		{"length", []uint8{1}, []uint8{1, 2}, 10},
		{"no classes", nil, nil, 0},
		{"negative classes", nil, nil, -1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("ConfusionMatrix %s did not panic", tt.name)
				}
			}()
			ConfusionMatrix(tt.pred, tt.truth, tt.classes)
		}()
	}
}
