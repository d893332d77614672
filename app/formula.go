package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Layout rules every screen follows so that it fits 1280×800 and 1024×768
// at 1×, and a projector in presenter mode (see presenter.go), without
// clipping (app/layout_test.go checks them on the whole window):
//
//   - Text that can be long wraps: formula lines wrap at the spaces around
//     their operators (newFormulaLabel), prose wraps at words.
//   - A panel of text scrolls vertically only (newTextScroll): sideways
//     scrolling hides the start or the end of every line.
//   - A fixed width is a minimum, never more than a narrow screen allows.

// formulaStyle is the text style of formula lines: monospaced, so that
// vectors line up, except in Chinese, where the monospaced font has no
// Chinese glyphs and Fyne's fallback font shifts the baseline so that the
// descenders of g, p, y and _ are cut off.
func formulaStyle() fyne.TextStyle {
	return fyne.TextStyle{Monospace: !needsCJK(currentLanguage())}
}

// newFormulaLabel returns a label for formula lines that wraps at the
// spaces around operators instead of running off the right edge.
func newFormulaLabel() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, formulaStyle())
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newTextScroll scrolls content vertically only, so that its wrapping
// labels take the viewport's width.
func newTextScroll(content fyne.CanvasObject) *container.Scroll {
	return container.NewVScroll(content)
}

// confirmDiscard asks before an action that discards training: what says
// what will be lost, action names the button that does it.
func confirmDiscard(win fyne.Window, title, what, action string, do func()) {
	msg := widget.NewLabel(what)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, action, T("Cancel"), msg, func(ok bool) {
		if ok {
			do()
		}
	}, win)
	d.Resize(fyne.NewSize(min(480, win.Canvas().Size().Width-40), 0))
	d.Show()
}

// wrapLabel returns a label whose text wraps at words.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
