package app

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/mnist"
)

// writeFixture writes a small synthetic MNIST (raw IDX files) to a temp dir:
// each digit is a bright blob whose position depends on the label, so that a
// network can learn it.
func writeFixture(t testing.TB, nTrain, nTest int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	write := func(images, labels string, n int) {
		img := make([]uint8, n*784)
		lab := make([]uint8, n)
		for i := range n {
			l := uint8(rng.IntN(10))
			lab[i] = l
			cx, cy := 6+int(l%5)*4, 8+int(l/5)*10
			for y := cy - 3; y <= cy+3; y++ {
				for x := cx - 3; x <= cx+3; x++ {
					img[i*784+y*28+x] = uint8(128 + rng.IntN(128))
				}
			}
		}
		f, err := os.Create(filepath.Join(dir, images))
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.WriteImages(f, img, n, 28, 28); err != nil {
			t.Fatal(err)
		}
		f.Close()
		f, err = os.Create(filepath.Join(dir, labels))
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.WriteLabels(f, lab); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	write("train-images-idx3-ubyte", "train-labels-idx1-ubyte", nTrain)
	write("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", nTest)
	return dir
}

// newTestUI builds the window on a test app with fixture data and waits
// until the data is loaded and the runner exists. Its bridge is manual:
// the test goroutine stands for the UI goroutine and calls tick and Settle.
func newTestUI(t *testing.T) *ui {
	t.Helper()
	dir := writeFixture(t, 600, 200)
	a := test.NewTempApp(t)
	freshRenderers(a)
	u := newUI(a, Options{DataDir: dir, Language: "en", manualBridge: true})
	t.Cleanup(u.sess.close)
	u.sess.bridge.Settle() // the load job and its result
	if runnerOf(u) == nil {
		t.Fatalf("data did not load: %v", u.sess.dataErr)
	}
	return u
}

// freshRenderers sets Fyne's cache clock to now. Fyne drops renderers a
// minute after their last use by that clock, which moves only when a
// canvas is painted (a capture, in tests); in a long run of the package
// the clock may be minutes old, so renderers a test makes are dropped at
// its first capture and drawn again never laid out (entries, checks and
// tab icons missing from a golden). Painting an empty canvas moves it.
func freshRenderers(a fyne.App) {
	w := a.NewWindow("")
	w.Canvas().Capture()
	w.Close()
}

func runnerOf(u *ui) *live.Runner { return u.sess.bridge.Runner() }

// testTimeout bounds every wait in these tests: far above what any of them
// needs, so that only a hang trips it.
const testTimeout = time.Minute

// waitFor waits, snapshot by snapshot, until cond holds on the runner's
// latest snapshot.
func waitFor(t testing.TB, u *ui, what string, cond func(*live.Snapshot) bool) *live.Snapshot {
	t.Helper()
	r := runnerOf(u)
	timeout := time.After(testTimeout)
	for {
		if s := r.Snapshot(); cond(s) {
			return s
		}
		select {
		case <-r.Changed():
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// pressKey delivers a key press to u's window canvas as Fyne's desktop
// driver does (internal/driver/glfw, window.triggersShortcut): a key held
// with Ctrl, Alt or Super becomes a shortcut (Ctrl+Z undo, else a custom
// one), tried on the main menu, then on the focused widget, then on the
// canvas; anything else, Shift alone included, is a typed key, with the
// modifiers readable from the driver meanwhile.
func pressKey(u *ui, name fyne.KeyName, mods fyne.KeyModifier) {
	c := u.win.Canvas()
	if mods&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 {
		var sc fyne.Shortcut = &desktop.CustomShortcut{KeyName: name, Modifier: mods}
		if name == fyne.KeyZ && mods == fyne.KeyModifierShortcutDefault {
			sc = &fyne.ShortcutUndo{}
		}
		if m := u.win.MainMenu(); m != nil && triggerMenu(sc, m.Items) {
			return
		}
		if f, ok := c.Focused().(fyne.Shortcutable); ok {
			f.TypedShortcut(sc)
			return
		}
		canvasShortcuts(c).TypedShortcut(sc)
		return
	}
	held := u.modifiers
	u.modifiers = func() fyne.KeyModifier { return mods }
	defer func() { u.modifiers = held }()
	c.OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// canvasShortcuts returns the canvas's shortcut handler, where
// Canvas.AddShortcut put them. Fyne's test canvas keeps them in the
// software canvas it wraps (its embedded WindowlessCanvas field).
func canvasShortcuts(c fyne.Canvas) fyne.Shortcutable {
	if sh, ok := c.(fyne.Shortcutable); ok {
		return sh
	}
	return reflect.ValueOf(c).Elem().FieldByName("WindowlessCanvas").Interface().(fyne.Shortcutable)
}

// triggerMenu runs the menu item with shortcut sc, as the driver does.
func triggerMenu(sc fyne.Shortcut, menus []*fyne.Menu) bool {
	for _, m := range menus {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && triggerMenu(sc, []*fyne.Menu{it.ChildMenu}) {
				return true
			}
		}
	}
	return false
}

func steps(s *live.Snapshot) int { return len(s.Batches) }

func TestTransportButtons(t *testing.T) {
	u := newTestUI(t)
	r := runnerOf(u)
	r.SetDelay(2 * time.Millisecond) // keep the run from finishing before we pause it

	test.Tap(u.controls.stepBatch)
	s := waitFor(t, u, "one batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	if s.Batch != 1 {
		t.Errorf("after Step batch: batch %d, want 1", s.Batch)
	}

	test.Tap(u.controls.stepEpoch)
	s = waitFor(t, u, "end of epoch 1", func(s *live.Snapshot) bool { return s.Epoch == 1 && s.State == live.Paused })
	if s.Batch != 0 || len(s.Epochs) != 1 {
		t.Errorf("after Step epoch: batch %d, epochs %d; want 0, 1", s.Batch, len(s.Epochs))
	}

	test.Tap(u.controls.play)
	waitFor(t, u, "running", func(s *live.Snapshot) bool { return s.State == live.Running })
	test.Tap(u.controls.play)
	s = waitFor(t, u, "paused", func(s *live.Snapshot) bool { return s.State == live.Paused })
	n := steps(s)
	// A round trip through the worker: had Pause not stopped training, the
	// worker would have trained again before it ran this.
	r.Do(func(*nn.Trainer) {})
	if got := steps(r.Snapshot()); got != n {
		t.Errorf("steps went on after Pause: %d then %d", n, got)
	}

	test.Tap(u.controls.reset)
	waitFor(t, u, "reset", func(s *live.Snapshot) bool { return steps(s) == 0 && s.Epoch == 0 })
}

func TestShortcuts(t *testing.T) {
	u := newTestUI(t)
	pressKey(u, fyne.KeyRight, 0)
	waitFor(t, u, "→ steps a batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	pressKey(u, fyne.KeyRight, fyne.KeyModifierShift)
	s := waitFor(t, u, "Shift+→ steps an epoch", func(s *live.Snapshot) bool { return s.Epoch == 1 && s.State == live.Paused })
	if steps(s) != s.BatchesPerEpoch {
		t.Errorf("after → and Shift+→: %d steps, want one epoch of %d", steps(s), s.BatchesPerEpoch)
	}
	runnerOf(u).SetDelay(2 * time.Millisecond)
	pressKey(u, fyne.KeySpace, 0)
	waitFor(t, u, "Space trains", func(s *live.Snapshot) bool { return s.State == live.Running })
	pressKey(u, fyne.KeySpace, 0)
	waitFor(t, u, "Space pauses", func(s *live.Snapshot) bool { return s.State == live.Paused })
	pressKey(u, fyne.KeyR, fyne.KeyModifierShortcutDefault)
	waitFor(t, u, "Ctrl+R resets", func(s *live.Snapshot) bool { return steps(s) == 0 })
}

func TestNonFiniteLossShowsMessage(t *testing.T) {
	u := newTestUI(t)
	u.sess.cfg.Settings.Optimizer = 1 // SGD, which diverges fastest
	u.sess.cfg.Settings.LearningRate = 1000
	u.reset()
	runnerOf(u).Play()
	s := waitFor(t, u, "failure", func(s *live.Snapshot) bool { return s.State == live.Failed })
	u.render(s, true)()
	if !u.status.message.Visible() || !strings.Contains(u.status.message.Text, "learning rate") {
		t.Errorf("status message %q (visible %v), want a non-finite loss message", u.status.message.Text, u.status.message.Visible())
	}
	if !s.Net.Finite() {
		t.Error("weights are not finite after the failure")
	}
}

// startTraining starts u's runner training slowly and waits until it runs.
func startTraining(t *testing.T, u *ui) *live.Runner {
	t.Helper()
	r := runnerOf(u)
	r.SetDelay(time.Millisecond)
	r.Play()
	waitFor(t, u, "running", func(s *live.Snapshot) bool { return s.State == live.Running })
	return r
}

// TestQuitShortcut checks that Ctrl+Q closes the window and stops training.
func TestQuitShortcut(t *testing.T) {
	u := newTestUI(t)
	r := startTraining(t, u)
	pressKey(u, fyne.KeyQ, fyne.KeyModifierShortcutDefault)
	select {
	case <-r.Done():
	case <-time.After(testTimeout):
		t.Fatal("training still runs after Ctrl+Q")
	}
}
