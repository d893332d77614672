package app

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn/live"
)

// uiThread stands for Fyne's UI goroutine in tests that run the production
// bridge. Fyne's test driver runs UI calls inline on the calling goroutine,
// so the bridge's goroutines would touch widgets concurrently with the test;
// here post queues the function, as the desktop driver does, and one
// goroutine runs the queue while holding mu. The test holds mu whenever it
// touches widgets.
type uiThread struct {
	mu       sync.Mutex
	queue    chan func()
	inflight atomic.Int32 // posted and not run yet
	most     atomic.Int32 // the most inflight ever seen
	ran      chan struct{}
	done     chan struct{}
}

func newUIThread() *uiThread {
	th := &uiThread{queue: make(chan func(), 1024), ran: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(th.done)
		for f := range th.queue {
			th.mu.Lock()
			f()
			th.mu.Unlock()
			th.inflight.Add(-1)
			select {
			case th.ran <- struct{}{}:
			default:
			}
		}
	}()
	return th
}

func (th *uiThread) post(f func()) {
	if n := th.inflight.Add(1); n > th.most.Load() {
		th.most.Store(n)
	}
	th.queue <- f
}

// do runs f as the UI goroutine.
func (th *uiThread) do(f func()) {
	th.mu.Lock()
	defer th.mu.Unlock()
	f()
}

// until runs cond as the UI goroutine after each function the UI
// goroutine runs, until it holds.
func (th *uiThread) until(t testing.TB, what string, cond func() bool) {
	t.Helper()
	timeout := time.After(testTimeout)
	for {
		ok := false
		th.do(func() { ok = cond() })
		if ok {
			return
		}
		select {
		case <-th.ran:
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// newBridgeUI builds the window with the production bridge (its own
// goroutine, its rate, its coalescing) and waits until the data is loaded.
// Its cleanup closes the session and stops the UI goroutine.
func newBridgeUI(t *testing.T) (*ui, *uiThread) {
	t.Helper()
	return newBridgeUISized(t, 600, 200)
}

// newBridgeUISized is newBridgeUI with nTrain training and nTest test images.
func newBridgeUISized(t testing.TB, nTrain, nTest int) (*ui, *uiThread) {
	t.Helper()
	dir := writeFixture(t, nTrain, nTest)
	a := test.NewTempApp(t)
	th := newUIThread()
	var u *ui
	th.do(func() { u = newUI(a, Options{DataDir: dir, Language: "en", post: th.post}) })
	t.Cleanup(func() {
		th.do(u.sess.close)
		close(th.queue)
		<-th.done
	})
	th.until(t, "the data", func() bool { return u.sess.dataState == dataReady || u.sess.dataState == dataFailed })
	if runnerOf(u) == nil {
		t.Fatalf("data did not load: %v", u.sess.dataErr)
	}
	return u, th
}

// TestProductionBridge trains on the production bridge and checks that the
// status, the curves and the shown screen follow, and that a busy UI
// goroutine gets one frame at most, however much training publishes.
func TestProductionBridge(t *testing.T) {
	u, th := newBridgeUI(t)
	// A real resize lays out the charts shown after loading, as in the
	// window; the bridge draws a chart only once it has a size.
	th.do(func() { u.win.Resize(fyne.NewSize(1200, 760)); u.win.Resize(fyne.NewSize(1280, 800)) })
	r := runnerOf(u)
	r.SetDelay(time.Millisecond)
	for i := 1; i <= 3; i++ {
		r.StepBatch() // a step asked for while one runs is the same step
		waitFor(t, u, "a batch", func(s *live.Snapshot) bool { return steps(s) == i && s.State == live.Paused })
	}
	th.until(t, "the status strip at batch 3", func() bool {
		return strings.HasPrefix(u.status.batch.Text, "Batch 3/") && u.curves.loss.img.Image != nil
	})

	// Another tab: its screen renders once it shows (frames are shown in
	// order, so every frame rendered before the switch is shown by then),
	// and the hidden Training tab's charts stay as they are.
	th.do(func() { u.tabs.SelectIndex(1) })
	th.until(t, "the network screen", func() bool { return u.network.weights.grid.img.Image != nil })
	var loss any
	th.do(func() { loss = u.curves.loss.img.Image })

	// A UI goroutine that is busy gets no more than one frame queued.
	th.mu.Lock()
	th.most.Store(th.inflight.Load())
	r.Play()
	waitFor(t, u, "twenty batches more", func(s *live.Snapshot) bool { return steps(s) >= 23 })
	r.Pause()
	waitFor(t, u, "paused", func(s *live.Snapshot) bool { return s.State == live.Paused })
	th.mu.Unlock()
	if n := th.most.Load(); n > 1 {
		t.Errorf("%d UI calls were pending at once, want at most 1", n)
	}
	s := r.Snapshot()
	th.until(t, "the last batch", func() bool { return strings.HasPrefix(u.status.batch.Text, Tf("Batch %d/", s.Batch)) })
	th.do(func() {
		if u.curves.loss.img.Image != loss {
			t.Error("the hidden Training tab's charts were drawn again")
		}
	})
}

// TestCloseStopsEverything runs every kind of goroutine the app starts
// (the bridge, training, a lesson experiment, a stepper trace with
// auto-play, a timeline seek) and checks that closing the window joins
// them all.
func TestCloseStopsEverything(t *testing.T) {
	u, th := newBridgeUI(t)
	r := startTraining(t, u)
	waitFor(t, u, "a timeline mark", func(s *live.Snapshot) bool { return len(r.Timeline().Marks) > 0 })
	th.do(func() {
		l := u.lessons
		l.preset.SetSelectedIndex(0)
		l.epochs.SetText("50")
		l.size.SetText("300")
		l.run.OnTapped()
		u.tabs.SelectIndex(2)
		u.stepper.autoChk.SetChecked(true)
		u.stepper.doStep()
	})
	th.until(t, "the lesson experiment and the trace", func() bool {
		src := u.lessons.src.Load()
		return src != nil && src.runner != nil && u.stepper.tr != nil
	})
	th.do(func() {
		u.timeline.marks = r.Timeline().Marks
		u.timeline.seek(0)
		u.sess.close()
	})
	select {
	case <-r.Done():
	default:
		t.Fatal("the runner still runs after close")
	}
	if src := u.lessons.src.Load(); src != nil {
		select {
		case <-src.runner.Done():
		default:
			t.Fatal("the lesson experiment still runs after close")
		}
	}
	// close has joined them all; a goroutine may still be on its way out
	// of its last deferred call, so look until none is left.
	timeout := time.After(testTimeout)
	for {
		leaked := leakedGoroutine(t.Name())
		if leaked == "" {
			break
		}
		select {
		case <-timeout:
			t.Fatalf("goroutine leaked after close:\n%s", leaked)
		default:
			runtime.Gosched()
		}
	}
}

// leakedGoroutine returns the stack of a goroutine running our code other
// than the test's own and the stand-in UI goroutine, or "".
func leakedGoroutine(test string) string {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for g := range strings.SplitSeq(stacks, "\n\n") {
		if strings.Contains(g, "backproplab/") && !strings.Contains(g, test) && !strings.Contains(g, "newUIThread") && !strings.Contains(g, "testing.tRunner") {
			return g
		}
	}
	return ""
}
