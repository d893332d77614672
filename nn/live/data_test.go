package live

import (
	"testing"

	"backproplab/nn"
)

// threeClasses returns fixture's images relabelled into three classes.
func threeClasses(n int, seed uint64) *nn.Dataset {
	d := fixture(n, seed)
	for i := range d.Labels {
		d.Labels[i] %= 3
	}
	return d
}

func TestSetData(t *testing.T) {
	r := newRunner(t, smallConfig())
	r.StepBatch()
	wait(t, r, "one step", func(s *Snapshot) bool { return s.State == Paused && len(s.Batches) == 1 })

	cfg := smallConfig()
	cfg.Arch.Outputs = 3
	train, test := threeClasses(90, 4), threeClasses(30, 5)
	if err := r.SetData(Data{Train: train, Test: test}, cfg); err != nil {
		t.Fatalf("SetData on three classes: %v", err)
	}
	s := r.Snapshot()
	if s.Net.Arch.Outputs != 3 || len(s.Batches) != 0 || s.State != Paused {
		t.Fatalf("after SetData: %d outputs, %d batches, state %v; want 3, 0, paused", s.Net.Arch.Outputs, len(s.Batches), s.State)
	}
	r.StepEpoch()
	s = wait(t, r, "an epoch on the new data", func(s *Snapshot) bool { return s.State == Paused && s.EpochsDone() >= 1 })
	// 90 images in batches of 32: three batches make the epoch.
	if got := len(s.Batches); got != 3 {
		t.Errorf("an epoch of 90 images in batches of 32 took %d batches, want 3", got)
	}
	var m *nn.Model
	if m = r.Model(); m == nil || m.Net.Arch.Outputs != 3 {
		t.Fatalf("Model after SetData = %v", m)
	}
}

func TestSetDataRefused(t *testing.T) {
	r := newRunner(t, smallConfig())
	bad := smallConfig()
	bad.Arch.Inputs = 2 // the images have 784
	if err := r.SetData(Data{Train: threeClasses(30, 1)}, bad); err == nil {
		t.Fatal("SetData with a network that does not fit the data: no error")
	}
	if err := r.SetData(Data{}, smallConfig()); err == nil {
		t.Fatal("SetData without training data: no error")
	}
	// The run goes on, on the old data (320 images: 10 batches an epoch).
	r.StepEpoch()
	s := wait(t, r, "an epoch on the old data", func(s *Snapshot) bool { return s.State == Paused && s.EpochsDone() >= 1 })
	if got := len(s.Batches); got != 10 {
		t.Errorf("after a refused SetData an epoch took %d batches, want 10 (the old data)", got)
	}
	r.Close()
	if err := r.SetData(Data{Train: threeClasses(30, 1)}, smallConfig()); err == nil {
		t.Error("SetData on a closed runner: no error")
	}
}
