package lab

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"backproplab/nn"
)

// Data is what experiments train, validate and test on.
type Data struct {
	Train *nn.Dataset // the full training set: experiments split it (Split)
	Test  *nn.Dataset // tested on once a run ends; no run trains or selects on it
}

// ValFraction is the share of the training set that experiments hold out
// for validation: its last rows, as nn.Trainer holds out the last
// Settings.ValSplit of its rows. On MNIST that is 6,000 of the 60,000
// training images, leaving 54,000 to train on.
const ValFraction = 0.1

// ValRows returns how many of n training rows Split holds out for
// validation: ValFraction of them, rounded, but at least one.
func ValRows(n int) int {
	return max(int(math.Round(float64(n)*ValFraction)), 1)
}

// Split splits a training set into the rows experiments train on (fit,
// its first rows) and the rows they are validated on (val, its last
// ValRows(train.N)), disjoint. The split does not depend on the seed or
// the settings, so every run of an experiment, and every experiment on
// the same data, is validated on the same images. Both are views that
// share train's pixels (nn.Dataset.View), not copies.
func Split(train *nn.Dataset) (fit, val *nn.Dataset, err error) {
	if train == nil {
		return nil, nil, errors.New("lab: no data")
	}
	nv := ValRows(train.N)
	if train.N-nv < 1 {
		return nil, nil, fmt.Errorf("lab: %d training images are too few to hold out %d for validation", train.N, nv)
	}
	rows := make([]int, train.N)
	for i := range rows {
		rows[i] = i
	}
	return train.View(rows[:train.N-nv]), train.View(rows[train.N-nv:]), nil
}

// Job is one run ready to train: its spec, the rows it trains on (the
// trainer uses the first Settings.TrainSize of them), the rows it is
// validated on after every epoch (early stopping picks its best epoch by
// them), the test set its final network is evaluated on once (nil: none),
// and its early-stopping patience (0: off).
type Job struct {
	Spec     Spec
	Train    *nn.Dataset
	Val      *nn.Dataset
	Test     *nn.Dataset
	Patience int
	// HeldOut reports whether Val is images held out of the training set
	// (always, now; lesson files from before the validation split
	// validated experiments on the test set).
	HeldOut bool
}

// ExperimentJobs returns the jobs of e on data. Every run trains on the
// first Settings.TrainSize rows of the training set less its validation
// rows (Split), so a larger TrainSize is cut to what is left, and its
// label says so; every run is validated on the same held-out rows and,
// once it ends, tested on the test set.
func ExperimentJobs(e Experiment, data Data) ([]Job, error) {
	if data.Train == nil || data.Test == nil {
		return nil, errors.New("lab: no data")
	}
	specs, err := e.Specs()
	if err != nil {
		return nil, err
	}
	fit, val, err := Split(data.Train)
	if err != nil {
		return nil, err
	}
	jobs := make([]Job, len(specs))
	for i, s := range specs {
		if s.Config.Settings.TrainSize > fit.N {
			s.Config.Settings.TrainSize = fit.N
			if e.Vary == VaryTrainSize {
				s.Label = Label(VaryTrainSize, strconv.Itoa(fit.N))
			}
		}
		jobs[i] = Job{Spec: s, Train: fit, Val: val, Test: data.Test, Patience: e.Patience, HeldOut: true}
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
			Train: train.View(rest), Val: train.View(fold), Patience: kf.Patience, HeldOut: true, // views: no copy of the images per fold
		}
	}
	return jobs, nil
}
