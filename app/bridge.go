package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
)

// bridgeRate is how often at most the bridge refreshes the window: a
// little above the 10 Hz a live picture needs (the Playground's neuron
// maps), so that a late tick still leaves 10 frames a second.
const bridgeRate = 12

// fastRate is how often at most the bridge polls its players while one of
// them has asked it to hurry (an animation being played); every other view
// keeps bridgeRate.
const fastRate = 40

// The bridge is the only way from other goroutines to the widgets; this
// file is the only one that calls fyne.Do. Its API, for screens:
//
//   - Add(v, vis) registers a periodic view: the bridge renders it off the
//     UI goroutine at bridgeRate while vis is shown, and shows the results
//     with at most one UI call pending, however fast training goes.
//   - AddPoller(p, vis) does the same for a view that follows something
//     other than the training run (a lesson experiment, a download, a clock).
//   - Go(job) runs one-shot work (file I/O, evaluation, a fetch) on a
//     goroutine that closing the window joins, and runs the function the
//     job returns on the UI goroutine.
//   - AddPlayer(p, vis) registers a poller that plays an animation: while
//     Hurry(true) is in force the bridge polls it fastRate times a second
//     (other views still render at bridgeRate), still with at most one UI
//     call pending.
//   - Poke() forces a render of every shown view at the next tick (resize,
//     option change); Later() offers the latest snapshot again.
//   - Join(done) makes closing the window wait for a goroutine that the
//     session's context stops (a lesson experiment's).
//   - Runner() is the training runner, for any goroutine.

// view is a part of the window that follows training. render runs on the
// bridge's goroutine (never the UI's): it may build images from the
// snapshot but must not touch widgets; it returns a function that the
// bridge runs on the UI goroutine to show them, or nil for nothing to show.
// It is called only while the view's visibility signal is on, with force
// set when the view was just shown or a render was poked.
type view interface {
	render(s *live.Snapshot, force bool) func()
}

// observer is a view that must see every new snapshot, shown or not
// (a history it samples, a log): observe runs on the bridge goroutine
// before render and must not touch widgets or do rendering work.
type observer interface {
	observe(s *live.Snapshot)
}

// poller is a periodic view that follows something other than the
// training snapshot. poll runs on the bridge goroutine at every tick while
// the view is shown, with the same contract as view.render.
type poller interface {
	poll(force bool) func()
}

// visibility is the one signal that says whether a view is on screen. The
// window sets it on the UI goroutine (the tab that holds the view is
// selected); the bridge reads it and renders only shown views. A nil
// *visibility is always shown (the status strip, the timeline bar).
type visibility struct{ on atomic.Bool }

// set says whether the view is shown. Any goroutine.
func (v *visibility) set(on bool) {
	if v != nil {
		v.on.Store(on)
	}
}

// shown reports whether the view is shown. Any goroutine.
func (v *visibility) shown() bool { return v == nil || v.on.Load() }

// entry is a registered view or poller.
type entry struct {
	v    view
	p    poller
	vis  *visibility
	fast bool // a player: polled at fastRate while the bridge hurries
	seen bool // shown at the last tick (bridge goroutine only)
}

// bridge is owned by the session. Its fields are safe from any goroutine
// except where noted.
type bridge struct {
	ctx    context.Context
	wg     *sync.WaitGroup // the session's: close joins every goroutine
	post   func(func())    // runs a function on the UI goroutine
	manual bool            // tests: no goroutine renders; Settle and tick run on the caller

	runner  atomic.Pointer[live.Runner]
	pending atomic.Bool   // a frame waits for the UI goroutine
	dirty   atomic.Bool   // Poke: force the next frame
	again   atomic.Bool   // Later: offer the latest snapshot again
	hurry   atomic.Int32  // players that asked for fastRate
	wake    chan struct{} // Hurry: tick now at the new rate
	mu      sync.Mutex
	entries []*entry
	last    uint64 // version of the last rendered snapshot (bridge goroutine only)

	joins []<-chan struct{} // closed when goroutines started elsewhere stop (mu)

	// frameMu is held while a frame renders; exclusive holds it to change
	// what the views read outside the snapshot (the session's datasets).
	frameMu sync.Mutex

	// Manual mode: the one-shot jobs in flight and their results.
	jobs  sync.WaitGroup
	qmu   sync.Mutex
	queue []func()
}

// newBridge returns a bridge whose goroutines belong to wg and stop with
// ctx. post runs a function on the UI goroutine (nil: fyne.Do). In manual
// mode (tests) it starts no goroutine: tests call tick and Settle.
func newBridge(ctx context.Context, wg *sync.WaitGroup, post func(func()), manual bool) *bridge {
	if post == nil {
		post = fyne.Do
	}
	b := &bridge{ctx: ctx, wg: wg, post: post, manual: manual, wake: make(chan struct{}, 1)}
	if !manual {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.run()
		}()
	}
	return b
}

// Add registers a view shown while vis is (nil: always). Any goroutine.
func (b *bridge) Add(v view, vis *visibility) { b.add(&entry{v: v, vis: vis}) }

// AddPoller registers a poller shown while vis is (nil: always). Any goroutine.
func (b *bridge) AddPoller(p poller, vis *visibility) { b.add(&entry{p: p, vis: vis}) }

// AddPlayer registers a player shown while vis is (nil: always): a poller
// that the bridge polls at fastRate while it hurries. Any goroutine.
func (b *bridge) AddPlayer(p poller, vis *visibility) { b.add(&entry{p: p, vis: vis, fast: true}) }

// Hurry(true) asks the bridge to poll its players at fastRate until the
// matching Hurry(false). Calls nest. Any goroutine.
func (b *bridge) Hurry(on bool) {
	if on {
		b.hurry.Add(1)
	} else {
		b.hurry.Add(-1)
	}
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

func (b *bridge) add(e *entry) {
	b.mu.Lock()
	b.entries = append(b.entries, e)
	b.mu.Unlock()
	b.dirty.Store(true)
}

// Poke asks for a forced render of every shown view at the next tick.
func (b *bridge) Poke() { b.dirty.Store(true) }

// Later offers the latest snapshot again at the next tick, unforced: a
// view that limits its own rate calls it when it skips one.
func (b *bridge) Later() { b.again.Store(true) }

// Runner returns the training runner, or nil before the data is loaded.
func (b *bridge) Runner() *live.Runner { return b.runner.Load() }

// setRunner makes r the runner the views follow.
func (b *bridge) setRunner(r *live.Runner) {
	b.runner.Store(r)
	b.dirty.Store(true)
}

// Join makes wait wait for done too: done is closed by a goroutine that
// stops when the session's context is done. Any goroutine.
func (b *bridge) Join(done <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	live := b.joins[:0]
	for _, d := range b.joins {
		select {
		case <-d: // stopped already: forget it
		default:
			live = append(live, d)
		}
	}
	b.joins = append(live, done)
}

// wait returns when every goroutine of the bridge's, every job and every
// joined goroutine has stopped. Call it after cancelling the context.
func (b *bridge) wait() {
	b.wg.Wait()
	b.mu.Lock()
	joins := b.joins
	b.mu.Unlock()
	for _, d := range joins {
		<-d
	}
}

// Go runs job on a goroutine that closing the window joins, with the
// session's context, then runs the function it returns (if any) on the UI
// goroutine, unless the window closed meanwhile.
func (b *bridge) Go(job func(ctx context.Context) func()) {
	b.wg.Add(1)
	if b.manual {
		b.jobs.Add(1)
	}
	go func() {
		defer b.wg.Done()
		if b.manual {
			defer b.jobs.Done()
		}
		apply := job(b.ctx)
		if apply == nil || b.ctx.Err() != nil {
			return
		}
		if b.manual {
			b.qmu.Lock()
			b.queue = append(b.queue, apply)
			b.qmu.Unlock()
			return
		}
		b.post(func() {
			if b.ctx.Err() == nil {
				apply()
			}
		})
	}()
}

// Settle is for tests (manual mode): it waits for the one-shot jobs in
// flight and runs their results on the calling goroutine, which stands
// for the UI goroutine, until none is left.
func (b *bridge) Settle() {
	for {
		b.jobs.Wait()
		b.qmu.Lock()
		q := b.queue
		b.queue = nil
		b.qmu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}

// run ticks bridgeRate times a second, or fastRate times while the bridge
// hurries (then only every bridgeRate-th of a second is a full frame, the
// others poll the players alone), until the session's context is done.
func (b *bridge) run() {
	slow, fast := time.Second/bridgeRate, time.Second/fastRate
	period := slow
	t := time.NewTicker(period)
	defer t.Stop()
	var full time.Time // when the last full frame was rendered
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-t.C:
		case <-b.wake:
		}
		want := slow
		if b.hurry.Load() > 0 {
			want = fast
		}
		if want != period {
			period = want
			t.Reset(period)
		}
		now := time.Now()
		all := period == slow || now.Sub(full) >= slow-fast/2
		if all {
			full = now
		}
		b.tick(all)
	}
}

// tick renders one frame (all false: the players alone) and hands it to
// the UI goroutine, unless the UI has not shown the previous one yet (then
// the frame is skipped, not queued). In manual mode the frame runs on the
// caller.
func (b *bridge) tick(all bool) {
	if b.pending.Load() {
		return
	}
	b.frameMu.Lock()
	apply := b.frame(all)
	b.frameMu.Unlock()
	if apply == nil || b.ctx.Err() != nil {
		return
	}
	if b.manual {
		apply()
		return
	}
	b.pending.Store(true)
	b.post(func() {
		defer b.pending.Store(false)
		if b.ctx.Err() == nil {
			apply()
		}
	})
}

// exclusive runs f while no frame renders, so that f may change what
// views read while rendering (the session's datasets); the next frame is
// forced. Call it on the UI goroutine, never from a view.
func (b *bridge) exclusive(f func()) {
	b.frameMu.Lock()
	defer b.frameMu.Unlock()
	f()
	b.dirty.Store(true)
}

// frame renders every shown view that has something new (all false: polls
// the shown players alone) and returns the function that shows the results
// on the UI goroutine, or nil.
func (b *bridge) frame(all bool) func() {
	if !all {
		return b.players()
	}
	var s *live.Snapshot
	if r := b.runner.Load(); r != nil {
		s = r.Snapshot()
	}
	force := b.dirty.Swap(false)
	again := b.again.Swap(false)
	fresh := s != nil && s.Version != b.last
	if s != nil {
		b.last = s.Version
	}
	b.mu.Lock()
	entries := append([]*entry(nil), b.entries...)
	b.mu.Unlock()
	var apply []func()
	for _, e := range entries {
		if o, ok := e.v.(observer); ok && s != nil && fresh {
			o.observe(s)
		}
		shown := e.vis.shown()
		justShown := shown && !e.seen
		e.seen = shown
		if !shown {
			continue
		}
		var f func()
		switch {
		case e.p != nil:
			f = e.p.poll(force || justShown)
		case s != nil && (fresh || force || again || justShown):
			f = e.v.render(s, force || justShown)
		}
		if f != nil {
			apply = append(apply, f)
		}
	}
	return callAll(apply)
}

// players polls the shown players and returns the function that shows
// their frames on the UI goroutine, or nil.
func (b *bridge) players() func() {
	b.mu.Lock()
	entries := append([]*entry(nil), b.entries...)
	b.mu.Unlock()
	var apply []func()
	for _, e := range entries {
		if !e.fast {
			continue
		}
		shown := e.vis.shown()
		justShown := shown && !e.seen
		e.seen = shown
		if !shown {
			continue
		}
		if f := e.p.poll(justShown); f != nil {
			apply = append(apply, f)
		}
	}
	return callAll(apply)
}

// callAll returns a function that calls fs in order, or nil for none.
func callAll(fs []func()) func() {
	if len(fs) == 0 {
		return nil
	}
	return func() {
		for _, f := range fs {
			f()
		}
	}
}
