package app

import "fyne.io/fyne/v2/widget"

// newSelect is widget.NewSelect with its placeholder in the app's language:
// Fyne's own follows the system's, not the language chosen in the app.
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = T("(Select one)")
	return s
}
