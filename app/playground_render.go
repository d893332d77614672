package app

import (
	"image"
	"image/color"
	"math"
	"time"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/live"
	"backproplab/viz"
)

// Map resolutions: the neurons' small maps and the large output map.
const (
	pgSmallGrid = 24
	pgBigGrid   = 100
	pgBigScale  = 4 // the output image is pgBigGrid×pgBigScale pixels square
)

// The output map's points: radius in pixels of the output image, ring colours.
var (
	pgWhite = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	pgDark  = color.NRGBA{0x26, 0x26, 0x26, 0xff}
)

const pgPointRadius = 4

// pgExport is what the Playground drew last, for export; immutable.
type pgExport struct {
	grid  *image.RGBA // the output map, a pixel per grid point
	pts   []viz.PlanePoint
	out   image.Image // the output map as shown, with the points
	small [][]image.Image
}

// pgRenderState is what the Playground's render keeps between calls; only
// the bridge goroutine touches it.
type pgRenderState struct {
	small, big *data.Mapper
	smallMaps  *data.Maps
	bigMaps    *data.Maps
	eval       *nn.Evaluator
	evalArch   string
	version    uint64
	runner     *live.Runner
	set        *data.Set
	charted    uint64    // version of the snapshot the loss chart shows
	chartedAt  time.Time // when the loss chart was last drawn
}

// render implements view. It ignores the main run's snapshot s and draws
// the Playground's own run, off the UI goroutine.
func (p *playground) render(_ *live.Snapshot, force bool) func() {
	r, set := p.runner.Load(), p.data.Load()
	rs := &p.rs
	if r == nil || set == nil {
		return nil
	}
	s := r.Snapshot()
	if s.State == live.Running {
		p.bridge.Later() // offer the next tick even if the main run is idle
	}
	if p.awaiting(s) {
		return nil // the frame before the action's step would only delay it
	}
	same := r == rs.runner && set == rs.set
	if !force && same && s.Version == rs.version && s.Version == rs.charted {
		return nil
	}
	var chart image.Image
	if force || !same || s.Version != rs.charted {
		var drawn bool
		if chart, drawn = p.renderLoss(r, s, force || !same); drawn {
			rs.charted = s.Version
		}
	}
	if !force && same && s.Version == rs.version {
		return func() { p.lossView.setImageIf(chart) } // only the chart was due
	}
	rs.runner, rs.set, rs.version = r, set, s.Version
	widths, weights, images, out := p.renderMaps(s, set)
	lossText := p.lossText(s, set)
	state, version := s.State, s.Version
	return func() {
		p.diagram.set(widths, weights, images)
		p.plane.setImage(out)
		if h := p.loss.MinSize().Height; p.loss.Text != lossText {
			p.loss.SetText(lossText)
			if p.loss.MinSize().Height != h {
				// Another number of lines: the map gives the loss chart
				// room again (pgColumn grows the readouts to their content).
				p.outCol.Refresh()
			}
		}
		p.lossView.setImageIf(chart)
		p.showState(r, version, state)
	}
}

// showState sets the Train/Pause button from snapshot version of run r
// with state, unless an action on the button came after that snapshot (the
// button already says what the action did). UI goroutine.
func (p *playground) showState(r *live.Runner, version uint64, state live.State) {
	if r != p.runner.Load() || version <= p.actedAt {
		return
	}
	if state == live.Running {
		p.play.SetText(T("Pause"))
	} else {
		p.play.SetText(T("Train"))
	}
}

// acted records an action on run r (UI goroutine): frames drawn from
// snapshots up to now no longer set the Train/Pause button, and until the
// run has taken a step after it (or the hurry ends) the Playground draws
// no frame, since a frame of the weights before the step would only delay
// the one that shows it. step is false for an action that takes no step
// (Pause).
func (p *playground) acted(r *live.Runner, step bool) {
	s := r.Snapshot()
	p.actedAt = s.Version
	if step {
		p.await.Store(int64(len(s.Batches)))
	}
	p.poke()
}

// awaiting reports whether snapshot s comes before the step of the last
// action, which is still due. Bridge goroutine.
func (p *playground) awaiting(s *live.Snapshot) bool {
	w := p.await.Load()
	if w < 0 {
		return false
	}
	if s.State == live.Running && int64(len(s.Batches)) <= w && time.Now().UnixNano() < p.hurryUntil.Load() {
		return true
	}
	p.await.CompareAndSwap(w, -1)
	return false
}

// renderMaps computes every neuron's map and the output image for the
// snapshot's network.
func (p *playground) renderMaps(s *live.Snapshot, set *data.Set) (widths []int, weights [][]float32, images [][]image.Image, out image.Image) {
	rs := &p.rs
	net := s.Net
	feats := set.Plane.Features
	if rs.small == nil || !rs.small.Fits(net.Arch, feats, pgSmallGrid) {
		rs.small = data.NewMapper(net.Arch, feats, pgSmallGrid)
		rs.big = data.NewMapper(net.Arch, feats, pgBigGrid)
		rs.smallMaps, rs.bigMaps = nil, nil
	}
	rs.smallMaps = rs.small.Run(net, rs.smallMaps)
	rs.bigMaps = rs.big.Run(net, rs.bigMaps)
	widths = net.Arch.Widths()
	for _, ly := range net.Layers {
		weights = append(weights, ly.W)
	}
	last := len(widths) - 1
	for l, units := range rs.smallMaps.Units {
		imgs := make([]image.Image, len(units))
		for u, v := range units {
			mid, scale := mapScale(net.Arch, l, last, v)
			imgs[u] = viz.PlaneValues(v, pgSmallGrid, mid, scale, viz.OrBu)
		}
		images = append(images, imgs)
	}
	out, grid, pts := p.outputImage(set, rs.bigMaps.Units[last])
	p.export.Store(&pgExport{grid: grid, pts: pts, out: out, small: images})
	return widths, weights, images, out
}

// mapScale returns the centre and half-range of a neuron map's colours:
// fixed for bounded activations and outputs, the map's own largest
// magnitude otherwise.
func mapScale(a nn.Arch, l, last int, v []float32) (mid, scale float32) {
	switch {
	case l == last && a.Loss == nn.Regression:
		return 0, 1
	case l == last:
		return 0.5, 0.5 // probabilities
	case l > 0 && a.Act(l-1) == nn.Tanh:
		return 0, 1
	case l > 0 && a.Act(l-1) == nn.Sigmoid:
		return 0.5, 0.5
	}
	for _, x := range v {
		scale = max(scale, float32(math.Abs(float64(x))))
	}
	return 0, scale
}

// outputImage draws the output map with the points; it also returns the
// map before upscaling and the points (in the output's pixels), for export.
func (p *playground) outputImage(set *data.Set, outs [][]float32) (out, grid *image.RGBA, pts []viz.PlanePoint) {
	white := pgWhite
	discrete := p.discrete.Load()
	var img *image.RGBA
	if set.Regression() {
		v := outs[0]
		if discrete {
			v = viz.Discretize(v)
		}
		img = viz.PlaneValues(v, pgBigGrid, 0, 1, viz.OrBu)
	} else {
		img = viz.PlaneClasses(outs, pgBigGrid, viz.ClassColors(), white, discrete)
	}
	grid = img
	img = viz.Upscale(img, pgBigScale)
	side := float64(pgBigGrid * pgBigScale)
	toPx := func(q data.Point) (float64, float64) {
		return (q.X + data.Extent) / (2 * data.Extent) * side, (data.Extent - q.Y) / (2 * data.Extent) * side
	}
	colour := func(q data.Point) color.NRGBA {
		if set.Regression() {
			c := viz.OrBu.Signed(q.Value, 1)
			return color.NRGBA{c.R, c.G, c.B, 0xff}
		}
		return viz.ClassColors()[q.Class%len(viz.ClassColors())]
	}
	for _, q := range set.Plane.Train {
		x, y := toPx(q)
		pts = append(pts, viz.PlanePoint{X: x, Y: y, C: colour(q)})
	}
	if p.showTest.Load() {
		for _, q := range set.Plane.Test {
			x, y := toPx(q)
			pts = append(pts, viz.PlanePoint{X: x, Y: y, C: colour(q), Test: true})
		}
	}
	viz.DrawPoints(img, pts, pgPointRadius, pgDark, pgWhite)
	return img, grid, pts
}

// lossText shows the losses (and accuracies) of the snapshot's network on
// the whole training and test sets, as the run measured them for it (its
// last Whole test point), or, for a snapshot without one (a run that has
// not yet measured them), as the engine's evaluator finds them here.
func (p *playground) lossText(s *live.Snapshot, set *data.Set) string {
	var trainLoss, trainAcc, testLoss, testAcc float64
	if w, ok := wholePoint(s); ok {
		trainLoss, trainAcc, testLoss, testAcc = w.TrainLoss, w.TrainAccuracy, w.Loss, w.Accuracy
	} else {
		rs := &p.rs
		if rs.eval == nil || rs.evalArch != s.Net.Arch.String()+s.Net.Arch.Loss.String() {
			rs.eval = nn.NewEvaluator(s.Net.Arch)
			rs.evalArch = s.Net.Arch.String() + s.Net.Arch.Loss.String()
		}
		trainLoss, trainAcc = rs.eval.Run(s.Net, set.Train, nil, nil)
		testLoss, testAcc = rs.eval.Run(s.Net, set.Test, nil, nil)
	}
	epochs := Tf("Epoch %d, step %d", s.Epoch, len(s.Batches))
	if set.Regression() || set.Test.N == 0 {
		return epochs + "\n" + Tf("Training loss %.4f · test loss %.4f", trainLoss, testLoss)
	}
	return epochs + "\n" + Tf("Training loss %.4f · test loss %.4f", trainLoss, testLoss) + "\n" +
		Tf("Training accuracy %.1f %% · test accuracy %.1f %%", 100*trainAcc, 100*testAcc)
}

// wholePoint returns the run's whole-set measurement of snapshot s's
// weights: its last test point, if that is a Whole one taken at s's step.
func wholePoint(s *live.Snapshot) (live.TestPoint, bool) {
	if n := len(s.Tests); n > 0 {
		if w := s.Tests[n-1]; w.Whole && w.Step == len(s.Batches) {
			return w, true
		}
	}
	return live.TestPoint{}, false
}
