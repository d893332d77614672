//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// heapProfileOnSignal writes a heap profile to path on every SIGUSR1.
func heapProfileOnSignal(path string) {
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	go func() {
		for range usr1 {
			writeHeapProfile(path)
		}
	}()
}
