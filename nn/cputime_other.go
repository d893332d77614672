//go:build !unix

package nn

import "time"

// processCPU returns 0: this system has no getrusage.
func processCPU() time.Duration { return 0 }
