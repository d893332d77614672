package nn

import (
	"fmt"
	"math"
)

// Settings are the training hyper-parameters.
type Settings struct {
	Optimizer    Method  `json:"optimizer"`
	LearningRate float64 `json:"learning_rate"`
	Momentum     float64 `json:"momentum"`
	BatchSize    int     `json:"batch_size"`
	Epochs       int     `json:"epochs"`
	L1           float64 `json:"l1"`
	L2           float64 `json:"l2"`
	TrainSize    int     `json:"train_size"` // use the first TrainSize training images
	ValSplit     float64 `json:"val_split"`  // hold out this last fraction of them for validation
	Seed         uint64  `json:"seed"`
	Augment      bool    `json:"augment"` // random shifts, rotations, scaling and stroke thickness
}

// MaxLearningRate is the largest learning rate Validate accepts; far past
// any useful value, it keeps the float32 update η·g from overflowing.
const MaxLearningRate = 1000

// DefaultSettings returns the Keras tutorial's settings: Adam 1e-3, batch
// 128, 5 epochs on all 60,000 images, seed 1.
func DefaultSettings() Settings {
	return Settings{Optimizer: Adam, LearningRate: 1e-3, Momentum: 0.9, BatchSize: 128, Epochs: 5, TrainSize: 60000, Seed: 1}
}

// Validate reports whether the settings are usable.
func (s Settings) Validate() error {
	switch {
	case s.Optimizer < 0 || int(s.Optimizer) >= len(methodNames):
		return fmt.Errorf("nn: bad optimizer %d", s.Optimizer)
	case !(s.LearningRate > 0 && s.LearningRate <= MaxLearningRate):
		return fmt.Errorf("nn: learning rate %v must be in (0, %v]", s.LearningRate, MaxLearningRate)
	case !(s.Momentum >= 0 && s.Momentum < 1):
		return fmt.Errorf("nn: momentum %v must be in [0, 1)", s.Momentum)
	case s.BatchSize < 1:
		return fmt.Errorf("nn: batch size %d must be at least 1", s.BatchSize)
	case s.Epochs < 0:
		return fmt.Errorf("nn: epochs %d must not be negative", s.Epochs)
	case !(s.L1 >= 0) || !(s.L2 >= 0) || math.IsInf(s.L1, 0) || math.IsInf(s.L2, 0):
		return fmt.Errorf("nn: l1 %v and l2 %v must be non-negative numbers", s.L1, s.L2)
	case s.TrainSize < 1:
		return fmt.Errorf("nn: training-set size %d must be at least 1", s.TrainSize)
	case !(s.ValSplit >= 0 && s.ValSplit < 1):
		return fmt.Errorf("nn: validation split %v must be in [0, 1)", s.ValSplit)
	}
	return nil
}
