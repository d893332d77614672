package lab

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// Target is the validation accuracy whose first epoch the results table
// reports ("epochs to reach 95 %").
const Target = 0.95

// Result is one row of the results table. Every figure but the test ones
// is measured on the run's validation rows; "best" means best on them.
type Result struct {
	Label         string
	Status        Status
	Epochs        int     // epochs trained
	FinalAccuracy float64 // validation accuracy of the final weights
	FinalLoss     float64 // validation loss of the final weights
	BestAccuracy  float64 // highest validation accuracy of any epoch
	BestLoss      float64 // lowest validation loss of any epoch
	BestEpoch     int     // epoch of BestLoss (1-based), 0 if none
	EpochsToReach int     // first epoch with validation accuracy ≥ Target, 0 if never
	// TestAccuracy and TestLoss are the final weights' figures on the
	// TestRows test images (RunState.TestRows), NaN when there are none.
	TestAccuracy float64
	TestLoss     float64
	TestRows     int
	Seconds      float64
}

// Results returns the results table of s, one row per run. With early
// stopping the final weights are the best epoch's, and so are the final
// figures. Runs without a finished epoch have NaN figures, and runs not
// tested (RunState.TestRows) NaN test figures.
func Results(s *Snapshot) []Result {
	rs := make([]Result, len(s.Runs))
	for i, ru := range s.Runs {
		r := Result{Label: ru.Label, Status: ru.Status, Epochs: len(ru.Epochs), BestEpoch: ru.BestEpoch, Seconds: ru.Seconds,
			FinalAccuracy: math.NaN(), FinalLoss: math.NaN(), BestAccuracy: math.NaN(), BestLoss: math.NaN(),
			TestAccuracy: math.NaN(), TestLoss: math.NaN(), TestRows: ru.TestRows}
		if ru.TestRows > 0 {
			r.TestAccuracy, r.TestLoss = ru.TestAccuracy, ru.TestLoss
		}
		for _, e := range ru.Epochs {
			if math.IsNaN(r.BestAccuracy) || e.ValAccuracy > r.BestAccuracy {
				r.BestAccuracy = e.ValAccuracy
			}
			if math.IsNaN(r.BestLoss) || e.ValLoss < r.BestLoss {
				r.BestLoss = e.ValLoss
			}
			if r.EpochsToReach == 0 && e.ValAccuracy >= Target {
				r.EpochsToReach = e.Epoch
			}
		}
		if n := len(ru.Epochs); n > 0 {
			final := ru.Epochs[n-1]
			if ru.Restored && ru.BestEpoch > 0 && ru.BestEpoch <= n {
				final = ru.Epochs[ru.BestEpoch-1]
			}
			r.FinalAccuracy, r.FinalLoss = final.ValAccuracy, final.ValLoss
		}
		rs[i] = r
	}
	return rs
}

// CSVHeader is the first row WriteResultsCSV writes.
var CSVHeader = []string{"run", "status", "epochs", "test_accuracy", "test_loss", "final_val_accuracy", "final_val_loss",
	"best_val_accuracy", "best_val_loss", "best_epoch", "epochs_to_95", "seconds"}

// WriteResultsCSV writes the results table as CSV: a header row
// (CSVHeader), then one row per run. Missing figures are empty cells.
// The val columns are measured on the runs' validation rows, the test
// columns on the test set (of the final or restored weights).
func WriteResultsCSV(w io.Writer, rs []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	for _, r := range rs {
		row := []string{r.Label, string(r.Status), strconv.Itoa(r.Epochs), num(r.TestAccuracy), num(r.TestLoss), num(r.FinalAccuracy), num(r.FinalLoss),
			num(r.BestAccuracy), num(r.BestLoss), count(r.BestEpoch), count(r.EpochsToReach), strconv.FormatFloat(r.Seconds, 'f', 2, 64)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Summary is the mean and sample standard deviation of some values.
type Summary struct {
	N        int
	Mean, SD float64 // SD is 0 for fewer than two values
}

// Summarize returns the mean and sample standard deviation (n − 1) of the
// finite values in vs.
func Summarize(vs []float64) Summary {
	var s Summary
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s.N++
			s.Mean += v
		}
	}
	if s.N == 0 {
		return Summary{Mean: math.NaN(), SD: math.NaN()}
	}
	s.Mean /= float64(s.N)
	if s.N < 2 {
		return s
	}
	var ss float64
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			ss += (v - s.Mean) * (v - s.Mean)
		}
	}
	s.SD = math.Sqrt(ss / float64(s.N-1))
	return s
}

// FinalAccuracies returns the final validation accuracy of every row.
func FinalAccuracies(rs []Result) []float64 {
	vs := make([]float64, len(rs))
	for i, r := range rs {
		vs[i] = r.FinalAccuracy
	}
	return vs
}
