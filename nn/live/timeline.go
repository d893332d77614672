package live

import (
	"errors"
	"slices"

	"backproplab/nn"
)

// DefaultTimelineEvery is how many batches apart the timeline keeps
// snapshots within an epoch, besides every epoch end.
const DefaultTimelineEvery = 200

// DefaultTimelineBudget is the memory the timeline's snapshots may hold.
// One snapshot of the tutorial model with Adam is about 1.2 MB: 0.4 MB of
// weights and 0.8 MB of Adam's moments, which resuming exactly needs. So
// 24 MB keeps every snapshot of the 5-epoch tutorial run and every epoch
// end up to about 18 epochs, and evenly thinned ones of a longer run,
// while fifty epochs in a full-screen window stay well under 300 MB.
const DefaultTimelineBudget = 24 << 20

// Mark is one snapshot on the timeline.
type Mark struct {
	Step     int     // optimiser updates so far
	Epochs   float64 // epochs so far, fractional
	EpochEnd bool    // taken at the end of an epoch (or at the start)
	Loss     float64 // the last batch's loss, or NaN at the start
	Bytes    int     // memory the snapshot holds
	// Nudge, when set, is the change of one weight (Runner.Nudge) that
	// made this mark rather than training; the mark before holds the
	// weights without it.
	Nudge *Nudge
}

// Timeline is the published state of the run's timeline. It is immutable.
type Timeline struct {
	Marks []Mark
	// Pos is the index of the mark the run was rewound to, or -1 when the
	// run is at its head (live).
	Pos   int
	Bytes int // memory all snapshots hold
	// Budget is the limit on Bytes: the runner's own budget, or less when
	// a shared Budget leaves this run less (see Budget).
	Budget int
	Every  int // batches between snapshots within an epoch
	// HeadBatches, HeadEpochs and HeadTests are the history of the run's
	// furthest point, so that a rewound view can still draw the future.
	HeadBatches []nn.BatchMetrics
	HeadEpochs  []nn.EpochMetrics
	HeadTests   []TestPoint
	// Params holds each mark's weights, laid out like nn.Network.Params.
	// They are shared with the runner and never modified: read only.
	Params [][]float32
}

// At returns the mark the run is at: Marks[Pos], or the last mark when live.
func (tl *Timeline) At() (Mark, bool) {
	switch {
	case tl.Pos >= 0 && tl.Pos < len(tl.Marks):
		return tl.Marks[tl.Pos], true
	case len(tl.Marks) > 0:
		return tl.Marks[len(tl.Marks)-1], true
	}
	return Mark{}, false
}

// timeline is the worker's record of snapshots.
type timeline struct {
	every, budget int
	shared        *Budget     // the budget shared with other runners, or nil
	owner         *Runner     // the runner whose timeline this is
	trainer       *nn.Trainer // the trainer the entries belong to
	entries       []tlEntry
	pos           int
	bytes         int
	headBatches   []nn.BatchMetrics
	headEpochs    []nn.EpochMetrics
	headTests     []TestPoint
}

type tlEntry struct {
	Mark
	st    *nn.TrainerState
	tests int // len(worker.tests) when taken
}

// Timeline returns the latest published timeline. It never returns nil.
func (r *Runner) Timeline() *Timeline {
	if tl := r.tl.Load(); tl != nil {
		return tl
	}
	return &Timeline{Pos: -1}
}

// SetTimeline sets how many batches apart snapshots are kept within an
// epoch (every ≥ 1) and the memory budget in bytes (budget ≥ 0; the first,
// the last and the current snapshot are always kept).
func (r *Runner) SetTimeline(every, budget int) {
	r.send(func(w *worker) {
		if every >= 1 && budget >= 0 {
			w.tl.every, w.tl.budget = every, budget
			w.tl.enforce()
			w.publishTimeline()
		}
	})
}

// Seek rewinds (or forwards) the run to timeline mark i and pauses. All
// snapshots are kept, so the run can seek again; the next training step
// from a rewound point forks the run and drops the marks after it.
func (r *Runner) Seek(i int) error {
	ch := make(chan error, 1)
	r.send(func(w *worker) { ch <- w.seek(i) })
	select {
	case err := <-ch:
		return err
	case <-r.done:
		return errors.New("live: runner stopped")
	}
}

// Resume forks training from the mark the run was rewound to and plays.
func (r *Runner) Resume() {
	r.send(func(w *worker) {
		w.tl.fork()
		w.publishTimeline()
		w.play()
	})
}

func (w *worker) seek(i int) error {
	tl := &w.tl
	if i < 0 || i >= len(tl.entries) {
		return errors.New("live: no such timeline mark")
	}
	if tl.pos < 0 {
		// Leaving the head: keep it, and its history for the views.
		w.record()
		i = min(i, len(tl.entries)-1)
		tl.headBatches, tl.headEpochs, tl.headTests = w.t.History.Batches, w.t.History.Epochs, w.tests
	}
	e := tl.entries[i]
	if e.st.Batches > len(w.t.History.Batches) || e.st.Epochs > len(w.t.History.Epochs) {
		// Forward past the trainer's history: take it from the head.
		w.t.History.Batches, w.t.History.Epochs = tl.headBatches, tl.headEpochs
	}
	if e.tests > len(w.tests) {
		w.tests = tl.headTests
	}
	if err := w.t.Restore(e.st); err != nil {
		return err
	}
	w.cfg.Settings.LearningRate = w.t.Settings.LearningRate
	w.cfg.Settings.BatchSize = w.t.Settings.BatchSize
	w.cfg.Settings.L1, w.cfg.Settings.L2 = w.t.Settings.L1, w.t.Settings.L2
	w.tests = slices.Clone(w.tests[:min(e.tests, len(w.tests))])
	w.prev, w.update = nil, nil
	w.state, w.err, w.stepTo, w.epochTo = Paused, nil, 0, -1
	tl.pos = i
	if i == len(tl.entries)-1 {
		tl.pos = -1
	}
	w.publishTimeline()
	w.publish()
	return nil
}

// before returns the index of the latest mark taken before optimiser step
// t, or of the first mark when none is, or -1 when there are none.
func (tl *timeline) before(t int) int {
	for i := len(tl.entries) - 1; i >= 0; i-- {
		if tl.entries[i].Step < t {
			return i
		}
	}
	if len(tl.entries) > 0 {
		return 0
	}
	return -1
}

// fork drops the marks after the current position: the run continues from it.
func (tl *timeline) fork() {
	if tl.pos < 0 {
		return
	}
	for _, e := range tl.entries[tl.pos+1:] {
		tl.bytes -= e.Bytes
	}
	tl.entries = slices.Delete(tl.entries, tl.pos+1, len(tl.entries))
	tl.pos = -1
	tl.headBatches, tl.headEpochs, tl.headTests = nil, nil, nil
}

// observe records a snapshot when one is due. The worker calls it after
// every training step and every command.
func (w *worker) observe() {
	tl, t := &w.tl, w.t
	if tl.trainer != t { // a reset or a load: a new run
		tl.trainer, tl.entries, tl.pos, tl.bytes = t, nil, -1, 0
	}
	if len(tl.entries) > 0 {
		cur := tl.entries[len(tl.entries)-1]
		if tl.pos >= 0 {
			cur = tl.entries[tl.pos]
		}
		if t.Opt.T == cur.st.Opt.T && t.Samples() == cur.st.Samples {
			return // nothing trained since
		}
		tl.fork()
		last := tl.entries[len(tl.entries)-1]
		end := t.BatchInEpoch() == 0 && len(t.History.Epochs) > last.st.Epochs
		if !end && t.Opt.T-last.st.Opt.T < tl.every {
			return
		}
	}
	w.record()
}

// record appends a snapshot of the trainer's state unless the last one
// already holds it.
func (w *worker) record() {
	tl, t := &w.tl, w.t
	if n := len(tl.entries); n > 0 && tl.entries[n-1].st.Opt.T == t.Opt.T && tl.entries[n-1].st.Samples == t.Samples() {
		return
	}
	w.appendMark(Mark{EpochEnd: t.BatchInEpoch() == 0})
}

// appendMark completes m (step, epoch position, size, last loss) from the
// trainer's present state, appends it to the timeline within its budget
// and publishes the timeline.
func (w *worker) appendMark(m Mark) {
	tl, t := &w.tl, w.t
	st := t.State()
	m.Step, m.Epochs, m.Bytes, m.Loss = t.Opt.T, float64(t.Epoch()), st.Bytes(), -1
	if n := t.BatchesPerEpoch(); n > 0 {
		m.Epochs += float64(t.BatchInEpoch()) / float64(n)
	}
	if b := t.History.Batches; len(b) > 0 {
		m.Loss = b[len(b)-1].Loss
	}
	tl.entries = append(tl.entries, tlEntry{Mark: m, st: st, tests: len(w.tests)})
	tl.bytes += m.Bytes
	tl.enforce()
	w.publishTimeline()
}

// limit returns the bytes the timeline may hold: its own budget, or its
// allowance of the shared budget when that is less.
func (tl *timeline) limit() int {
	if tl.shared == nil {
		return tl.budget
	}
	return min(tl.budget, tl.shared.allowance(tl.owner))
}

// enforce drops snapshots until the budget holds: first those within an
// epoch, then epoch ends, each time the one whose removal leaves the
// smallest gap. The first, the last and the current snapshot stay.
func (tl *timeline) enforce() {
	limit := tl.limit()
	for tl.bytes > limit {
		best, bestGap := -1, 0
		for i := 1; i < len(tl.entries)-1; i++ {
			if i == tl.pos {
				continue
			}
			gap := tl.entries[i+1].Step - tl.entries[i-1].Step
			if tl.entries[i].EpochEnd || tl.entries[i].Nudge != nil || tl.entries[i+1].Nudge != nil {
				gap *= 1 << 20 // keep epoch ends, nudges and their undo while any other snapshot can go
			}
			if best < 0 || gap < bestGap {
				best, bestGap = i, gap
			}
		}
		if best < 0 {
			return
		}
		tl.bytes -= tl.entries[best].Bytes
		tl.entries = slices.Delete(tl.entries, best, best+1)
		if tl.pos > best {
			tl.pos--
		}
	}
}

// publishTimeline reports the timeline's size to the shared budget and
// stores the timeline for readers.
func (w *worker) publishTimeline() {
	tl := &w.tl
	if tl.shared != nil {
		tl.shared.set(w.r, tl.bytes)
	}
	v := &Timeline{Pos: tl.pos, Bytes: tl.bytes, Budget: tl.limit(), Every: tl.every,
		HeadBatches: tl.headBatches, HeadEpochs: tl.headEpochs, HeadTests: tl.headTests}
	v.Marks = make([]Mark, len(tl.entries))
	v.Params = make([][]float32, len(tl.entries))
	for i, e := range tl.entries {
		v.Marks[i] = e.Mark
		v.Params[i] = e.st.Params
	}
	w.r.tl.Store(v)
}
