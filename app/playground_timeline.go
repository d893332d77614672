package app

import (
	"backproplab/nn/live"
)

// pgTimeline makes the timeline bar under the tabs drive the Playground's
// run while its tab is shown: scrub back to any snapshot, then resume (fork)
// from there, as on the main run. It is a poller registered with the
// Playground's visibility; its fields are the bridge goroutine's.
type pgTimeline struct {
	p       *playground
	runner  *live.Runner
	tl      *live.Timeline
	version uint64
}

// poll implements poller: it shows the Playground run's timeline on the
// bar when it changed.
func (t *pgTimeline) poll(force bool) func() {
	p := t.p
	r := p.runner.Load()
	if r == nil || p.showTimeline == nil {
		return nil
	}
	tl, s := r.Timeline(), r.Snapshot()
	if !force && r == t.runner && tl == t.tl && s.Version == t.version {
		return nil
	}
	t.runner, t.tl, t.version = r, tl, s.Version
	return p.showTimeline(r, s, p.rewound)
}

// rewound is called on the UI goroutine when the timeline moved the
// Playground's run: a traced step no longer describes the network shown.
func (p *playground) rewound(live.Mark) {
	p.stepr.clear()
	p.play.SetText(T("Train"))
	p.poke()
}
