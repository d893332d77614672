package live

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Nudge is the change a Runner.Nudge made, as recorded on its timeline mark.
type Nudge struct {
	Param int     // index into nn.Network.Params
	Delta float32 // the change added to it
	From  float32 // its value before
}

// Nudge adds delta to parameter param (an index into nn.Network.Params) of
// the network in training, on the worker between batches, and pauses
// training like a step of the stepper. It puts the change on the timeline
// as a step: the state before the nudge is kept as a mark, and the nudged
// state becomes a new mark labelled with the change, so that seeking to the
// mark before undoes it. Nudging a rewound run forks it, as training from
// there would. The optimiser's state is left as it is.
func (r *Runner) Nudge(param int, delta float32) error {
	ch := make(chan error, 1)
	r.send(func(w *worker) { ch <- w.nudge(param, delta) })
	select {
	case err := <-ch:
		return err
	case <-r.done:
		return errors.New("live: runner stopped")
	}
}

func (w *worker) nudge(param int, delta float32) error {
	p := w.t.Net.Params
	if param < 0 || param >= len(p) {
		return fmt.Errorf("live: nudge: no parameter %d (the network has %d)", param, len(p))
	}
	v := p[param] + delta
	if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
		return fmt.Errorf("live: nudge: %v + %v is not a finite number", p[param], delta)
	}
	if w.state == Running {
		w.state = Paused
	}
	w.stepTo, w.epochTo = 0, -1
	tl := &w.tl
	tl.fork()
	w.observe() // a new run (after a reset) starts its timeline first
	w.record()  // the state before: the mark that undoes the nudge
	w.prev = slices.Clone(p)
	w.update = make([]float32, len(p))
	w.update[param] = delta
	from := p[param]
	p[param] = v
	w.recordNudge(Nudge{Param: param, Delta: delta, From: from})
	w.publish()
	return nil
}

// recordNudge appends a mark for the nudged state, which record would take
// for the state before (the optimiser's step count has not changed).
func (w *worker) recordNudge(n Nudge) {
	w.appendMark(Mark{Nudge: &n})
}
