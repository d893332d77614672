//go:build !race

package digit

// raceEnabled reports whether the race detector is on; the tests over
// real MNIST then use fewer digits, since it slows them about tenfold.
const raceEnabled = false
