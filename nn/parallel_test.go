package nn

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// TestThreadsSameBits trains wide networks (every layer wide enough to be
// split) with 1, 2 and 3 threads and checks that the losses, the weights,
// the gradients and the validation figures are the same bits: the split
// never changes a sum's order.
func TestThreadsSameBits(t *testing.T) {
	data := randomDataset(400, 21)
	for _, tc := range []struct {
		hidden  []int
		l1, l2  float64
		method  Method
		dropout []float64
		acts    []Activation
	}{
		{[]int{300}, 0, 0, Adam, nil, nil},
		{[]int{260, 270}, 1e-4, 1e-4, Adam, nil, nil},
		{[]int{300}, 0, 1e-4, Momentum, nil, nil},
		{[]int{300}, 0, 0, GD, nil, nil},
		{[]int{1030}, 0, 0, Adam, nil, nil},                     // packed slabs of W1 in the first layer's column split
		{[]int{300, 260}, 0, 0, Adam, []float64{0.3, 0.2}, nil}, // dropout masks on split rows and columns
		// Activations the products' epilogues do not compute, after
		// their bias, on split columns and rows.
		{[]int{300, 260}, 0, 0, Adam, nil, []Activation{Tanh, Sigmoid}},
	} {
		t.Run(fmt.Sprintf("%v/l1=%v,l2=%v/%v/dropout=%v/%v", tc.hidden, tc.l1, tc.l2, tc.method, tc.dropout, tc.acts), func(t *testing.T) {
			run := func(threads int) ([]float64, []float32, []float32, EpochMetrics) {
				a := TutorialArch()
				a.Hidden, a.Dropout, a.Activations = tc.hidden, tc.dropout, tc.acts
				s := testSettings(tc.method, 1e-3, 50, 400)
				s.Epochs, s.L1, s.L2, s.ValSplit = 2, tc.l1, tc.l2, 0.25
				tr, err := NewTrainer(NewNetwork(a, 3), data, s)
				if err != nil {
					t.Fatal(err)
				}
				tr.SetThreads(threads)
				if got := tr.WS.Threads(); got != threads {
					t.Fatalf("Threads() = %d after SetThreads(%d)", got, threads)
				}
				var losses []float64
				if err := tr.Run(context.Background(), func(m BatchMetrics) { losses = append(losses, m.Loss) }); err != nil {
					t.Fatal(err)
				}
				return losses, tr.Net.Params, tr.WS.Grad, tr.History.Epochs[len(tr.History.Epochs)-1]
			}
			l1, p1, g1, e1 := run(1)
			for _, threads := range []int{2, 3} {
				l, p, g, e := run(threads)
				if !slices.Equal(l, l1) {
					t.Errorf("%d threads: losses %v, want %v (1 thread)", threads, l, l1)
				}
				if !sameBits(p, p1) || !sameBits(g, g1) {
					t.Errorf("%d threads: weights or gradients differ from 1 thread's", threads)
				}
				if e.ValLoss != e1.ValLoss || e.ValAccuracy != e1.ValAccuracy {
					t.Errorf("%d threads: validation %v, %v, want %v, %v", threads, e.ValLoss, e.ValAccuracy, e1.ValLoss, e1.ValAccuracy)
				}
			}
		})
	}
}

// TestThreadsNoAllocs checks that a training step with two threads
// allocates nothing. A worker that has parked waits on a channel, and the
// runtime may allocate a wait record (a sudog) for that when runtime.GC has
// just emptied its cache; that happens at most a few times per
// measurement, whatever the number of steps. So the test runs 40 steps and
// allows fewer allocations than steps: a step that allocates anything makes
// at least 40.
func TestThreadsNoAllocs(t *testing.T) {
	data := randomDataset(1000, 22)
	a := TutorialArch()
	a.Hidden = []int{512}
	s := testSettings(Adam, 1e-3, 25, 1000)
	s.Epochs, s.L2 = 1<<30, 1e-4
	tr, err := NewTrainer(NewNetwork(a, 4), data, s)
	if err != nil {
		t.Fatal(err)
	}
	tr.SetThreads(2)
	tr.History.Batches = make([]BatchMetrics, 0, 1000)
	const steps = 40
	if allocs := mallocs(steps, func() {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}); allocs >= steps/4 {
		t.Errorf("%d steps with 2 threads made %d allocations, want none per step (fewer than %d in all)", steps, allocs, steps/4)
	}
}

// TestPoolHandsOver runs jobs on pools whose workers spin between parts
// (no more threads than processors) and on pools whose workers park at
// once (more threads than processors): a part handed to a parked worker
// wakes it, every share runs exactly once, and stop returns only when
// every worker's goroutine has.
func TestPoolHandsOver(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	for _, threads := range []int{2, procs + 1} {
		t.Run(fmt.Sprintf("threads=%d/procs=%d", threads, procs), func(t *testing.T) {
			p := newPool(threads)
			if want := threads <= procs; (p.spin > 0) != want {
				t.Errorf("spin = %v with %d threads on %d processors, want spinning %v", p.spin, threads, procs, want)
			}
			out := make([]float32, 1000)
			j := &job{params: out, fn: func(j *job, lo, hi int) {
				for i := lo; i < hi; i++ {
					j.params[i]++
				}
			}}
			for round := range 3 {
				p.run(j, len(out), 16)
				for i, v := range out {
					if v != float32(round+1) {
						t.Fatalf("round %d: element %d was set %v times", round, i, v)
					}
				}
				// Let every worker park, then hand over again.
				for _, w := range p.workers {
					for !w.parked.Load() {
						runtime.Gosched()
					}
				}
			}
			p.stop()
			for _, w := range p.workers {
				if w.parked.Load() {
					t.Errorf("a worker is still parked after stop")
				}
			}
		})
	}
}
