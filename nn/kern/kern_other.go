//go:build !amd64 || purego

package kern

// archKernels returns no assembly implementations: this build is pure Go.
func archKernels() []kernels { return nil }
