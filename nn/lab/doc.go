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
// # Validation
//
// An experiment's validation curve is the test set by default, evaluated
// after every epoch without the L1/L2 penalty, so its final value equals
// the test accuracy and loss that "backproplab train --json" reports for
// the same settings. K-fold runs validate on their fold instead.
//
// # Threading
//
// A Runner owns its trainers on one goroutine; its methods are safe from
// any goroutine. Snapshots are immutable once published. Runner.SetThreads
// lets it train several runs at once (k-fold folds, an experiment's arms)
// on worker goroutines it joins at every step, or split a lone run's
// steps; each run's results are the same bits whatever the count.
package lab
