package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Indexes of the window's tabs that the tool lessons open (app.go).
const (
	tabNetwork = 1
	tabStepper = 2
)

// toolLesson is a lesson about one of the tools that check and poke
// backprop rather than a comparison of runs: it opens the tool at the
// right place and says what to look for.
type toolLesson struct {
	title, hint string
	open        func()
}

// toolNav opens the tools the tool lessons are about, on other tabs; the
// window (newUI) wires it.
type toolNav struct {
	gradientCheck func() // the stepper on one mini-batch step, its check shown
	nudge         func() // the nudge dialog on the stepper's followed weight
	ablation      func() // the network screen's "Switch units off"
	// more are further lessons listed after these: the lessons on the
	// class's own data (owndata_lessons.go).
	more []toolLesson
}

// toolLessons returns the tool lessons, translated, opening their tools
// through nav, then nav.more.
func toolLessons(nav toolNav) []toolLesson {
	return append(builtinToolLessons(nav), nav.more...)
}

// builtinToolLessons returns the lessons on the backprop tools.
func builtinToolLessons(nav toolNav) []toolLesson {
	return []toolLesson{
		{
			title: T("Is the gradient right?"),
			hint:  T("Opens the stepper on one mini-batch step. Under “Selected weight”, the chain rule's numbers stand beside central finite differences of the forward pass: their relative error should be 1e-3 or smaller. Click other weights (the output layer too), then press “Check all” for a sample of every layer."),
			open:  nav.gradientCheck,
		},
		{
			title: T("Linear near, not far"),
			hint:  T("Opens the nudge on the stepper's followed weight. Move Δ: near 0 the chain rule's prediction g·Δ and the change a second forward pass measures agree; further out they part, because the loss curves and ReLU units switch. Widen the range to ±5 to see it break. Apply puts Δ into the network; the timeline undoes it."),
			open:  nav.nudge,
		},
		{
			title: T("How many units does a 7 need?"),
			hint:  T("Opens “Switch units off”. Train for an epoch first. Click the tiles that look like parts of a 7 (a bar at the top, a slanted stroke) and watch the 7's row of the table; then switch off as many other units and compare. One click switches them all back on; the network in training is never changed."),
			open:  nav.ablation,
		},
	}
}

// newToolLessons builds the Lessons tab's section that opens the tool
// lessons.
func newToolLessons(nav toolNav) fyne.CanvasObject {
	ls := toolLessons(nav)
	titles := make([]string, len(ls))
	for i, l := range ls {
		titles[i] = l.title
	}
	hint := widget.NewLabel("")
	hint.Wrapping = fyne.TextWrapWord
	open := widget.NewButtonWithIcon(T("Open"), theme.NavigateNextIcon(), nil)
	open.Disable()
	sel := newSelect(titles, nil)
	sel.PlaceHolder = T("Choose a lesson…")
	sel.OnChanged = func(string) {
		if i := sel.SelectedIndex(); i >= 0 {
			hint.SetText(ls[i].hint)
			open.Enable()
		}
	}
	open.OnTapped = func() {
		if i := sel.SelectedIndex(); i >= 0 {
			ls[i].open()
		}
	}
	return container.NewVBox(widget.NewLabel(T("Lessons with the backprop tools:")),
		container.NewBorder(nil, nil, nil, open, sel), hint)
}
