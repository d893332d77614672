package app

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/proj"
	"backproplab/viz"
)

// reprShown is what the map last drew, for hovering and exports.
type reprShown struct {
	test     *nn.Dataset // the test set the points come from
	sc       viz.Scatter
	rows     []int // test image of each point
	frame    *reprFrame
	w, h     int
	scale    float64
	th       viz.Theme
	img      image.Image
	scores   viz.Chart
	scoreImg image.Image
}

// reprPanel is the "Representation" sub-tab: a layer's representation of
// 2,000 test images mapped to 2D, along the timeline's snapshots.
type reprPanel struct {
	n      *networkScreen
	frames reprFrames

	layer   atomic.Int32 // representation shown (0 = input)
	method  atomic.Int32 // reprMethod of the map
	pos     atomic.Int32 // timeline mark shown, −1 = the latest
	hover   atomic.Int32 // point under the pointer, −1 = none
	busy    atomic.Bool  // frames are being computed
	playing atomic.Bool
	player  atomic.Pointer[reprPlayer] // the playing under way, or nil
	shown   atomic.Pointer[reprShown]
	// stopMaps cancels the maps being computed (when the layer or the
	// method changes), or is nil.
	stopMaps atomic.Pointer[context.CancelFunc]
	// tsneAt is the t-SNE computation under way: snapshot, steps done
	// and steps in all, packed by packSteps (0 = none).
	tsneAt atomic.Uint64

	played string // the last playing's frame rate, until the slider moves (UI goroutine)

	layerSel  *widget.Select
	methodSel *widget.Select
	layerN    int // options the select holds (UI goroutine)
	slider    *widget.Slider
	setting   bool // the panel moves the slider (UI goroutine)
	play      *widget.Button
	status    *widget.Label
	scoreLn   *widget.Label // the status's second line: the scores
	view      *imageView
	scores    *imageView
	digit     *pickImage
	info      *widget.Label
	content   fyne.CanvasObject
}

func newReprPanel(n *networkScreen) *reprPanel {
	p := &reprPanel{n: n}
	p.layer.Store(1)
	p.pos.Store(-1)
	p.hover.Store(-1)
	p.layerSel = newSelect(nil, func(string) {
		if i := p.layerSel.SelectedIndex(); i >= 0 && int32(i) != p.layer.Load() {
			p.layer.Store(int32(i))
			p.cancelMaps()
			n.poke()
		}
	})
	p.methodSel = newSelect([]string{T("PCA"), T("t-SNE")}, func(string) {
		if i := p.methodSel.SelectedIndex(); i >= 0 && int32(i) != p.method.Load() {
			p.stop()
			p.method.Store(int32(i))
			p.cancelMaps()
			n.poke()
		}
	})
	p.methodSel.SetSelectedIndex(int(reprPCA))
	p.slider = widget.NewSlider(0, 1)
	p.slider.Step = 1
	p.slider.OnChanged = func(v float64) {
		if !p.setting {
			p.stop()
			p.played = ""
			p.pos.Store(int32(v))
			n.poke()
		}
	}
	p.play = widget.NewButtonWithIcon(T("Play"), theme.MediaPlayIcon(), p.togglePlay)
	p.status = widget.NewLabel(T("Train the network: each timeline snapshot gets its map."))
	p.status.Truncation = fyne.TextTruncateEllipsis // one line each: the map keeps the height
	p.scoreLn = widget.NewLabel("")
	p.scoreLn.Truncation = fyne.TextTruncateEllipsis
	p.view = newImageView(fyne.NewSize(380, 300), n.poke) // minimums that fit 1024×768 beside the side panel
	p.scores = newImageView(fyne.NewSize(270, 180), n.poke)
	p.digit = newPickImage(fyne.NewSize(84, 84), false)
	p.info = widget.NewLabel(T("Hover a point to see its test image; click it to follow it through the stepper (without training on it)."))
	p.info.Wrapping = fyne.TextWrapWord
	export := n.exportButton(T("Export"), "representation", p.exports)
	run := container.NewHBox(widget.NewLabel(T("Training run")), fitSelect(n.src.chooser()))
	layer := container.NewHBox(widget.NewLabel(T("Layer")), fitSelect(p.layerSel))
	// The tools wrap on a narrow window (FYNE_SCALE=2 on 1280×800); the
	// snapshot slider has its own row, the width of the view.
	tools := container.NewVBox(newFlow(run, layer, fitSelect(p.methodSel), p.play, export), p.slider)
	right := container.NewVBox(p.scores, container.NewHBox(p.digit), p.info)
	split := newStackingSplit(newReprHover(p, p.view), right, 0.66) // the scores below the map on a narrow window
	p.content = container.NewBorder(container.NewVBox(tools, p.status, p.scoreLn), nil, nil, nil, split)
	return p
}

// layerNames returns the chooser's options for net.
func layerNames(net *nn.Network) []string {
	out := make([]string, proj.Layers(net))
	for k := range out {
		w := proj.Width(net, k)
		switch {
		case k == 0:
			out[k] = Tf("Input (%d values)", w)
		case k == len(out)-1:
			out[k] = Tf("Output (%d logits)", w)
		default:
			out[k] = Tf("Hidden layer %d (%d units)", k, w)
		}
	}
	return out
}

// render implements the sub-tab's part of view for the chosen run (bridge
// goroutine).
func (p *reprPanel) render(src runSource, th viz.Theme) func() {
	if !src.ok() || src.regression() {
		msg := T("Train the network: each timeline snapshot gets its map.")
		switch {
		case src.kind == sourcePlayground && src.runner == nil:
			msg = T("Open the Playground tab once to make its 2D run.")
		case src.regression():
			msg = T("A regression dataset has no classes to colour the map by: choose a classification dataset in the Playground.")
		}
		return func() {
			if !p.playing.Load() {
				p.status.SetText(msg)
				p.scoreLn.SetText("")
			}
		}
	}
	s, test := src.snap, src.test
	tl := src.runner.Timeline()
	layer := min(int(p.layer.Load()), proj.Layers(s.Net)-1)
	method := reprMethod(p.method.Load())
	if p.frames.missing(tl.Params, layer, method) && p.busy.CompareAndSwap(false, true) {
		arch, params := s.Net.Arch, tl.Params
		p.n.bridge.Go(func(sctx context.Context) func() {
			ctx, cancel := context.WithCancel(sctx)
			p.stopMaps.Store(&cancel)
			defer p.busy.Store(false)
			defer p.n.poke()
			defer p.tsneAt.Store(0)
			defer cancel()
			// ends early when the layer or method changes, or the window closes
			_ = p.frames.compute(ctx, arch, params, layer, method, test, p.n.poke, p.steps)
			return nil
		})
	}
	names := layerNames(s.Net)
	var draw func()
	if !p.playing.Load() {
		draw = p.draw(tl, test, p.index(len(tl.Marks)), layer, method, proj.Layers(s.Net), s.Net.Arch.Outputs, th)
	}
	return func() {
		if len(names) != p.layerN {
			p.layerN = len(names)
			p.layerSel.Options = names
			p.layerSel.SetSelectedIndex(layer)
		}
		if draw != nil {
			draw()
		}
	}
}

// index returns the mark shown of n.
func (p *reprPanel) index(n int) int {
	i := int(p.pos.Load())
	if i < 0 || i >= n {
		return n - 1
	}
	return i
}

// draw renders the map and the scores for mark i and returns what shows
// them on the UI goroutine. Any goroutine but the UI's.
func (p *reprPanel) draw(tl *live.Timeline, test *nn.Dataset, i, layer int, method reprMethod, layers, classes int, th viz.Theme) func() {
	n := len(tl.Marks)
	if n == 0 || len(tl.Params) != n || test == nil || i < 0 || i >= n {
		return nil
	}
	sample, rows := p.frames.use(test)
	fr := p.frames.get(reprKey{&tl.Params[i][0], layer, method})
	// The scores along the run, for the snapshots mapped so far.
	acc := viz.Series{Name: T("test accuracy (sample)"), Style: viz.StylePoints, Color: 0}
	sep := viz.Series{Name: T("separation on the map"), Style: viz.StylePoints, Color: 1}
	in := viz.Series{Name: T("separation in the layer"), Style: viz.StyleDashed, Color: 2}
	for k, m := range tl.Marks {
		if f := p.frames.get(reprKey{&tl.Params[k][0], layer, method}); f != nil {
			acc.X, acc.Y = append(acc.X, m.Epochs), append(acc.Y, f.accuracy)
			sep.X, sep.Y = append(sep.X, m.Epochs), append(sep.Y, f.separation)
			in.X, in.Y = append(in.X, m.Epochs), append(in.Y, f.inLayer)
		}
	}
	lo, hi, at := 0.0, 1.0, tl.Marks[i].Epochs
	ch := viz.Chart{Title: T("Accuracy and separation"), XLabel: T("epoch"), Series: []viz.Series{acc, sep, in},
		YMin: &lo, YMax: &hi, Marker: &at, Legend: viz.LegendBottomRight}
	scoreImg := chart(p.scores, func(w, h int, sc float64) image.Image { return viz.LineChart(ch, w, h, sc, th) })
	status, scores := Tf("Snapshot %d of %d (epoch %.2f): computing its map…", i+1, n, at), ""
	if snap, done, total := unpackSteps(p.tsneAt.Load()); total > 0 {
		scores = Tf("t-SNE of snapshot %d of %d: step %d of %d…", snap+1, n, done, total)
	}
	var sh *reprShown
	if fr != nil {
		sc := viz.Scatter{XY: fr.proj.XY, Class: sample.Labels, Wrong: make([]bool, sample.N),
			Classes: classes, Highlight: int(p.hover.Load())}
		for k, g := range fr.pred {
			sc.Wrong[k] = g != sample.Labels[k]
		}
		sc.Title = layerTitle(layer, layers, method, fr)
		w, h, scale := p.view.pixels()
		sh = &reprShown{test: test, sc: sc, rows: rows, frame: fr, w: w, h: h, scale: scale, th: th, scores: ch, scoreImg: scoreImg}
		if w > 0 && h > 0 && scale > 0 {
			sh.img = viz.ScatterPlot(sc, w, h, scale, th)
		}
		status = Tf("Snapshot %d of %d (epoch %.2f), %d images: accuracy %.1f %%.", i+1, n, at, sample.N, 100*fr.accuracy)
		if !test.Images() {
			status = Tf("Snapshot %d of %d (epoch %.2f), %d points: accuracy %.1f %%.", i+1, n, at, sample.N, 100*fr.accuracy)
		}
		if p.busy.Load() && scores == "" {
			status += " " + T("Mapping the other snapshots…")
		}
		if scores == "" {
			scores = Tf("Separation (nearest class mean): %.1f %% on the map, %.1f %% in all the layer's values.", 100*fr.separation, 100*fr.inLayer)
		}
	} else if old := p.shown.Load(); old != nil && old.img != nil {
		note := T("Previous map, shown until this snapshot's map is computed…")
		if snap, done, total := unpackSteps(p.tsneAt.Load()); method == reprTSNE && total > 0 && snap == i {
			note = Tf("Previous map, shown until the t-SNE map is computed: step %d of %d…", done, total)
		} else if method == reprTSNE {
			note = T("Previous map, shown until the t-SNE map is computed…")
		}
		sh = previousMap(old, note, p.view)
	}
	return func() {
		if sh != nil {
			p.shown.Store(sh)
		}
		p.setting = true
		p.slider.Max = float64(max(n-1, 1))
		p.slider.SetValue(float64(i))
		p.setting = false
		if !p.playing.Load() {
			if p.played != "" {
				scores = p.played // until the slider moves; the chart keeps the scores
			}
			p.status.SetText(status)
			p.scoreLn.SetText(scores)
		}
		if sh != nil && sh.img != nil {
			p.view.setImage(sh.img)
		}
		if scoreImg != nil {
			p.scores.setImage(scoreImg)
		}
	}
}

// previousMap returns old, the map shown before, re-rendered for view
// with note under its own title, which says that it is the previous map,
// kept until the one asked for is computed: a PCA map never passes for
// the t-SNE map being computed. Any goroutine but the UI's.
func previousMap(old *reprShown, note string, view *imageView) *reprShown {
	sh := *old
	sh.sc.Note = note
	sh.w, sh.h, sh.scale = view.pixels()
	sh.img = nil
	if sh.w > 0 && sh.h > 0 && sh.scale > 0 {
		sh.img = viz.ScatterPlot(sh.sc, sh.w, sh.h, sh.scale, sh.th)
	}
	return &sh
}

// layerTitle returns the title of the map of representation layer of
// layers by method.
func layerTitle(layer, layers int, method reprMethod, fr *reprFrame) string {
	what := T("the input")
	switch {
	case layer == layers-1:
		what = T("the output logits")
	case layer > 0:
		what = Tf("hidden layer %d", layer)
	}
	if fr.proj.Exact {
		return Tf("The values of %s as they are (no projection)", what)
	}
	if method == reprTSNE {
		return Tf("t-SNE of %s: neighbours stay together; distances between clusters mean little", what)
	}
	return Tf("PCA of %s: the axes carry %.0f %% and %.0f %% of the variance", what, 100*fr.proj.Explained[0], 100*fr.proj.Explained[1])
}

// pointAt returns the sampled point under pos of the map, or −1.
func (p *reprPanel) pointAt(pos fyne.Position, size fyne.Size) int {
	sh := p.shown.Load()
	if sh == nil || sh.img == nil || size.Width <= 0 {
		return -1
	}
	x, y, ok := imagePixelAt(sh.img, size, pos, true)
	if !ok {
		return -1
	}
	if k, ok := viz.ScatterPointAt(sh.sc, sh.w, sh.h, sh.scale, sh.th, x, y); ok {
		return k
	}
	return -1
}

// showPoint shows sampled point k (or nothing for −1). UI goroutine.
func (p *reprPanel) showPoint(k int) {
	if int(p.hover.Swap(int32(k))) != k {
		p.n.poke()
	}
	sh := p.shown.Load()
	if k < 0 || sh == nil || k >= len(sh.rows) {
		return
	}
	test := sh.test
	row := sh.rows[k]
	x := make([]float32, test.Dim)
	test.Pixels(row, x)
	if side := int(math.Sqrt(float64(test.Dim))); side*side == test.Dim && side > 2 {
		p.digit.setImage(viz.Digit(x, side))
	}
	guess := sh.frame.pred[k]
	verdict := T("right")
	if guess != test.Labels[row] {
		verdict = T("wrong")
	}
	if !test.Images() {
		p.digit.setImage(nil)
		p.info.SetText(Tf("Test point %d: inputs %s, class %d, guess %d (%s). At (%.3g, %.3g) on the map.",
			row, pointInputs(x), test.Labels[row], guess, verdict, sh.frame.proj.XY[2*k], sh.frame.proj.XY[2*k+1]))
		return
	}
	names := p.n.sess.classNames(len(p.n.sess.info.Classes))
	p.info.SetText(Tf("Test image %d: label %s, guess %s (%s). At (%.3g, %.3g) on the map. Click to follow it through the stepper.",
		row, className(names, int(test.Labels[row])), className(names, int(guess)), verdict, sh.frame.proj.XY[2*k], sh.frame.proj.XY[2*k+1]))
}

// openPoint follows sampled point k through the stepper, or shows its
// activations in the Activations tab when no stepper is wired.
func (p *reprPanel) openPoint(k int) {
	sh := p.shown.Load()
	if k < 0 || sh == nil || k >= len(sh.rows) || sh.test != p.n.sess.testDS {
		return // a 2D run's point: the stepper and the Activations tab follow the training run
	}
	if to := p.n.links.toStepper; to != nil {
		to(sh.rows[k])
		return
	}
	p.n.acts.pickTest(sh.rows[k])
	p.n.tabs.SelectIndex(netTabActivations)
}

// exports lists what the panel can save.
func (p *reprPanel) exports() []exportItem {
	sh := p.shown.Load()
	if sh == nil {
		return nil
	}
	test := sh.test
	its := []exportItem{}
	if sh.img != nil {
		its = append(its, pngItem(T("Map as PNG…"), "map", sh.img))
	}
	its = append(its,
		exportItem{label: T("Map as SVG…"), name: "map", ext: ".svg", write: func(w io.Writer) error {
			return viz.WriteScatterSVG(w, sh.sc, 16, 12, sh.th)
		}},
		exportItem{label: T("Map as CSV…"), name: "map", ext: ".csv", write: func(w io.Writer) error {
			if _, err := fmt.Fprintln(w, "test_image,label,guess,x,y"); err != nil {
				return err
			}
			for k, row := range sh.rows {
				if _, err := fmt.Fprintf(w, "%d,%d,%d,%g,%g\n", row, test.Labels[row], sh.frame.pred[k], sh.frame.proj.XY[2*k], sh.frame.proj.XY[2*k+1]); err != nil {
					return err
				}
			}
			return nil
		}},
		exportItem{label: T("Scores as CSV…"), name: "scores", ext: ".csv", write: func(w io.Writer) error { return viz.WriteCSV(w, sh.scores) }},
	)
	if sh.scoreImg != nil {
		its = append(its, pngItem(T("Scores as PNG…"), "scores", sh.scoreImg))
	}
	return its
}

// reprHover shows the map and reports the point under the pointer.
type reprHover struct {
	widget.BaseWidget
	p    *reprPanel
	view *imageView
}

var (
	_ desktop.Hoverable = (*reprHover)(nil)
	_ fyne.Tappable     = (*reprHover)(nil)
)

func newReprHover(p *reprPanel, view *imageView) *reprHover {
	h := &reprHover{p: p, view: view}
	h.ExtendBaseWidget(h)
	return h
}

// CreateRenderer implements fyne.Widget.
func (h *reprHover) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.view) }

// MouseIn implements desktop.Hoverable.
func (h *reprHover) MouseIn(e *desktop.MouseEvent) { h.MouseMoved(e) }

// MouseMoved implements desktop.Hoverable.
func (h *reprHover) MouseMoved(e *desktop.MouseEvent) {
	h.p.showPoint(h.p.pointAt(e.Position, h.Size()))
}

// MouseOut implements desktop.Hoverable.
func (h *reprHover) MouseOut() { h.p.showPoint(-1) }

// Tapped implements fyne.Tappable.
func (h *reprHover) Tapped(e *fyne.PointEvent) { h.p.openPoint(h.p.pointAt(e.Position, h.Size())) }

// pointInputs words a 2D dataset's row: its feature values.
func pointInputs(x []float32) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = fmt.Sprintf("%.3g", v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// cancelMaps stops the maps being computed, if any. UI goroutine.
func (p *reprPanel) cancelMaps() {
	if c := p.stopMaps.Swap(nil); c != nil {
		(*c)()
	}
}

// steps records the t-SNE steps done of snapshot i (compute's goroutine)
// and asks for a redraw.
func (p *reprPanel) steps(i, done, total int) {
	p.tsneAt.Store(packSteps(i, done, total))
	p.n.poke()
}

// packSteps packs a t-SNE computation's snapshot and steps (each below
// 2²¹) into one word for an atomic store; unpackSteps undoes it.
func packSteps(i, done, total int) uint64 {
	const m = 1<<21 - 1
	return uint64(i&m)<<42 | uint64(done&m)<<21 | uint64(total&m)
}

func unpackSteps(v uint64) (i, done, total int) {
	const m = 1<<21 - 1
	return int(v >> 42 & m), int(v >> 21 & m), int(v & m)
}
