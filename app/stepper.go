package app

import (
	"context"
	"image"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/step"
	"backproplab/viz"
)

// stepper is the "step through backprop in front of a class" screen. Its
// fields are touched on the UI goroutine only, except where noted; the
// engine work runs on the runner's worker through Runner.Do.
type stepper struct {
	*deps
	content fyne.CanvasObject
	vis     *visibility // the screen's tab is shown

	tr      *step.Trace
	phase   int
	kind    step.Kind
	weight  step.WeightRef
	busy    bool
	tlPos   int // the timeline position the trace belongs to
	testRow int // the test image a dry trace follows (stepper_follow.go)

	// Shared with the bridge goroutine.
	hasTrace  atomic.Bool  // tr != nil: render leaves the heat maps alone
	dark      atomic.Bool  // the app shows its dark theme
	autoPace  atomic.Int64 // auto-play's period in ns; 0: off
	autoDue   atomic.Int64 // when auto-play takes its next phase (Unix ns)
	lastNet   *nn.Network  // the weights render drew last (bridge goroutine only)
	matLayer  atomic.Int32 // the layer the matrix shows, at least 1 (stepper_layers.go)
	mapsDirty atomic.Bool  // the matrix's layer changed: render draws again

	kindSel             *widget.RadioGroup
	stepBtn, prev, next *widget.Button
	stepDrawn           *widget.Button
	phaseLbl, title     *widget.Label
	info, hover         *widget.Label
	sample              *widget.Select
	autoChk             *widget.Check
	pace                *widget.Select
	formula, chain      *widget.Label
	input               *pickImage
	strips              []*pickImage
	tiles, matrix       *pickImage
	mapsTitle           *widget.Label
	noise               *imageView
	noiseTitle          *widget.Label // the noise chart's title, wrapping (a chart title would be clipped)
	textBox             *fyne.Container
	textScroll          *container.Scroll
	check               *stepCheck // finite differences beside the chain rule (stepper_check.go)
	afterStep           func()     // run once after the next step shows (a tool lesson)
	links               stepperLinks

	// Picking in any layer (stepper_layers.go).
	layerSel *widget.Select
	syncing  bool // syncLayers is setting the chooser: not the user's choice
	outTitle *widget.Label
	stripBox *fyne.Container
	maps     *fyne.Container // laid out again when a title's text changes
}

// stepperLinks are the stepper's ways to the rest of the window, wired in
// newUI.
type stepperLinks struct {
	// drawing returns the digit drawn on the Draw tab and the label chosen
	// there, or ok false.
	drawing func() (x []float32, label int, ok bool)
	// showConfig shows and keeps cfg in the side panel after the stepper
	// reset the run to it.
	showConfig func(cfg live.Config)
}

// newStepper builds the stepper and registers it with the bridge.
func newStepper(d *deps, links stepperLinks) *stepper {
	s := &stepper{deps: d, links: links, vis: &visibility{}, kind: step.Sample, weight: step.WeightRef{Layer: 0, I: 14*28 + 14, J: 0}, tlPos: -1}
	s.updatePalette()
	kinds := []string{T("One sample"), T("One mini-batch"), T("One epoch")}
	s.kindSel = widget.NewRadioGroup(kinds, func(v string) {
		for i, k := range kinds {
			if k == v {
				s.kind = step.Kind(i)
			}
		}
	})
	s.kindSel.Horizontal = true
	s.kindSel.Required = true
	s.kindSel.SetSelected(kinds[0])
	s.stepBtn = widget.NewButtonWithIcon(T("Step"), theme.MediaSkipNextIcon(), s.doStep)
	s.stepBtn.Importance = widget.HighImportance
	s.stepDrawn = widget.NewButtonWithIcon(T("Step my drawing"), theme.DocumentCreateIcon(), s.doStepDrawing)
	s.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.setPhase(s.phase - 1) })
	s.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.setPhase(s.phase + 1) })
	s.phaseLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.info = widget.NewLabel(T("Press Step to train one step and walk through its phases with →."))
	s.info.Wrapping = fyne.TextWrapWord
	s.hover = widget.NewLabel(" ")
	s.sample = newSelect(nil, func(v string) { s.pickSample(s.sample.SelectedIndex()) })
	s.sample.PlaceHolder = T("sample")
	s.pace = newSelect([]string{"1 s", "2 s", "4 s"}, func(string) { s.restartAuto() })
	s.pace.SetSelected("2 s")
	s.autoChk = widget.NewCheck(T("Play phases"), func(on bool) { s.restartAuto() })
	reset := widget.NewButtonWithIcon(T("Restart with tutorial settings…"), theme.MediaReplayIcon(), s.confirmResetTutorial)

	s.formula = newFormulaLabel()
	s.chain = newFormulaLabel()
	s.input = newPickImage(fyne.NewSize(224, 224), false)
	s.input.OnHover = func(x, y int, in bool) { s.showHover(-1, y*28+x, in) }
	s.input.OnTap = func(x, y int) { s.pickWeight(step.WeightRef{Layer: 0, I: y*28 + x, J: s.weight.J}) }
	// The heat maps scale with their panel (keeping the tiles square, see
	// mapsLayout): small beside the formulas at 1280×800, large on a projector.
	s.tiles = newPickImage(fyne.NewSize(200, 100), false)
	s.tiles.OnTap = s.tapTile
	s.matrix = newPickImage(fyne.NewSize(200, stepperMatrixMin), true)
	s.buildLayerPicking()
	s.mapsTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.mapsTitle.Wrapping = fyne.TextWrapWord
	s.noise = newImageView(fyne.NewSize(200, 150), s.renderNoise)
	s.noise.Hide() // until an epoch is stepped
	s.noiseTitle = wrapLabel(T("Loss of each mini-batch this epoch (SGD noise)"))
	s.noiseTitle.Hide()

	s.syncLayers(layerDims{{784, 128}, {128, 10}})
	left := container.NewVBox(widget.NewLabelWithStyle(T("Input image"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.input,
		wrapLabel(T("Units: a, or δ from phase 3 (click one)")), s.stripBox, s.hover)
	s.check = newStepCheck(d, func() { s.relayoutText() })
	s.textBox = container.NewVBox(s.title, s.formula, widget.NewSeparator(),
		widget.NewLabelWithStyle(T("Selected weight"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.chain, s.check.content)
	s.textScroll = newTextScroll(s.textBox)
	text := s.textScroll
	s.maps = container.New(&mapsLayout{tiles: s.tiles}, s.mapsTitle, s.tiles, fitSelect(s.layerSel), s.outTitle, s.matrix, s.noiseTitle, s.noise)
	center := container.NewHSplit(text, s.maps)
	center.Offset = 0.62 // the formulas need the room more than the heat maps
	// The tool rows flow onto more rows on a narrow or presenter-scale window.
	top := container.NewVBox(
		newFlow(reset, s.kindSel, s.stepBtn, s.stepDrawn),
		newFlow(s.prev, container.New(&widestLayout{texts: phaseNames(), style: fyne.TextStyle{Bold: true}}, s.phaseLbl),
			s.next, s.autoChk, s.pace, widget.NewLabel(T("Follow:")),
			// The widest option, and room for the drop-down arrow.
			container.New(&widestLayout{texts: []string{Tf("#%d of the batch: image %d, label %s", 128, 59999, strconv.Itoa(99999999)) + "    "}}, s.sample)),
		s.info)
	s.content = container.NewBorder(top, nil, container.NewPadded(left), nil, center) // the timeline bar sits under all tabs (app.go)
	s.setPhase(phaseForward)
	d.bridge.Add(s, s.vis)
	d.bridge.AddPoller(s, s.vis)
	return s
}

// render implements view: before any trace, it draws the heat maps of the
// current weights, off the UI goroutine.
func (s *stepper) render(snap *live.Snapshot, force bool) func() {
	net := snap.Net
	if s.hasTrace.Load() || net == nil {
		return nil
	}
	if net == s.lastNet && !force && !s.mapsDirty.Swap(false) {
		return nil
	}
	s.lastNet = net
	dims := make(layerDims, len(net.Layers))
	ws := make([][]float32, len(net.Layers))
	for l, ly := range net.Layers {
		dims[l], ws[l] = [2]int{ly.In, ly.Out}, ly.W
	}
	tiles, matrix := s.weightMaps(dims, ws)
	return func() {
		if s.tr != nil {
			return // a trace arrived meanwhile: it shows its own maps
		}
		s.syncLayers(dims)
		s.mapsTitle.SetText(T("Weights W of layer 1: one 28×28 tile per hidden unit"))
		s.tiles.setImage(tiles)
		s.matrix.setImage(matrix)
		s.maps.Refresh()
	}
}

// poll implements poller: auto-play takes the next phase (or step) when
// its period has passed.
func (s *stepper) poll(bool) func() {
	pace, due := s.autoPace.Load(), s.autoDue.Load()
	now := time.Now().UnixNano()
	if pace == 0 || now < due || !s.autoDue.CompareAndSwap(due, now+pace) {
		return nil
	}
	return func() {
		if s.autoPace.Load() != 0 && !s.busy {
			s.forward()
		}
	}
}

// palette returns the diverging palette the heat maps use: the theme's,
// or its colour-blind-safe alternative when that option is on (the
// Weights panel sets it). Any goroutine.
func (s *stepper) palette() viz.Diverging {
	th := viz.Light()
	if s.dark.Load() {
		th = viz.Dark()
	}
	return palette(th, s.sess.colourBlind.Load())
}

// updatePalette follows the theme. Call on the UI goroutine.
func (s *stepper) updatePalette() { s.dark.Store(s.deps.dark()) }

// doStep runs one step of the chosen kind on the worker and shows it.
func (s *stepper) doStep() {
	if s.sess.runner == nil || s.busy {
		return
	}
	kind, sample := s.kind, 0
	row := 0
	if s.tr != nil && !s.tr.Drawn {
		sample = s.tr.Sample
		row = s.tr.Rows[s.tr.Sample]
	}
	s.run(func(t *nn.Trainer, batch func(nn.BatchMetrics)) (*step.Trace, error) {
		switch kind {
		case step.Sample:
			return step.TraceSample(t, row)
		case step.Batch:
			return step.TraceBatchFunc(t, sample, batch)
		default:
			return step.TraceEpochFunc(t, sample, batch)
		}
	})
}

// doStepDrawing steps the network on the digit drawn on the Draw tab, with
// the label chosen there: one update on a batch of one, like a sample step.
func (s *stepper) doStepDrawing() {
	if s.sess.runner == nil || s.busy {
		return
	}
	x, label, ok := s.links.drawing()
	if !ok {
		s.info.SetText(T("Draw a digit on the Draw tab first (its label is chosen there); then this steps the network on it."))
		return
	}
	s.run(func(t *nn.Trainer, _ func(nn.BatchMetrics)) (*step.Trace, error) { return step.TraceInput(t, x, label) })
}

// run pauses training, runs trace on the worker and shows the trace. trace
// reports each batch it trains with Trainer.Step, so that the test points
// follow as in training.
func (s *stepper) run(trace func(t *nn.Trainer, batch func(nn.BatchMetrics)) (*step.Trace, error)) {
	r := s.sess.runner
	s.busy = true
	s.stepBtn.Disable()
	s.stepDrawn.Disable()
	s.info.SetText(T("Training…"))
	r.Pause()
	s.bridge.Go(func(context.Context) func() {
		var tr *step.Trace
		var err error
		r.DoBatches(func(t *nn.Trainer, batch func(nn.BatchMetrics)) { tr, err = trace(t, batch) })
		return func() {
			s.busy = false
			s.stepBtn.Enable()
			s.stepDrawn.Enable()
			then := s.afterStep
			s.afterStep = nil
			if err != nil {
				s.info.SetText(err.Error())
				return
			}
			s.show(tr)
			if then != nil {
				then()
			}
		}
	})
}

// show displays a new trace from its first phase.
func (s *stepper) show(tr *step.Trace) {
	s.setTrace(tr)
	s.tlPos = -1
	names := s.sess.classNames(len(tr.Probs()))
	opts := make([]string, len(tr.Rows))
	for i, r := range tr.Rows {
		opts[i] = Tf("#%d of the batch: image %d, label %s", i+1, r, className(names, int(tr.Labels[i])))
	}
	if tr.Drawn {
		opts = []string{Tf("your drawing, label %s", className(names, tr.Label))}
	}
	if len(opts) > 500 {
		opts = opts[:500]
	}
	s.sample.Options = opts
	s.sample.SetSelectedIndex(min(tr.Sample, len(opts)-1))
	kind := [...]string{T("one sample"), T("one mini-batch"), T("one epoch")}[tr.Kind]
	if tr.Drawn {
		kind = T("your drawing")
	}
	s.info.SetText(Tf("Stepped %s with %s: update %d, %.2f epochs trained; next: epoch %d, batch %d.", kind, methodLabel(tr.Method), tr.Step, tr.EpochsDone(), tr.Epoch+1, tr.Next+1))
	if tr.Dry {
		s.showDry(tr)
	}
	s.renderNoise()
	s.followInformativeWeight()
	s.setPhase(phaseForward)
}

// followInformativeWeight moves the followed weight, when its unit's error
// signal δ_j or its input a_i is zero for the followed sample (so that every
// number in its chain would be zero), or when the network has no such
// weight, to the weight of the same layer from the largest input to the
// unit with the largest |δ_j| (step.Trace.Informative).
func (s *stepper) followInformativeWeight() {
	tr, w := s.tr, s.weight
	if tr == nil || len(tr.Layers) == 0 {
		return
	}
	if tr.Valid(w) {
		if c := tr.Weight(w); c.DeltaJ != 0 && c.AI != 0 {
			return
		}
	}
	if r, ok := tr.Informative(min(max(w.Layer, 0), len(tr.Layers)-1)); ok {
		s.weight = r
	}
}

// pickSample follows sample k of the traced batch.
func (s *stepper) pickSample(k int) {
	if s.tr == nil || k < 0 || k == s.tr.Sample {
		return
	}
	s.setTrace(s.tr.WithSample(k))
	s.setPhase(s.phase)
}

func (s *stepper) pickWeight(r step.WeightRef) {
	s.weight = r
	s.refresh()
}

// tapTile selects the weight from the tapped pixel to the tapped unit.
func (s *stepper) tapTile(x, y int) {
	units := 128
	if sn := s.sess.snapshot(); sn != nil && len(sn.Net.Layers) > 0 {
		units = sn.Net.Layers[0].Out
	}
	if u, ok := viz.TileGridUnitAt(x, y, units, 28); ok {
		px, py := x%29, y%29
		s.pickWeight(step.WeightRef{Layer: 0, I: py*28 + px, J: u})
	}
}

// forward is → on this screen: the next phase, or after the last phase
// (or before any step) the next traced step.
func (s *stepper) forward() {
	if s.tr == nil || s.phase == phaseCount-1 {
		s.doStep()
		return
	}
	s.setPhase(s.phase + 1)
}

// setPhase shows phase p (clamped).
func (s *stepper) setPhase(p int) {
	s.phase = min(max(p, 0), phaseCount-1)
	s.phaseLbl.SetText(phaseName(s.phase))
	s.title.SetText(phaseName(s.phase))
	s.refresh()
}

// setTrace makes tr (nil: none) the trace shown.
func (s *stepper) setTrace(tr *step.Trace) {
	s.tr = tr
	s.hasTrace.Store(tr != nil)
}

// refresh redraws everything from the trace, the phase and the selection.
func (s *stepper) refresh() {
	s.updatePalette()
	tr := s.tr
	if tr == nil {
		s.formula.SetText(T("No step yet."))
		s.chain.SetText("")
		s.check.follow(nil, s.weight)
		s.relayoutText()
		s.input.setImage(nil)
		for _, p := range s.strips {
			p.setImage(nil)
		}
		s.renderNoise()
		s.bridge.Poke() // render draws the current weights
		return
	}
	s.syncLayers(traceDims(tr))
	s.formula.SetText(phaseTextNamed(tr, s.phase, s.sess.classNames(len(tr.Probs()))))
	s.chain.SetText(chainText(tr, s.weight))
	s.check.follow(tr, s.weight)
	s.relayoutText()
	pal := s.palette()
	s.input.setImage(viz.Tile(tr.Input, 28, 28, 1, pal))
	for l, p := range s.strips {
		if l >= len(tr.Layers) {
			break
		}
		v := tr.Layers[l].A
		if s.phase >= phaseBackward {
			v = tr.Layers[l].Delta
		}
		p.setImage(viz.Tile(v, 1, len(v), maxAbs(v), pal))
	}
	ws := make([][]float32, len(tr.Layers))
	before := tr.Before()
	for l, ly := range tr.Layers {
		switch s.phase {
		case phaseBackward:
			ws[l] = ly.GradW
		case phaseUpdate, phaseEffect:
			ws[l] = ly.DeltaW
		default:
			ws[l] = before.Layers[l].W
		}
	}
	switch s.phase {
	case phaseBackward:
		s.mapsTitle.SetText(T("∂L/∂W = δ·aᵀ of layer 1: one 28×28 tile per hidden unit (click a pixel to follow its weight)"))
	case phaseUpdate, phaseEffect:
		s.mapsTitle.SetText(T("ΔW of the update, layer 1: one 28×28 tile per hidden unit"))
	default:
		s.mapsTitle.SetText(T("Weights W of layer 1: one 28×28 tile per hidden unit"))
	}
	tiles, matrix := s.weightMaps(traceDims(tr), ws)
	s.tiles.setImage(tiles)
	s.matrix.setImage(matrix)
	s.maps.Refresh() // the titles' heights follow their texts
}

// weightMaps draws the first layer's tile grid (when its inputs are 28×28
// images) and the matrix of the chosen layer, one row per unit, from the
// layers' weights ws (or their gradients or changes). Any goroutine.
func (s *stepper) weightMaps(dims layerDims, ws [][]float32) (tiles, matrix image.Image) {
	pal := s.palette()
	if len(dims) > 0 && dims[0][0] == 784 {
		tiles = viz.TileGrid(ws[0], dims[0][1], viz.ScaleShared, pal)
	}
	if len(dims) > 1 {
		l := s.matrixLayer(len(dims))
		matrix = layerMatrix(ws[l], dims[l][0], dims[l][1], pal)
	}
	return tiles, matrix
}

// showHover shows the value under the pointer: layer -1 is the input.
func (s *stepper) showHover(layer, k int, in bool) {
	tr := s.tr
	if !in || tr == nil {
		s.hover.SetText(" ")
		return
	}
	if layer < 0 {
		s.hover.SetText(Tf("pixel %d (row %d, column %d) = %.3f", k, k/28, k%28, tr.Input[k]))
		return
	}
	ly := tr.Layers[layer]
	if k < 0 || k >= ly.Out {
		return
	}
	s.hover.SetText(Tf("layer %d unit %d: z = %+.4f, a = %.4f, δ = %+.5f", layer+1, k, ly.Z[k], ly.A[k], ly.Delta[k]))
}

// renderNoise draws the losses of the mini-batches of an epoch step.
func (s *stepper) renderNoise() {
	if s.tr == nil || len(s.tr.EpochLosses) < 2 {
		s.noise.Hide()
		s.noiseTitle.Hide()
		return
	}
	s.noiseTitle.Show()
	s.noise.Show() // lays it out, which renders it again at its size
	w, h, sc := s.noise.pixels()
	if w <= 0 || h <= 0 {
		return
	}
	x := make([]float64, len(s.tr.EpochLosses))
	for i := range x {
		x[i] = float64(i + 1)
	}
	c := viz.Chart{XLabel: T("batch"), YLabel: T("loss"),
		Series: []viz.Series{{Name: T("batch loss"), X: x, Y: s.tr.EpochLosses, Style: viz.StyleSolid}}, Legend: viz.LegendNone}
	s.noise.setImage(viz.LineChart(c, w, h, sc, s.chartTheme()))
}

// confirmResetTutorial asks before resetting the network to the tutorial
// model: it erases the run's curves and timeline snapshots.
func (s *stepper) confirmResetTutorial() {
	if s.sess.runner == nil {
		return
	}
	confirmDiscard(s.win, T("Restart with tutorial settings?"),
		T("This starts the network over from new random weights with the tutorial settings (784 → 128 ReLU → 10 softmax, Adam, learning rate 0.001, batch 128). The trained weights, their curves and every timeline snapshot are erased. Save the model first (File → Save model…) to keep it."),
		T("Erase and restart"), s.resetTutorial)
}

// resetTutorial restarts training from the tutorial model and settings.
func (s *stepper) resetTutorial() {
	if r := s.sess.runner; r != nil {
		cfg := live.DefaultConfig()
		r.Reset(cfg)
		s.links.showConfig(cfg)
		s.log.Info("reset", "what", "tutorial settings")
		s.setTrace(nil)
		s.sample.Options = nil
		s.sample.ClearSelected()
		s.info.SetText(T("Restarted from new random weights with the tutorial settings (784 → 128 ReLU → 10 softmax, Adam, learning rate 0.001, batch 128)."))
		s.refresh()
	}
}

// rewound is called when the timeline moved the run: the trace no longer
// describes the network shown.
func (s *stepper) rewound(m live.Mark) {
	s.setTrace(nil)
	s.sample.Options = nil
	s.sample.ClearSelected()
	s.info.SetText(Tf("Rewound to epoch %.2f (update %d). Press Step to trace the next step from here.", m.Epochs, m.Step))
	s.refresh()
}

// restartAuto starts or stops playing the phases automatically: the
// bridge polls the stepper (see poll), which moves on once per period.
func (s *stepper) restartAuto() {
	if s.autoChk == nil || !s.autoChk.Checked {
		s.autoPace.Store(0)
		return
	}
	pace := map[string]time.Duration{"1 s": time.Second, "2 s": 2 * time.Second, "4 s": 4 * time.Second}[s.pace.Selected]
	s.autoDue.Store(time.Now().Add(pace).UnixNano())
	s.autoPace.Store(int64(pace))
}

// relayoutText lays the formula and the chain out again after their text
// changed: a label that grows or shrinks does not move the labels below it
// by itself.
func (s *stepper) relayoutText() {
	s.textBox.Refresh()
	s.textScroll.Refresh()
}
