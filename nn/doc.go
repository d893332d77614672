// Package nn is Backprop Lab's neural-network engine: dense layers,
// activations, losses, optimisers, the trainer and model files.
//
// # Shapes
//
// Everything is float32 and row-major. A batch of B inputs with 784 pixels
// is (B, 784). Dense layer l maps (B, In) to (B, Out) as Z = A·W + b with W
// stored (In, Out), so W[i*Out+j] is the weight from input i to unit j.
//
// # Invariants
//
//   - The first layer reads its input in compressed sparse row form (about
//     81 % of MNIST pixels are zero) and skips the zeros.
//   - All parameters of a network live in one contiguous slice, in the order
//     W1, b1, W2, b2, …; gradients mirror it. Optimisers update it in one pass.
//   - The output layer is always softmax. The loss is cross-entropy computed
//     from the logits, or the mean squared error of the probabilities against
//     one-hot targets.
//   - Training is single-threaded and deterministic: the same seed gives the
//     same initial weights, batch order and losses, bit for bit on one machine.
//
// The package knows nothing of user interfaces, plots or printing.
package nn
