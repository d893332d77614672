package live

import "sync"

// Budget is one memory limit for the timelines of several runners (the
// main run and the Playground's, say), so that more runs do not mean more
// snapshots: the bytes all their snapshots hold stay within the limit.
//
// A runner that shares a Budget (Runner.ShareBudget) may hold the larger of
// its fair share (the limit over the number of runners) and what the others
// leave. When a runner's snapshots grow the total past the limit, the other
// runners are woken to thin theirs to their new allowance, between batches.
// As with one runner's own budget, each keeps its first, last and current
// snapshot whatever the limit. A stopped runner's snapshots no longer count.
// A Budget is safe for use by any goroutine.
type Budget struct {
	mu    sync.Mutex
	limit int
	held  map[*Runner]int
}

// NewBudget returns a Budget of limit bytes (limit ≥ 0).
func NewBudget(limit int) *Budget {
	return &Budget{limit: max(limit, 0), held: map[*Runner]int{}}
}

// SetLimit changes the limit (limit ≥ 0; a negative one is ignored) and
// wakes every runner to thin its snapshots to the new allowance.
func (b *Budget) SetLimit(limit int) {
	if limit < 0 {
		return
	}
	b.mu.Lock()
	b.limit = limit
	rs := make([]*Runner, 0, len(b.held))
	for r := range b.held {
		rs = append(rs, r)
	}
	b.mu.Unlock()
	for _, r := range rs {
		r.wakeTrim()
	}
}

// Limit returns the limit in bytes.
func (b *Budget) Limit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limit
}

// Held returns the bytes the snapshots of all running runners that share b
// hold, as they last reported them.
func (b *Budget) Held() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, v := range b.held {
		n += v
	}
	return n
}

// allowance returns what r may hold: its fair share of the limit or what
// the other runners leave, whichever is more.
func (b *Budget) allowance(r *Runner) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	others, n := 0, len(b.held)
	for k, v := range b.held {
		if k != r {
			others += v
		}
	}
	if _, ok := b.held[r]; !ok {
		n++
	}
	return max(b.limit/max(n, 1), b.limit-others)
}

// set records that r's snapshots hold n bytes. When they grew and the
// total is over the limit, it wakes the other runners to thin theirs.
// Shrinking never wakes anyone, so that runners do not wake each other
// back and forth over the snapshots each must keep.
func (b *Budget) set(r *Runner, n int) {
	b.mu.Lock()
	old, total := b.held[r], 0
	b.held[r] = n
	for _, v := range b.held {
		total += v
	}
	var wake []*Runner
	if n > old && total > b.limit {
		for k := range b.held {
			if k != r {
				wake = append(wake, k)
			}
		}
	}
	b.mu.Unlock()
	for _, k := range wake {
		k.wakeTrim()
	}
}

// remove forgets r: its snapshots are gone.
func (b *Budget) remove(r *Runner) {
	b.mu.Lock()
	delete(b.held, r)
	b.mu.Unlock()
}

// ShareBudget makes the runner's snapshots count against b, with those of
// every other runner that shares it, as well as against the runner's own
// budget (SetTimeline). A nil b stops the sharing.
func (r *Runner) ShareBudget(b *Budget) {
	r.send(func(w *worker) {
		tl := &w.tl
		if tl.shared != nil && tl.shared != b {
			tl.shared.remove(r)
		}
		tl.shared = b
		w.trimTimeline()
	})
}

// wakeTrim asks the worker, without waiting, to thin its snapshots to its
// allowance of the shared budget.
func (r *Runner) wakeTrim() {
	select {
	case r.trim <- struct{}{}:
	default:
	}
}

// trimTimeline enforces the timeline's budgets, reports its size to the
// shared budget and publishes it.
func (w *worker) trimTimeline() {
	w.tl.enforce()
	w.publishTimeline()
}
