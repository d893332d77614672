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

// TestPlaygroundLossChartInView shows the Playground at 1280×800 and
// 1024×768 (the real window's menu bar takes its height), in English and
// Chinese, with its readouts filled in by the production render (which
// adds lines to them after the first layout), and checks that the loss
// chart is whole on screen at its minimum height at least: inside the
// window and inside the viewport of every scroll that holds it, not below
// the fold.
func TestPlaygroundLossChartInView(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(len(u.tabs.Items) - 1)
			p := u.play
			for _, tg := range []layoutTarget{{1280, 800, 1}, {1024, 768, 1}} {
				showAtTarget(u, layoutTarget{tg.w, tg.h - menuHeight(), 1})
				p.loss.SetText("") // as at the first layout, before the run's first frame
				layoutTwice(u)
				for range 3 {
					u.sess.bridge.Poke()
					u.sess.bridge.tick(true)
					u.sess.bridge.Settle()
				}
				layoutTwice(u)
				if !strings.Contains(p.loss.Text, "\n") {
					t.Fatalf("readouts %q, want several lines", p.loss.Text)
				}
				d := fyne.CurrentApp().Driver()
				top := d.AbsolutePositionForObject(p.lossView)
				size := p.lossView.Size()
				if min := p.lossView.MinSize().Height; size.Height < min-0.5 {
					t.Errorf("%v: the loss chart is %.0f high, under its minimum %.0f", tg, size.Height, min)
				}
				if win := u.win.Canvas().Size(); top.Y+size.Height > win.Height+0.5 {
					t.Errorf("%v: the loss chart ends at %.0f, below the window's %.0f", tg, top.Y+size.Height, win.Height)
				}
				for _, sc := range scrollsHolding(u.win.Content(), p.lossView) {
					at := d.AbsolutePositionForObject(sc)
					if end := at.Y + sc.Size().Height; top.Y+size.Height > end+0.5 || top.Y < at.Y-0.5 {
						t.Errorf("%v: the loss chart spans %.0f to %.0f, out of its scroll's view (%.0f to %.0f): below the fold",
							tg, top.Y, top.Y+size.Height, at.Y, end)
					}
				}
			}
		})
	}
}

// scrollsHolding returns the visible scroll containers on the way from
// root down to o.
func scrollsHolding(root, o fyne.CanvasObject) []*container.Scroll {
	var path []*container.Scroll
	var walk func(c fyne.CanvasObject) bool
	walk = func(c fyne.CanvasObject) bool {
		if c == o {
			return true
		}
		if c == nil || !c.Visible() {
			return false
		}
		kids := children(c)
		if sc, ok := c.(*container.Scroll); ok {
			kids = []fyne.CanvasObject{sc.Content}
		}
		for _, k := range kids {
			if walk(k) {
				if sc, ok := c.(*container.Scroll); ok {
					path = append(path, sc)
				}
				return true
			}
		}
		return false
	}
	walk(root)
	return path
}
