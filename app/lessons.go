package app

import (
	"context"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/lab"
	"backproplab/viz"
)

// lessonSource is what the Lessons tab shows: a running experiment, or the
// curves restored from a lesson file. It is immutable.
type lessonSource struct {
	runner *lab.Runner   // nil for a restored snapshot
	static *lab.Snapshot // shown when runner is nil
	exp    lab.Experiment
	kfold  *lab.KFold // set for k-fold cross-validation
}

func (s *lessonSource) snapshot() *lab.Snapshot {
	if s.runner != nil {
		return s.runner.Snapshot()
	}
	return s.static
}

// lessons is the Lessons tab: comparisons, presets, the overfitting lab and
// k-fold cross-validation.
type lessons struct {
	*deps
	tools toolNav     // opens the tools of the tool lessons
	vis   *visibility // the Lessons tab is shown

	preset      *widget.Select
	presetTitle *widget.Label // the chosen preset's whole title
	hint        *widget.Label
	vary        *widget.Select
	values      *widget.Entry
	epochs      *widget.Entry
	size        *widget.Entry
	early       *widget.Check
	patience    *widget.Entry
	folds       *widget.Select
	run         *widget.Button
	pause       *widget.Button
	kfoldRun    *widget.Button
	message     *widget.Label
	view        *widget.RadioGroup
	runSel      *widget.Select
	summary     *widget.Label
	grid        *resultsGrid
	results     *container.Scroll  // scrolls the grid vertically
	share       *fyne.Container    // the charts above the results (shareLayout)
	shareSwitch *widget.RadioGroup // charts or results, where both do not fit
	chartsOnly  bool               // presenter mode shows the charts alone
	legend      *chartLegend
	loss        *imageView
	acc         *imageView
	side        fyne.CanvasObject
	bottom      fyne.CanvasObject
	content     fyne.CanvasObject

	base        lab.Config   // the configuration the values vary (UI goroutine)
	rows        []lab.Result // what the table shows (UI goroutine)
	running     bool         // what the pause button shows (UI goroutine)
	src         atomic.Pointer[lessonSource]
	mode        atomic.Int32 // lessonView
	sel         atomic.Int32 // run shown in the overfitting view
	theme       atomic.Pointer[viz.Theme]
	dirty       atomic.Bool
	last        *lab.Snapshot // last rendered (bridge goroutine)
	lastL       atomic.Pointer[viz.Chart]
	lastA       atomic.Pointer[viz.Chart]
	shownLegend string // the legend shown, as a key (UI goroutine)
}

// variableNames are the translated names of the settings one can vary.
func variableNames() []string {
	return []string{T("Optimiser"), T("Loss"), T("Learning rate"), T("L1"), T("L2"), T("Training-set size"),
		T("Hidden width"), T("Hidden depth"), T("Activation"), T("Batch size")}
}

// newLessons builds the Lessons tab; its tool lessons open other tabs
// through tools.
func newLessons(d *deps, tools toolNav) *lessons {
	l := &lessons{deps: d, tools: tools, vis: &visibility{}}
	th := d.chartTheme()
	l.theme.Store(&th)
	// The picker names each preset briefly, so that it never truncates;
	// the chosen preset's whole title shows above its hint.
	var titles []string
	for _, p := range lab.Presets() {
		titles = append(titles, presetShortTitle(T(p.Title)))
	}
	l.presetTitle = wrapLabel("")
	l.presetTitle.TextStyle.Bold = true
	l.presetTitle.Hide()
	l.hint = widget.NewLabel(T("Pick a preset, or a setting to vary and 2–4 values, then press Run. All runs start from the same seed, the same initial weights and the same batch order."))
	l.hint.Wrapping = fyne.TextWrapWord
	l.preset = newSelect(titles, func(string) { l.choosePreset(l.preset.SelectedIndex()) })
	l.preset.PlaceHolder = T("Choose a preset…")
	l.vary = newSelect(variableNames(), nil)
	l.values = widget.NewEntry()
	l.values.SetPlaceHolder(T("values, separated by spaces, e.g. 0.01 0.1"))
	l.epochs = widget.NewEntry()
	l.size = widget.NewEntry()
	l.early = widget.NewCheck(T("Early stopping: patience"), nil)
	l.patience = widget.NewEntry()
	l.patience.SetText("5")
	var ks []string
	for k := lab.MinFolds; k <= lab.MaxFolds; k++ {
		ks = append(ks, strconv.Itoa(k))
	}
	l.folds = newSelect(ks, nil)
	l.folds.SetSelected("5")
	l.run = widget.NewButton(T("Run comparison"), l.runExperiment)
	l.run.Importance = widget.HighImportance
	l.pause = widget.NewButton(T("Pause"), l.togglePause)
	l.pause.Disable()
	l.kfoldRun = widget.NewButton(T("Run k-fold"), l.runKFold)
	l.message = errorLabel("")
	l.message.Hide()
	l.view = widget.NewRadioGroup([]string{T("Compare runs"), T("Overfitting lab")}, func(string) {
		if l.view.Selected == T("Overfitting lab") {
			l.mode.Store(int32(viewOverfitting))
			l.runSel.Show()
		} else {
			l.mode.Store(int32(viewCompare))
			l.runSel.Hide()
		}
		l.poke()
	})
	l.view.Horizontal = true
	l.runSel = newSelect(nil, func(string) {
		l.sel.Store(int32(max(l.runSel.SelectedIndex(), 0)))
		l.poke()
	})
	l.runSel.Hide()
	l.view.SetSelected(T("Compare runs"))
	l.summary = widget.NewLabel("")
	l.summary.TextStyle.Bold = true
	l.summary.Wrapping = fyne.TextWrapWord
	l.summary.Hide() // until a k-fold run has a summary
	l.grid = newResultsGrid(resultColumns(evalInfo{}), resultWidths)
	l.legend = newChartLegend()
	l.loss = newImageView(fyne.NewSize(190, 160), l.poke) // side by side beside the form at 1024×768
	l.acc = newImageView(fyne.NewSize(190, 160), l.poke)

	l.setBase(lab.Config{Arch: d.sess.cfg.Arch, Settings: d.sess.cfg.Settings})
	l.vary.SetSelectedIndex(0)

	form := widget.NewForm(
		widget.NewFormItem(T("Preset"), l.preset),
		widget.NewFormItem(T("Vary"), l.vary),
		widget.NewFormItem(T("Values"), l.values),
		widget.NewFormItem(T("Epochs"), l.epochs),
		widget.NewFormItem(T("Training images"), l.size),
	)
	kfold := container.NewBorder(nil, nil, widget.NewLabel(T("k =")), l.kfoldRun, l.folds)
	l.side = container.NewVScroll(container.NewVBox(
		form, l.presetTitle, l.hint,
		container.NewBorder(nil, nil, l.early, nil, l.patience),
		container.NewGridWithColumns(2, l.run, l.pause),
		widget.NewSeparator(),
		wrapLabel(T("k-fold cross-validation on the training images above:")), kfold,
		l.message,
		widget.NewSeparator(), newToolLessons(tools),
	))
	// The charts share one legend under them; the results table below takes
	// the height its rows need, up to a share of the tab (then it scrolls),
	// and the charts the rest.
	charts := container.NewBorder(nil, l.legend.content(), nil, nil,
		newStretchFlow(d.withChartExport(l.loss, "lesson-loss", &l.lastL), d.withChartExport(l.acc, "lesson-accuracy", &l.lastA)))
	csvButton := widget.NewButton(T("Export results as CSV…"), l.exportCSV)
	top := newFlow(l.view, l.runSel, csvButton)
	l.results = container.NewVScroll(l.grid.box)
	l.bottom = container.NewBorder(l.summary, nil, nil, nil, l.results)
	l.shareSwitch = widget.NewRadioGroup([]string{T("Charts"), T("Results table")}, nil)
	l.shareSwitch.Horizontal = true
	l.shareSwitch.Required = true
	l.shareSwitch.SetSelected(T("Charts"))
	l.shareSwitch.OnChanged = func(string) { l.share.Refresh() }
	rowsHeight := func(n int) float32 { return l.summaryHeight() + l.grid.rowsHeight(min(l.grid.rows(), n)) }
	l.share = container.New(&shareLayout{
		full:        func() float32 { return l.summaryHeight() + l.grid.box.MinSize().Height },
		first:       func() float32 { return rowsHeight(1) },
		least:       func() float32 { return rowsHeight(minResultRows) },
		useful:      func() float32 { return rowsHeight(usefulResultRows) },
		tableChosen: func() bool { return l.shareSwitch.Selected == T("Results table") },
		chartsOnly:  func() bool { return l.chartsOnly },
	}, charts, l.bottom, l.shareSwitch)
	right := container.NewBorder(top, nil, nil, nil, l.share)
	split := container.NewHSplit(l.side, right)
	split.Offset = 0.3
	l.content = split
	releaseAfterPick(l.preset, l.vary, l.folds, l.runSel) // Space and → drive training again after a pick
	d.bridge.AddPoller(l, l.vis)
	return l
}

// setBase shows c's epochs and training-set size and makes it the base of
// the next comparison.
func (l *lessons) setBase(c lab.Config) {
	l.base = c
	l.epochs.SetText(strconv.Itoa(c.Settings.Epochs))
	l.size.SetText(strconv.Itoa(c.Settings.TrainSize))
}

// choosePreset fills the form from preset i.
func (l *lessons) choosePreset(i int) {
	ps := lab.Presets()
	if i < 0 || i >= len(ps) {
		return
	}
	p := ps[i]
	l.setBase(p.Experiment.Base)
	l.vary.SetSelectedIndex(variableIndex(p.Experiment.Vary))
	l.values.SetText(strings.Join(p.Experiment.Values, " "))
	l.showPreset(i)
	if p.Overfitting {
		l.view.SetSelected(T("Overfitting lab"))
	} else {
		l.view.SetSelected(T("Compare runs"))
	}
}

func variableIndex(v lab.Variable) int {
	for i, w := range lab.Variables() {
		if w == v {
			return i
		}
	}
	return 0
}

// experiment returns the comparison the form describes.
func (l *lessons) experiment() (lab.Experiment, error) {
	c, err := l.formBase()
	if err != nil {
		return lab.Experiment{}, err
	}
	vs := lab.Variables()
	i := l.vary.SelectedIndex()
	if i < 0 || i >= len(vs) {
		return lab.Experiment{}, errorf("choose a setting to vary")
	}
	values := strings.FieldsFunc(l.values.Text, func(r rune) bool { return r == ' ' || r == ';' || r == '\t' })
	if len(values) < lab.MinRuns || len(values) > lab.MaxRuns {
		return lab.Experiment{}, errorf("enter 2 to 4 values, separated by spaces")
	}
	name := ""
	if ps := lab.Presets(); l.preset.SelectedIndex() >= 0 && l.preset.SelectedIndex() < len(ps) {
		name = ps[l.preset.SelectedIndex()].ID
	}
	e := lab.Experiment{Name: name, Base: c, Vary: vs[i], Values: values, Patience: l.patienceValue()}
	if _, err := e.Specs(); err != nil {
		return lab.Experiment{}, err
	}
	return e, nil
}

// formBase returns the base configuration with the form's epochs and size.
func (l *lessons) formBase() (lab.Config, error) {
	c := l.base
	c.Arch.Hidden = append([]int(nil), l.base.Arch.Hidden...)
	ep, err := strconv.Atoi(strings.TrimSpace(l.epochs.Text))
	if err != nil || ep < 1 || ep > 1000 {
		return c, errorf("epochs must be a whole number from 1 to 1000")
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(l.size.Text), ",", ""))
	if err != nil || n < 1 {
		return c, errorf("the number of training images must be a positive whole number")
	}
	c.Settings.Epochs, c.Settings.TrainSize = ep, n
	if a := l.sess.cfg.Arch; l.sess.trainDS != nil && a.Outputs >= 2 {
		c.Arch.Inputs, c.Arch.Outputs = a.Inputs, a.Outputs // the dataset trained on (dataset.go)
	}
	return c, nil
}

func (l *lessons) patienceValue() int {
	if !l.early.Checked {
		return 0
	}
	p, err := strconv.Atoi(strings.TrimSpace(l.patience.Text))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

func (l *lessons) showError(err error) {
	if err == nil {
		l.message.Hide()
		return
	}
	l.message.SetText(err.Error())
	l.message.Show()
}

// runExperiment starts the comparison the form describes.
func (l *lessons) runExperiment() {
	e, err := l.experiment()
	if err != nil {
		l.showError(err)
		return
	}
	l.start(&lessonSource{exp: e}, func(d lab.Data) ([]lab.Job, error) { return lab.ExperimentJobs(e, d) })
}

// runKFold starts k-fold cross-validation of the base configuration.
func (l *lessons) runKFold() {
	c, err := l.formBase()
	if err != nil {
		l.showError(err)
		return
	}
	k, _ := strconv.Atoi(l.folds.Selected)
	kf := lab.KFold{Base: c, K: k, Patience: l.patienceValue()}
	l.start(&lessonSource{kfold: &kf}, func(d lab.Data) ([]lab.Job, error) { return kf.Jobs(d.Train) })
}

// start stops the current experiment and starts src's jobs, built in the
// background because the trainers copy their rows.
func (l *lessons) start(src *lessonSource, jobs func(lab.Data) ([]lab.Job, error)) {
	s := l.sess
	if s.trainDS == nil || s.testDS == nil {
		l.showError(errorf("MNIST is not loaded yet."))
		return
	}
	l.showError(nil)
	l.stop()
	data := lab.Data{Train: s.trainDS, Test: s.testDS}
	name := l.preset.Selected
	l.run.Disable()
	l.kfoldRun.Disable()
	s.bridge.Go(func(ctx context.Context) func() {
		js, err := jobs(data)
		var r *lab.Runner
		if err == nil {
			r = lab.Start(ctx, name, js)
			r.SetThreads(lessonThreads())
			r.Play()
			s.bridge.Join(r.Done()) // closing the window waits for the experiment too
		}
		return func() {
			l.run.Enable()
			l.kfoldRun.Enable()
			if err != nil {
				l.showError(err)
				return
			}
			src.runner = r
			l.setSource(src)
			s.log.Info("lesson experiment started", "name", name, "runs", len(js))
		}
	})
}

// lessonThreads is how many runs the Lessons tab trains at once
// (lab.Runner.SetThreads): every processor Go may use, whereas the
// training screen keeps its trainer at one thread to leave a core for
// drawing. A lesson's runs (k-fold folds, the arms of a comparison) are
// independent, so on two cores they finish up to twice as soon side by
// side, and a run left alone splits its own steps instead; the tab's
// charts redraw from the runner's snapshots, coalesced by the bridge,
// which takes little of a core. Each run's results are the same bits
// whatever the count (lab's TestThreadsSameResults).
func lessonThreads() int { return nn.HeadlessThreads() }

// setSource shows src. Call on the UI goroutine.
func (l *lessons) setSource(src *lessonSource) {
	if old := l.src.Swap(src); old != nil && old.runner != nil && old.runner != src.runner {
		old.runner.Close()
	}
	snap := src.snapshot()
	var labels []string
	for _, r := range snap.Runs {
		labels = append(labels, runLabel(r.Label))
	}
	l.runSel.SetOptions(labels)
	if len(labels) > 0 {
		l.runSel.SetSelectedIndex(0)
	}
	l.running = src.runner != nil
	l.pause.SetText(T("Pause"))
	if src.runner != nil {
		l.pause.Enable()
	} else {
		l.pause.Disable()
	}
	l.poke()
}

// stop closes the running experiment, if any.
func (l *lessons) stop() {
	if src := l.src.Load(); src != nil && src.runner != nil {
		src.runner.Close()
	}
}

func (l *lessons) togglePause() {
	src := l.src.Load()
	if src == nil || src.runner == nil {
		return
	}
	if l.running {
		src.runner.Pause()
		l.pause.SetText(T("Resume"))
	} else {
		src.runner.Play()
		l.pause.SetText(T("Pause"))
	}
	l.running = !l.running
}

func (l *lessons) poke() { l.dirty.Store(true) }

// setTheme chooses the chart theme (presenter mode, theme changes).
func (l *lessons) setTheme(th viz.Theme) {
	l.theme.Store(&th)
	l.poke()
}

// poll implements poller: it builds the charts off the UI goroutine and
// returns what shows them, or nil when nothing changed.
func (l *lessons) poll(force bool) func() {
	src := l.src.Load()
	if src == nil {
		return nil
	}
	s := src.snapshot()
	force = l.dirty.Swap(false) || force
	if s == l.last && !force {
		return nil
	}
	l.last = s
	var lc, ac viz.Chart
	ev := evalSet(s, src.kfold != nil)
	held := ev.held()
	overfitting := lessonView(l.mode.Load()) == viewOverfitting
	if overfitting {
		lc, ac = gapCharts(s, int(l.sel.Load()), held)
	} else {
		lc, ac = compareCharts(s, held)
	}
	l.lastL.Store(&lc) // exported with their legends and full titles
	l.lastA.Store(&ac)
	th := *l.theme.Load()
	legend, note := chartsLegend(s, lc, overfitting, held, th)
	lc.Legend, ac.Legend = viz.LegendNone, viz.LegendNone // the legend is under the charts
	lc.Title = T("Loss")                                  // the overfitting view's long title is in the note
	limg, aimg := l.loss.lineChart(lc, th), l.acc.lineChart(ac, th)
	rows := lab.Results(s)
	summary := evalCaption(ev)
	if presenterScaled() {
		// Presenter mode has room for the table's first rows, not for
		// the caption that explains them (the headings still say "test"
		// or "val.", and the overfitting view's note the test accuracy).
		summary = ""
	}
	if fs := foldSummary(s, src.kfold != nil); fs != "" {
		summary = strings.TrimSuffix(fs+"\n"+summary, "\n")
	}
	headings := resultColumns(ev)
	finished := s.Finished()
	return func() {
		l.loss.setImageIf(limg)
		l.acc.setImageIf(aimg)
		l.rows = rows
		before := l.grid.box.MinSize().Height
		l.grid.setHeadings(headings)
		l.grid.setRows(resultCells(rows, ev))
		if l.grid.box.MinSize().Height != before {
			// The rows' heights follow the columns' widths, known once
			// the grid is laid out: share the height again.
			l.share.Refresh()
		}
		l.summary.SetText(summary)
		if summary == "" {
			l.summary.Hide()
		} else {
			l.summary.Show()
		}
		if key := legendKey(legend, note); key != l.shownLegend {
			l.shownLegend = key
			l.legend.set(legend, note)
		}
		if finished && l.running && l.src.Load() == src {
			l.running = false
			l.pause.Disable()
			l.log.Info("lesson experiment finished", "name", s.Name, "runs", len(s.Runs))
			// The finished runs have let go of their trainers and rows (for
			// k-fold, copies of the folds): give that memory back to the
			// system now rather than over the next minutes.
			l.bridge.Go(func(context.Context) func() { debug.FreeOSMemory(); return nil })
		}
	}
}

// exportCSV saves the results table as CSV.
func (l *lessons) exportCSV() {
	rows := l.rows
	if len(rows) == 0 {
		return
	}
	l.saveFile("results.csv", ".csv", func(w io.Writer) error { return lab.WriteResultsCSV(w, rows) })
}

// setChartsOnly hides the form and the results table, for presenter mode.
func (l *lessons) setChartsOnly(on bool) {
	l.chartsOnly = on
	if on {
		l.side.Hide()
	} else {
		l.side.Show()
	}
	l.share.Refresh()
	l.poke()
}

// summaryHeight is the height of the line above the results table, 0 when
// it is hidden.
func (l *lessons) summaryHeight() float32 {
	if !l.summary.Visible() {
		return 0
	}
	return l.summary.MinSize().Height + theme.Padding() // the border layout's gap below it
}

// showPreset shows preset i's whole title and its hint.
func (l *lessons) showPreset(i int) {
	p := lab.Presets()[i]
	l.presetTitle.SetText(T(p.Title))
	l.presetTitle.Show()
	l.hint.SetText(T(p.Hint))
}

// presetShortTitle returns the part of a preset title before its colon
// ("Optimisers" of "Optimisers: GD vs SGD vs Adam"), or the whole title.
func presetShortTitle(title string) string {
	if i := strings.IndexAny(title, ":："); i > 0 {
		return strings.TrimSpace(title[:i])
	}
	return title
}
