package app

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
	"backproplab/viz"
)

// newTestDeps returns the dependencies of a screen with no window around
// it: a session on fixture data (loaded, in manual bridge mode) and a test
// window as the parent of dialogs.
func newTestDeps(t *testing.T) *deps {
	t.Helper()
	a := test.NewTempApp(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sess := newSession(context.Background(), log, a.Preferences(), writeFixture(t, 600, 200), nil, true)
	t.Cleanup(sess.close)
	sess.start()
	sess.bridge.Settle() // the load job and its result
	if sess.runner == nil {
		t.Fatalf("data did not load: %v", sess.dataErr)
	}
	return newDeps(sess, test.NewTempWindow(t, nil), a.Settings())
}

// TestScreensFromDeps builds each screen from its deps and callbacks
// alone, without the window (*ui) that wires them, shows it, and checks
// that the bridge renders it: a screen needs no other screen to work.
func TestScreensFromDeps(t *testing.T) {
	tests := []struct {
		name   string
		poller bool // renders only when something changed
		build  func(d *deps) (fyne.CanvasObject, *visibility)
	}{
		{"curves", false, func(d *deps) (fyne.CanvasObject, *visibility) {
			v := &visibility{}
			return newCurves(d, v).content, v
		}},
		{"data panel", true, func(d *deps) (fyne.CanvasObject, *visibility) {
			v := &visibility{}
			return newDataPanel(d, v, t.TempDir()).content, v
		}},
		{"network", false, func(d *deps) (fyne.CanvasObject, *visibility) {
			n := newNetworkScreen(d, networkLinks{})
			return n.content, n.vis
		}},
		{"stepper", false, func(d *deps) (fyne.CanvasObject, *visibility) {
			s := newStepper(d, stepperLinks{drawing: func() ([]float32, int, bool) { return nil, 0, false }, showConfig: func(live.Config) {}})
			return s.content, s.vis
		}},
		{"draw", false, func(d *deps) (fyne.CanvasObject, *visibility) {
			ds := newDrawScreen(d, t.TempDir(), nil)
			return ds.content, ds.vis
		}},
		{"timeline", false, func(d *deps) (fyne.CanvasObject, *visibility) {
			return newTimelineBar(d, func(live.Mark) {}).content, nil
		}},
		{"lessons", true, func(d *deps) (fyne.CanvasObject, *visibility) {
			l := newLessons(d, toolNav{})
			return l.content, l.vis
		}},
		{"playground", true, func(d *deps) (fyne.CanvasObject, *visibility) {
			p := newPlayground(d, nil)
			return p.content, p.vis
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newTestDeps(t)
			content, vis := tc.build(d)
			d.win.SetContent(content)
			d.win.Resize(fyne.NewSize(1280, 800))
			if vis != nil {
				vis.set(true)
			}
			apply := d.bridge.frame(true)
			if apply == nil && !tc.poller {
				t.Fatal("the bridge rendered nothing for the screen shown")
			}
			if apply != nil {
				apply()
			}
			if m := content.MinSize(); m.Width <= 0 || m.Height <= 0 {
				t.Errorf("minimum size %v", m)
			}
		})
	}
}

// TestControlsFromDeps builds the side panel from deps and its transport
// callbacks: its buttons call what the window passes, and a setting edits
// the session's configuration.
func TestControlsFromDeps(t *testing.T) {
	d := newTestDeps(t)
	var played, stepped int
	c := newControls(d, transport{togglePlay: func() { played++ }, stepBatch: func() { stepped++ }, stepEpoch: func() {}, reset: func() {}})
	c.refreshState(d.sess.snapshot()) // as the window does once the data is loaded
	test.Tap(c.play)
	test.Tap(c.stepBatch)
	if played != 1 || stepped != 1 {
		t.Errorf("Train and Batch called the transport %d and %d times, want 1 and 1", played, stepped)
	}
	c.batch.SetSelected("32")
	if got := d.sess.cfg.Settings.BatchSize; got != 32 {
		t.Errorf("batch size in the session's configuration = %d after choosing 32", got)
	}
}

// TestPresenterFromDeps builds presenter mode from deps and the panels it
// changes: a larger scale reaches the screens' charts through setTheme.
func TestPresenterFromDeps(t *testing.T) {
	d := newTestDeps(t)
	var got float64
	p := newPresenter(d, presenterLinks{setTheme: func(th viz.Theme, chartsOnly bool) { got = th.TextSize }})
	t.Cleanup(func() { p.setScale(1) })
	p.setScale(1)
	base := got
	p.setScale(1.5)
	if base <= 0 || got != 1.5*base {
		t.Errorf("setTheme saw chart text size %v at 1.5×, want 1.5 × %v", got, base)
	}
}
