package app

import (
	"strings"
	"testing"

	"backproplab/nn/live"
)

// TestReprStatusFits shows the representation view of a trained run in the
// real window at 1280×800 and 1024×768, in English and Chinese, with the
// maps computed, and checks that nothing is cut off: the status lines with
// the scores included.
func TestReprStatusFits(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			runnerOf(u).StepEpoch()
			waitFor(t, u, "one epoch", func(s *live.Snapshot) bool { return len(s.Epochs) == 1 && s.State == live.Paused })
			u.tabs.SelectIndex(1) // Inside the network
			u.network.tabs.SelectIndex(netTabRepresentation)
			for _, tg := range layoutTargets[:2] {
				t.Run(tg.String(), func(t *testing.T) {
					showAtTarget(u, tg)
					for range 3 { // render, map the snapshots, show the maps
						u.sess.bridge.Poke()
						u.sess.bridge.tick(true)
						u.sess.bridge.Settle()
					}
					layoutTwice(u)
					p := u.network.repr
					if !strings.Contains(p.scoreLn.Text, "%") {
						t.Fatalf("no scores shown: %q / %q", p.status.Text, p.scoreLn.Text)
					}
					for _, prob := range clipProblems(u.win.Content(), "representation") {
						t.Error(prob)
					}
					// The longest lines the view shows, with a full sample and a long run.
					for _, lines := range [][2]string{
						{Tf("Snapshot %d of %d (epoch %.2f), %d images: accuracy %.1f %%.", 117, 117, 100.0, 2000, 100.0) + " " + T("Mapping the other snapshots…"),
							Tf("Separation (nearest class mean): %.1f %% on the map, %.1f %% in all the layer's values.", 100.0, 100.0)},
						{Tf("Snapshot %d of %d (epoch %.2f), %d points: accuracy %.1f %%.", 117, 117, 100.0, 2000, 100.0),
							Tf("t-SNE of snapshot %d of %d: step %d of %d…", 117, 117, 750, 750)},
						{Tf("Snapshot %d of %d (epoch %.2f): computing its map…", 117, 117, 100.0),
							Tf("Played %d snapshots at %.1f frames/s.", 117, 15.0)},
					} {
						p.status.SetText(lines[0])
						p.scoreLn.SetText(lines[1])
						for _, prob := range clipProblems(u.win.Content(), "representation") {
							t.Error(prob)
						}
					}
				})
			}
		})
	}
}
