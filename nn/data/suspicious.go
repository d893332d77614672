package data

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"

	"backproplab/nn"
)

// Suspect is a training image the model confidently disagrees with: a
// candidate for a wrong label.
type Suspect struct {
	Row   int     // row in the dataset
	Label int     // its label
	Pred  int     // the model's class
	PPred float32 // the model's output for Pred
	PLab  float32 // the model's output for Label
	Loss  float64 // −ln PLab, the cross-entropy of the row
}

// suspectChunk is how many rows Suspicious evaluates between checks of
// its context.
const suspectChunk = 4096

// Suspicious returns the k rows of d with the highest cross-entropy loss
// under net, highest first: the images whose label the model finds least
// believable. A model trained on noisy labels puts most of the flipped ones
// here. It stops with ctx's error when ctx is done.
func Suspicious(ctx context.Context, net *nn.Network, d *nn.Dataset, k int) ([]Suspect, error) {
	c := net.Arch.Outputs
	if d.Target != nil || c < 2 {
		return nil, errors.New("data: suspicious labels need a classifier")
	}
	ev := nn.NewEvaluator(net.Arch)
	var all []Suspect
	for start := 0; start < d.N; start += suspectChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows := make([]int, min(suspectChunk, d.N-start))
		for i := range rows {
			rows[i] = start + i
		}
		part := d.Subset(rows)
		pred := make([]uint8, part.N)
		probs := make([]float32, part.N*c)
		ev.Run(net, part, pred, probs)
		for i := range part.N {
			l := int(part.Labels[i])
			if l >= c {
				continue
			}
			p := probs[i*c : (i+1)*c]
			all = append(all, Suspect{Row: start + i, Label: l, Pred: int(pred[i]), PPred: p[pred[i]], PLab: p[l],
				Loss: -math.Log(max(float64(p[l]), 1e-30))})
		}
		slices.SortStableFunc(all, func(a, b Suspect) int { return cmp.Compare(b.Loss, a.Loss) })
		all = all[:min(k, len(all))]
	}
	return all, nil
}

// Without returns s without the training rows drop (a relabelling lesson's
// "drop it"), named as s; its test set is s's.
func Without(s *Set, drop []int) *Set {
	out := make(map[int]bool, len(drop))
	for _, r := range drop {
		out[r] = true
	}
	keep := make([]int, 0, s.Train.N)
	for i := range s.Train.N {
		if !out[i] {
			keep = append(keep, i)
		}
	}
	return &Set{Info: s.Info, Train: s.Train.Subset(keep), Test: s.Test}
}

// Relabel returns s with training row row labelled label (the lesson's
// "relabel it"), named as s; its test set is s's. It panics if row or
// label is out of range.
func Relabel(s *Set, row, label int) *Set {
	if row < 0 || row >= s.Train.N || label < 0 || label >= len(s.Info.Classes) {
		panic("data: Relabel out of range")
	}
	all := make([]int, s.Train.N)
	for i := range all {
		all[i] = i
	}
	train := s.Train.Subset(all) // a copy: s stays as it was
	train.Labels[row] = uint8(label)
	return &Set{Info: s.Info, Train: train, Test: s.Test}
}
