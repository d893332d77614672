package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestLayoutFitsMonitor starts the window at its 1280×800 units on a
// screen of half that many units, as FYNE_SCALE=2 on a 1280×800 projector
// gives: the window shrinks to the screen, the side panel folds away and
// the content's minimum size (with the menu bar) fits, in both languages;
// the Training tab scrolls rather than push the window past the screen.
func TestLayoutFitsMonitor(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.win.Resize(fyne.NewSize(1280, 800))
			u.presenter.fitMonitor(640, 400) // pixels at the test canvas' scale 1
			room := fyne.NewSize(640, 400)
			if got := u.win.Canvas().Size(); got.Width > room.Width || got.Height > room.Height {
				t.Errorf("the window is %v on a %v screen", got, room)
			}
			if u.controls.content.Visible() {
				t.Error("the side panel still shows on a 640-unit screen")
			}
			for i := range u.tabs.Items {
				u.tabs.SelectIndex(i)
				layoutTwice(u)
				if m := u.win.Content().MinSize(); m.Width > room.Width || m.Height+menuHeight() > room.Height {
					t.Errorf("tab %d: the window's minimum %v (+ menu bar) does not fit %v", i, m, room)
				}
			}
			// A larger screen leaves the window as it is.
			u.win.Resize(fyne.NewSize(1280, 800))
			u.presenter.fitMonitor(1920, 1080)
			if got := u.win.Canvas().Size(); got != fyne.NewSize(1280, 800) {
				t.Errorf("on a 1920×1080 screen the window became %v", got)
			}
		})
	}
}
