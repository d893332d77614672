package app

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"backproplab/nn"
)

// BenchmarkPlaygroundLatency6x8 measures the Playground's input latency
// with a network of 6 hidden layers of 8 tanh neurons (the largest the tab
// allows) on 500 spiral points: the time from an action (Step while paused;
// Pause while training at full speed) to the moment the frame that shows
// its result has been applied on the UI goroutine. It runs the production
// bridge (its own goroutine, 10 ticks a second) with a stand-in UI
// goroutine, so the figures include the wait for the bridge's tick and the
// rendering of every neuron's map, not the GPU's drawing. Run with
// -benchtime=1x; it reports the median, 95th percentile and worst case in
// ms over 40 presses at random moments.
func BenchmarkPlaygroundLatency6x8(b *testing.B) {
	dir := writeFixture(b, 600, 200)
	uiq := make(chan func(), 4096)
	post := func(f func()) { uiq <- f }
	var check atomic.Pointer[func() bool]
	shown := make(chan time.Time, 1)
	go func() { // the UI goroutine
		for f := range uiq {
			f()
			if c := check.Load(); c != nil && (*c)() {
				check.Store(nil)
				shown <- time.Now()
			}
		}
	}()
	onUI := func(f func()) {
		done := make(chan struct{})
		post(func() { f(); close(done) })
		<-done
	}
	a := test.NewTempApp(b)
	var u *ui
	onUI(func() { u = newUI(a, Options{DataDir: dir, Language: "en", post: post}) })
	defer onUI(u.sess.close)
	p := u.play
	onUI(func() {
		u.tabs.SelectIndex(len(u.tabs.Items) - 1)
		p.spec.Kind = "spiral"
		p.hidden = []int{8, 8, 8, 8, 8, 8}
		p.acts = slices.Repeat([]nn.Activation{nn.Tanh}, 6)
		p.drops = make([]float64, 6)
		p.changedNet()
	})
	stepRE := regexp.MustCompile(`step (\d+)`)
	steps := func() int {
		m := stepRE.FindStringSubmatch(p.loss.Text)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	// measure runs act on the UI goroutine and returns how long until done
	// holds after a function the bridge posted.
	measure := func(act func(), done func() bool) time.Duration {
		time.Sleep(time.Duration(50+rand.IntN(200)) * time.Millisecond) // a random phase of the bridge's tick
		var t0 time.Time
		onUI(func() {
			t0 = time.Now()
			check.Store(&done)
			act()
		})
		select {
		case t := <-shown:
			return t.Sub(t0)
		case <-time.After(10 * time.Second):
			b.Fatal("the frame never showed the action")
			return 0
		}
	}
	report := func(name string, ds []time.Duration) {
		slices.Sort(ds)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(ds[len(ds)/2]), name+"-p50-ms")
		b.ReportMetric(ms(ds[len(ds)*95/100]), name+"-p95-ms")
		b.ReportMetric(ms(ds[len(ds)-1]), name+"-max-ms")
	}
	const presses = 40
	for b.Loop() {
		var step, pause []time.Duration
		for range presses {
			var want int
			step = append(step, measure(func() {
				want = steps() + 1
				u.stepBatch()
			}, func() bool { return steps() >= want }))
		}
		for range presses {
			onUI(u.togglePlay) // train at full speed
			time.Sleep(time.Duration(100+rand.IntN(300)) * time.Millisecond)
			pause = append(pause, measure(u.togglePlay, func() bool {
				return p.play.Text == T("Train") && p.runner.Load().Snapshot().State != 1
			}))
		}
		report("step", step)
		report("pause", pause)
		var arch string
		onUI(func() { arch = p.runner.Load().Snapshot().Config.Arch.String() })
		b.Logf("network %s", arch)
	}
}
