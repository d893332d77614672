package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestMenuShortcutGap lays out every menu of the main menu as Fyne's
// in-window menu bar shows it, at its minimum width (the width of its
// widest item), and checks that each item's label ends well before its
// shortcut starts: with only Fyne's inner padding between them, "Step
// through backprop" and "Ctrl+3" read as one word.
func TestMenuShortcutGap(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			for _, m := range u.menu().Items {
				w := widget.NewMenu(m)
				win := test.NewWindow(w)
				win.SetPadded(false)
				win.Resize(w.MinSize())
				w.Resize(w.MinSize())
				for _, row := range menuRows(w) {
					label, keys := row[0], row[1:]
					if len(keys) == 0 {
						continue
					}
					end := label.pos.X + fyne.MeasureText(strings.TrimRight(label.t.Text, " "), label.t.TextSize, label.t.TextStyle).Width
					gap := keys[0].pos.X - end
					if want := 2 * theme.InnerPadding(); gap < want {
						t.Errorf("%s → %q: %.1f between the label and its shortcut %q, want at least %.0f", m.Label, label.t.Text, gap, keys[0].t.Text, want)
					}
				}
				win.Close()
			}
		})
	}
}

// placedText is a text and its position in the menu.
type placedText struct {
	t   *canvas.Text
	pos fyne.Position
}

// menuRows returns the texts of menu m's items, row by row, left to right:
// the label first, then the shortcut's parts.
func menuRows(m *widget.Menu) [][]placedText {
	var rows [][]placedText
	var walk func(o fyne.CanvasObject, at fyne.Position, top bool)
	walk = func(o fyne.CanvasObject, at fyne.Position, top bool) {
		if !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
			rows[len(rows)-1] = append(rows[len(rows)-1], placedText{txt, at})
			return
		}
		kids := children(o)
		if _, item := o.(fyne.Widget); item && !top && len(kids) > 0 && isMenuItem(o) {
			rows = append(rows, nil)
		}
		for _, c := range kids {
			walk(c, at, false)
		}
	}
	walk(m, fyne.Position{}, true)
	return rows
}

// isMenuItem reports whether o is one of Fyne's (unexported) menu items.
func isMenuItem(o fyne.CanvasObject) bool {
	return strings.HasSuffix(describe(o), "widget.menuItem")
}
