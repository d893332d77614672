package app

import (
	"math"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/live"
	"backproplab/viz"
)

// Limits of the Playground's network.
const (
	pgMaxLayers  = 6
	pgMaxNeurons = 8
)

// playground is the "Playground" tab: a 2D dataset, a network small
// enough to see whole, every neuron's map over the plane and every weight,
// trained by its own live runner. Its fields are touched on the UI
// goroutine only, except the atomics and what render owns (see
// playground_render.go).
type playground struct {
	*deps
	// showTimeline shows a run's timeline on the bar under the tabs (the
	// bar's show, wired by the window); see playground_timeline.go.
	showTimeline func(r *live.Runner, s *live.Snapshot, onSeek func(live.Mark)) func()
	chartTheme   atomic.Pointer[viz.Theme] // the loss chart's; presenter mode sets it
	content      fyne.CanvasObject
	vis          *visibility // the Playground tab is shown

	spec   data.Spec
	drawn  []data.Point // the points of a drawn dataset
	hidden []int
	acts   []nn.Activation
	drops  []float64
	set    nn.Settings
	class  int  // class of the points a tap adds
	ready  bool // the widgets are built; callbacks before that are ignored

	runner   atomic.Pointer[live.Runner]
	data     atomic.Pointer[data.Set]
	showTest atomic.Bool
	discrete atomic.Bool
	rs       pgRenderState // owned by the pump goroutine
	export   atomic.Pointer[pgExport]
	// lastChart is the loss chart as last drawn, for export.
	lastChart atomic.Pointer[viz.Chart]
	// After an action the bridge polls the Playground at its fast rate
	// until hurryUntil (unix ns), so that the frame showing the action
	// comes at once rather than at the next of ten ticks a second.
	hurryUntil atomic.Int64
	hurrying   atomic.Bool
	// await is the number of steps the run had taken at the last action
	// that takes one (Step, Train), until a snapshot shows it taken; −1:
	// none. actedAt is the snapshot version at the last action (UI
	// goroutine). See acted.
	await   atomic.Int64
	actedAt uint64

	left      *container.Scroll // the data and training controls
	folded    bool              // the fold button folded the settings column away
	opened    bool              // in a row too narrow for both, the settings show instead of the network
	narrow    bool              // the row was last laid out too narrow for the settings beside the network
	fold      *widget.Button    // folds the settings column away and back
	back      *widget.Button    // in a narrow row, goes from the settings back to the network
	column    fyne.CanvasObject // the settings column: lessons, data, training
	outCol    *fyne.Container   // the output column: the map, the readouts, the loss chart
	lessonSel *widget.Select    // the built-in 2D lessons
	diagram   *netDiagram
	stepr     *pgStepper // the backprop stepper on the diagram (playground_step.go)
	plane     *planeView
	lossView  *imageView // the loss chart (playground_curve.go)
	info      *widget.Label
	loss      *widget.Label
	errText   *widget.Label
	layers    *fyne.Container
	play      *widget.Button
	classes   *widget.Select
	draw      *widget.Select
}

// newPlayground builds the Playground; showTimeline shows its run's
// timeline on the bar under the tabs (nil: none).
func newPlayground(d *deps, showTimeline func(*live.Runner, *live.Snapshot, func(live.Mark)) func()) *playground {
	p := &playground{deps: d, showTimeline: showTimeline, vis: &visibility{}, spec: data.DefaultSpec(data.Circle), hidden: []int{4, 2}, acts: []nn.Activation{nn.Tanh, nn.Tanh}, drops: []float64{0, 0}}
	p.spec.Noise = 0.1
	p.set = nn.DefaultSettings()
	p.set.Optimizer, p.set.LearningRate, p.set.BatchSize, p.set.Epochs = nn.Adam, 0.03, 10, 100000
	p.showTest.Store(false)
	p.await.Store(-1)
	th := d.chartTheme()
	p.chartTheme.Store(&th)
	p.diagram = newNetDiagram()
	p.diagram.OnHover = p.hover
	p.plane = newPlaneView()
	p.plane.OnAdd = p.addPoint
	p.plane.OnRemove = p.removePoint
	p.info = widget.NewLabel(T("Hover over a neuron or a weight to see its numbers."))
	p.info.Wrapping = fyne.TextWrapWord
	p.loss = widget.NewLabel("")
	p.loss.Wrapping = fyne.TextWrapWord // a narrow column in presenter mode
	p.errText = errorLabel("")
	p.errText.Hide()
	p.layers = newPgFlow()
	p.stepr = newPgStepper(p)

	p.left = container.NewVScroll(p.dataPanel())
	p.left.SetMinSize(fyne.NewSize(200, 0))
	p.back = widget.NewButtonWithIcon(T("Back to the network"), theme.NavigateNextIcon(), func() {
		p.opened = false
		p.content.Refresh()
	})
	p.back.Hide() // pgFold shows it
	left := container.NewBorder(container.NewVBox(p.back, p.lessonBar()), nil, nil, nil, p.left)
	showTest := widget.NewCheck(T("Show test data"), func(b bool) { p.showTest.Store(b); p.poke() })
	discrete := widget.NewCheck(T("Discretise output"), func(b bool) { p.discrete.Store(b); p.poke() })
	// The output map takes the room the readouts and the loss chart leave;
	// in a short window (presenter mode) the readouts scroll under it. The
	// loss chart has a row of its own, always in view at its minimum
	// height, and takes what the square map cannot use.
	p.outCol = container.New(pgColumn{main: 1, square: true, fill: 3},
		container.NewBorder(nil, nil, widget.NewLabelWithStyle(T("Output"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.exportButton()),
		p.plane,
		container.NewVScroll(container.NewVBox(newPgFlow(showTest, discrete), p.loss)),
		p.newLossView())
	// The settings column folds away, giving its room to the diagram and
	// the output; Space, → and Ctrl+R still drive the run. In a row too
	// narrow for both (presenter mode on a small screen) it is folded
	// already, and the button shows the settings instead of the network
	// (pgFold), until their Back button. It sits at the top, in view when
	// the layer controls beside it wrap and scroll.
	fold := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
		if p.narrow {
			p.opened = true
		} else {
			p.folded = !p.folded
		}
		p.content.Refresh() // lay the row out again without (or with) it
	})
	fold.Importance = widget.LowImportance
	p.fold, p.column = fold, left
	// The diagram takes the room the controls and the hover text leave; in
	// a short window they scroll.
	centre := newPgColumn(1, false,
		container.NewVScroll(container.NewVBox(container.NewBorder(nil, nil, container.NewVBox(fold), nil, p.layers), p.stepr.bar, p.errText)),
		p.diagram,
		container.NewVScroll(p.info))
	split := container.NewHSplit(centre, p.outCol)
	split.Offset = 0.58
	p.content = container.New(pgFold{p}, left, split)
	p.refreshLayers()
	p.ready = true
	// A player, not a view: the bridge renders views only with a snapshot
	// of the main (MNIST) run, which may not exist; a player, as it hurries
	// after an action (poke).
	d.bridge.AddPlayer(p, p.vis)
	d.bridge.AddPoller(&pgTimeline{p: p}, p.vis)
	d.bridge.AddPoller(pgCalm{p}, nil)
	return p
}

// pgCalm ends the Playground's hurry whether or not its tab is shown: an
// action while the tab is hidden (a theme change) or a change of tab within
// pgHurry would otherwise keep the whole bridge at its fast rate.
type pgCalm struct{ p *playground }

// poll implements poller. It shows nothing.
func (c pgCalm) poll(bool) func() {
	c.p.calmDown()
	return nil
}

// poll implements poller: it draws the Playground's own run.
func (p *playground) poll(force bool) func() {
	p.calmDown()
	return p.render(nil, force)
}

// pgHurry is how long after an action the bridge polls the Playground at
// its fast rate: long enough for the run's worker to take the step and
// publish it.
const pgHurry = 400 * time.Millisecond

// shownNow is called on the UI goroutine when the Playground tab is
// selected: its first showing builds the run.
func (p *playground) shownNow() {
	if p.runner.Load() == nil {
		p.rebuild()
	}
	p.poke()
}

// poke asks the bridge to render at once, and to poll the Playground at
// its fast rate for a moment, until the run has shown the action. Any
// goroutine.
func (p *playground) poke() {
	b := p.bridge
	b.Poke()
	p.hurryUntil.Store(time.Now().Add(pgHurry).UnixNano())
	if !p.hurrying.Swap(true) {
		b.Hurry(true) // also wakes the bridge now
	}
}

// calmDown ends the bridge's hurry once pgHurry has passed since the last
// action. Bridge goroutine.
func (p *playground) calmDown() {
	if !p.hurrying.Load() || time.Now().UnixNano() < p.hurryUntil.Load() {
		return
	}
	if p.hurrying.CompareAndSwap(true, false) {
		p.bridge.Hurry(false)
		// An action in between wanted the hurry on: keep it.
		if time.Now().UnixNano() < p.hurryUntil.Load() && !p.hurrying.Swap(true) {
			p.bridge.Hurry(true)
		}
	}
}

// dataPanel builds the left column: data, features and training.
func (p *playground) dataPanel() fyne.CanvasObject {
	kinds := append(data.Kinds(), data.Drawn)
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = T(datasetTitle(k))
	}
	dataset := newSelect(names, nil)
	dataset.SetSelectedIndex(slices.Index(kinds, p.spec.Kind))
	dataset.OnChanged = func(string) {
		k := kinds[dataset.SelectedIndex()]
		if k == data.Drawn && p.spec.Kind != data.Drawn {
			p.drawn = p.currentPoints()
		}
		p.spec.Kind = k
		p.rebuild()
	}
	p.classes = newSelect([]string{"3", "4", "5"}, func(s string) {
		p.spec.Classes, _ = strconv.Atoi(s)
		p.rebuild()
	})
	p.classes.SetSelected(strconv.Itoa(p.spec.Classes))
	points := newSelect([]string{"100", "250", "500", "1000"}, func(s string) {
		p.spec.Points, _ = strconv.Atoi(s)
		p.rebuild()
	})
	selectValue(points, strconv.Itoa(p.spec.Points))
	noiseLabel := widget.NewLabel("")
	noise := widget.NewSlider(0, 50)
	noise.Step = 5
	noise.SetValue(p.spec.Noise * 100)
	noiseLabel.SetText(Tf("Noise: %d %%", int(noise.Value)))
	noise.OnChanged = func(v float64) { noiseLabel.SetText(Tf("Noise: %d %%", int(v))) }
	noise.OnChangeEnded = func(v float64) { p.spec.Noise = v / 100; p.rebuild() }
	ratioLabel := widget.NewLabel("")
	ratio := widget.NewSlider(10, 90)
	ratio.Step = 10
	ratio.SetValue(p.spec.TrainRatio * 100)
	ratioLabel.SetText(Tf("Training data: %d %%", int(ratio.Value)))
	ratio.OnChanged = func(v float64) { ratioLabel.SetText(Tf("Training data: %d %%", int(v))) }
	ratio.OnChangeEnded = func(v float64) { p.spec.TrainRatio = v / 100; p.rebuild() }
	seedLabel := widget.NewLabel(Tf("Seed %d", p.spec.Seed))
	newSeed := widget.NewButton(T("New seed"), func() {
		p.spec.Seed++
		seedLabel.SetText(Tf("Seed %d", p.spec.Seed))
		p.rebuild()
	})
	p.draw = newSelect(nil, func(string) { p.class = max(0, p.draw.SelectedIndex()) })
	clearPts := widget.NewButton(T("Clear points"), func() {
		p.drawn = nil
		p.spec.Kind = data.Drawn
		dataset.SetSelectedIndex(slices.Index(kinds, data.Drawn))
		p.rebuild()
	})

	feats := container.NewGridWithColumns(2)
	for _, f := range data.AllFeatures() {
		c := widget.NewCheck(featureTitle(f), nil)
		c.SetChecked(slices.Contains(p.spec.Features, f))
		c.OnChanged = func(on bool) {
			fs := slices.DeleteFunc(slices.Clone(p.spec.Features), func(g data.Feature) bool { return g == f })
			if on {
				fs = append(fs, f)
				slices.Sort(fs)
			}
			if len(fs) == 0 {
				c.SetChecked(true) // at least one input
				return
			}
			p.spec.Features = fs
			p.rebuild()
		}
		feats.Add(c)
	}

	lrs := []string{"0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3"}
	lr := newSelect(lrs, func(s string) {
		p.set.LearningRate, _ = strconv.ParseFloat(s, 64)
		if r := p.runner.Load(); r != nil {
			r.SetLearningRate(p.set.LearningRate)
		}
	})
	selectValue(lr, formatSetting(p.set.LearningRate))
	batches := []string{"1", "10", "30", "100"}
	batch := newSelect(batches, func(s string) {
		p.set.BatchSize, _ = strconv.Atoi(s)
		if r := p.runner.Load(); r != nil {
			r.SetBatchSize(p.set.BatchSize)
		}
	})
	selectValue(batch, strconv.Itoa(p.set.BatchSize))
	methods := []nn.Method{nn.Adam, nn.SGD, nn.Momentum, nn.GD}
	mnames := make([]string, len(methods))
	for i, m := range methods {
		mnames[i] = m.String()
	}
	opt := newSelect(mnames, nil)
	opt.SetSelected(p.set.Optimizer.String())
	opt.OnChanged = func(string) { p.set.Optimizer = methods[opt.SelectedIndex()]; p.rebuild() }
	l2s := []string{"0", "0.0001", "0.001", "0.003", "0.01", "0.03"}
	l2 := newSelect(l2s, func(s string) {
		p.set.L2, _ = strconv.ParseFloat(s, 64)
		if r := p.runner.Load(); r != nil {
			r.SetPenalty(p.set.L1, p.set.L2)
		}
	})
	selectValue(l2, formatSetting(p.set.L2))

	p.play = widget.NewButton(T("Train"), p.togglePlay)
	p.play.Importance = widget.HighImportance
	step := widget.NewButton(T("Step"), p.stepBatch)
	reset := widget.NewButton(T("Reset"), p.reset)
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	releaseAfterPick(dataset, p.classes, points, p.draw, lr, batch, opt, l2) // Space and → drive the training again
	return container.NewVBox(
		container.NewGridWithColumns(3, p.play, step, reset),
		bold(T("Data")), dataset,
		pgRow(T("Classes"), p.classes),
		pgRow(T("Points"), points),
		noiseLabel, noise, ratioLabel, ratio,
		container.NewBorder(nil, nil, seedLabel, nil, newSeed),
		pgRow(T("Click adds"), p.draw), clearPts,
		bold(T("Features")), feats,
		bold(T("Training")),
		pgRow(T("Optimiser"), opt),
		pgRow(T("Learning rate"), lr),
		pgRow(T("Batch size"), batch),
		container.NewGridWithColumns(2, widget.NewLabel(T("L2")), l2),
	)
}

// pgRow is a control with its label before it, as narrow as they are
// together (a two-column grid makes both columns as wide as the wider).
func pgRow(label string, w fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewLabel(label), nil, w)
}

// datasetTitle returns the English title of a 2D dataset, a catalogue key.
func datasetTitle(kind string) string {
	switch kind {
	case data.Circle:
		return N("Circle")
	case data.XOR:
		return N("Exclusive or (XOR)")
	case data.Gauss:
		return N("Two Gaussians")
	case data.Spiral:
		return N("Spiral")
	case data.Moons:
		return N("Two moons")
	case data.GaussK:
		return N("Gaussians, k classes")
	case data.SpiralK:
		return N("Spiral, k arms")
	case data.Plane:
		return N("Plane (regression)")
	case data.MultiGauss:
		return N("Bumps (regression)")
	}
	return N("Your own points")
}

// featureTitle returns a feature's name as the screen shows it.
func featureTitle(f data.Feature) string {
	return [...]string{"x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"}[f]
}

// refreshLayers rebuilds the per-layer controls: neurons, activation and
// dropout of each hidden layer, and buttons to add and remove layers.
func (p *playground) refreshLayers() {
	p.layers.RemoveAll()
	add := widget.NewButton(T("+ layer"), func() {
		if len(p.hidden) < pgMaxLayers {
			p.hidden = append(p.hidden, 2)
			p.acts = append(p.acts, p.lastAct())
			p.drops = append(p.drops, 0)
			p.changedNet()
		}
	})
	remove := widget.NewButton(T("− layer"), func() {
		if n := len(p.hidden); n > 0 {
			p.hidden, p.acts, p.drops = p.hidden[:n-1], p.acts[:n-1], p.drops[:n-1]
			p.changedNet()
		}
	})
	p.layers.Add(container.NewVBox(widget.NewLabel(Tf("%d hidden layers", len(p.hidden))), container.NewHBox(remove, add)))
	actNames := []string{"relu", "tanh", "sigmoid", "linear"}
	actVals := []nn.Activation{nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Linear}
	dropNames := []string{"0", "0.1", "0.2", "0.3", "0.5"}
	for l := range p.hidden {
		minus := widget.NewButton("−", func() {
			if p.hidden[l] > 1 {
				p.hidden[l]--
				p.changedNet()
			}
		})
		plus := widget.NewButton("+", func() {
			if p.hidden[l] < pgMaxNeurons {
				p.hidden[l]++
				p.changedNet()
			}
		})
		act := newSelect(actNames, nil)
		act.SetSelectedIndex(slices.Index(actVals, p.acts[l]))
		act.OnChanged = func(string) { p.acts[l] = actVals[act.SelectedIndex()]; p.changedNet() }
		drop := newSelect(dropNames, nil)
		selectValue(drop, formatSetting(p.drops[l]))
		drop.OnChanged = func(s string) { p.drops[l], _ = strconv.ParseFloat(s, 64); p.changedNet() }
		releaseAfterPick(act, drop)
		p.layers.Add(container.NewVBox(
			container.NewHBox(minus, widget.NewLabel(Tf("%d neurons", p.hidden[l])), plus),
			act,
			container.NewBorder(nil, nil, widget.NewLabel(T("Dropout")), nil, drop),
		))
	}
}

func (p *playground) lastAct() nn.Activation {
	if n := len(p.acts); n > 0 {
		return p.acts[n-1]
	}
	return nn.Tanh
}

// changedNet rebuilds the layer controls and the run after an
// architecture change.
func (p *playground) changedNet() {
	if !p.ready {
		return
	}
	if p.win != nil {
		p.win.Canvas().Unfocus() // a layer's select that had it is replaced
	}
	p.refreshLayers()
	p.rebuild()
}

// config returns the network and settings for set.
func (p *playground) config(set *data.Set) live.Config {
	a := nn.Arch{Inputs: set.Inputs(), Hidden: slices.Clone(p.hidden), Outputs: set.Outputs(), Activation: p.lastAct(),
		Loss: set.Loss(), Activations: slices.Clone(p.acts)}
	if slices.ContainsFunc(p.drops, func(r float64) bool { return r > 0 }) {
		a.Dropout = slices.Clone(p.drops)
	}
	s := p.set
	s.Seed, s.TrainSize, s.ValSplit, s.Augment = p.spec.Seed, set.Train.N, 0, false
	return live.Config{Arch: a, Settings: s}
}

// currentSet builds the dataset the controls describe.
func (p *playground) currentSet() (*data.Set, error) {
	if p.spec.Kind == data.Drawn {
		if len(p.drawn) == 0 {
			return nil, errorf("Click on the output map to add points, then train.")
		}
		s := p.spec
		s.TrainRatio = max(data.MinRatio, p.spec.TrainRatio)
		return data.FromPoints(s, p.drawn)
	}
	return data.New2D(p.spec)
}

// currentPoints returns every point of the dataset shown, for drawing on.
func (p *playground) currentPoints() []data.Point {
	set := p.data.Load()
	if set == nil || set.Plane == nil || set.Regression() {
		return nil
	}
	return append(slices.Clone(set.Plane.Train), set.Plane.Test...)
}

// rebuild makes the dataset and a new run from the controls, replacing
// the current run (its training is discarded: the weights of a network of
// another shape or data cannot carry over).
func (p *playground) rebuild() {
	if !p.ready {
		return
	}
	p.classes.Disable()
	if p.spec.Kind == data.GaussK || p.spec.Kind == data.SpiralK {
		p.classes.Enable()
	}
	set, err := p.currentSet()
	if err == nil && set.Train.N == 0 {
		err = errorf("No training points.")
	}
	var r *live.Runner
	if err == nil {
		r, err = live.New(p.sess.ctx, live.Data{Train: set.Train, Test: set.Test}, p.config(set))
		if err == nil {
			r.SetTimeline(timelinePrefs(p.prefs))
			r.WholeSets(true)            // the loss chart and readouts: the whole sets' losses
			r.ShareBudget(p.sess.budget) // its snapshots count with the main run's
			p.bridge.Join(r.Done())      // closing the window waits for it
		}
	}
	if err != nil {
		p.errText.SetText(err.Error())
		p.errText.Show()
		if p.spec.Kind != data.Drawn {
			return
		}
		set = nil
	} else {
		p.errText.Hide()
	}
	if old := p.runner.Swap(r); old != nil {
		old.Close()
	}
	if r != nil {
		s := p.sess
		s.wg.Add(1)
		go func() { // the session waits for every run on close
			defer s.wg.Done()
			<-r.Done()
		}()
	}
	p.data.Store(set)
	n := 2
	var names []string
	if set != nil && !set.Regression() {
		names = set.Info.Classes
		n = len(names)
	}
	if p.spec.Kind == data.Drawn {
		n = data.MaxClasses
	}
	p.draw.Options = pointClassNames(names, n)
	p.draw.SetSelectedIndex(min(p.class, n-1))
	p.play.SetText(T("Train"))
	p.actedAt = 0 // versions count from the new run's start
	p.await.Store(-1)
	p.stepr.clear()
	p.poke()
}

// addPoint adds a point of the selected class at (x1, x2), turning the
// dataset into a drawn one.
func (p *playground) addPoint(x1, x2 float64) {
	if set := p.data.Load(); p.spec.Kind != data.Drawn && set != nil && set.Regression() {
		return // regression targets are not drawn
	}
	if p.spec.Kind != data.Drawn {
		p.drawn = p.currentPoints()
		p.spec.Kind = data.Drawn
	}
	if len(p.drawn) >= data.MaxPoints {
		return
	}
	p.drawn = append(p.drawn, data.Point{X: x1, Y: x2, Class: p.class})
	p.rebuild()
}

// removePoint removes the drawn point nearest (x1, x2), within 0.5.
func (p *playground) removePoint(x1, x2 float64) {
	if p.spec.Kind != data.Drawn {
		p.drawn = p.currentPoints()
		p.spec.Kind = data.Drawn
	}
	best, bestD := -1, 0.5
	for i, q := range p.drawn {
		if d := math.Hypot(q.X-x1, q.Y-x2); d < bestD {
			best, bestD = i, d
		}
	}
	if best >= 0 {
		p.drawn = slices.Delete(p.drawn, best, best+1)
		p.rebuild()
	}
}

// togglePlay starts or pauses training.
func (p *playground) togglePlay() {
	r := p.runner.Load()
	if r == nil {
		return
	}
	if r.Snapshot().State == live.Running {
		r.Pause()
		p.play.SetText(T("Train"))
		p.acted(r, false)
		return
	}
	r.Play()
	p.stepr.clear()
	p.play.SetText(T("Pause"))
	p.acted(r, true)
}

// stepBatch trains one batch.
func (p *playground) stepBatch() {
	if r := p.runner.Load(); r != nil {
		r.StepBatch()
		p.stepr.clear()
		p.play.SetText(T("Train")) // it pauses after the step
		p.acted(r, true)
	}
}

// stepEpoch trains one epoch.
func (p *playground) stepEpoch() {
	if r := p.runner.Load(); r != nil {
		r.StepEpoch()
		p.stepr.clear()
		p.play.SetText(T("Train"))
		p.acted(r, true)
	}
}

// reset starts the run again from fresh weights.
func (p *playground) reset() {
	if r := p.runner.Load(); r != nil {
		r.Reset(r.Snapshot().Config)
		p.stepr.clear()
		p.play.SetText(T("Train"))
		p.acted(r, false)
	}
}

// hover shows the numbers of a neuron or a weight. It runs on the UI
// goroutine and reads the latest snapshot.
func (p *playground) hover(n *diagramNode, e *diagramEdge) {
	r, set := p.runner.Load(), p.data.Load()
	if r == nil || set == nil {
		return
	}
	s := r.Snapshot()
	net := s.Net
	switch {
	case n != nil && n.layer == 0:
		p.info.SetText(Tf("Input %s", featureTitle(set.Plane.Features[n.unit])))
	case n != nil:
		l := n.layer - 1
		act := T("softmax")
		if l < len(net.Arch.Hidden) {
			act = net.Arch.Act(l).String()
		} else if net.Arch.Loss == nn.Regression {
			act = T("linear")
		}
		p.info.SetText(Tf("Layer %d, neuron %d: bias %.4f, activation %s", n.layer, n.unit+1, net.Layers[l].B[n.unit], act))
	case e != nil:
		ly := net.Layers[e.layer]
		k := e.in*ly.Out + e.out
		text := Tf("Weight from layer %d neuron %d to layer %d neuron %d: %.4f", e.layer, e.in+1, e.layer+1, e.out+1, ly.W[k])
		if s.Grad != nil && s.Step != nil {
			gW, _ := net.LayerGrads(s.Grad, e.layer)
			dW, _ := net.LayerGrads(s.Step, e.layer)
			text += Tf("; last gradient ∂L/∂w %.3g, last update Δw %.3g", gW[k], dW[k])
		}
		if lbl := p.diagram.edgeLabel(*e); lbl != "" && p.stepr.tr != nil {
			// The traced step's number, which the diagram may have had no
			// room to show on the edge.
			text += "; " + phaseName(p.stepr.phase) + ": " + lbl
		}
		p.info.SetText(text)
	}
}

// run returns the Playground's run and its dataset (either may be nil), for
// the screens that can show them. Any goroutine.
func (p *playground) run() (*live.Runner, *data.Set) { return p.runner.Load(), p.data.Load() }

// pointColourNames name the colours of viz.ClassColors, in its order, as
// a teacher would say them: Okabe–Ito orange, blue, bluish green,
// vermillion and reddish purple.
func pointColourNames() []string {
	return []string{T("Orange"), T("Blue"), T("Green"), T("Red"), T("Pink")}
}

// pointClassNames returns the names of the n classes of a 2D dataset
// whose own class names are names (nil for none): those names when they
// are more than the numbers "0", "1", … data.ClassNames gives, else the
// colours the points and the decision regions are drawn in, as
// TensorFlow Playground does.
func pointClassNames(names []string, n int) []string {
	own := len(names) == n && !slices.Equal(names, data.ClassNames(n))
	colours := pointColourNames()
	out := make([]string, n)
	for i := range out {
		switch {
		case own:
			out[i] = names[i]
		case i < len(colours):
			out[i] = colours[i]
		default:
			out[i] = Tf("Class %d", i)
		}
	}
	return out
}
