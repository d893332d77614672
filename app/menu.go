package app

import (
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
)

// The keyboard shortcuts, also listed in the Help menu.
var (
	shortcutStepEpoch = &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShift}
	shortcutReset     = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave      = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutOpen      = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutQuit      = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	// Space and → go through the canvas's typed-key handler (addShortcuts);
	// these only show them in the menu.
	shortcutPlay      = &desktop.CustomShortcut{KeyName: fyne.KeySpace}
	shortcutStepBatch = &desktop.CustomShortcut{KeyName: fyne.KeyRight}
	// shortcutTabs are Ctrl+1 … Ctrl+6: the tabs in order.
	shortcutTabs = []*desktop.CustomShortcut{
		{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key4, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key5, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key6, Modifier: fyne.KeyModifierShortcutDefault},
	}
)

func (u *ui) menu() *fyne.MainMenu {
	open := fyne.NewMenuItem(T("Open model…"), u.openModel)
	open.Shortcut = shortcutOpen
	save := fyne.NewMenuItem(T("Save model…"), u.saveModel)
	save.Shortcut = shortcutSave
	play := fyne.NewMenuItem(T("Train / Pause"), u.togglePlay)
	play.Shortcut = shortcutPlay
	stepB := fyne.NewMenuItem(T("Step one batch"), u.stepBatch)
	stepB.Shortcut = shortcutStepBatch
	stepE := fyne.NewMenuItem(T("Step one epoch"), u.stepEpoch)
	stepE.Shortcut = shortcutStepEpoch
	reset := fyne.NewMenuItem(T("Reset"), u.reset)
	reset.Shortcut = shortcutReset
	full := fyne.NewMenuItem(T("Full screen"), u.toggleFullScreen)
	// Fyne adds a Quit item without a shortcut; this one has Ctrl+Q and
	// closes the window, which stops training and everything else.
	quit := fyne.NewMenuItem(T("Quit"), u.win.Close)
	quit.IsQuit = true
	quit.Shortcut = shortcutQuit
	mm := fyne.NewMainMenu(
		fyne.NewMenu(T("File"), open, save, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(T("Open lesson…"), u.openLesson), fyne.NewMenuItem(T("Save lesson…"), u.saveLesson),
			fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu(T("Training"), play, stepB, stepE, fyne.NewMenuItemSeparator(), reset),
		fyne.NewMenu(T("View"), append(u.tabMenuItems(), fyne.NewMenuItemSeparator(),
			full, fyne.NewMenuItem(T("Presenter mode…"), u.presenter.show), u.languageMenu())...),
		fyne.NewMenu(T("Help"),
			fyne.NewMenuItem(T("Keyboard shortcuts"), u.showShortcuts),
			fyne.NewMenuItem(T("About Backprop Lab"), u.showAbout)),
	)
	for _, m := range mm.Items {
		padShortcutLabels(m)
		keyedActions(m, u.sess.bridge.fromKey)
	}
	return mm
}

// keyedActions makes the items of m that have a shortcut run their action
// through fromKey: Fyne runs a main-menu item's action itself when its
// keys are pressed, on the goroutine that delivered them.
func keyedActions(m *fyne.Menu, fromKey func(func())) {
	for _, it := range m.Items {
		if f := it.Action; f != nil && it.Shortcut != nil {
			it.Action = func() { fromKey(f) }
		}
	}
}

// shortcutGap ends the label of every menu item that shows a shortcut.
// Fyne (v2.8.1, widget/menu_item.go) sizes a menu to its widest item's
// minimum, which leaves only the theme's inner padding between that
// item's label and its right-aligned shortcut: "Step through backprop"
// and its grey "Ctrl+3" read as one word. Trailing spaces count in a
// text's minimum width but are not drawn, so they widen the menu and
// keep the gap at about two inner paddings in every language.
const shortcutGap = "    "

// padShortcutLabels adds shortcutGap to the labels of m's items that
// show a shortcut.
func padShortcutLabels(m *fyne.Menu) {
	for _, it := range m.Items {
		if it.Shortcut != nil && !strings.HasSuffix(it.Label, shortcutGap) {
			it.Label += shortcutGap
		}
	}
}

// addShortcuts binds the keys. Space, → and Shift+→ go through the canvas's
// typed-key handler, so that they do not fire while an entry has the focus.
// (Fyne makes no shortcut of a Shift-only combination, so Shift+→ is told
// apart from → by the modifiers held.)
func (u *ui) addShortcuts() {
	c := u.win.Canvas()
	if u.modifiers == nil {
		u.modifiers = func() fyne.KeyModifier { return 0 }
		if d, ok := u.app.Driver().(desktop.Driver); ok {
			u.modifiers = d.CurrentKeyModifiers
		}
	}
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		mods := u.modifiers() // held now, not when the handler runs
		u.sess.bridge.fromKey(func() { u.typedKey(k, mods) })
	})
	for sc, f := range map[fyne.Shortcut]func(){
		shortcutReset: u.reset,
		shortcutSave:  u.saveModel,
		shortcutOpen:  u.openModel,
		shortcutQuit:  u.win.Close,
	} {
		c.AddShortcut(sc, func(fyne.Shortcut) { u.sess.bridge.fromKey(f) })
	}
	for i, sc := range shortcutTabs {
		c.AddShortcut(sc, func(fyne.Shortcut) { u.sess.bridge.fromKey(func() { u.selectTab(i) }) })
	}
}

// typedKey handles a key typed in the window with the modifiers held.
func (u *ui) typedKey(k *fyne.KeyEvent, mods fyne.KeyModifier) {
	onStepper := u.stepper != nil && u.stepper.vis.shown()
	switch k.Name {
	case fyne.KeySpace:
		u.togglePlay()
	case fyne.KeyRight:
		switch {
		case mods&fyne.KeyModifierShift != 0:
			u.stepEpoch()
		case onStepper:
			u.stepper.forward()
		case u.onPlayground():
			u.play.stepr.forward()
		default:
			u.stepBatch()
		}
	case fyne.KeyLeft:
		if onStepper {
			u.stepper.setPhase(u.stepper.phase - 1)
		} else if u.onPlayground() {
			u.play.stepr.back()
		}
	case fyne.KeyF11:
		u.toggleFullScreen()
	case fyne.KeyEscape:
		if u.draw != nil && u.draw.vis.shown() {
			u.draw.pad.Clear()
		}
	}
}

// tabNames are the tabs' titles in order, for the View menu and Help.
func tabNames() []string {
	return []string{T("Training"), T("Inside the network"), T("Step through backprop"), T("Draw"), T("Lessons"), T("Playground")}
}

// selectTab shows tab i, if there is one.
func (u *ui) selectTab(i int) {
	if u.tabs != nil && i >= 0 && i < len(u.tabs.Items) {
		u.tabs.SelectIndex(i)
	}
}

// tabMenuItems are the View menu's items that switch tabs, with Ctrl+1 … 6.
func (u *ui) tabMenuItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for i, name := range tabNames() {
		it := fyne.NewMenuItem(name, func() { u.selectTab(i) })
		if i < len(shortcutTabs) {
			it.Shortcut = shortcutTabs[i]
		}
		items = append(items, it)
	}
	return items
}

func (u *ui) showShortcuts() {
	rows := [][2]string{
		{T("Space"), T("Train / Pause")},
		{"→", T("Step one batch")},
		{"Shift+→", T("Step one epoch")},
		{"← →", T("Step through backprop: previous / next phase; → after the last phase takes the next step")},
		{"Ctrl+R", T("Reset")},
		{"Ctrl+S", T("Save model…")},
		{"Ctrl+O", T("Open model…")},
		{"Ctrl+1 … Ctrl+6", T("Show the tabs in order: ") + strings.Join(tabNames(), ", ")},
		{"F11", T("Full screen")},
		{"Ctrl+Q", T("Quit")},
	}
	form := widget.NewForm()
	for _, r := range rows {
		form.Append(r[0], wrapLabel(r[1]))
	}
	showFitted(u.win, T("Keyboard shortcuts"), form, 640)
}

// showFitted shows content in a dialog with a Close button, at most width
// units wide (scaled with the theme) and never larger than the window: the
// content wraps and scrolls vertically inside.
func showFitted(win fyne.Window, title string, content fyne.CanvasObject, width float32) (refit func()) {
	d := dialog.NewCustom(title, T("Close"), newTextScroll(content), win)
	refit = func() {
		room := win.Canvas().Size()
		w := min(themeScaled(width), room.Width-2*theme.Padding()*4)
		// Wrapped text is as tall as the width it is laid out at.
		inner := w - 6*theme.Padding() - theme.ScrollBarSize()
		content.Resize(fyne.NewSize(inner, content.MinSize().Height))
		h := min(content.MinSize().Height+6*theme.TextSize()+8*theme.Padding(), room.Height-2*theme.Padding()*4)
		d.Resize(fyne.NewSize(w, h))
	}
	refit()
	d.Show()
	return refit
}

func (u *ui) showAbout() {
	dialog.ShowInformation(T("About Backprop Lab"),
		T("Backprop Lab trains the classic MNIST network live and shows everything: curves, weights, activations, gradients and the chain rule in real numbers."), u.win)
}

// saveModel asks for a file and saves the current network there atomically.
func (u *ui) saveModel() {
	r := u.sess.runner
	if r == nil {
		dialog.ShowInformation(T("Save model…"), T("There is no model yet: MNIST is not loaded."), u.win)
		return
	}
	u.saveFileAs("model.npz", ".npz", eventModelSaved, func(w io.Writer) error {
		m := r.Model()
		if m == nil {
			return errNothingToSave
		}
		return nn.WriteModel(w, m)
	})
}

// openModel asks for a model file and loads it into the runner.
func (u *ui) openModel() { u.openFile(".npz", eventModelLoaded, u.readModel) }

// readModel reads the MNIST model at path (any goroutine) and returns what
// puts it in the run, after asking.
func (u *ui) readModel(path string) (func(), error) {
	m, err := nn.LoadModelFor(path, nn.ModelWant{Inputs: 784, Outputs: 10})
	if errors.Is(err, nn.ErrModelShape) {
		return nil, errorf("this is not an MNIST model (784 inputs, 10 outputs)")
	}
	if err != nil {
		return nil, err
	}
	return func() { u.confirmReplace(T("Open model?"), func() { u.loadModel(m) }) }, nil
}

// confirmReplace runs replace, which puts another network in the run, after
// asking when the current run has trained: its weights, curves and timeline
// would be lost.
func (u *ui) confirmReplace(title string, replace func()) {
	s := u.sess.snapshot()
	if s == nil || s.Updates == 0 {
		replace()
		return
	}
	confirmDiscard(u.win, title,
		Tf("The current network has trained for %d updates (epoch %.2f). Opening replaces its weights, curves and timeline snapshots. Save it first (File → Save model…) to keep it.", s.Updates, s.EpochsDone()),
		T("Replace it"), replace)
}

// loadModel puts m into the runner and the controls.
func (u *ui) loadModel(m *nn.Model) {
	cfg := live.Config{Arch: m.Net.Arch, Settings: m.Settings}
	if cfg.Settings.Validate() != nil {
		cfg.Settings = u.sess.cfg.Settings
	}
	u.sess.cfg = cfg
	saveConfig(u.sess.prefs, cfg)
	u.controls.show(cfg)
	if u.sess.runner != nil {
		u.sess.runner.Load(m)
	}
}
