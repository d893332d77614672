package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
)

// TestPlaygroundTimeline checks that the bar under the tabs drives the
// Playground's run on its tab: scrubbing rewinds that run (not the main
// one), the loss chart marks the position, Resume forks from there, and
// leaving the tab gives the bar back to the main run.
func TestPlaygroundTimeline(t *testing.T) {
	u := newTestUI(t)
	main := runnerOf(u)
	p, r := showPlayground(t, u)
	bar := u.timeline
	for e := 1; e <= 3; e++ {
		r.StepEpoch()
		waitRun(t, r, "an epoch", func(s *live.Snapshot) bool { return s.Epoch == e && s.State == live.Paused })
	}
	u.sess.bridge.tick(true)
	if bar.src != r {
		t.Fatal("on the Playground the timeline bar does not follow the Playground's run")
	}
	marks := r.Timeline().Marks
	if len(bar.marks) != len(marks) || len(marks) < 4 {
		t.Fatalf("bar has %d marks, the run %d (want the start and 3 epoch ends)", len(bar.marks), len(marks))
	}
	if p.lossView.img.Image == nil || p.lastChart.Load() == nil {
		t.Fatal("no loss chart drawn")
	}
	if c := p.lastChart.Load(); c.Series[0].Name != T("training set") || len(c.Series[0].X) < 4 || c.Series[0].X[len(c.Series[0].X)-1] != 3 {
		t.Errorf("loss chart's first series %q at epochs %v, want the training set's from 0 to 3", c.Series[0].Name, c.Series[0].X)
	}
	mainSteps := len(main.Snapshot().Batches)

	// Scrub back to the end of epoch 1 and let the seek finish.
	i := slices.IndexFunc(marks, func(m live.Mark) bool { return m.EpochEnd && m.Epochs == 1 })
	if i < 0 {
		t.Fatalf("no mark at epoch 1 in %+v", marks)
	}
	bar.slider.SetValue(float64(i))
	bar.slider.OnChangeEnded(float64(i))
	u.sess.bridge.Settle()
	if s := r.Snapshot(); s.Epoch != 1 || r.Timeline().Pos != i {
		t.Fatalf("after the seek: epoch %d, timeline at %d; want 1, %d", s.Epoch, r.Timeline().Pos, i)
	}
	if got := len(main.Snapshot().Batches); got != mainSteps || main.Timeline().Pos >= 0 {
		t.Errorf("the seek moved the main run: %d steps (had %d), timeline at %d", got, mainSteps, main.Timeline().Pos)
	}
	u.sess.bridge.tick(true)
	if c := p.lastChart.Load(); c.Marker == nil || *c.Marker != 1 {
		t.Errorf("loss chart marker %v, want epoch 1", c.Marker)
	}
	if bar.resume.Disabled() || !strings.Contains(bar.label.Text, "snapshot") {
		t.Errorf("rewound: Resume disabled %v, bar label %q", bar.resume.Disabled(), bar.label.Text)
	}

	// Resume: the later marks go (after a confirmation) and training forks.
	r.SetDelay(time.Hour) // at most one step after resuming
	test.Tap(bar.resume)
	answerDialog(t, u, T("Erase them and resume"))
	waitRun(t, r, "resumed", func(*live.Snapshot) bool { return r.Timeline().Pos < 0 })
	r.Pause()
	if tl := r.Timeline(); len(tl.Marks) > i+2 {
		t.Errorf("after resuming from mark %d: %d marks, want at most %d (the later ones dropped)", i, len(tl.Marks), i+2)
	}

	// Back on another tab the bar drives the main run again.
	u.tabs.SelectIndex(0)
	u.sess.bridge.tick(true)
	if bar.src != main {
		t.Error("off the Playground the timeline bar does not follow the main run")
	}
}
