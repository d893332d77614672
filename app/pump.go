package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
)

// pumpRate is how often at most the pump refreshes the window.
const pumpRate = 10

// view is a part of the window that follows training. render runs on the
// pump's goroutine (never the UI's): it may build images from the
// snapshot but must not touch widgets; it returns a function that the pump
// runs on the UI goroutine to show them, or nil for nothing to show.
type view interface {
	render(s *live.Snapshot, force bool) func()
}

// pump is the one goroutine that turns published snapshots into UI
// updates: at most pumpRate times a second, and with at most one fyne.Do
// pending at any time, however fast training goes.
type pump struct {
	runner  atomic.Pointer[live.Runner]
	pending atomic.Bool
	dirty   atomic.Bool // a view asked for a forced render (resize, option change)
	again   atomic.Bool // a view skipped a snapshot and wants it offered again
	mu      sync.Mutex
	views   []view
	last    uint64 // version of the last rendered snapshot (pump goroutine only)
	done    chan struct{}
}

func newPump() *pump { return &pump{done: make(chan struct{})} }

// add registers a view. It may be called from any goroutine.
func (p *pump) add(v view) {
	p.mu.Lock()
	p.views = append(p.views, v)
	p.mu.Unlock()
	p.dirty.Store(true)
}

// poke asks for a forced render at the next tick even if no snapshot is new.
func (p *pump) poke() { p.dirty.Store(true) }

// later offers the latest snapshot again at the next tick, unforced: a
// view that limits its own rate calls it when it skips one.
func (p *pump) later() { p.again.Store(true) }

// run pumps until ctx is done.
func (p *pump) run(ctx context.Context) {
	defer close(p.done)
	throttle(ctx, pumpRate, &p.pending, p.renderAll)
}

// throttle calls render rate times a second until ctx is done, off the UI
// goroutine, and runs what it returns with fyne.Do — with at most one such
// call pending, so that a slow UI is skipped rather than queued.
func throttle(ctx context.Context, rate int, pending *atomic.Bool, render func() func()) {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if pending.Load() {
			continue // the UI has not caught up yet
		}
		apply := render()
		if apply == nil || ctx.Err() != nil {
			continue
		}
		pending.Store(true)
		fyne.Do(func() {
			defer pending.Store(false)
			if ctx.Err() == nil {
				apply()
			}
		})
	}
}

// renderAll renders every view for the latest snapshot, if it is new or a
// view asked for a render, and returns the function that shows the results
// on the UI goroutine, or nil.
func (p *pump) renderAll() func() {
	r := p.runner.Load()
	if r == nil {
		return nil
	}
	s := r.Snapshot()
	force := p.dirty.Swap(false)
	again := p.again.Swap(false)
	if s.Version == p.last && !force && !again {
		return nil
	}
	p.last = s.Version
	p.mu.Lock()
	views := append([]view(nil), p.views...)
	p.mu.Unlock()
	var apply []func()
	for _, v := range views {
		if f := v.render(s, force); f != nil {
			apply = append(apply, f)
		}
	}
	if len(apply) == 0 {
		return nil
	}
	return func() {
		for _, f := range apply {
			f()
		}
	}
}
