package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

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

// TestPlaygroundFoldButtonShows checks the fold button where the settings
// column is folded for want of room (presenter 2× on 1024×768, in both
// languages): it shows the settings across the row instead of the network,
// nothing clipped, and their Back button brings the network back.
func TestPlaygroundFoldButtonShows(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(len(u.tabs.Items) - 1)
			p := u.play
			network := p.content.(*fyne.Container).Objects[1] // the diagram and the output, the fold button on top
			showAtTarget(u, layoutTarget{1024, 768, 2})
			layoutTwice(u)
			if p.column.Visible() || !network.Visible() {
				t.Fatalf("presenter 2×: settings shown %v, network shown %v; want the settings folded", p.column.Visible(), network.Visible())
			}
			test.Tap(p.fold)
			layoutTwice(u)
			if !p.column.Visible() || !p.back.Visible() || network.Visible() {
				t.Errorf("after the fold button: settings shown %v, Back shown %v, network shown %v", p.column.Visible(), p.back.Visible(), network.Visible())
			}
			for _, prob := range clipProblems(u.win.Content(), "Playground") {
				t.Error(prob)
			}
			test.Tap(p.back)
			layoutTwice(u)
			if p.column.Visible() || !network.Visible() {
				t.Errorf("after Back: settings shown %v, network shown %v", p.column.Visible(), network.Visible())
			}
			u.presenter.setScale(1)
		})
	}
}

// TestPlaygroundLossChartInView shows the Playground at 1280×800 with its
// readouts filled in by the production render (which adds lines to them
// after the first layout) and checks that the loss chart is whole on
// screen under the output map, not below the fold of its scroll.
func TestPlaygroundLossChartInView(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(len(u.tabs.Items) - 1)
			p := u.play
			showAtTarget(u, layoutTarget{1280, 800 - menuHeight(), 1}) // the real window's menu bar takes its height
			p.loss.SetText("")                                         // as at the first layout, before the run's first frame
			layoutTwice(u)
			for range 3 {
				u.sess.bridge.Poke()
				u.sess.bridge.tick(true)
				u.sess.bridge.Settle()
			}
			if !strings.Contains(p.loss.Text, "\n") {
				t.Fatalf("readouts %q, want several lines", p.loss.Text)
			}
			// The readouts' scroll row holds them and the chart whole: the
			// output column was laid out again when their lines came.
			scroll := p.outCol.Objects[2].(*container.Scroll)
			if h, want := scroll.Size().Height, scroll.Content.MinSize().Height; h < want-0.5 {
				t.Errorf("the readouts and the loss chart need %.0f, their row is %.0f high: the chart is below the fold", want, h)
			}
			d := fyne.CurrentApp().Driver()
			bottom := d.AbsolutePositionForObject(p.lossView).Y + p.lossView.Size().Height
			if end := d.AbsolutePositionForObject(scroll).Y + scroll.Size().Height; bottom > end+0.5 {
				t.Errorf("the loss chart ends at %.0f, below its scroll's end at %.0f", bottom, end)
			}
		})
	}
}
