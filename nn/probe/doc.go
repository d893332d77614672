// Package probe answers a sceptical student's questions about the engine's
// gradients with the engine's own code: is the number backpropagation gives
// right (central finite differences), what happens to the loss if a weight
// or a pixel changes (nudge), which hidden units matter (ablation), which
// pixels push for a class (saliency), and how little a digit must change to
// be read as another class (a one-step signed-gradient adversary).
//
// # Invariants
//
//   - Every loss, score and probability comes from the engine's forward pass
//     (nn.Network.ForwardLoss and nn.Network.Forward, plus
//     nn.Network.Penalty), and every analytic gradient from its backward
//     pass (nn.Network.Backward, nn.Network.AddPenaltyGrad, and the engine's
//     GemmTB kernel for the last step δ·Wᵀ to the inputs). The engine
//     computes in float32; differences, quotients and relative errors are
//     taken in float64.
//   - Nothing here modifies a network it is given: perturbations are made
//     on private copies.
//   - The network's forward pass is used as it evaluates (no training-only
//     noise), so the checks see the function the gradient is of.
//   - Nothing depends on the dataset: widths come from the network's Arch.
package probe
