package app

import (
	"testing"
)

// TestNetworkSubTabsFit checks that the Inside-the-network screen asks
// for no more height than a 1280×800 window leaves it (menu, tabs and
// timeline take about 120 units), so that no sub-tab scrolls because
// another one is tall.
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
		if w := it.Content.MinSize().Width; w > 1280-350 {
			t.Errorf("%s asks for %.0f units of width", it.Text, w)
		}
	}
}
