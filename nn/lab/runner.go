package lab

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"backproplab/nn"
)

// publishEvery is the most often a running Runner publishes snapshots.
const publishEvery = 33 * time.Millisecond

// Snapshot is an immutable picture of all runs of an experiment.
type Snapshot struct {
	Version uint64 `json:"-"`
	Name    string `json:"name,omitempty"`
	Running bool   `json:"-"`
	// Threads is how many runs train at once (Runner.SetThreads).
	Threads int        `json:"-"`
	Runs    []RunState `json:"runs"`
}

// Finished reports whether every run is finished.
func (s *Snapshot) Finished() bool {
	for i := range s.Runs {
		if !s.Runs[i].Finished() {
			return false
		}
	}
	return true
}

// Runner trains the jobs of one experiment round-robin on its own
// goroutine: each step trains one batch of the run that has trained the
// fewest epochs, so all runs advance together. With more than one thread
// (SetThreads) each step trains one batch of each of that many runs at
// once, the runs furthest behind, on worker goroutines; a last run left
// alone gets the threads for its own steps instead (nn.Trainer.SetThreads).
// Each run's results are the same bits whatever the thread count: runs
// share nothing but read-only data. It starts paused, with one thread.
type Runner struct {
	cmds    chan func()
	snap    atomic.Pointer[Snapshot]
	changed chan struct{}
	done    chan struct{}
	cancel  context.CancelFunc
	once    sync.Once

	// owned by the goroutine
	name    string
	runs    []*run
	running bool
	version uint64
	threads int
	batch   []*run         // the runs of the current step
	work    chan *run      // to the workers, while threads > 1
	stepped sync.WaitGroup // the workers' runs of the current step
}

// Start sets up the jobs and starts the runner's goroutine, paused. The
// runner stops when ctx is done or Close is called.
func Start(ctx context.Context, name string, jobs []Job) *Runner {
	ctx, cancel := context.WithCancel(ctx)
	r := &Runner{cmds: make(chan func(), 16), changed: make(chan struct{}, 1), done: make(chan struct{}), cancel: cancel, name: name, threads: 1}
	for _, j := range jobs {
		r.runs = append(r.runs, newRun(j))
	}
	r.publish()
	go r.loop(ctx)
	return r
}

// Snapshot returns the latest snapshot. It is never nil.
func (r *Runner) Snapshot() *Snapshot { return r.snap.Load() }

// Changed returns a channel that receives (without blocking the runner)
// after a new snapshot is published.
func (r *Runner) Changed() <-chan struct{} { return r.changed }

// Done returns a channel closed when the goroutine has ended.
func (r *Runner) Done() <-chan struct{} { return r.done }

// Play starts or resumes training.
func (r *Runner) Play() { r.send(func() { r.running = true }) }

// Pause stops training after the current batch.
func (r *Runner) Pause() { r.send(func() { r.running = false }) }

// SetThreads sets how many runs train at once from the next step on (at
// least 1): nn.HeadlessThreads() where nothing else needs a core. The
// results do not depend on it.
func (r *Runner) SetThreads(n int) {
	n = max(n, 1)
	r.send(func() {
		if n == r.threads {
			return
		}
		r.stopWorkers()
		r.threads = n
		if n > 1 {
			r.work = make(chan *run)
			for range n - 1 {
				go func(work <-chan *run) {
					for ru := range work {
						ru.step()
						r.stepped.Done()
					}
				}(r.work)
			}
		}
	})
}

// stopWorkers ends the worker goroutines (between steps, when they are
// idle).
func (r *Runner) stopWorkers() {
	if r.work != nil {
		close(r.work)
		r.work = nil
	}
}

// Close stops the goroutine. It does not wait; see Done.
func (r *Runner) Close() { r.once.Do(r.cancel) }

// Model returns a copy of run i's network, or nil if i is out of range or
// the run could not be set up. It waits for the runner between batches and
// returns nil once the runner has stopped.
func (r *Runner) Model(i int) *nn.Model {
	ch := make(chan *nn.Model, 1)
	r.send(func() {
		if i >= 0 && i < len(r.runs) {
			ch <- r.runs[i].model()
			return
		}
		ch <- nil
	})
	select {
	case m := <-ch:
		return m
	case <-r.done:
		return nil
	}
}

func (r *Runner) send(f func()) {
	select {
	case r.cmds <- f:
	case <-r.done:
	}
}

func (r *Runner) loop(ctx context.Context) {
	defer close(r.done)
	defer func() {
		r.stopWorkers()
		for _, ru := range r.runs {
			ru.setThreads(1) // ends the trainers' thread pools
		}
	}()
	last := time.Now()
	for {
		if !r.running || r.next() == nil {
			if r.running {
				r.running = false
				r.publish()
			}
			select {
			case <-ctx.Done():
				return
			case f := <-r.cmds:
				f()
				r.publish()
				last = time.Now()
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case f := <-r.cmds:
			f()
			r.publish()
			last = time.Now()
			continue
		default:
		}
		if r.step() || time.Since(last) >= publishEvery {
			r.publish()
			last = time.Now()
		}
		nn.Yield() // let a browser paint (GOOS=js)
	}
}

// step trains one batch of each of the r.threads runs furthest behind,
// the first on this goroutine and the others on the workers, and reports
// whether one of them finished.
func (r *Runner) step() bool {
	r.batch = r.batch[:0]
	for range r.threads {
		ru := r.next()
		if ru == nil {
			break
		}
		ru.busy = true
		r.batch = append(r.batch, ru)
	}
	threads := 1
	if len(r.batch) == 1 {
		threads = r.threads // a run alone splits its own steps
	}
	for _, ru := range r.batch {
		ru.setThreads(threads)
	}
	r.stepped.Add(len(r.batch) - 1)
	for _, ru := range r.batch[1:] {
		r.work <- ru
	}
	r.batch[0].step()
	r.stepped.Wait()
	finished := false
	for _, ru := range r.batch {
		ru.busy = false
		finished = finished || ru.state.Finished()
	}
	return finished
}

// next returns the unfinished run not yet in the current step that will
// have trained the fewest epochs after its next batch (run.after), or nil.
func (r *Runner) next() *run {
	var best *run
	for _, ru := range r.runs {
		if ru.state.Finished() || ru.busy {
			continue
		}
		if best == nil || ru.after() < best.after() {
			best = ru
		}
	}
	return best
}

func (r *Runner) publish() {
	r.version++
	s := &Snapshot{Version: r.version, Name: r.name, Running: r.running, Threads: r.threads, Runs: make([]RunState, len(r.runs))}
	for i, ru := range r.runs {
		s.Runs[i] = ru.snapshot()
	}
	r.snap.Store(s)
	select {
	case r.changed <- struct{}{}:
	default:
	}
}
