package app

import "testing"

// TestPlaygroundLayoutFits shows the Playground at every target screen and
// presenter scale, in English and Chinese, and checks that nothing in the
// window is clipped: in a short window the diagram and the output map
// shrink and the controls and readouts above and below them scroll.
func TestPlaygroundLayoutFits(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(len(u.tabs.Items) - 1)
			for _, tg := range layoutTargets {
				t.Run(tg.String(), func(t *testing.T) {
					showAtTarget(u, tg)
					layoutTwice(u)
					for _, prob := range clipProblems(u.win.Content(), "Playground") {
						t.Errorf("%s", prob)
					}
					if min := u.win.Content().MinSize(); min.Width > tg.w || min.Height+menuHeight() > tg.h {
						t.Errorf("window minimum %.0f×%.0f (+ menu bar) does not fit the screen %.0f×%.0f", min.Width, min.Height, tg.w, tg.h)
					}
				})
			}
			u.presenter.setScale(1)
		})
	}
}
