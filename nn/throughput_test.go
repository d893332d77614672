package nn

import (
	"testing"
	"time"
)

func TestThroughput(t *testing.T) {
	// batches returns n batches of size rows, each taking step of Step time.
	batches := func(n, rows int, step time.Duration) []BatchMetrics {
		b := make([]BatchMetrics, n)
		for i := range b {
			b[i] = BatchMetrics{Size: rows, Samples: int64((i + 1) * rows), Elapsed: time.Duration(i+1) * step}
		}
		return b
	}
	slowStart := batches(100, 10, 10*time.Millisecond)
	for i := range 36 { // the first 36 batches took ten times as long
		slowStart[i].Elapsed = time.Duration(i+1) * 100 * time.Millisecond
	}
	for i := 36; i < 100; i++ {
		slowStart[i].Elapsed = slowStart[35].Elapsed + time.Duration(i-35)*10*time.Millisecond
	}
	for _, c := range []struct {
		name    string
		batches []BatchMetrics
		want    float64
	}{
		{"none", nil, 0},
		{"one batch", batches(1, 128, time.Second), 0},
		{"two batches", batches(2, 128, time.Second), 128},
		{"steady", batches(10, 100, 50*time.Millisecond), 2000},
		{"only the window counts", slowStart, 1000},
		{"no time passed", []BatchMetrics{{Samples: 1}, {Samples: 2}}, 0},
	} {
		if got := Throughput(c.batches); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("Throughput(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}
