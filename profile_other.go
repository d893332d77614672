//go:build !unix

package main

// heapProfileOnSignal does nothing where there is no SIGUSR1: the heap
// profile is written when the window closes.
func heapProfileOnSignal(string) {}
