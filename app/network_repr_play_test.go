package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"backproplab/nn/live"
)

// reprPlayUI builds the window on the production bridge with nTest test
// images, trains until the timeline holds marks snapshots and shows the
// Representation sub-tab at 1280×800.
func reprPlayUI(t testing.TB, nTest, marks int) (*ui, *uiThread) {
	t.Helper()
	u, th := newBridgeUISized(t, 600, nTest)
	th.do(func() {
		u.win.Resize(fyne.NewSize(1280, 800))
		u.tabs.SelectIndex(1)
		u.network.tabs.SelectIndex(netTabRepresentation)
	})
	r := runnerOf(u)
	r.SetTimeline(1, 1<<30) // a snapshot after every batch
	r.SetDelay(time.Millisecond)
	r.Play()
	waitFor(t, u, "the snapshots", func(*live.Snapshot) bool { return len(r.Timeline().Marks) >= marks })
	r.Pause()
	waitFor(t, u, "paused", func(s *live.Snapshot) bool { return s.State == live.Paused })
	th.until(t, "the map", func() bool { return u.network.repr.shown.Load() != nil })
	return u, th
}

// playOnce plays the snapshots from the first to the last and returns the
// player once it has stopped.
func playOnce(t testing.TB, u *ui, th *uiThread) *reprPlayer {
	t.Helper()
	p := u.network.repr
	var pl *reprPlayer
	th.do(func() {
		p.pos.Store(-1) // the last is shown: play from the start
		p.togglePlay()
		pl = p.player.Load()
	})
	if pl == nil {
		t.Fatal("Play did not start the player")
	}
	th.until(t, "the end of the animation", func() bool { return p.player.Load() == nil })
	return pl
}

// TestReprPlayShowsEverySnapshot plays the timeline on the production
// bridge and checks that every snapshot is shown once, in order, ending on
// the last, and that the bridge slows down again afterwards.
func TestReprPlayShowsEverySnapshot(t *testing.T) {
	u, th := reprPlayUI(t, 200, 6)
	n := len(runnerOf(u).Timeline().Marks)
	pl := playOnce(t, u, th)
	th.do(func() {
		p := u.network.repr
		if pl.shown != n || p.index(n) != n-1 || p.playing.Load() {
			t.Errorf("shown %d frames of %d, ending on mark %d (playing %v); want all, ending on the last", pl.shown, n, p.index(n), p.playing.Load())
		}
		if h := u.sess.bridge.hurry.Load(); h != 0 {
			t.Errorf("bridge hurry = %d after the animation, want 0", h)
		}
		if !strings.Contains(p.played, "frames/s") {
			t.Errorf("no frame rate after the animation: %q", p.played)
		}
		if p.play.Text != T("Play") {
			t.Errorf("button %q after the animation", p.play.Text)
		}
	})
}

// BenchmarkReprPlay plays 20 snapshots of 2,000 test images' maps in the
// 1280×800 window on the production bridge and reports the frames shown
// per second (the issue asks for at least 10).
func BenchmarkReprPlay(b *testing.B) {
	u, th := reprPlayUI(b, reprSampleSize, 20)
	tl := runnerOf(u).Timeline()
	if len(tl.Marks) > 20 {
		b.Logf("%d snapshots", len(tl.Marks))
	}
	var frames, sec float64
	for b.Loop() {
		pl := playOnce(b, u, th)
		th.do(func() {
			frames += float64(pl.shown - 1)
			sec += pl.last.Sub(pl.t0).Seconds()
		})
	}
	b.ReportMetric(frames/sec, "frames/s")
}
