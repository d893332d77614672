package app

import (
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
)

// findButton returns the visible button labelled text under o, or nil.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if o == nil || !o.Visible() {
		return nil
	}
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	for _, c := range children(o) {
		if b := findButton(c, text); b != nil {
			return b
		}
	}
	return nil
}

// answerDialog taps the button labelled text in the dialog on top of u's
// window, failing if there is no such dialog.
func answerDialog(t *testing.T, u *ui, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to answer %q", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	test.Tap(b)
}

// trainSteps steps n batches and waits for them.
func trainSteps(t *testing.T, u *ui, n int) *live.Snapshot {
	t.Helper()
	r := runnerOf(u)
	var s *live.Snapshot
	for range n {
		want := steps(r.Snapshot()) + 1
		r.StepBatch()
		s = waitFor(t, u, "a step", func(s *live.Snapshot) bool { return steps(s) == want && s.State == live.Paused })
	}
	return s
}

func TestResetTutorialAsks(t *testing.T) {
	u := newTestUI(t)
	trainSteps(t, u, 3)
	btn := findButton(u.stepper.content, T("Restart with tutorial settings…"))
	if btn == nil {
		t.Fatal("no restart button on the stepper")
	}
	test.Tap(btn)
	answerDialog(t, u, T("Cancel"))
	if n := steps(runnerOf(u).Snapshot()); n != 3 {
		t.Fatalf("Cancel: %d steps left, want 3 (nothing erased)", n)
	}
	test.Tap(btn)
	answerDialog(t, u, T("Erase and restart"))
	s := waitFor(t, u, "restart", func(s *live.Snapshot) bool { return steps(s) == 0 })
	if s.Config.Arch.String() != live.DefaultConfig().Arch.String() {
		t.Errorf("restarted with %v, want the tutorial model", s.Config.Arch)
	}
	if needsReset(s.Config, u.sess.cfg) {
		t.Error("the side panel does not show the tutorial settings it restarted with")
	}
}

func TestResumeFromHereAsks(t *testing.T) {
	u := newTestUI(t)
	r := runnerOf(u)
	r.SetTimeline(1, 1<<30)
	trainSteps(t, u, 4)
	n := len(r.Timeline().Marks)
	if err := r.Seek(1); err != nil {
		t.Fatal(err)
	}
	u.timeline.confirmResume()
	answerDialog(t, u, T("Cancel"))
	if got := len(r.Timeline().Marks); got != n {
		t.Fatalf("Cancel: %d snapshots, want %d", got, n)
	}
	r.SetDelay(time.Hour) // at most one step after resuming
	u.timeline.confirmResume()
	answerDialog(t, u, T("Erase them and resume"))
	waitFor(t, u, "resumed", func(s *live.Snapshot) bool { return r.Timeline().Pos < 0 })
	r.Pause()
	if got := len(r.Timeline().Marks); got > 3 {
		t.Errorf("after resuming from snapshot 2 of %d: %d snapshots, want at most 3 (the later ones dropped)", n, got)
	}
}

func TestOpenModelOverTrainedAsks(t *testing.T) {
	u := newTestUI(t)
	replaced := 0
	u.confirmReplace("open", func() { replaced++ })
	if replaced != 1 || u.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("an untrained network: replaced %d times, dialog %v; want at once, no dialog", replaced, u.win.Canvas().Overlays().Top())
	}
	trainSteps(t, u, 2)
	u.confirmReplace("open", func() { replaced++ })
	answerDialog(t, u, T("Cancel"))
	if replaced != 1 {
		t.Fatal("Cancel replaced the trained network")
	}
	u.confirmReplace("open", func() { replaced++ })
	answerDialog(t, u, T("Replace it"))
	if replaced != 2 {
		t.Fatal("Replace it did not replace the network")
	}
}

// TestRecoverFromExplosion checks the way on after a loss explosion: a
// button that lowers the learning rate and makes Train possible again, and
// a line in the log.
func TestRecoverFromExplosion(t *testing.T) {
	u := newTestUI(t)
	var logged []string
	u.sess.log = newRecordingLogger(&logged)
	u.sess.cfg.Settings.Optimizer = 1 // SGD, which diverges fastest
	u.sess.cfg.Settings.LearningRate = 1000
	u.reset()
	runnerOf(u).Play()
	s := waitFor(t, u, "failure", func(s *live.Snapshot) bool { return s.State == live.Failed })
	u.observe(s) // as the bridge does with every new snapshot
	u.render(s, true)()
	if !u.status.recover.Visible() || u.controls.play.Disabled() == false {
		t.Fatalf("after the explosion: recover button visible %v, Train disabled %v; want true, true", u.status.recover.Visible(), u.controls.play.Disabled())
	}
	if !containsLine(logged, "training failed") {
		t.Errorf("the explosion is not in the log: %q", logged)
	}
	test.Tap(u.status.recover)
	s = waitFor(t, u, "recovered", func(s *live.Snapshot) bool { return s.State == live.Paused && s.LearningRate == 100 })
	u.render(s, true)()
	if s.LearningRate != 100 || u.sess.cfg.Settings.LearningRate != 100 || u.controls.lrEntry.Text != "100" {
		t.Errorf("learning rate %g (panel %g, field %q) after recovering from 1000, want 100", s.LearningRate, u.sess.cfg.Settings.LearningRate, u.controls.lrEntry.Text)
	}
	if u.controls.play.Disabled() || u.status.recover.Visible() {
		t.Errorf("after recovering: Train disabled %v, recover button visible %v; want false, false", u.controls.play.Disabled(), u.status.recover.Visible())
	}
}

// TestLearningRateField checks that a typed learning rate reaches the run
// exactly and that a bad one is refused.
func TestLearningRateField(t *testing.T) {
	u := newTestUI(t)
	e := u.controls.lrEntry
	for _, tc := range []struct {
		typed string
		want  float64
	}{{"0.001", 0.001}, {"0.0123", 0.0123}, {"abc", 0.0123}, {"50", 0.0123}, {"0", 0.0123}} {
		e.SetText(tc.typed)
		e.OnSubmitted(tc.typed)
		if err := e.Validate(); (err != nil) != (tc.want != mustParse(tc.typed)) {
			t.Errorf("%q: validation error %v", tc.typed, err)
		}
		s := waitFor(t, u, "learning rate", func(s *live.Snapshot) bool { return s.LearningRate == tc.want })
		if s.LearningRate != tc.want {
			t.Errorf("typed %q: learning rate %g, want %g", tc.typed, s.LearningRate, tc.want)
		}
	}
}

// shortcutable returns the shortcut handler of canvas c, where the driver
// sends a key with a modifier that no focused widget took. The test
// package wraps its software canvas in a type that hides the method.
func shortcutable(t *testing.T, c fyne.Canvas) fyne.Shortcutable {
	t.Helper()
	if sc, ok := c.(fyne.Shortcutable); ok {
		return sc
	}
	v := reflect.ValueOf(c)
	if v.Kind() == reflect.Pointer {
		if f := v.Elem().FieldByName("WindowlessCanvas"); f.IsValid() {
			if sc, ok := f.Interface().(fyne.Shortcutable); ok {
				return sc
			}
		}
	}
	t.Fatalf("the window canvas %T takes no shortcuts", c)
	return nil
}

func mustParse(s string) float64 {
	v, err := parseLR(s)
	if err != nil {
		return -1
	}
	return v
}

// typeKey delivers key k as the desktop driver does: to the focused widget
// if there is one, else to the canvas's handler.
func typeKey(c fyne.Canvas, k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// TestSpaceWithSliderFocused checks that Space still toggles training after
// the learning-rate slider took the keyboard focus.
func TestSpaceWithSliderFocused(t *testing.T) {
	u := newTestUI(t)
	runnerOf(u).SetDelay(2e6)
	c := u.win.Canvas()
	c.Focus(u.controls.lr)
	typeKey(c, fyne.KeySpace)
	waitFor(t, u, "Space trains", func(s *live.Snapshot) bool { return s.State == live.Running })
	typeKey(c, fyne.KeySpace)
	waitFor(t, u, "Space pauses", func(s *live.Snapshot) bool { return s.State == live.Paused })
}

// TestTabShortcuts sends Ctrl+1 … Ctrl+6 through the window canvas, as the
// driver does, and checks that they are in the View menu.
func TestTabShortcuts(t *testing.T) {
	u := newTestUI(t)
	sc := shortcutable(t, u.win.Canvas())
	for _, i := range []int{2, 4, 5, 0, 1, 3} {
		sc.TypedShortcut(shortcutTabs[i])
		if got := u.tabs.SelectedIndex(); got != i {
			t.Errorf("Ctrl+%d shows tab %d, want %d", i+1, got, i)
		}
	}
	menu := u.menu()
	found := 0
	for _, m := range menu.Items {
		for _, it := range m.Items {
			for _, s := range shortcutTabs {
				if it.Shortcut == s {
					found++
				}
			}
			if strings.TrimSpace(it.Label) == T("Train / Pause") && it.Shortcut == nil {
				t.Error("Train / Pause shows no shortcut in the menu")
			}
		}
	}
	if found != len(shortcutTabs) {
		t.Errorf("%d tab shortcuts in the menus, want %d", found, len(shortcutTabs))
	}
}

// lineWriter collects written lines; safe for concurrent use.
type lineWriter struct {
	mu    sync.Mutex
	lines *[]string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	*w.lines = append(*w.lines, string(p))
	return len(p), nil
}

// newRecordingLogger returns a logger that appends its lines to lines.
func newRecordingLogger(lines *[]string) *slog.Logger {
	return slog.New(slog.NewTextHandler(&lineWriter{lines: lines}, nil))
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}
