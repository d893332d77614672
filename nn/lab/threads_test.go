package lab

import (
	"context"
	"math"
	"reflect"
	"testing"
)

// TestThreadsSameResults trains the same experiment with 1, 2 and 3
// threads and checks that every run's curves, epochs and weights are the
// same bits. The runs differ in batch size, so that the run with fewer
// batches finishes first and the other trains alone for its last steps,
// with a layer wide enough (300 units) to split them over the threads.
func TestThreadsSameResults(t *testing.T) {
	train, test := blobs(300, 12), blobs(60, 13)
	base := smallBase(300, 2)
	base.Arch.Hidden = []int{300}
	e := Experiment{Base: base, Vary: VaryBatchSize, Values: []string{"32", "100", "50"}}
	type result struct {
		snap   *Snapshot
		params [][]float32
	}
	var results []result
	for _, threads := range []int{1, 2, 3} {
		jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
		if err != nil {
			t.Fatal(err)
		}
		r := Start(context.Background(), "threads", jobs)
		r.SetThreads(threads)
		s := finish(t, r)
		res := result{snap: s}
		for i := range s.Runs {
			if s.Runs[i].Status != Done {
				t.Fatalf("%d threads: run %d %s: %s", threads, i, s.Runs[i].Status, s.Runs[i].Err)
			}
			res.params = append(res.params, r.Model(i).Net.Params)
		}
		r.Close()
		<-r.Done()
		results = append(results, res)
	}
	want := results[0]
	for k, got := range results[1:] {
		threads := k + 2
		for i := range want.snap.Runs {
			a, b := want.snap.Runs[i], got.snap.Runs[i]
			if !reflect.DeepEqual(a.Train, b.Train) || !reflect.DeepEqual(a.Epochs, b.Epochs) {
				t.Errorf("run %d with %d threads: curves differ from 1 thread:\n%+v\n%+v", i, threads, b.Epochs, a.Epochs)
			}
			for p, x := range want.params[i] {
				if math.Float32bits(x) != math.Float32bits(got.params[i][p]) {
					t.Errorf("run %d with %d threads: parameter %d = %v, 1 thread gave %v", i, threads, p, got.params[i][p], x)
					break
				}
			}
		}
	}
}

// TestThreadsChangeWhileRunning changes the thread count while the runner
// trains and after it stopped: nothing deadlocks and every run finishes.
func TestThreadsChangeWhileRunning(t *testing.T) {
	train, test := blobs(200, 14), blobs(40, 15)
	jobs, err := ExperimentJobs(Experiment{Base: smallBase(200, 3), Vary: VaryLR, Values: []string{"0.001", "0.002", "0.003"}}, Data{Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	r := Start(context.Background(), "change", jobs)
	r.Play()
	for _, n := range []int{2, 1, 3, 0, 2} {
		r.SetThreads(n)
		if m := r.Model(0); m == nil {
			t.Fatalf("no model after SetThreads(%d)", n)
		}
	}
	s := finish(t, r)
	for i, ru := range s.Runs {
		if ru.Status != Done {
			t.Errorf("run %d: %s", i, ru.Status)
		}
	}
	r.Close()
	<-r.Done()
	r.SetThreads(2) // after the end: returns
}
