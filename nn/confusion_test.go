package nn

import "testing"

func TestConfusionMatrix(t *testing.T) {
	tests := []struct {
		name        string
		pred, truth []uint8
		want        map[[2]int]int // non-zero cells [truth, pred]
	}{
		{"empty", nil, nil, map[[2]int]int{}},
		{"all right", []uint8{0, 1, 2, 1}, []uint8{0, 1, 2, 1}, map[[2]int]int{{0, 0}: 1, {1, 1}: 2, {2, 2}: 1}},
		{
			"mistakes",
			[]uint8{7, 1, 9, 9, 4, 3},
			[]uint8{7, 7, 4, 4, 4, 8},
			map[[2]int]int{{7, 7}: 1, {7, 1}: 1, {4, 9}: 2, {4, 4}: 1, {8, 3}: 1},
		},
		{"out of range ignored", []uint8{10, 3, 3}, []uint8{3, 200, 3}, map[[2]int]int{{3, 3}: 1}},
	}
	for _, tt := range tests {
		got := ConfusionMatrix(tt.pred, tt.truth)
		for r := range 10 {
			for c := range 10 {
				if want := tt.want[[2]int{r, c}]; got[r][c] != want {
					t.Errorf("%s: ConfusionMatrix[%d][%d] = %d, want %d", tt.name, r, c, got[r][c], want)
				}
			}
		}
	}
}

func TestConfusionMatrixPanicsOnLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ConfusionMatrix with mismatched lengths did not panic")
		}
	}()
	ConfusionMatrix([]uint8{1}, []uint8{1, 2})
}
