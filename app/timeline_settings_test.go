package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
)

func TestTimelinePrefs(t *testing.T) {
	def, defBudget := live.DefaultTimelineEvery, live.DefaultTimelineBudget
	tests := []struct {
		name              string
		every, mb         int // stored; 0 = not stored
		wantEvery, wantMB int
	}{
		{"nothing stored", 0, 0, def, defBudget >> 20},
		{"both stored", 50, 64, 50, 64},
		{"epoch ends only", epochEndsOnly, 16, epochEndsOnly, 16},
		{"unknown spacing", 7, 128, def, 128},
		{"unknown budget", 500, 3, 500, defBudget >> 20},
		{"negative values", -1, -5, def, defBudget >> 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := test.NewTempApp(t).Preferences()
			if tc.every != 0 {
				p.SetInt(prefTimelineEvery, tc.every)
			}
			if tc.mb != 0 {
				p.SetInt(prefTimelineBudget, tc.mb)
			}
			every, budget := timelinePrefs(p)
			if every != tc.wantEvery || budget != tc.wantMB<<20 {
				t.Errorf("timelinePrefs = %d, %d MB; want %d, %d MB", every, budget>>20, tc.wantEvery, tc.wantMB)
			}
		})
	}
}

// TestTimelineSettingsDialog picks a spacing and a budget in the dialog and
// checks that Apply reaches the runner and the preferences.
func TestTimelineSettingsDialog(t *testing.T) {
	u := newTestUI(t)
	u.timeline.showSettings()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var sels []*widget.Select
	var apply *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Select:
			sels = append(sels, w)
		case *widget.Button:
			if w.Text == "Apply" {
				apply = w
			}
		}
	}
	if len(sels) != 2 || apply == nil {
		t.Fatalf("dialog has %d selects and Apply %v; want 2 and a button", len(sels), apply != nil)
	}
	sels[0].SetSelected(everyLabel(50))
	sels[1].SetSelected(budgetLabel(64))
	test.Tap(apply)

	r := runnerOf(u)
	r.Do(func(*nn.Trainer) {}) // the worker has applied the settings sent before
	if tl := r.Timeline(); tl.Every != 50 || tl.Budget != 64<<20 {
		t.Fatalf("runner timeline: every %d, budget %d MB; want 50, 64 MB", tl.Every, tl.Budget>>20)
	}
	if every, budget := timelinePrefs(u.sess.prefs); every != 50 || budget != 64<<20 {
		t.Errorf("saved: every %d, budget %d MB; want 50, 64 MB", every, budget>>20)
	}
}
