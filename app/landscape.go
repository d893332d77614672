package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/proj"
	"backproplab/viz"
)

// The landscape's grids: the line runs a little past both ends so that the
// valley's walls show; α = 0 and α = 1 are grid points.
const (
	lineFrom, lineTo, linePoints = -0.5, 1.5, 41
	sliceRadius, slicePoints     = 1.0, 21
	sliceSeed                    = 1 // the random directions
)

// lineResult is a computed line between two sets of weights.
type lineResult struct {
	source       int // the run (sourceMain, sourcePlayground)
	alphas, loss []float64
	from, to     string
	images       int
}

// planeResult is a computed 2D slice with the training path on it.
type planeResult struct {
	source       int // the run (sourceMain, sourcePlayground)
	plane        *proj.Plane
	path         []float64 // (marks, 2)
	epochs       float64   // of the centre
	images       int
	xName, yName string // the axes' directions
}

// The slice's directions.
const (
	dirsRandom = iota // two random filter-normalised directions
	dirsPath          // the training path's two principal directions
)

// landPanel is the "Landscape" sub-tab: the test loss along the line
// between two snapshots, and on a 2D slice around the current weights.
type landPanel struct {
	n *networkScreen

	line     atomic.Pointer[lineResult]
	plane    atomic.Pointer[planeResult]
	done     atomic.Int64 // progress of the job under way
	total    atomic.Int64
	running  atomic.Bool
	failed   atomic.Pointer[string]
	cancel   context.CancelFunc // UI goroutine
	lastLine atomic.Pointer[viz.Chart]
	lastMap  atomic.Pointer[viz.Landscape]
	shown    atomic.Pointer[[3]image.Image] // line, map, colour bar

	from, to  *widget.Select
	choices   []int          // the mark of each of their options, −1 for now (UI goroutine)
	choiceTL  *live.Timeline // the timeline whose marks they offer (UI goroutine)
	dirs      *widget.Select
	lineBtn   *widget.Button
	sliceBtn  *widget.Button
	cancelBtn *widget.Button
	progress  *widget.ProgressBar
	status    *widget.Label
	lineView  *imageView
	mapView   *imageView
	barView   *imageView
	content   fyne.CanvasObject
}

func newLandPanel(n *networkScreen) *landPanel {
	p := &landPanel{n: n}
	p.from = newSelect(nil, nil)
	p.to = newSelect(nil, nil)
	p.lineBtn = widget.NewButtonWithIcon(T("Loss along the line"), theme.MediaPlayIcon(), p.computeLine)
	p.sliceBtn = widget.NewButtonWithIcon(T("Loss around the weights"), theme.MediaPlayIcon(), p.computeSlice)
	p.dirs = newSelect([]string{T("along two random directions"), T("along the training path's PCA")}, nil)
	p.dirs.SetSelectedIndex(dirsRandom)
	p.cancelBtn = widget.NewButtonWithIcon(T("Cancel"), theme.CancelIcon(), func() {
		if p.cancel != nil {
			p.cancel()
		}
	})
	p.cancelBtn.Disable()
	p.progress = widget.NewProgressBar()
	p.status = widget.NewLabel(T("The line shows whether two snapshots sit in one valley; the slice shows the valley around the current weights, with the training path."))
	p.status.Wrapping = fyne.TextWrapWord
	p.lineView = newImageView(fyne.NewSize(300, 260), n.poke) // minimums that fit 1024×768 beside the side panel
	p.mapView = newImageView(fyne.NewSize(300, 280), n.poke)
	p.barView = newImageView(fyne.NewSize(64, 280), n.poke)
	export := n.exportButton(T("Export"), "landscape", p.exports)
	// Each select as wide as its longest choice; the row wraps on a
	// narrow screen or in presenter mode.
	lineTools := newFlow(container.NewHBox(widget.NewLabel(T("Training run")), fitSelect(n.src.chooser())),
		container.NewHBox(widget.NewLabel(T("From")), fitSelect(p.from)),
		container.NewHBox(widget.NewLabel(T("to")), fitSelect(p.to)), p.lineBtn)
	tools := container.NewVBox(lineTools,
		newFlow(p.sliceBtn, fitSelect(p.dirs), p.cancelBtn, export), p.progress, // wraps on a narrow screen
		p.status)
	right := container.NewBorder(nil, nil, nil, p.barView, p.mapView)
	// The line and the slice side by side, or one above the other when
	// they do not fit.
	// Until it is first laid out, the pair counts as one row: the other
	// views share this sub-tab's height and must not grow with it.
	pair := &fyne.Container{Layout: &flowLayout{stretch: true, width: math.MaxFloat32}, Objects: []fyne.CanvasObject{p.lineView, right}}
	p.content = container.NewBorder(tools, nil, nil, nil, pair)
	return p
}

// render implements the sub-tab's part of view for the chosen run (bridge
// goroutine).
func (p *landPanel) render(src runSource, th viz.Theme) func() {
	if !src.ok() {
		msg := T("Choose two snapshots of this run first.")
		if src.kind == sourcePlayground && src.runner == nil {
			msg = T("Open the Playground tab once to make its 2D run.")
		}
		return func() {
			if !p.running.Load() {
				p.status.SetText(msg)
			}
		}
	}
	s, tl := src.snap, src.runner.Timeline()
	marks := landChoices(tl.Marks, landMaxChoices)
	opts := make([]string, 0, len(marks)+1)
	for _, i := range marks {
		opts = append(opts, Tf("snapshot %d (epoch %.2f)", i+1, tl.Marks[i].Epochs))
	}
	opts = append(opts, Tf("now (epoch %.2f)", s.EpochsDone()))
	choices := append(marks, -1)
	var lineImg, mapImg, barImg image.Image
	if lr := p.line.Load(); lr != nil && lr.source == src.kind {
		c := viz.Chart{Title: Tf("Test loss from %s to %s (%d images)", lr.from, lr.to, lr.images), XLabel: T("α (0 = from, 1 = to)"), YLabel: T("loss"),
			Series: []viz.Series{{Name: T("test loss"), X: lr.alphas, Y: lr.loss, Style: viz.StylePoints}}, Legend: viz.LegendNone}
		for i, a := range lr.alphas {
			if a == 0 || a == 1 {
				c.Series = append(c.Series, viz.Series{X: []float64{a}, Y: []float64{lr.loss[i]}, Style: viz.StylePoints, Color: 1})
			}
		}
		p.lastLine.Store(&c)
		lineImg = chart(p.lineView, func(w, h int, sc float64) image.Image { return viz.LineChart(c, w, h, sc, th) })
	}
	if pr := p.plane.Load(); pr != nil && pr.source == src.kind {
		l := viz.Landscape{Title: Tf("Test loss around epoch %.2f (%d images); colour: log₁₀ loss", pr.epochs, pr.images), XLabel: pr.xName, YLabel: pr.yName,
			Alphas: pr.plane.Alphas, Betas: pr.plane.Betas, Loss: pr.plane.Loss, Path: pr.path}
		p.lastMap.Store(&l)
		mapImg = chart(p.mapView, func(w, h int, sc float64) image.Image { return viz.LandscapeMap(l, w, h, sc, th) })
		if lo, hi, ok := l.LogRange(); ok {
			barImg = chart(p.barView, func(w, h int, sc float64) image.Image { return viz.ColorBar(viz.Viridis, lo, hi, w, h, sc, th) })
		}
	}
	p.shown.Store(&[3]image.Image{lineImg, mapImg, barImg})
	running := p.running.Load()
	done, total := p.done.Load(), p.total.Load()
	failed := p.failed.Load()
	return func() {
		p.choiceTL = tl
		if !slices.Equal(opts, p.from.Options) {
			// Keep each select on its mark (or on now) when it is still offered.
			from, to := p.choice(p.from.SelectedIndex(), 0), p.choice(p.to.SelectedIndex(), -1)
			p.from.Options, p.to.Options, p.choices = opts, opts, choices
			p.from.SetSelectedIndex(max(slices.Index(choices, from), 0))
			p.to.SetSelectedIndex(max(slices.Index(choices, to), 0))
			if slices.Index(choices, to) < 0 {
				p.to.SetSelectedIndex(len(opts) - 1)
			}
		}
		if running && total > 0 && p.running.Load() { // not a render that ran before the job ended
			p.progress.SetValue(float64(done) / float64(total))
			p.status.SetText(Tf("Evaluating the loss: %d of %d points…", done, total))
		}
		if failed != nil {
			p.status.SetText(*failed)
		}
		for i, v := range []*imageView{p.lineView, p.mapView, p.barView} {
			v.setImage([]image.Image{lineImg, mapImg, barImg}[i]) // none: this run has none yet
		}
	}
}

// landMaxChoices is the most snapshots the line's selects offer: a long
// run (the Playground keeps thousands of its small network's snapshots)
// offers evenly spaced ones.
const landMaxChoices = 24

// landChoices returns the indices of the marks the selects offer: all of
// them when there are at most max, else max evenly spaced from the first
// to the last, each moved to the nearest epoch end within half a spacing
// (not before the one chosen before it).
func landChoices(marks []live.Mark, max int) []int {
	n := len(marks)
	if n <= max {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	step := float64(n-1) / float64(max-1)
	out := make([]int, 0, max)
	for k := range max {
		i := int(math.Round(float64(k) * step))
		best, prev := i, -1
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		for d := 1; float64(d) <= step/2 && k > 0 && k < max-1; d++ {
			if j := i - d; j > prev && marks[j].EpochEnd {
				best = j
				break
			}
			if j := i + d; j < n-1 && marks[j].EpochEnd {
				best = j
				break
			}
		}
		if best > prev {
			out = append(out, best)
		}
	}
	return out
}

// choice returns the mark of option i of the selects (−1 for now), or def
// when none is chosen. UI goroutine.
func (p *landPanel) choice(i, def int) int {
	if i < 0 || i >= len(p.choices) {
		return def
	}
	return p.choices[i]
}

// weights returns the network of mark i of tl, the timeline the selects
// offer, or the current weights for i = −1, with its name.
func (p *landPanel) weights(src runSource, tl *live.Timeline, i int) (*nn.Network, string, bool) {
	if !src.ok() {
		return nil, "", false
	}
	s := src.snap
	switch {
	case tl != nil && i >= 0 && i < len(tl.Params) && len(tl.Params[i]) == len(s.Net.Params):
		net := s.Net.Clone()
		copy(net.Params, tl.Params[i])
		return net, Tf("epoch %.2f", tl.Marks[i].Epochs), true
	case i == -1:
		return s.Net, Tf("epoch %.2f", s.EpochsDone()), true
	}
	return nil, "", false
}

// start runs job in the background with progress and Cancel. Call on the
// UI goroutine.
func (p *landPanel) start(job func(ctx context.Context, progress proj.Progress) error) {
	if p.running.Load() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.running.Store(true)
	p.failed.Store(nil)
	p.done.Store(0)
	p.total.Store(0)
	p.progress.SetValue(0)
	p.lineBtn.Disable()
	p.sliceBtn.Disable()
	p.cancelBtn.Enable()
	t0 := time.Now()
	p.n.bridge.Go(func(sctx context.Context) func() {
		stop := context.AfterFunc(sctx, cancel)
		defer stop()
		err := job(ctx, func(done, total int) {
			p.done.Store(int64(done))
			p.total.Store(int64(total))
			p.n.poke()
		})
		cancel()
		took := time.Since(t0)
		return func() {
			p.running.Store(false)
			p.lineBtn.Enable()
			p.sliceBtn.Enable()
			p.cancelBtn.Disable()
			switch {
			case errors.Is(err, context.Canceled):
				msg := T("Cancelled.")
				p.failed.Store(&msg)
			case err != nil:
				msg := err.Error()
				p.failed.Store(&msg)
			default:
				p.progress.SetValue(1)
				p.status.SetText(Tf("Done in %.1f s.", took.Seconds()))
			}
			p.n.poke()
		}
	})
}

// computeLine evaluates the test loss along the line between the chosen
// weights on the whole test set.
func (p *landPanel) computeLine() {
	src := p.n.src.get(nil)
	tl := p.choiceTL
	a, from, ok1 := p.weights(src, tl, p.choice(p.from.SelectedIndex(), -2))
	b, to, ok2 := p.weights(src, tl, p.choice(p.to.SelectedIndex(), -2))
	test := src.test
	if !ok1 || !ok2 || test == nil {
		p.status.SetText(T("Choose two snapshots of this run first."))
		return
	}
	p.start(func(ctx context.Context, progress proj.Progress) error {
		alphas := proj.Steps(lineFrom, lineTo, linePoints)
		loss, err := proj.Line(ctx, a, b, test, alphas, progress)
		if err != nil {
			return err
		}
		p.line.Store(&lineResult{source: src.kind, alphas: alphas, loss: loss, from: from, to: to, images: test.N})
		return nil
	})
}

// computeSlice evaluates the test loss on a 2D slice around the current
// weights on a sample of the test set, with the timeline's snapshots
// placed on it: along two random filter-normalised directions, or along
// the first two principal directions of the training path (Li et al.
// 2018), on a grid that covers the path.
func (p *landPanel) computeSlice() {
	src := p.n.src.get(nil)
	if !src.ok() {
		return
	}
	s, test := src.snap, src.test
	net, tl, dirs := s.Net, src.runner.Timeline(), p.dirs.SelectedIndex()
	var snaps [][]float32
	for _, w := range tl.Params {
		if len(w) == len(net.Params) {
			snaps = append(snaps, w)
		}
	}
	p.start(func(ctx context.Context, progress proj.Progress) error {
		sample := test.Subset(proj.Sample(test.N, reprSampleSize, reprSeed))
		res := &planeResult{source: src.kind, epochs: s.EpochsDone(), images: sample.N,
			xName: T("α (random direction 1)"), yName: T("β (random direction 2)")}
		alphas := proj.Steps(-sliceRadius, sliceRadius, slicePoints)
		betas := alphas
		var d1, d2 []float32
		if dirs == dirsPath {
			var ex [2]float64
			var err error
			d1, d2, ex, err = proj.PathDirections(append(snaps, net.Params), net.Params)
			if err != nil {
				return errorf("The training path needs at least three snapshots that do not lie on one line: train a little longer.")
			}
			res.xName = Tf("α (principal direction 1 of the path: %.1f %% of its variance)", 100*ex[0])
			res.yName = Tf("β (principal direction 2: %.1f %%)", 100*ex[1])
			pl := &proj.Plane{Centre: net.Params, D1: d1, D2: d2}
			var xs, ys []float64
			for _, w := range snaps {
				a, b := pl.Coords(w)
				xs, ys = append(xs, a), append(ys, b)
			}
			lo, hi := proj.Span(xs, 0.15, 1e-3)
			alphas = proj.Steps(lo, hi, slicePoints)
			lo, hi = proj.Span(ys, 0.15, 1e-3)
			betas = proj.Steps(lo, hi, slicePoints)
		} else {
			d1, d2 = proj.Directions(net, sliceSeed)
		}
		pl, err := proj.Slice(ctx, net, d1, d2, sample, alphas, betas, progress)
		if err != nil {
			return err
		}
		for _, w := range snaps {
			a, b := pl.Coords(w)
			res.path = append(res.path, a, b)
		}
		a, b := pl.Coords(net.Params)
		res.path = append(res.path, a, b)
		res.plane = pl
		p.plane.Store(res)
		return nil
	})
}

// exports lists what the panel can save.
func (p *landPanel) exports() []exportItem {
	var its []exportItem
	imgs := p.shown.Load()
	th := *p.n.theme.Load()
	if c := p.lastLine.Load(); c != nil {
		if imgs != nil && imgs[0] != nil {
			its = append(its, pngItem(T("Line as PNG…"), "line", imgs[0]))
		}
		its = append(its,
			exportItem{label: T("Line as SVG…"), name: "line", ext: ".svg", write: func(w io.Writer) error { return viz.WriteSVG(w, *c, 16, 10, th) }},
			exportItem{label: T("Line as CSV…"), name: "line", ext: ".csv", write: func(w io.Writer) error { return viz.WriteCSV(w, *c) }})
	}
	if l := p.lastMap.Load(); l != nil {
		if imgs != nil && imgs[1] != nil {
			its = append(its, pngItem(T("Slice as PNG…"), "slice", imgs[1]))
		}
		its = append(its,
			exportItem{label: T("Slice as SVG…"), name: "slice", ext: ".svg", write: func(w io.Writer) error { return viz.WriteLandscapeSVG(w, *l, 16, 14, th) }},
			exportItem{label: T("Slice as CSV…"), name: "slice", ext: ".csv", write: func(w io.Writer) error {
				if _, err := fmt.Fprintln(w, "alpha,beta,loss"); err != nil {
					return err
				}
				for j, b := range l.Betas {
					for i, a := range l.Alphas {
						if _, err := fmt.Fprintf(w, "%g,%g,%g\n", a, b, l.Loss[j*len(l.Alphas)+i]); err != nil {
							return err
						}
					}
				}
				return nil
			}})
	}
	return its
}
