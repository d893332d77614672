package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// releaseAfterPick makes each select give the keyboard focus back to the
// window once its value changes. Fyne keeps a select focused after a pick
// from its menu, and a focused select takes Space and the arrow keys: a
// teacher who picked a batch size with the mouse and then pressed Space or
// → changed the batch size instead of starting or stepping the training.
// A keyboard user still reaches a select with Tab and picks with ↓ and
// Enter; after the pick the keys drive the training again.
func releaseAfterPick(sels ...*widget.Select) {
	for _, s := range sels {
		changed := s.OnChanged
		s.OnChanged = func(v string) {
			if changed != nil {
				changed(v)
			}
			// The menu is closed by now (a menu item dismisses its menu
			// before it acts), and the focus is back on the select.
			if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil && c.Focused() == s {
				c.Unfocus()
			}
		}
	}
}
