package nn

import "fmt"

// ConfusionMatrix counts the examples of each true class t predicted as
// class p: m[t][p], a classes×classes matrix. Labels and predictions of
// classes or more are not counted.
// It panics if pred and truth differ in length or classes is not positive.
func ConfusionMatrix(pred, truth []uint8, classes int) [][]int {
	if len(pred) != len(truth) {
		panic(fmt.Sprintf("nn: ConfusionMatrix: %d predictions for %d labels", len(pred), len(truth)))
	}
	if classes < 1 {
		panic(fmt.Sprintf("nn: ConfusionMatrix: %d classes", classes))
	}
	cells := make([]int, classes*classes)
	m := make([][]int, classes)
	for t := range m {
		m[t] = cells[t*classes : (t+1)*classes : (t+1)*classes]
	}
	for i, p := range pred {
		if t := truth[i]; int(t) < classes && int(p) < classes {
			m[t][p]++
		}
	}
	return m
}
