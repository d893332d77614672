//go:build js

package app

import "context"

// fromKey runs f, a key handler, on the UI goroutine. Fyne's browser driver
// delivers key events on a goroutine of their own (its mouse events it
// moves to the UI goroutine), and a widget changed from there waits for the
// UI goroutine and, in Chromium, never went on: after Ctrl+1…6 the tab's
// content changed but AppTabs.SelectIndex did not return, so the tab's
// OnSelected never ran and the Lessons tab, never marked shown, drew none
// of a running lesson's charts or rows. Every key handler of the app's own
// goes through here: the canvas's typed keys and shortcuts, the main
// menu's items that have keys (keyedActions), the pad's Esc and Ctrl+Z.
func (b *bridge) fromKey(f func()) {
	b.Go(func(context.Context) func() { return f })
}
