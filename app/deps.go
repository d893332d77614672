package app

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"backproplab/viz"
)

// deps is what a screen is built from: the session (the data, the runner
// and the configuration the controls show), its bridge, the log, the
// preferences, and the window as the parent of dialogs and pop-ups. It
// gives no way to another screen: when one screen leads to another, the
// window (newUI) passes it an explicit callback. Screens embed it.
type deps struct {
	sess     *session
	bridge   *bridge          // the only way from other goroutines to the widgets
	log      *slog.Logger     // the -v event log; messages and keys in English
	prefs    fyne.Preferences // the app's stored preferences
	win      fyne.Window      // parent of dialogs, pop-up menus and shortcuts
	settings fyne.Settings    // the theme variant
}

// newDeps returns the dependencies of the screens of window win.
func newDeps(sess *session, win fyne.Window, settings fyne.Settings) *deps {
	return &deps{sess: sess, bridge: sess.bridge, log: sess.log, prefs: sess.prefs, win: win, settings: settings}
}

// dark reports whether the app shows its dark theme variant.
func (d *deps) dark() bool {
	return d.settings.ThemeVariant() == theme.VariantDark
}

// chartTheme picks the chart theme that matches the app's theme variant.
func (d *deps) chartTheme() viz.Theme {
	if d.dark() {
		return viz.Dark()
	}
	return viz.Light()
}
