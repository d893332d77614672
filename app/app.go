// Package app is Backprop Lab's Fyne user interface: one file per screen or
// widget. It shows the engine's snapshots and sends it commands; it never
// reads weights that are being written.
package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/assets"
	"backproplab/nn/live"
	"backproplab/viz"
)

// AppID is the application's unique ID, as in FyneApp.toml.
const AppID = "org.backproplab.app"

// Options configure the app.
type Options struct {
	DataDir  string       // MNIST folder; empty: $BACKPROPLAB_DATA or the user cache
	Log      *slog.Logger // event log; nil discards it
	Language string       // "en" or "zh-Hans"; empty follows the preference, then the system

	// manualBridge starts no bridge goroutine, for tests: in tests Fyne
	// runs UI calls inline, so a bridge goroutine would touch widgets concurrently
	// with the test. Tests call bridge.tick and bridge.Settle themselves.
	manualBridge bool
	// post replaces Fyne's UI call in the bridge, for the test that runs the
	// production bridge with a stand-in for the UI goroutine.
	post func(func())
}

// Run opens the Backprop Lab window and returns when it is closed.
func Run(o Options) {
	// Snapshots and chart images are published many times a second, but
	// little of the heap is pointers (weights and images), so collecting
	// often is cheap and keeps the process close to its live data.
	debug.SetGCPercent(25)
	a := fyneapp.NewWithID(AppID)
	u := newUI(a, o)
	a.Lifecycle().SetOnStarted(func() { u.presenter.fitMonitor(monitorSize()) })
	u.win.ShowAndRun()
	u.sess.close()
}

// ui is the main window and what it shows: the shell that builds the
// screens from their deps and wires them together with callbacks. Only the
// shell (app.go, menu.go, lessonfile.go, i18n_menu.go, web_*.go) holds a
// *ui; no screen does.
type ui struct {
	*deps // the session, the window and what the screens share
	app   fyne.App

	controls *controls
	status   *status
	curves   *curves
	data     *dataPanel
	tabs     *container.AppTabs

	network   *networkScreen
	stepper   *stepper
	draw      *drawScreen
	lessons   *lessons
	timeline  *timelineBar // under every tab
	presenter *presenter
	play      *playground // the Playground tab

	modifiers func() fyne.KeyModifier // the modifier keys held; the driver's, or a test's

	trainVis  *visibility   // the Training tab is shown
	tabVis    []*visibility // the visibility signal of each tab, in order
	logged    int           // epochs already logged (bridge goroutine only)
	loggedErr error         // the last training error logged (bridge goroutine only)
}

// newUI builds the window. It does not show it.
func newUI(a fyne.App, o Options) *ui {
	log := o.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	language := o.Language
	if language == "" {
		language = webLanguage() // the page's ?lang= in a browser
	}
	if language == "" {
		language = a.Preferences().String(prefLanguage)
	}
	if language == "" {
		language = lang.SystemLocale().String()
	}
	_, fontProblem := useLanguage(a, language, fontFinder)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))

	u := &ui{app: a}
	win := a.NewWindow("Backprop Lab")
	if err := installAtomicFiles(); err != nil { // file:// writers save atomically
		log.Error("atomic file writer", "err", english(err))
	}
	dir := o.DataDir
	if dir == "" {
		dir = a.Preferences().String(prefDataDir)
	}
	sess := newSession(context.Background(), log, a.Preferences(), dir, o.post, o.manualBridge)
	u.deps = newDeps(sess, win, a.Settings())
	u.trainVis = &visibility{}
	u.controls = newControls(u.deps, transport{togglePlay: u.togglePlay, stepBatch: u.stepBatch, stepEpoch: u.stepEpoch, reset: u.reset})
	u.status = newStatus(u.controls.setLR) // "recover" retries at a lower learning rate
	u.curves = newCurves(u.deps, u.trainVis)
	examples := filepath.Join(a.Storage().RootURI().Path(), "examples") // the drawings saved from the Draw tab
	u.data = newDataPanel(u.deps, u.trainVis, examples)
	// Each screen is built from what it needs, the screens it leads to
	// first; callbacks that switch tabs (u.tabs) run only after the window
	// is built. The stepper's drawing comes from the Draw tab, built below.
	stepper := newStepper(u.deps, stepperLinks{
		drawing:    func() ([]float32, int, bool) { return u.draw.drawing() },
		showConfig: u.controls.show,
	})
	u.stepper = stepper
	u.timeline = newTimelineBar(u.deps, stepper.rewound)
	u.play = newPlayground(u.deps, func(r *live.Runner, s *live.Snapshot, onSeek func(live.Mark)) func() {
		return u.timeline.show(r, s, true, onSeek) // the bar drives the Playground's run on its tab
	})
	u.network = newNetworkScreen(u.deps, networkLinks{
		toStepper: func(row int) { // a map's point, followed without training
			u.tabs.SelectIndex(tabStepper)
			stepper.followTest(row)
		},
		playground: u.play.run, // Representation and Landscape may show the Playground's 2D run
	})
	network := u.network
	u.draw = newDrawScreen(u.deps, examples, network.setInput)
	lessonsTab := newLessons(u.deps, toolNav{
		gradientCheck: func() { u.tabs.SelectIndex(tabStepper); stepper.showBatchStep() },
		nudge:         func() { u.tabs.SelectIndex(tabStepper); stepper.openNudge() },
		ablation:      func() { u.tabs.SelectIndex(tabNetwork); network.showAblation() },
		more:          ownDataLessons(&ownData{deps: u.deps, examplesDir: examples, toTraining: func() { u.tabs.SelectIndex(0) }}),
	})
	u.lessons = lessonsTab
	u.presenter = newPresenter(u.deps, presenterLinks{side: u.controls.content, bar: u.timeline.content,
		setTheme: func(th viz.Theme, chartsOnly bool) {
			u.curves.setTheme(th)
			network.setTheme(th)
			lessonsTab.setTheme(th)
			lessonsTab.setChartsOnly(chartsOnly)
			u.play.setTheme(th)
		}})
	u.status.content.Hide() // nothing to count or draw until the data is loaded
	u.curves.content.Hide()
	u.sess.onData = append(u.sess.onData, func() {
		u.controls.refreshState(u.sess.snapshot())
		if u.sess.dataState == dataReady {
			u.status.content.Show()
			u.curves.content.Show()
		}
	})
	u.sess.bridge.Add(u, nil)

	train := container.NewBorder(container.NewVBox(u.data.content, u.status.content), nil, nil, nil, u.curves.content)
	u.tabs = container.NewAppTabs(
		// The charts stretch to the tab; on a screen smaller than their
		// minimum (FYNE_SCALE=2 on 1280×800) the tab scrolls instead.
		container.NewTabItemWithIcon(T("Training"), theme.MediaPlayIcon(), container.NewVScroll(train)),
		// Screens scroll rather than force a window larger than 1280×800.
		container.NewTabItemWithIcon(T("Inside the network"), theme.GridIcon(), network.content), // scrolls inside its visibility watcher
		container.NewTabItemWithIcon(T("Step through backprop"), theme.MediaSkipNextIcon(), container.NewScroll(stepper.content)),
		container.NewTabItemWithIcon(T("Draw"), theme.DocumentCreateIcon(), container.NewScroll(u.draw.content)),
		container.NewTabItemWithIcon(T("Lessons"), theme.HelpIcon(), container.NewScroll(lessonsTab.content)),
		container.NewTabItemWithIcon(T("Playground"), theme.ViewRefreshIcon(), container.NewScroll(u.play.content)), // scrolls rather than widen the window (layout_test.go)
	)
	u.tabVis = []*visibility{u.trainVis, network.vis, stepper.vis, u.draw.vis, lessonsTab.vis, u.play.vis}
	u.tabs.OnSelected = func(*container.TabItem) {
		// A widget of the tab left keeps no focus: keys (Ctrl+Z, Esc) must
		// not reach a hidden pad or entry.
		u.win.Canvas().Unfocus()
		u.showTab(u.tabs.SelectedIndex())
		u.timeline.follow(u.onPlayground()) // the bar drives the Playground's run on its tab
		if u.onPlayground() {
			u.controls.content.Hide() // the Playground has its own controls
			u.play.shownNow()
		} else if u.presenter == nil || u.presenter.showsSide() {
			u.controls.content.Show()
		}
	}
	u.showTab(u.tabs.SelectedIndex())
	u.win.SetContent(container.NewBorder(nil, u.timeline.content, u.controls.content, nil, u.tabs))
	u.win.SetMainMenu(u.menu())
	u.addShortcuts()
	u.setUpWeb()
	u.win.Resize(fyne.NewSize(1280, 800))
	u.win.SetMaster()
	u.showFontProblem(fontProblem)
	u.win.SetOnClosed(u.sess.close)
	u.sess.start()
	return u
}

// showTab sets the visibility signal of every tab: tab i is shown. The
// bridge renders a newly shown screen at its next tick.
func (u *ui) showTab(i int) {
	for k, v := range u.tabVis {
		v.set(k == i)
	}
}

// selectScreen selects the tab whose visibility signal is v.
func (u *ui) selectScreen(v *visibility) {
	for i, tv := range u.tabVis {
		if tv == v && i < len(u.tabs.Items) {
			u.tabs.SelectIndex(i)
		}
	}
}

// observe implements observer: every epoch is logged, whatever is shown.
func (u *ui) observe(s *live.Snapshot) { u.logEpochs(s) }

// render implements view for the status strip and the controls' state.
func (u *ui) render(s *live.Snapshot, force bool) func() {
	return func() {
		u.status.show(s)
		u.controls.refreshState(s)
	}
}

func (u *ui) togglePlay() {
	if u.onPlayground() {
		u.play.togglePlay()
		return
	}
	r := u.sess.runner
	if r == nil {
		return
	}
	if s := r.Snapshot(); s.State == live.Running {
		r.Pause()
		u.sess.log.Info("training paused", "epoch", s.Epoch+1, "batch", s.Batch)
		return
	}
	r.Play()
	u.sess.log.Info("training started")
}

func (u *ui) stepBatch() {
	if u.onPlayground() {
		u.play.stepBatch()
		return
	}
	if r := u.sess.runner; r != nil {
		r.StepBatch()
		u.sess.log.Info("step", "what", "batch")
	}
}

func (u *ui) stepEpoch() {
	if u.onPlayground() {
		u.play.stepEpoch()
		return
	}
	if r := u.sess.runner; r != nil {
		r.StepEpoch()
		u.sess.log.Info("step", "what", "epoch")
	}
}

func (u *ui) reset() {
	if u.onPlayground() {
		u.play.reset()
		return
	}
	if r := u.sess.runner; r != nil {
		r.Reset(u.sess.cfg)
		u.sess.log.Info("reset", "arch", u.sess.cfg.Arch.String(), "optimizer", u.sess.cfg.Settings.Optimizer.String(), "seed", u.sess.cfg.Settings.Seed)
	}
}

// onPlayground reports whether the Playground tab is shown: the shortcuts
// then drive its run.
func (u *ui) onPlayground() bool { return u.play != nil && u.play.vis.shown() }

func (u *ui) toggleFullScreen() { u.win.SetFullScreen(!u.win.FullScreen()) }

// errorLabel returns a label styled for an error message.
func errorLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// logEpochs logs each epoch of s not logged yet, with its metrics. It runs
// on the bridge goroutine.
func (u *ui) logEpochs(s *live.Snapshot) {
	if len(s.Epochs) < u.logged {
		u.logged = 0 // a reset started the run over
	}
	full := s.Tests
	for _, e := range s.Epochs[u.logged:] {
		args := []any{"epoch", e.Epoch, "train_loss", e.TrainLoss, "train_accuracy", e.TrainAccuracy, "seconds", e.Seconds}
		if e.HasVal {
			args = append(args, "val_loss", e.ValLoss, "val_accuracy", e.ValAccuracy)
		}
		for _, t := range full {
			if t.Full && t.Step == e.Step {
				args = append(args, "test_loss", t.Loss, "test_accuracy", t.Accuracy)
			}
		}
		u.sess.log.Info("epoch done", args...)
	}
	u.logged = len(s.Epochs)
	if s.State == live.Failed && s.Err != nil && s.Err != u.loggedErr {
		u.sess.log.Warn("training failed", "error", english(s.Err), "learning_rate", s.LearningRate, "epoch", s.Epoch+1, "batch", s.Batch)
	}
	u.loggedErr = s.Err
}
