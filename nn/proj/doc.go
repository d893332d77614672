// Package proj computes what a network's layers make of a data set, as
// pictures a class can read: 2D maps of a layer's representation (PCA,
// aligned along a training run) and slices of the loss landscape.
//
// # Representations
//
// Activations runs a network over a data set and returns one layer's
// representation: the raw input (layer 0), a hidden layer's activations or
// the output's logits. Project maps it to 2D with principal components
// (the covariance's eigenvectors from gonum, agreeing with stat.PC); a layer of two units needs no projection and is shown
// exactly. Align turns a projection by the orthogonal matrix that best
// matches the previous one (orthogonal Procrustes), so that a map followed
// along a training run moves smoothly instead of flipping its axes.
// Separation scores a map by nearest-class-mean accuracy in the plane.
// TSNE lays a representation out with t-SNE instead, which keeps
// neighbourhoods (clusters) rather than distances; a layout can start
// from a previous snapshot's, so that points move continuously.
//
// # Loss landscapes
//
// Line evaluates the loss along the straight line between two parameter
// vectors; Slice evaluates it on a grid in the plane spanned by two random
// filter-normalised directions around a centre (Li et al., "Visualizing the
// Loss Landscape of Neural Nets", NeurIPS 2018), and Plane.Coords places
// other parameter vectors (the training path) on that plane. The first
// layer is linear in its weights, so its product with the data is
// computed once per weight matrix and each grid point only combines them
// and runs the later layers.
//
// # Invariants
//
//   - Nothing here modifies a network or data set passed in: evaluations run
//     on private copies, so the caller may pass published snapshots.
//   - Long computations take a context, stop soon after it is cancelled and
//     report progress on the calling goroutine.
package proj
