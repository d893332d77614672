package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiling starts what $BACKPROPLAB_CPUPROFILE, $BACKPROPLAB_TRACE
// and $BACKPROPLAB_MEMPROFILE ask for, for finding what slows training in
// the app or what holds its memory: a CPU profile of the whole session, an
// execution trace of it (go tool trace -pprof=sched shows what kept the
// training goroutine waiting), and a heap profile when the window closes or
// the command ends (and, on Unix, on every SIGUSR1). The headless commands take them too, so that training
// in the window and headless can be compared.
// It returns what stops them.
func startProfiling() (stop func()) {
	var stops []func()
	if path := os.Getenv("BACKPROPLAB_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
			} else {
				f.Close()
			}
		}
	}
	if path := os.Getenv("BACKPROPLAB_TRACE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if trace.Start(f) == nil {
				stops = append(stops, func() { trace.Stop(); f.Close() })
			} else {
				f.Close()
			}
		}
	}
	if path := os.Getenv("BACKPROPLAB_MEMPROFILE"); path != "" {
		heapProfileOnSignal(path)
		stops = append(stops, func() { writeHeapProfile(path) })
	}
	return func() {
		for _, f := range stops {
			f()
		}
	}
}

// writeHeapProfile writes the live heap to path after a full collection.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	_ = pprof.WriteHeapProfile(f)
}
