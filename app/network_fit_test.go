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

// TestWeightsToolsInView shows Inside the network → Weights in the real
// window at every target size and at FYNE_SCALE=2 on a 1280×800 screen
// (640×400 units), in both languages, and checks that its tools, the
// Export button last, wrap inside the window rather than run past its
// right edge because a wider sub-tab widened them all.
func TestWeightsToolsInView(t *testing.T) {
	targets := append([]layoutTarget{{640, 400, 1}}, layoutTargets...) // FYNE_SCALE=2 on 1280×800 first
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(1) // Inside the network
			u.network.tabs.SelectIndex(0)
			export := findButton(u.network.weights.content, T("Export"))
			if export == nil {
				t.Fatal("no Export button on the Weights tab")
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
					t.Errorf("%v: Export ends at %.0f, past the window's right edge at %.0f", tg, right, w)
				}
				for _, prob := range clipProblems(u.network.weights.content, "weights") {
					t.Errorf("%v: %s", tg, prob)
				}
			}
		})
	}
}
