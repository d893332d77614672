package app

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/theme"

	"backproplab/nn/proj"
)

// reprPlayRate is the frame rate at which the representation player shows
// the snapshots' maps.
const reprPlayRate = 15

// reprPlayAhead is how many frames the player renders ahead of the one
// shown; it waits for that many (or all) before it shows the first, so
// that rendering time does not set the pace. It bounds the memory.
const reprPlayAhead = 8

// reprPlayer is one playing of the timeline's snapshots: a job renders the
// frames off the UI goroutine, in order, into a bounded queue; the bridge
// polls the panel at fastRate and shows one at each due time.
type reprPlayer struct {
	cancel context.CancelFunc
	frames chan reprPlayFrame // rendered ahead; closed after the last
	done   atomic.Bool        // every frame is in the queue
	next   time.Time          // when the next frame is due (bridge goroutine)
	shown  int                // frames shown (UI goroutine)
	t0     time.Time          // when the first was shown (UI goroutine)
	last   time.Time          // when the last was shown (UI goroutine)
}

// rate returns the frames shown per second so far. UI goroutine.
func (pl *reprPlayer) rate() float64 {
	if sec := pl.last.Sub(pl.t0).Seconds(); pl.shown > 1 && sec > 0 {
		return float64(pl.shown-1) / sec
	}
	return 0
}

// reprPlayFrame is a rendered frame: mark i of n, and what shows it.
type reprPlayFrame struct {
	i, n int
	show func()
}

// togglePlay plays the snapshots from the one shown (or from the start
// when the last is shown) to the end, or stops playing. UI goroutine.
func (p *reprPanel) togglePlay() {
	if p.playing.Load() {
		p.stop()
		return
	}
	b := p.n.bridge
	src := p.n.src.get(nil)
	if !src.ok() || src.regression() {
		return
	}
	s, tl := src.snap, src.runner.Timeline()
	n := len(tl.Marks)
	if n < 2 || len(tl.Params) != n {
		return
	}
	start := p.index(n)
	if start >= n-1 {
		start = 0
	}
	p.played = ""
	ctx, cancel := context.WithCancel(p.n.sess.ctx)
	pl := &reprPlayer{cancel: cancel, frames: make(chan reprPlayFrame, reprPlayAhead)}
	p.player.Store(pl)
	p.playing.Store(true)
	p.play.SetText(T("Stop"))
	p.play.SetIcon(theme.MediaStopIcon())
	p.status.SetText(T("Preparing the animation…"))
	arch, layers, classes := s.Net.Arch, proj.Layers(s.Net), s.Net.Arch.Outputs
	layer := min(int(p.layer.Load()), layers-1)
	method := reprMethod(p.method.Load())
	th := *p.n.theme.Load()
	test := src.test
	b.Go(func(context.Context) func() {
		defer pl.done.Store(true)
		defer close(pl.frames)
		err := context.Canceled
		if test != nil {
			err = p.frames.compute(ctx, arch, tl.Params, layer, method, test, func() {}, p.steps)
			p.tsneAt.Store(0)
		}
		if err != nil {
			return nil
		}
		for i := start; i < n; i++ {
			f := reprPlayFrame{i: i, n: n, show: p.draw(tl, test, i, layer, method, layers, classes, th)}
			select {
			case pl.frames <- f:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	b.Hurry(true)
}

// poll implements poller (the bridge registers the panel as a player):
// while playing, it shows the next rendered frame when it is due.
func (p *reprPanel) poll(bool) func() {
	pl := p.player.Load()
	if pl == nil {
		return nil
	}
	if p.n.tab.Load() != netTabRepresentation {
		return func() { p.stopPlayer(pl) }
	}
	now := time.Now()
	if pl.next.IsZero() && !pl.done.Load() && len(pl.frames) < cap(pl.frames) {
		return nil // still filling the queue
	}
	if now.Before(pl.next) {
		return nil
	}
	var f reprPlayFrame
	var ok bool
	select {
	case f, ok = <-pl.frames:
	default:
		return nil // the renderer is behind
	}
	if !ok {
		return func() { p.stopPlayer(pl) }
	}
	step := time.Second / reprPlayRate
	if pl.next = pl.next.Add(step); pl.next.Before(now.Add(-step)) {
		pl.next = now.Add(step)
	}
	return func() {
		if p.player.Load() != pl {
			return // stopped meanwhile
		}
		if f.show != nil {
			f.show()
		}
		p.setPos(f.i)
		pl.last = time.Now()
		if pl.shown == 0 {
			pl.t0 = pl.last
		}
		pl.shown++
		if pl.shown > 1 {
			p.status.SetText(Tf("Playing: snapshot %d of %d, %.1f frames/s", f.i+1, f.n, pl.rate()))
		}
		if f.i >= f.n-1 {
			p.stopPlayer(pl)
		}
	}
}

// setPos makes mark i the one shown, without stopping the player. UI goroutine.
func (p *reprPanel) setPos(i int) { p.pos.Store(int32(i)) }

// stop stops playing. UI goroutine.
func (p *reprPanel) stop() {
	if pl := p.player.Load(); pl != nil {
		p.stopPlayer(pl)
	}
}

// stopPlayer stops pl if it is still the one playing. UI goroutine.
func (p *reprPanel) stopPlayer(pl *reprPlayer) {
	if !p.player.CompareAndSwap(pl, nil) {
		return
	}
	pl.cancel()
	if pl.shown > 1 {
		p.played = Tf("Played %d snapshots at %.1f frames/s.", pl.shown, pl.rate())
	}
	p.playing.Store(false)
	p.n.bridge.Hurry(false)
	p.play.SetText(T("Play"))
	p.play.SetIcon(theme.MediaPlayIcon())
	p.n.poke()
}
