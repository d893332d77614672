package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
)

// TestPickReleasesFocus picks a batch size from the select's menu, as a
// mouse user does, and checks that → then steps the training rather than
// moving the select to the next size; and that → on a select focused from
// the keyboard changes its value once and gives the focus back.
func TestPickReleasesFocus(t *testing.T) {
	u := newTestUI(t)
	c := u.win.Canvas()
	sel := u.controls.batch
	test.Tap(sel)
	if _, ok := c.Focused().(*widget.PopUpMenu); !ok {
		t.Fatalf("after a tap on the batch size, %T has the focus, want the menu", c.Focused())
	}
	want := "32"
	for _, o := range sel.Options {
		typeKey(c, fyne.KeyDown)
		if o == want {
			break
		}
	}
	typeKey(c, fyne.KeyReturn)
	if sel.Selected != want {
		t.Fatalf("picked %q, want %q", sel.Selected, want)
	}
	if f := c.Focused(); f != nil {
		t.Fatalf("after the pick %T keeps the focus", f)
	}
	if n := len(c.Overlays().List()); n != 0 {
		t.Fatalf("%d overlays open after the pick", n)
	}
	typeKey(c, fyne.KeyRight)
	waitFor(t, u, "→ steps a batch", func(s *live.Snapshot) bool { return s.Batch >= 1 })
	if sel.Selected != want {
		t.Errorf("→ moved the batch size to %q", sel.Selected)
	}

	c.Focus(sel) // as Tab does
	typeKey(c, fyne.KeyRight)
	if sel.Selected != "64" || c.Focused() != nil {
		t.Errorf("→ on the focused select: %q, focus %T; want 64 and no focus", sel.Selected, c.Focused())
	}
}
