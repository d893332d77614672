// Package lab runs the comparisons Backprop Lab teaches: several training
// runs that differ in one setting, advanced together on one goroutine, with
// their curves, a results table, early stopping and k-fold
// cross-validation. It also reads and writes lesson files (.bplesson).
//
// # Fair comparisons
//
// Every run of an experiment starts from the same seed: networks of the
// same architecture start from identical weights (nn.NewNetwork), and runs
// on the same training rows see the same batch order (nn.Settings.Seed).
// The runner steps the run that is furthest behind (in epochs), so all
// runs advance together and their curves grow side by side.
//
// # Validation and test
//
// An experiment holds out the last ValFraction of the training set for
// validation (Split): the same rows for every run and seed, views that
// share the training set's pixels. Runs train on the first TrainSize of
// the rows before them, are validated on the held-out rows after every
// epoch (without the L1/L2 penalty), and early stopping picks its best
// epoch, and restores its weights, by the validation loss. The test set is
// read once per run, after it ends: the final (or restored) network's test
// loss and accuracy, which no run trains or selects on. A run's figures
// equal those of "backproplab train --val-split 0.1" with the same
// settings. K-fold runs validate on their fold instead, and are not tested.
//
// # Threading
//
// A Runner owns its trainers on one goroutine; its methods are safe from
// any goroutine. Snapshots are immutable once published. Runner.SetThreads
// lets it train several runs at once (k-fold folds, an experiment's arms)
// on worker goroutines it joins at every step, or split a lone run's
// steps; each run's results are the same bits whatever the count.
package lab
