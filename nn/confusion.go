package nn

import "fmt"

// ConfusionMatrix counts the examples of each true class t predicted as
// class p: m[t][p]. Labels outside 0–9 are not counted.
// It panics if pred and truth differ in length.
func ConfusionMatrix(pred, truth []uint8) [10][10]int {
	if len(pred) != len(truth) {
		panic(fmt.Sprintf("nn: ConfusionMatrix: %d predictions for %d labels", len(pred), len(truth)))
	}
	var m [10][10]int
	for i, p := range pred {
		if t := truth[i]; t < 10 && p < 10 {
			m[t][p]++
		}
	}
	return m
}
