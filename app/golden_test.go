package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
)

// TestTrainingScreenGolden renders the training screen in a fixed state:
// one epoch of the fixture, with the time-dependent figures pinned.
func TestTrainingScreenGolden(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1200, 760)) // a real resize lays out the charts shown after loading
	u.win.Resize(fyne.NewSize(1280, 800))
	runnerOf(u).StepEpoch()
	s := waitFor(t, u, "one epoch", func(s *live.Snapshot) bool { return s.Epoch == 1 && s.State == live.Paused })
	fixed := *s
	fixed.SamplesPerSec, fixed.Elapsed = 123456, 2500*time.Millisecond
	u.render(&fixed, true)()
	u.curves.render(&fixed, true)()
	u.win.Content().Refresh()
	test.AssertRendersToImage(t, "training_screen.png", u.win.Canvas())
}
