package app

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
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
	img := u.win.Canvas().Capture()
	if *update {
		writeCandidate(t, "training_screen.png", img)
	}
	test.AssertImageMatches(t, "training_screen.png", img)
}

// writeCandidate writes img beside the golden testdata/name as
// name_candidate.png (ignored by git), for a person to review and rename
// over the golden to accept it. Goldens are never overwritten by tests.
func writeCandidate(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", strings.TrimSuffix(name, ".png")+"_candidate.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s written for review", path)
}
