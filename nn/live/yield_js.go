//go:build js

package live

import "time"

// yieldEvery is how long training runs before it lets the browser paint
// and take input.
const yieldEvery = 40 * time.Millisecond

// yielded is when training last yielded. One variable serves every
// runner: in a browser there is one thread, so no two goroutines run at
// once.
var yielded time.Time

// yield pauses training briefly after yieldEvery of work. In a browser
// (GOOS=js) Go runs on the page's one thread and never preempts a busy
// goroutine; only when every goroutine is blocked does the browser get to
// paint, deliver input and fire timers. Without this the page would freeze
// for a whole run.
func (w *worker) yield() {
	if time.Since(yielded) < yieldEvery {
		return
	}
	time.Sleep(time.Millisecond)
	yielded = time.Now()
}
