package app

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
	"backproplab/nn/mnist"
)

// writeFixture writes a small synthetic MNIST (raw IDX files) to a temp dir:
// each digit is a bright blob whose position depends on the label, so that a
// network can learn it.
func writeFixture(t *testing.T, nTrain, nTest int) string {
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
// until the data is loaded and the runner exists.
func newTestUI(t *testing.T) *ui {
	t.Helper()
	dir := writeFixture(t, 600, 200)
	a := test.NewTempApp(t)
	ready := make(chan struct{})
	u := newUI(a, Options{DataDir: dir, Language: "en", manualPump: true})
	// newUI started loading in the background; the load finishes with
	// fyne.Do, which runs inline in tests, so we learn of it through onData
	// only if it has not happened yet. Poll the runner pointer instead.
	go func() {
		for u.sess.pump.runner.Load() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		close(ready)
	}()
	select {
	case <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("data did not load")
	}
	t.Cleanup(u.sess.close)
	return u
}

func runnerOf(u *ui) *live.Runner { return u.sess.pump.runner.Load() }

// waitFor polls cond on the runner's snapshot until it holds.
func waitFor(t *testing.T, u *ui, what string, cond func(*live.Snapshot) bool) *live.Snapshot {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if s := runnerOf(u).Snapshot(); cond(s) {
			return s
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
	return nil
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
	time.Sleep(50 * time.Millisecond)
	if got := steps(r.Snapshot()); got != n {
		t.Errorf("steps went on after Pause: %d then %d", n, got)
	}

	test.Tap(u.controls.reset)
	waitFor(t, u, "reset", func(s *live.Snapshot) bool { return steps(s) == 0 && s.Epoch == 0 })
}

func TestShortcuts(t *testing.T) {
	u := newTestUI(t)
	c := u.win.Canvas()
	key := func(name fyne.KeyName) { c.OnTypedKey()(&fyne.KeyEvent{Name: name}) }
	shortcut := func(s fyne.Shortcut) { u.shortcuts[s]() }

	key(fyne.KeyRight)
	waitFor(t, u, "→ steps a batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	// The real driver makes no shortcut of Shift+→: it arrives as → with
	// Shift held.
	u.modifiers = func() fyne.KeyModifier { return fyne.KeyModifierShift }
	key(fyne.KeyRight)
	u.modifiers = func() fyne.KeyModifier { return 0 }
	waitFor(t, u, "Shift+→ steps an epoch", func(s *live.Snapshot) bool { return s.Epoch == 1 && s.State == live.Paused })
	shortcut(shortcutStepEpoch) // the menu item's shortcut
	waitFor(t, u, "Step one epoch from the menu", func(s *live.Snapshot) bool { return s.Epoch == 2 && s.State == live.Paused })
	runnerOf(u).SetDelay(2 * time.Millisecond)
	key(fyne.KeySpace)
	waitFor(t, u, "Space trains", func(s *live.Snapshot) bool { return s.State == live.Running })
	key(fyne.KeySpace)
	waitFor(t, u, "Space pauses", func(s *live.Snapshot) bool { return s.State == live.Paused })
	shortcut(shortcutReset)
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

func TestCloseStopsEverything(t *testing.T) {
	u := newTestUI(t)
	r := startTraining(t, u)
	start := time.Now()
	u.sess.close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("close took %v, want < 1 s", d)
	}
	select {
	case <-r.Done():
	default:
		t.Fatal("runner still running after close")
	}
	// No goroutine of ours may survive.
	deadline := time.Now().Add(2 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		leaked := ""
		for g := range strings.SplitSeq(stacks, "\n\n") {
			if strings.Contains(g, "backproplab/") && !strings.Contains(g, "TestCloseStopsEverything") && !strings.Contains(g, "testing.tRunner") {
				leaked = g
			}
		}
		if leaked == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutine leaked after close:\n%s", leaked)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestQuitShortcut checks that Ctrl+Q closes the window and stops training.
func TestQuitShortcut(t *testing.T) {
	u := newTestUI(t)
	r := startTraining(t, u)
	u.shortcuts[shortcutQuit]()
	select {
	case <-r.Done():
	case <-time.After(time.Second):
		t.Fatal("training still runs a second after Ctrl+Q")
	}
}
