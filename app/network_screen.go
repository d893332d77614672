package app

import (
	"image"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"backproplab/nn/data"
	"backproplab/nn/live"
	"backproplab/viz"
)

// Sub-tabs of the "Inside the network" screen; only the one shown renders.
const (
	netTabWeights = iota
	netTabActivations
	netTabGradients
	netTabEvaluation
	netTabRepresentation
	netTabLandscape
	netTabAblate
)

// chartPeriod is the shortest interval between two renders of the
// screen's plotted charts (bars, legends, distributions); the one-pixel
// tile rasters follow the bridge's rate.
const chartPeriod = 200 * time.Millisecond

// networkScreen is the "Inside the network" tab: weight heat maps,
// activations for one input, gradient distributions and the evaluation.
// render runs on the bridge's goroutine and reads only the snapshot and the
// atomics below; the panels' widgets are touched on the UI goroutine only.
type networkScreen struct {
	*deps
	content fyne.CanvasObject
	tabs    *container.AppTabs

	vis   *visibility  // the screen's tab is selected
	tab   atomic.Int32 // the selected sub-tab
	theme atomic.Pointer[viz.Theme]
	last  atomic.Pointer[live.Snapshot] // the last snapshot rendered

	weights *weightsPanel
	acts    *actsPanel
	grads   *gradsPanel
	eval    *evalPanel
	repr    *reprPanel
	land    *landPanel
	ablate  *ablatePanel // switch units off (ablation.go)
	src     runSources   // the run Representation and Landscape show (network_repr_source.go)
	links   networkLinks // ways to other screens (set at construction)
}

// networkLinks are the network screen's ways to other screens, which the
// window gives it at construction. Either may be nil.
type networkLinks struct {
	// toStepper follows a clicked test image through the stepper (UI
	// goroutine); without it a click shows the image's activations.
	toStepper func(row int)
	// playground returns the Playground's run and dataset (either may be
	// nil), for Representation and Landscape. Any goroutine.
	playground func() (*live.Runner, *data.Set)
}

// newNetworkScreen builds the "Inside the network" tab.
func newNetworkScreen(d *deps, links networkLinks) *networkScreen {
	n := &networkScreen{deps: d, vis: &visibility{}, links: links}
	n.src.n = n
	th := d.chartTheme()
	n.theme.Store(&th)
	n.weights = newWeightsPanel(n)
	n.acts = newActsPanel(n)
	n.grads = newGradsPanel(n)
	n.eval = newEvalPanel(n)
	n.repr = newReprPanel(n)
	n.land = newLandPanel(n)
	n.ablate = newAblatePanel(n)
	// Each sub-tab scrolls on its own: tabs ask for the tallest item's
	// height and the widest item's width, so one tall sub-tab (Landscape)
	// would otherwise make every other one scroll at 1280×800, and one
	// wide one (Activations) would lay every other one out wider than a
	// narrow window (FYNE_SCALE=2 on 1280×800), its tools past the edge.
	n.tabs = container.NewAppTabs(
		container.NewTabItem(T("Weights"), container.NewScroll(n.weights.content)),
		container.NewTabItem(T("Activations"), container.NewScroll(n.acts.content)),
		container.NewTabItem(T("Gradients"), container.NewScroll(n.grads.content)),
		container.NewTabItem(T("Evaluation"), container.NewScroll(n.eval.content)),
		container.NewTabItem(T("Representation"), container.NewScroll(n.repr.content)),
		container.NewTabItem(T("Landscape"), container.NewScroll(n.land.content)),
		container.NewTabItem(T("Switch units off"), container.NewScroll(n.ablate.content)),
	)
	n.tabs.OnSelected = func(*container.TabItem) {
		n.tab.Store(int32(n.tabs.SelectedIndex()))
		n.poke()
	}
	n.content = container.NewScroll(n.tabs)
	d.bridge.Add(n, n.vis)
	d.bridge.AddPlayer(n.repr, n.vis) // playing the snapshots
	d.bridge.AddPoller(&n.src, n.vis) // the Playground's run, when chosen
	return n
}

// setTheme chooses the colours (call on theme changes).
func (n *networkScreen) setTheme(th viz.Theme) {
	n.theme.Store(&th)
	n.poke()
}

// setInput shows the activations for x (784 pixels in [0, 1], e.g. the
// drawing pad's digit) instead of a test image. Call on the UI goroutine.
func (n *networkScreen) setInput(x []float32) { n.acts.setInput(x) }

// showAblation selects the "Switch units off" sub-tab.
func (n *networkScreen) showAblation() { n.tabs.SelectIndex(netTabAblate) }

// poke asks the bridge to render the screen at its next tick.
func (n *networkScreen) poke() { n.bridge.Poke() }

// observe implements observer: the gradient history samples every
// snapshot, shown or not. That is all a hidden screen costs training.
func (n *networkScreen) observe(s *live.Snapshot) {
	if s.Net != nil {
		n.grads.record(s)
	}
}

// render implements view; the bridge calls it only while the screen shows.
func (n *networkScreen) render(s *live.Snapshot, force bool) func() {
	if s == nil || s.Net == nil {
		return nil
	}
	n.last.Store(s)
	th := *n.theme.Load()
	switch n.tab.Load() {
	case netTabWeights:
		return n.weights.render(s, force, th)
	case netTabActivations:
		return n.acts.render(s, force, th)
	case netTabGradients:
		return n.grads.render(s, force, th)
	case netTabEvaluation:
		return n.eval.render(s, force, th)
	case netTabRepresentation:
		if n.src.which.Load() == sourceMain {
			return n.repr.render(n.src.get(s), th)
		}
	case netTabLandscape:
		if n.src.which.Load() == sourceMain {
			return n.land.render(n.src.get(s), th)
		}
	case netTabAblate:
		return n.ablate.render(s, force, th)
	}
	return nil
}

// throttle reports whether a chart last drawn at *last is due again, and
// if so records now. When it is not due, it asks the bridge to come back,
// so that the latest state is drawn once the period has passed.
func (n *networkScreen) throttle(last *time.Time, force bool) bool {
	now := time.Now()
	if force || now.Sub(*last) >= chartPeriod {
		*last = now
		return true
	}
	n.poke()
	return false
}

// chart renders a chart into v at its pixel size, or returns nil when v has
// no size yet.
func chart(v *imageView, draw func(w, h int, scale float64) image.Image) image.Image {
	w, h, sc := v.pixels()
	if w <= 0 || h <= 0 || sc <= 0 {
		return nil
	}
	return draw(w, h, sc)
}

// palette returns the diverging palette for the theme, or its colour-blind
// safer purple–orange alternative.
func palette(th viz.Theme, cbSafe bool) viz.Diverging {
	if !cbSafe {
		return th.Diverging
	}
	if th.Diverging.Name() == viz.RdBuDark.Name() || th.Diverging.Name() == viz.PuOrDark.Name() {
		return viz.PuOrDark
	}
	return viz.PuOr
}
