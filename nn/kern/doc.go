// Package kern holds the float32 compute kernels the network trains with:
// dense and sparse matrix products, and fused element-wise passes.
//
// # Conventions
//
// All matrices are row-major. A matrix X with r rows and leading dimension
// ldx stores element (i, j) at x[i*ldx+j]; ldx ≥ the number of columns.
// Output slices are overwritten, never accumulated into, unless a function's
// doc says otherwise. Elements of an output beyond its columns (the padding
// up to its leading dimension) are never written.
//
// # Implementations
//
// Every kernel has a portable pure-Go version (generic.go). On amd64 CPUs
// with AVX2 and FMA the package uses assembly versions instead, and on CPUs
// with AVX-512 (F, VL, DQ, BW) AVX-512 versions of the products, Axpy and
// Adam (kern_amd64.s, written by asm_gen.go for both widths; run go
// generate after editing the generator, and TestGenerated checks that the
// two match). Impl reports which set is in use. Setting the environment
// variable named by EnvVar to "generic", "avx2" or "avx512" selects that
// set at start-up, when the CPU can run it, for comparison; the build tag
// purego leaves the assembly out. TestPathsCovered says which sets a CPU
// could not test.
//
// The versions agree within float32 rounding: the assembly uses fused
// multiply-add and sums in a different order, so the last bits may differ.
// Special values agree as well. The generic Gemm and GemmTA skip zeros of A;
// the assembly either skips them too or, when B holds no Inf or NaN, which
// it checks, multiplies them, which adds exact zeros. For one machine and
// one binary the results are deterministic.
//
// # Performance
//
// No kernel allocates. The assembly is tuned for the network's shapes:
//
//   - SparseGemm keeps a row of 64 output columns (128 with AVX-512) in 8
//     vector registers while it adds up the row's nonzeros, and visits B in
//     slabs of rows that stay in the L1 cache while every row of S reads
//     them; when B's rows are far apart (n ≥ 1024, or n ≥ 512 for a B of
//     few rows), which would put a slab in a few sets of the L1 cache, it
//     copies each slab to a contiguous buffer first. Its cost grows with
//     the nonzeros times n.
//   - Gemm, GemmTA and GemmTB use a dense micro-kernel that holds a block of
//     4 rows by 16 columns of C in registers, over panels of 64 columns of
//     B (8 rows by 32 columns with AVX-512's 32 registers; both block
//     heights sum in the same order, so they give the same bits). GemmTB
//     first transposes blocks of B on the stack.
//   - SparseGemmTA keeps a row of B in registers while it adds it to the
//     rows of C its entries name (a scatter); it reads and writes a row of
//     C per entry, so it is slower than SparseGemm on the transpose once C
//     outgrows the L1 cache (BenchmarkLayer1Widths).
//   - Gemm switches to a sparse path, like SparseGemm's, when a sample of A
//     has at most 30 % nonzeros (MNIST pixels have about 19 %).
//   - Adam does 8 (16) parameters per instruction and adds the L1/L2
//     gradient in the same pass; it is bound by the vector square root and
//     division, and by memory for large networks.
//   - GemmBias and SparseGemmBias, the forward pass of a layer, add the
//     bias and apply ReLU in the products' epilogues: the micro-kernel as
//     it stores a block of C, SparseGemm's kernel as it adds a row's last
//     entry, each writing z and a once while they are in registers. Their
//     results are the bits of the product followed by BiasReLU, which
//     does the same in a pass of its own.
//
// Shape mismatches are programming errors and panic with a "kern: " message.
package kern
