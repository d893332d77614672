package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"
)

// newSelect is widget.NewSelect with its placeholder in the app's language:
// Fyne's own follows the system's, not the language chosen in the app.
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = T("(Select one)")
	return s
}

// grouped formats n with its thousands separated by commas: 6,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
