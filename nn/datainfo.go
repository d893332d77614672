package nn

import "fmt"

// DataInfo names the data a model was trained on, as recorded in its
// config.json. A model file without it was trained on MNIST.
type DataInfo struct {
	Name string `json:"name"` // "mnist", "xor", "spiral-k", "drawn", a folder's name…
	// Classes names each class, index = label; empty for regression.
	Classes []string `json:"classes,omitempty"`
	// Features names each input of a 2D dataset, e.g. x1, x2, sinx1; empty
	// for images.
	Features []string `json:"features,omitempty"`
	// How a generated 2D dataset was made, so that it can be made again.
	Points     int     `json:"points,omitempty"`
	Noise      float64 `json:"noise,omitempty"`       // 0..0.5
	TrainRatio float64 `json:"train_ratio,omitempty"` // 0.1..0.9
	Seed       uint64  `json:"seed,omitempty"`
	// Preprocess is how a folder of images became 28×28 inputs: "center"
	// or "resize"; empty for MNIST, drawings and 2D datasets.
	Preprocess string `json:"preprocess,omitempty"`
}

// MNISTInfo returns the description of MNIST: ten classes named 0 to 9.
func MNISTInfo() DataInfo {
	return DataInfo{Name: "mnist", Classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}}
}

// Check reports whether the description fits a network of architecture a.
func (d DataInfo) Check(a Arch) error {
	if len(d.Classes) > 0 && len(d.Classes) != a.Outputs {
		return fmt.Errorf("nn: dataset %q has %d classes, the network %d outputs", d.Name, len(d.Classes), a.Outputs)
	}
	if len(d.Features) > 0 && len(d.Features) != a.Inputs {
		return fmt.Errorf("nn: dataset %q has %d features, the network %d inputs", d.Name, len(d.Features), a.Inputs)
	}
	return nil
}
