//go:build !js

package live

// yield does nothing where goroutines are preempted (see yield_js.go).
func (w *worker) yield() {}
