package nn

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// HeadlessThreads returns the number of threads headless work (the CLI's
// train and eval, benchmarks) should give a trainer or evaluator: one per
// processor Go may use. The app keeps 1, leaving a core for drawing.
func HeadlessThreads() int { return runtime.GOMAXPROCS(0) }

// parMinWidth is the narrowest layer whose work a step splits over
// threads: below it the hand-over costs more than the second core gains.
const parMinWidth = 256

// parMinParams is the fewest parameters an optimiser update splits.
const parMinParams = 1 << 16

// pool runs the parts of a job on worker goroutines and the caller's. The
// parts write disjoint outputs and each computes exactly what one call over
// the whole range computes for its share (the kernels' sums over a row or a
// column do not depend on the other rows or columns), so results are the
// same bits whatever the number of threads.
//
// A step hands work over several times, a few hundred microseconds apart.
// Waking a parked goroutine costs 50–100 µs on a virtual machine (its
// thread sleeps in the kernel), as much as the share it would run. So a
// worker that has finished a part spins for poolSpin before it parks, and
// the caller spins until the workers' parts are done: within a step every
// hand-over costs a cache line's round trip instead.
type pool struct {
	threads int
	spin    time.Duration // poolSpin, or 0 when the threads outnumber the processors
	workers []*worker
	pending atomic.Int32 // parts handed over and not yet done
	stopped atomic.Bool
	once    sync.Once
	done    sync.WaitGroup // the workers' goroutines
}

// worker is one of a pool's goroutines, with its mailbox.
type worker struct {
	pt     part          // the part to run, written before gen moves
	gen    atomic.Uint64 // moved once per part handed over
	parked atomic.Bool   // the goroutine waits on wake
	wake   chan struct{} // capacity 1
	_      [64]byte      // keeps the next worker's fields off this cache line
}

// poolSpin is how long a worker spins for its next part before it parks.
const poolSpin = time.Millisecond

// part is the share [lo, hi) of a job's range.
type part struct {
	job    *job
	lo, hi int
}

// job is a piece of a step that can be split: fn does the share [lo, hi)
// of its range. The fields carry its operands, so that no closure is made
// (and allocated) per step.
type job struct {
	fn  func(j *job, lo, hi int)
	net *Network
	ws  *Workspace
	in  *Input
	l   int // layer
	// for the optimiser
	opt          *Optimizer
	off          int // offset of the range in the parameters
	lrT, l1, l2  float32
	params, grad []float32
}

// newPool starts threads−1 workers. stop ends them.
func newPool(threads int) *pool {
	p := &pool{threads: threads}
	if threads <= runtime.GOMAXPROCS(0) {
		p.spin = poolSpin
	}
	for range threads - 1 {
		w := &worker{wake: make(chan struct{}, 1)}
		p.workers = append(p.workers, w)
		p.done.Add(1)
		go p.serve(w)
	}
	return p
}

// serve runs w's parts until the pool stops, on one OS thread, so that
// the data of its shares stays in one core's caches.
func (p *pool) serve(w *worker) {
	defer p.done.Done()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var seen uint64
	for {
		g := w.await(seen, p.spin)
		if p.stopped.Load() {
			return
		}
		seen = g
		pt := w.pt
		pt.job.fn(pt.job, pt.lo, pt.hi)
		p.pending.Add(-1)
	}
}

// await returns w's generation once it differs from seen: it spins for up
// to spin, then parks until hand sends a wake-up. The spin never yields:
// a yield lets the runtime move the step's goroutines between threads, and
// so between cores, and the shares' data would follow them.
func (w *worker) await(seen uint64, spin time.Duration) uint64 {
	deadline := time.Now().Add(spin)
	for i := 1; ; i++ {
		if g := w.gen.Load(); g != seen {
			return g
		}
		if i%256 != 0 || time.Now().Before(deadline) {
			continue
		}
		// Park. hand moves gen before it reads parked, and this
		// goroutine sets parked before it reads gen, so one of them sees
		// the other's write: no wake-up is lost. A stale token only makes
		// the loop look again.
		w.parked.Store(true)
		for w.gen.Load() == seen {
			<-w.wake
		}
		w.parked.Store(false)
		return w.gen.Load()
	}
}

// hand gives w the part pt.
func (w *worker) hand(pt part) {
	w.pt = pt
	w.gen.Add(1)
	if w.parked.Load() {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// stop ends the workers and waits for their goroutines to return. It must
// not run during run.
func (p *pool) stop() {
	p.once.Do(func() {
		p.stopped.Store(true)
		for _, w := range p.workers {
			w.hand(part{})
		}
	})
	p.done.Wait()
}

// run does j over [0, n): split into p.threads shares whose bounds are
// multiples of align (but the last), the first share on the calling
// goroutine. It returns when all shares are done.
func (p *pool) run(j *job, n, align int) {
	parts := p.threads
	if n <= align {
		parts = 1
	}
	if parts <= 1 {
		j.fn(j, 0, n)
		return
	}
	units := (n + align - 1) / align
	parts = min(parts, units)
	p.pending.Store(int32(parts - 1))
	for k := 1; k < parts; k++ {
		lo := units * k / parts * align
		hi := min(units*(k+1)/parts*align, n)
		p.workers[k-1].hand(part{j, lo, hi})
	}
	j.fn(j, 0, min(units/parts*align, n))
	// Wait for the workers' shares, yielding only if they are late (a
	// worker that has no processor to run on) or when the threads
	// outnumber the processors.
	start := time.Now()
	for i := 1; p.pending.Load() != 0; i++ {
		if p.spin == 0 || i%256 == 0 && time.Since(start) > poolSpin {
			runtime.Gosched()
		}
	}
}

// SetThreads sets how many threads a pass over the workspace may use
// (at least 1). Layers narrower than 256 units always use one. Results do
// not depend on the count. Worker goroutines end when the workspace is no
// longer referenced.
func (ws *Workspace) SetThreads(n int) {
	n = max(n, 1)
	if ws.pool != nil && ws.pool.threads == n {
		return
	}
	if ws.pool != nil {
		ws.pool.stop()
		ws.pool = nil
	}
	if n > 1 {
		ws.pool = newPool(n)
		runtime.AddCleanup(ws, (*pool).stop, ws.pool)
	}
}

// Threads returns the number of threads set by SetThreads.
func (ws *Workspace) Threads() int {
	if ws.pool == nil {
		return 1
	}
	return ws.pool.threads
}

// split runs fn over [0, n) on ws's threads when width (the layer's units)
// is wide enough to gain, else on the calling goroutine.
func (ws *Workspace) split(width int, fn func(j *job, lo, hi int), net *Network, in *Input, l, n, align int) {
	j := &ws.job
	j.fn, j.net, j.ws, j.in, j.l = fn, net, ws, in, l
	if ws.pool == nil || width < parMinWidth {
		fn(j, 0, n)
	} else {
		ws.pool.run(j, n, align)
	}
	*j = job{}
}
