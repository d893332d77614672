package data

// ClassScore is how a model does on one class of a test set.
type ClassScore struct {
	Class    string  `json:"class"`
	N        int     `json:"n"`        // images of the class
	Correct  int     `json:"correct"`  // of them read right
	Accuracy float64 `json:"accuracy"` // Correct/N, 0 when N is 0
}

// PerClass scores predictions pred against truth for each of classes:
// the gap a model trained on MNIST shows on the class's own handwriting,
// digit by digit.
func PerClass(pred, truth []uint8, classes []string) []ClassScore {
	s := make([]ClassScore, len(classes))
	for c := range s {
		s[c].Class = classes[c]
	}
	for i, t := range truth {
		if int(t) >= len(s) {
			continue
		}
		s[t].N++
		if i < len(pred) && pred[i] == t {
			s[t].Correct++
		}
	}
	for c := range s {
		if s[c].N > 0 {
			s[c].Accuracy = float64(s[c].Correct) / float64(s[c].N)
		}
	}
	return s
}
