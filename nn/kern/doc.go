// Package kern holds the float32 compute kernels the network trains with:
// dense and sparse matrix products, and fused element-wise passes.
//
// # Conventions
//
// All matrices are row-major. A matrix X with r rows and leading dimension
// ldx stores element (i, j) at x[i*ldx+j]; ldx ≥ the number of columns.
// Output slices are overwritten, never accumulated into, unless a function's
// doc says otherwise.
//
// # Implementations
//
// Every kernel has a portable pure-Go version (generic.go). On amd64 the
// package picks assembly versions at start-up according to the CPU's
// features. The versions agree within float32 rounding: the assembly uses
// fused multiply-add, so the last bits may differ. For one machine and one
// binary the results are deterministic.
//
// Shape mismatches are programming errors and panic with a "kern: " message.
package kern
