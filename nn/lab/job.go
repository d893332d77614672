package lab

import (
	"errors"
	"fmt"

	"backproplab/nn"
)

// Data is what experiments train and validate on.
type Data struct {
	Train *nn.Dataset // the full training set; runs use its first TrainSize rows
	Test  *nn.Dataset // the validation curve of experiments
}

// Job is one run ready to train: its spec, the rows it trains on (the
// trainer uses the first Settings.TrainSize of them), the rows it is
// validated on after every epoch, and its early-stopping patience (0: off).
type Job struct {
	Spec     Spec
	Train    *nn.Dataset
	Val      *nn.Dataset
	Patience int
}

// ExperimentJobs returns the jobs of e on data: every run validates on the
// test set.
func ExperimentJobs(e Experiment, data Data) ([]Job, error) {
	if data.Train == nil || data.Test == nil {
		return nil, errors.New("lab: no data")
	}
	specs, err := e.Specs()
	if err != nil {
		return nil, err
	}
	jobs := make([]Job, len(specs))
	for i, s := range specs {
		jobs[i] = Job{Spec: s, Train: data.Train, Val: data.Test, Patience: e.Patience}
	}
	return jobs, nil
}

// MinFolds and MaxFolds bound k in k-fold cross-validation.
const (
	MinFolds = 3
	MaxFolds = 10
)

// KFold defines k-fold cross-validation of Base on its first
// Base.Settings.TrainSize training images.
type KFold struct {
	Base     Config `json:"base"`
	K        int    `json:"k"`
	Patience int    `json:"patience,omitempty"`
}

// Folds returns the row ranges [lo, hi) of the k folds of n rows: as equal
// as possible, in order.
func Folds(n, k int) [][2]int {
	f := make([][2]int, k)
	for i := range k {
		f[i] = [2]int{i * n / k, (i + 1) * n / k}
	}
	return f
}

// Jobs returns one job per fold: fold i validates on its slice of the
// chosen training subset and trains on the rest, in their original order.
func (kf KFold) Jobs(train *nn.Dataset) ([]Job, error) {
	if train == nil {
		return nil, errors.New("lab: no data")
	}
	if kf.K < MinFolds || kf.K > MaxFolds {
		return nil, fmt.Errorf("lab: k = %d, want %d to %d folds", kf.K, MinFolds, MaxFolds)
	}
	if kf.Patience < 0 {
		return nil, fmt.Errorf("lab: patience %d must not be negative", kf.Patience)
	}
	if err := kf.Base.Arch.Validate(); err != nil {
		return nil, err
	}
	if err := kf.Base.Settings.Validate(); err != nil {
		return nil, err
	}
	n := min(kf.Base.Settings.TrainSize, train.N)
	if n < 2*kf.K {
		return nil, fmt.Errorf("lab: %d images are too few for %d folds", n, kf.K)
	}
	jobs := make([]Job, kf.K)
	for i, f := range Folds(n, kf.K) {
		rest := make([]int, 0, n-(f[1]-f[0]))
		fold := make([]int, 0, f[1]-f[0])
		for r := range n {
			if r >= f[0] && r < f[1] {
				fold = append(fold, r)
			} else {
				rest = append(rest, r)
			}
		}
		c := kf.Base
		c.Arch.Hidden = append([]int(nil), kf.Base.Arch.Hidden...)
		c.Settings.TrainSize, c.Settings.ValSplit = len(rest), 0
		jobs[i] = Job{
			Spec:  Spec{Label: fmt.Sprintf("fold %d", i+1), Config: c},
			Train: train.View(rest), Val: train.View(fold), Patience: kf.Patience, // views: no copy of the images per fold
		}
	}
	return jobs, nil
}
