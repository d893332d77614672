package nn

import (
	"slices"
	"testing"
)

// comparableMetrics returns m without its timings and with its epoch summary
// inlined, for comparing two runs.
func comparableMetrics(m BatchMetrics) BatchMetrics {
	m.Elapsed = 0
	if m.EpochEnd != nil {
		e := *m.EpochEnd
		e.Seconds, e.CPUSeconds = 0, 0
		m.EpochEnd = &e
	}
	return m
}

// sameMetrics reports whether a and b agree apart from timings.
func sameMetrics(a, b BatchMetrics) bool {
	a, b = comparableMetrics(a), comparableMetrics(b)
	if (a.EpochEnd == nil) != (b.EpochEnd == nil) || (a.EpochEnd != nil && *a.EpochEnd != *b.EpochEnd) {
		return false
	}
	a.EpochEnd, b.EpochEnd = nil, nil
	return a == b
}

// TestStateRestore takes a state mid-epoch, trains on across an epoch end,
// restores the state and checks that training repeats itself bit for bit.
func TestStateRestore(t *testing.T) {
	data := synthDataset(300, 12)
	for _, augment := range []bool{false, true} {
		s := testSettings(Adam, 1e-3, 64, 300)
		s.Epochs, s.Augment, s.ValSplit = 4, augment, 0.1 // 270 rows: 5 batches per epoch
		tr := newTestTrainer(t, data, s)
		step := func() BatchMetrics {
			t.Helper()
			m, err := tr.Step()
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		for range 7 {
			step()
		}
		st := tr.State()
		var want []BatchMetrics
		var wantRows [][]int
		for range 6 {
			want = append(want, step())
			wantRows = append(wantRows, tr.LastBatch())
		}
		wantParams := params(tr.Net)
		shared := tr.History.Batches // a view handed out earlier
		sharedCopy := slices.Clone(shared)

		if err := tr.Restore(st); err != nil {
			t.Fatal(err)
		}
		if len(tr.History.Batches) != 7 || len(tr.History.Epochs) != 1 || tr.Epoch() != 1 || tr.BatchInEpoch() != 2 || tr.Samples() != 64*4+14+2*64 {
			t.Fatalf("augment=%v: restored history %d batches, %d epochs, at epoch %d batch %d, %d samples",
				augment, len(tr.History.Batches), len(tr.History.Epochs), tr.Epoch(), tr.BatchInEpoch(), tr.Samples())
		}
		if tr.LastBatch() != nil {
			t.Errorf("LastBatch() = %v right after Restore, want nil", tr.LastBatch())
		}
		for i := range want {
			got := step()
			if !sameMetrics(got, want[i]) || !slices.Equal(tr.LastBatch(), wantRows[i]) {
				t.Fatalf("augment=%v: batch %d after Restore: %+v, first time %+v", augment, i, comparableMetrics(got), comparableMetrics(want[i]))
			}
		}
		if !sameBits(tr.Net.Params, wantParams) {
			t.Errorf("augment=%v: parameters after the replay differ", augment)
		}
		for i := range shared {
			if !sameMetrics(shared[i], sharedCopy[i]) {
				t.Errorf("augment=%v: Restore overwrote history handed out before (batch %d)", augment, i)
				break
			}
		}
		// The state is a deep copy: training on did not change it.
		if err := tr.Restore(st); err != nil {
			t.Fatal(err)
		}
		if got := step(); !sameMetrics(got, want[0]) {
			t.Errorf("augment=%v: second Restore of the same state: %+v, want %+v", augment, comparableMetrics(got), comparableMetrics(want[0]))
		}
	}
}

func TestRestoreErrors(t *testing.T) {
	data := synthDataset(100, 13)
	tr := newTestTrainer(t, data, testSettings(SGD, 0.1, 10, 100))
	for range 3 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	st := tr.State()
	fresh := newTestTrainer(t, data, testSettings(SGD, 0.1, 10, 100))
	if err := fresh.Restore(st); err == nil {
		t.Errorf("Restore of a state ahead of the trainer's history succeeded")
	}
	other, err := NewTrainer(NewNetwork(Arch{Inputs: 784, Outputs: 10}, 1), data, testSettings(SGD, 0.1, 10, 100))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		other.Step()
	}
	if err := other.Restore(st); err == nil {
		t.Errorf("Restore across architectures succeeded")
	}
	bad := tr.State()
	bad.Settings.LearningRate = -1
	if err := tr.Restore(bad); err == nil {
		t.Errorf("Restore of invalid settings succeeded")
	}
}

func TestLastBatch(t *testing.T) {
	data := synthDataset(100, 14)
	tr := newTestTrainer(t, data, testSettings(SGD, 0.1, 32, 100))
	if tr.LastBatch() != nil {
		t.Errorf("LastBatch() = %v before the first step, want nil", tr.LastBatch())
	}
	var seen []int
	for range tr.BatchesPerEpoch() {
		m, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		rows := tr.LastBatch()
		if len(rows) != m.Size {
			t.Fatalf("LastBatch() has %d rows, the batch %d", len(rows), m.Size)
		}
		seen = append(seen, rows...)
		rows[0] = -1 // a copy: the trainer must not see this
	}
	slices.Sort(seen)
	if !slices.Equal(seen, seq(0, 100)) {
		t.Errorf("the batches of an epoch did not cover each row once: %v", seen)
	}
}
