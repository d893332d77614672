//go:build !unix

package app

import "time"

// processCPU returns 0: this system has no getrusage.
func processCPU() time.Duration { return 0 }
