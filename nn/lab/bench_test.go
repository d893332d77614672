package lab

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used, or 0 if unknown.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRunnerThreads trains a two-run experiment (the tutorial model
// and a 1024-unit one on 6,000 synthetic images, one epoch) with 1 and 2
// threads, reporting the clock and the CPU time per experiment: on an idle
// two-core machine two threads should take about half the clock time.
func BenchmarkRunnerThreads(b *testing.B) {
	train, test := blobs(6000, 16), blobs(500, 17)
	for _, width := range []string{"128", "1024"} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("width=%s/threads=%d", width, threads), func(b *testing.B) {
				base := smallBase(6000, 1)
				base.Settings.BatchSize = 128
				e := Experiment{Base: base, Vary: VaryWidth, Values: []string{width, width}}
				cpu0 := cpuTime()
				for b.Loop() {
					jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
					if err != nil {
						b.Fatal(err)
					}
					r := Start(context.Background(), "bench", jobs)
					r.SetThreads(threads)
					r.Play()
					for !r.Snapshot().Finished() {
						<-r.Changed()
					}
					r.Close()
					<-r.Done()
				}
				if cpu := cpuTime() - cpu0; cpu > 0 {
					b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
				}
			})
		}
	}
}
