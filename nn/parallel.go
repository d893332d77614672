package nn

import (
	"runtime"
	"sync"
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
type pool struct {
	threads int
	work    chan part
	wg      sync.WaitGroup
	once    sync.Once
}

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
	p := &pool{threads: threads, work: make(chan part)}
	for range threads - 1 {
		go func() {
			for pt := range p.work {
				pt.job.fn(pt.job, pt.lo, pt.hi)
				p.wg.Done()
			}
		}()
	}
	return p
}

func (p *pool) stop() { p.once.Do(func() { close(p.work) }) }

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
	lo0 := 0
	hi0 := 0
	for k := range parts {
		lo := units * k / parts * align
		hi := min(units*(k+1)/parts*align, n)
		if k == 0 {
			lo0, hi0 = lo, hi
			continue
		}
		p.wg.Add(1)
		p.work <- part{j, lo, hi}
	}
	j.fn(j, lo0, hi0)
	p.wg.Wait()
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
