package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// TestNetworkSubTabsFit checks that the Inside-the-network screen asks
// for no more height than a 1280×800 window leaves it (menu, tabs and
// timeline take about 120 units), so that no sub-tab scrolls because
// another one is tall, and that no sub-tab's content is wider than a
// 1280-pixel window leaves it.
func TestNetworkSubTabsFit(t *testing.T) {
	_, n, _ := newTestNetwork(t)
	const room = 800 - 140
	if h := n.tabs.MinSize().Height; h > room {
		for _, it := range n.tabs.Items {
			t.Logf("%s: %v", it.Text, it.Content.MinSize())
		}
		t.Errorf("the sub-tabs ask for %.0f units of height; 1280×800 leaves about %d", h, room)
	}
	for _, it := range n.tabs.Items {
		if w := it.Content.(*container.Scroll).Content.MinSize().Width; w > 1280-350 {
			t.Errorf("%s asks for %.0f units of width", it.Text, w)
		}
	}
}

// TestToolsInView shows the sub-tabs with an Export button (Weights,
// Representation) at every layout target, FYNE_SCALE=2 on 1280×800 (640×400
// units) first, in both languages: the toolbar wraps, so Export stays inside
// the window and nothing is clipped.
func TestToolsInView(t *testing.T) {
	targets := append([]layoutTarget{{640, 400, 1}}, layoutTargets...) // FYNE_SCALE=2 on 1280×800 first
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(1) // Inside the network
			for _, tab := range []struct {
				name    string
				index   int
				content fyne.CanvasObject
			}{{"weights", 0, u.network.weights.content}, {"representation", 4, u.network.repr.content}} {
				u.network.tabs.SelectIndex(tab.index)
				export := findButton(tab.content, T("Export"))
				if export == nil {
					t.Fatalf("no Export button on the %s tab", tab.name)
				}
				for _, tg := range targets {
					showAtTarget(u, tg)
					u.sess.bridge.Poke()
					u.sess.bridge.tick(true)
					u.sess.bridge.Settle()
					layoutTwice(u)
					d := fyne.CurrentApp().Driver()
					right := d.AbsolutePositionForObject(export).X + export.Size().Width
					if w := u.win.Canvas().Size().Width; right > w {
						t.Errorf("%s, %v: Export ends at %.0f, past the window's right edge at %.0f", tab.name, tg, right, w)
					}
					for _, prob := range clipProblems(tab.content, tab.name) {
						t.Errorf("%v: %s", tg, prob)
					}
				}
			}
		})
	}
}
