// Package data holds the datasets Backprop Lab trains on, as Sets: a
// description (nn.DataInfo: name, class names, features), a training and
// a test part (nn.Dataset, gathered into batches without allocating), and
// for the 2D datasets the points behind the rows.
//
// # Datasets
//
//   - MNIST (FromMNIST): 28×28 grey images stored compactly as 8-bit
//     pixels, ten classes.
//   - Generated 2D datasets (New2D): circle, xor, gauss, spiral, moons,
//     gauss-k and spiral-k (classification), plane and multigauss
//     (regression), made as TensorFlow Playground makes them, with noise, a
//     training ratio, a point count and a seed. The same Spec always gives
//     the same points.
//   - Drawn points (FromPoints with Kind Drawn).
//
// A 2D dataset's rows hold the chosen Features of each point (x₁, x₂, x₁²,
// x₂², x₁x₂, sin x₁, sin x₂).
//
// # Invariants
//
// A Set is never modified after it is built. Train has at least one row.
// For classification every label is below len(Info.Classes); for
// regression Train.Target and Test.Target are set and Info.Classes is
// empty.
package data
