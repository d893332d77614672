package app

import (
	"backproplab/nn"
	"backproplab/nn/live"
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestStatusFormats(t *testing.T) {
	rates := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{7.4, "7"},
		{999.6, "1,000"},
		{1234.5, "1,230"},
		{162475, "162,000"},
		{162575, "163,000"},
		{2.5e6, "2,500,000"},
	}
	for _, tc := range rates {
		if got := humanInt(roundSig(tc.v, 3)); got != tc.want {
			t.Errorf("rate %v shown as %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := roundSig(math.NaN(), 3); !math.IsNaN(got) {
		t.Errorf("roundSig(NaN) = %v", got)
	}
	times := []struct {
		d    time.Duration
		want string
	}{
		{2460 * time.Millisecond, "2.5s"},
		{9940 * time.Millisecond, "9.9s"},
		{18500 * time.Millisecond, "19s"},
		{125 * time.Second, "2m5s"},
	}
	for _, tc := range times {
		if got := roundElapsed(tc.d).String(); got != tc.want {
			t.Errorf("elapsed %v shown as %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestStatusCounters checks the epoch and batch counters and the progress
// bar: mid-epoch, at an epoch boundary, and when all epochs are done.
func TestStatusCounters(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name               string
		epoch, batch, done int
		wantEpoch, wantBat string
		wantProgress       float64
	}{
		{"start", 0, 0, 0, "Epoch 1/5", "Batch 0/469", 0},
		{"mid-epoch", 1, 200, 1, "Epoch 2/5", "Batch 200/469", 200.0 / 469},
		{"epoch boundary", 2, 0, 2, "Epoch 3/5", "Batch 0/469", 0},
		{"all done", 5, 0, 5, "Epoch 5/5", "Batch 469/469", 1},
		{"trained past the count", 6, 100, 6, "Epoch 7/7", "Batch 100/469", 100.0 / 469},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStatus(nil)
			sn := &live.Snapshot{Config: live.DefaultConfig(), Epoch: tc.epoch, Batch: tc.batch, BatchesPerEpoch: 469,
				Epochs: make([]nn.EpochMetrics, tc.done), Net: nn.NewNetwork(nn.TutorialArch(), 1)}
			s.show(sn)
			if s.epoch.Text != tc.wantEpoch || s.batch.Text != tc.wantBat || math.Abs(s.progress.Value-tc.wantProgress) > 1e-9 {
				t.Errorf("shows %q, %q, %.3f; want %q, %q, %.3f", s.epoch.Text, s.batch.Text, s.progress.Value, tc.wantEpoch, tc.wantBat, tc.wantProgress)
			}
		})
	}
}
