//go:build js

package nn

import (
	"syscall/js"
	"time"
)

// yieldEvery is how long work runs before it lets the browser paint and
// take input. Measured in Chromium on a lesson run: at 40 ms the window
// showed about as many frames as at 60 ms, and an epoch took 10–25 % longer.
const yieldEvery = 60 * time.Millisecond

// yielded is when work last yielded. One variable serves every caller: in
// a browser there is one thread, so no two goroutines run at once.
var yielded time.Time

// Yield pauses long work once yieldEvery has passed since the last pause,
// until the page has had a turn. In a browser (GOOS=js) Go runs on the
// page's one thread and never preempts a busy goroutine; only when every
// goroutine is blocked does the browser get to paint, deliver input and
// fire timers. Loops that train or evaluate for longer than a frame call
// Yield between units of work, or the page freezes until they end.
// Elsewhere Yield does nothing.
//
// Yield waits for a callback of the page's event loop rather than a short
// sleep: a sleeping goroutine's timer may fire while the window's work is
// still passing from goroutine to goroutine (the bridge's render, the UI
// call, the paint), and Go's scheduler then runs the sleeper first, so a
// frame could take several rounds of work to reach the screen. The
// callback comes only once every other goroutine has blocked, so whatever
// the window had to do by then is done. (Waiting for the next animation
// frame instead was measured too: the browser delays its frames while
// work keeps it busy, and fewer frames were shown.)
func Yield() {
	if time.Since(yielded) < yieldEvery {
		return
	}
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
	<-done
	yielded = time.Now()
}
