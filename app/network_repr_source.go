package app

import (
	"sync/atomic"

	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/live"
)

// The runs the Representation and Landscape sub-tabs can look at.
const (
	sourceMain       = iota // the app's training run (MNIST or the chosen images)
	sourcePlayground        // the Playground tab's 2D run
)

// runSource is one run as the Representation and Landscape sub-tabs see
// it: its runner (timeline), test set and latest snapshot.
type runSource struct {
	kind   int
	runner *live.Runner
	test   *nn.Dataset
	snap   *live.Snapshot
	set    *data.Set // the Playground's dataset (points and features), or nil
}

// regression reports whether the run fits real targets rather than classes.
func (s runSource) regression() bool { return s.set != nil && s.set.Regression() }

// ok reports whether the run has what the sub-tabs need.
func (s runSource) ok() bool {
	return s.runner != nil && s.test != nil && s.test.N > 0 && s.snap != nil && s.snap.Net != nil && s.snap.Net.Arch.Inputs == s.test.Dim
}

// runNames returns the run chooser's options.
func runNames() []string {
	return []string{T("the training run"), T("the Playground's 2D run")}
}

// runSources is the run that the Representation and Landscape sub-tabs
// share, with a chooser in each. Any goroutine may read which.
type runSources struct {
	n *networkScreen

	which   atomic.Int32
	version atomic.Uint64 // the Playground snapshot last rendered
	marks   atomic.Int64  // its timeline length last rendered
	sels    []*widget.Select
}

// chooser returns a new select bound to the shared choice (UI goroutine).
func (r *runSources) chooser() *widget.Select {
	sel := newSelect(runNames(), nil)
	sel.SetSelectedIndex(int(r.which.Load()))
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i < 0 || int32(i) == r.which.Load() {
			return
		}
		r.which.Store(int32(i))
		for _, o := range r.sels {
			if o != sel {
				o.SetSelectedIndex(i)
			}
		}
		r.n.poke()
	}
	r.sels = append(r.sels, sel)
	return sel
}

// get returns the chosen run; main is the main run's snapshot being
// rendered (nil: its latest). Any goroutine.
func (r *runSources) get(main *live.Snapshot) runSource {
	n := r.n
	if r.which.Load() == sourcePlayground {
		src := runSource{kind: sourcePlayground}
		if f := n.links.playground; f != nil {
			src.runner, src.set = f()
		}
		if src.set != nil {
			src.test = src.set.Test
		}
		if src.runner != nil {
			src.snap = src.runner.Snapshot()
		}
		return src
	}
	src := runSource{kind: sourceMain, runner: n.bridge.Runner(), test: n.sess.testDS, snap: main}
	if src.snap == nil && src.runner != nil {
		src.snap = src.runner.Snapshot()
	}
	return src
}

// poll implements poller: it renders the shown Representation or
// Landscape sub-tab when it looks at the Playground's run, whose snapshots
// the bridge's views do not follow, when that run has moved on or a
// render was asked for.
func (r *runSources) poll(force bool) func() {
	n := r.n
	tab := n.tab.Load()
	if r.which.Load() != sourcePlayground || (tab != netTabRepresentation && tab != netTabLandscape) {
		return nil
	}
	src := r.get(nil)
	if src.snap != nil {
		marks := int64(len(src.runner.Timeline().Marks))
		moved := r.version.Swap(src.snap.Version) != src.snap.Version
		grown := r.marks.Swap(marks) != marks
		if !force && !moved && !grown {
			return nil
		}
	} else if !force {
		return nil
	}
	th := *n.theme.Load()
	if tab == netTabRepresentation {
		return n.repr.render(src, th)
	}
	return n.land.render(src, th)
}
