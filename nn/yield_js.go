//go:build js

package nn

import "time"

// yieldEvery is how long work runs before it lets the browser paint and
// take input.
const yieldEvery = 40 * time.Millisecond

// yielded is when work last yielded. One variable serves every caller: in
// a browser there is one thread, so no two goroutines run at once.
var yielded time.Time

// Yield pauses long work briefly once yieldEvery has passed since the last
// pause. In a browser (GOOS=js) Go runs on the page's one thread and never
// preempts a busy goroutine; only when every goroutine is blocked does the
// browser get to paint, deliver input and fire timers. Loops that train or
// evaluate for longer than a frame call Yield between units of work, or the
// page freezes until they end. Elsewhere Yield does nothing.
func Yield() {
	if time.Since(yielded) < yieldEvery {
		return
	}
	time.Sleep(time.Millisecond)
	yielded = time.Now()
}
