package main

import (
	"io"
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
// the command ends (and, on Unix, on every SIGUSR1). The headless commands
// take them too, so that training in the window and headless can be
// compared. It returns what stops them.
func startProfiling() (stop func()) {
	var stops []func()
	for _, stop := range []func(){
		startFile("BACKPROPLAB_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile),
		startFile("BACKPROPLAB_TRACE", trace.Start, trace.Stop),
	} {
		if stop != nil {
			stops = append(stops, stop)
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

// startFile creates the file that $env names and runs start on it. It
// returns what runs stop and closes the file, or nil when $env is empty or
// the file or start fails.
func startFile(env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil
	}
	if start(f) != nil {
		f.Close()
		return nil
	}
	return func() { stop(); f.Close() }
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
