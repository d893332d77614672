package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/assets"
)

// languageNames are the languages offered in View → Language, each named in
// itself, so they are not translated.
var languageNames = []struct{ code, name string }{
	{"en", "English"},
	{"zh-Hans", "简体中文"},
}

// languageMenu returns the View → Language item. Choosing a language
// stores it as the preference; it applies at the next start, because the
// widgets are built once in the language of the start.
func (u *ui) languageMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem(T("Language"), nil)
	var items []*fyne.MenuItem
	for _, l := range languageNames {
		it := fyne.NewMenuItem(l.name, nil)
		it.Checked = l.code == currentLanguage()
		it.Action = func() { u.chooseLanguage(l.code, l.name) }
		items = append(items, it)
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

// chooseLanguage stores code as the language preference and says that it
// applies after a restart, in the current and in the chosen language.
func (u *ui) chooseLanguage(code, name string) {
	u.app.Preferences().SetString(prefLanguage, code)
	u.sess.log.Info("language chosen", "language", code)
	if u.webRestart() {
		return
	}
	const key = "The language will change to %s when you restart Backprop Lab."
	msg := Tf(key, name)
	if code != currentLanguage() {
		other := key
		if m, err := assets.Catalogue(code); err == nil && m[key] != "" {
			other = m[key]
		}
		msg += "\n\n" + fmt.Sprintf(other, name)
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(T("Restart to apply"), T("OK"), text, u.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
}

// showFontProblem explains, once the window is up, why the app is in
// English although Chinese was asked for (problem, from useLanguage; ""
// for none).
func (u *ui) showFontProblem(problem string) {
	if problem == "" {
		return
	}
	u.log.Warn("no Chinese font", "detail", problem)
	text := widget.NewLabel(problem)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Chinese font missing", "OK", text, u.win) //i18n:english
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
