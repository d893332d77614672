package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// WithLabelNoise returns s with frac of its training labels flipped to
// another class, chosen at random (seeded); the test set stays clean, so
// the curves show what wrong labels cost. frac is in [0, 1). Info is
// unchanged, so that the model file names the data it can be tested on.
func WithLabelNoise(s *Set, frac float64, seed uint64) (*Set, error) {
	k := len(s.Info.Classes)
	if s.Regression() || k < 2 {
		return nil, fmt.Errorf("data: label noise needs classes, %s has none", s.Info.Name)
	}
	if !(frac >= 0 && frac < 1) {
		return nil, fmt.Errorf("data: label noise %v, want 0..1", frac)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6e6f697365)) // "noise"
	labels := append([]uint8(nil), s.Train.Labels...)
	n := int(math.Round(frac * float64(len(labels))))
	for _, i := range rng.Perm(len(labels))[:n] {
		labels[i] = uint8((int(labels[i]) + 1 + rng.IntN(k-1)) % k)
	}
	all := make([]int, s.Train.N)
	for i := range all {
		all[i] = i
	}
	out := *s
	out.Train = s.Train.Subset(all) // a copy whose labels are replaced before anyone sees it
	copy(out.Train.Labels, labels)
	return &out, nil
}

// WithImbalance returns s keeping only keep of class's training images
// (at least one), chosen at random (seeded); the test set is unchanged.
func WithImbalance(s *Set, class int, keep float64, seed uint64) (*Set, error) {
	if s.Regression() || class < 0 || class >= len(s.Info.Classes) {
		return nil, fmt.Errorf("data: class %d is not one of %s's %d classes", class, s.Info.Name, len(s.Info.Classes))
	}
	if !(keep > 0 && keep <= 1) {
		return nil, fmt.Errorf("data: keep %v of a class, want (0, 1]", keep)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6b656570)) // "keep"
	var in, idx []int
	for i, l := range s.Train.Labels {
		if int(l) == class {
			in = append(in, i)
		}
	}
	drop := map[int]bool{}
	nKeep := max(1, int(math.Round(keep*float64(len(in)))))
	for _, j := range rng.Perm(len(in))[nKeep:] {
		drop[in[j]] = true
	}
	for i := range s.Train.N {
		if !drop[i] {
			idx = append(idx, i)
		}
	}
	out := *s
	out.Train = s.Train.Subset(idx)
	return &out, nil
}
