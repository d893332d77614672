//go:build !js

package nn

// Yield does nothing where goroutines are preempted; see yield_js.go.
func Yield() {}
