package app

import (
	"fmt"
	"math"

	"backproplab/nn/lab"
)

// evalKind says what the runs of a results table are measured on.
type evalKind int

const (
	// evalSplit: a comparison, validated on the training set's held-out
	// rows (lab.Split) and tested once on the test set when a run ends.
	evalSplit evalKind = iota
	// evalFolds: k-fold, validated on each fold's held-out rows.
	evalFolds
	// evalTest: a lesson file from before the split, whose runs were
	// validated, and their best epoch picked, on the test set.
	evalTest
)

// evalInfo is what a results table's runs are measured on, and how many
// images: validation (0 for lesson files saved before the count was) and
// test (0 until a run has been tested).
type evalInfo struct {
	kind              evalKind
	valRows, testRows int
}

// held reports whether the curves' validation images are held out of the
// training set, rather than the test set.
func (e evalInfo) held() bool { return e.kind != evalTest }

// resultColumns are the results table's headings for runs measured as e
// says: a comparison's test accuracy and its validation figures; k-fold's
// validation figures; an older file's test figures.
func resultColumns(e evalInfo) []string {
	switch e.kind {
	case evalFolds:
		return []string{T("Run"), T("Status"), T("Final val. accuracy"), T("Best val. accuracy"),
			T("Final val. loss"), T("Best val. loss"), T("Epochs to 95 %"), T("Time")}
	case evalTest:
		return []string{T("Run"), T("Status"), T("Final test accuracy"), T("Best test accuracy"),
			T("Final test loss"), T("Best test loss"), T("Epochs to 95 %"), T("Time")}
	}
	return []string{T("Run"), T("Status"), T("Test accuracy"), T("Final val. accuracy"),
		T("Final val. loss"), T("Best val. loss"), T("Epochs to 95 %"), T("Time")}
}

// evalSet says what the runs of s are measured on: k-fold (kfold set)
// validates on each fold; runs none of which is held out come from a
// lesson file older than the validation split; the rest are comparisons.
func evalSet(s *lab.Snapshot, kfold bool) evalInfo {
	e := evalInfo{kind: evalSplit}
	legacy := len(s.Runs) > 0
	for _, r := range s.Runs {
		legacy = legacy && !r.HeldOut
		if e.valRows == 0 {
			e.valRows = r.ValRows
		}
		e.testRows = max(e.testRows, r.TestRows)
	}
	switch {
	case kfold:
		e.kind = evalFolds
	case legacy:
		e.kind = evalTest
	}
	return e
}

// evalCaption says what the results table's figures are measured on.
func evalCaption(e evalInfo) string {
	n := e.valRows
	switch e.kind {
	case evalFolds:
		if n > 0 {
			return Tf("Validation: each fold's %s images, held out of its training.", lab.Thousands(n))
		}
		return T("Validation: each fold's images, held out of its training.")
	case evalTest:
		if n > 0 {
			return Tf("A lesson file from an older version: these runs were validated, and their best epoch picked, on the %s test images, so their test figures flatter them. Run them again for a fair test.", lab.Thousands(n))
		}
		return T("A lesson file from an older version: these runs were validated, and their best epoch picked, on the test images, so their test figures flatter them. Run them again for a fair test.")
	}
	val := T("Validation (curves, val. figures, best epoch): the training images held out of every run's training.")
	if n > 0 {
		val = Tf("Validation (curves, val. figures, best epoch): the last %s training images, held out of every run's training.", lab.Thousands(n))
	}
	test := T("Test accuracy: the final network (with early stopping, the restored one) on the test images, once training ends; no run trains or selects on them.")
	if e.testRows > 0 {
		test = Tf("Test accuracy: the final network (with early stopping, the restored one) on the %s test images, once training ends; no run trains or selects on them.", lab.Thousands(e.testRows))
	}
	return val + " " + test
}

// resultCell returns the text of row r, column c of the results table of
// runs measured as e says (resultColumns).
func resultCell(r lab.Result, c int, e evalInfo) string {
	loss := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.4f", v)
	}
	switch c {
	case 0:
		return runLabel(r.Label)
	case 1:
		return statusText(r)
	case 2:
		if e.kind == evalSplit {
			return percent(r.TestAccuracy)
		}
		return percent(r.FinalAccuracy)
	case 3:
		if e.kind == evalSplit {
			return percent(r.FinalAccuracy)
		}
		return percent(r.BestAccuracy)
	case 4:
		return loss(r.FinalLoss)
	case 5:
		if r.BestEpoch > 0 {
			return Tf("%s (epoch %d)", loss(r.BestLoss), r.BestEpoch)
		}
		return loss(r.BestLoss)
	case 6:
		if r.EpochsToReach == 0 {
			return T("not reached")
		}
		return fmt.Sprint(r.EpochsToReach)
	case 7:
		return fmt.Sprintf("%.1f s", r.Seconds)
	}
	return ""
}

func statusText(r lab.Result) string {
	switch r.Status {
	case lab.Waiting:
		return T("waiting")
	case lab.Training:
		return Tf("epoch %d", r.Epochs+1)
	case lab.Done:
		return T("done")
	case lab.Stopped:
		return Tf("stopped early (%d epochs)", r.Epochs)
	case lab.Diverged:
		return T("diverged (NaN)")
	}
	return T("failed")
}

// resultWidths are the results table's preferred column widths, in units
// at 1×; a narrower table shares its width in proportion (resultsGrid).
var resultWidths = []float32{190, 180, 130, 130, 110, 160, 110, 80}

// minResultRows is the number of results rows the Lessons tab keeps in
// view, however short the window, before it scrolls them.
const minResultRows = 4

// usefulResultRows is the number of results rows (a 5-fold run and its
// mean) the Lessons tab shows beside its charts; where they do not fit
// beside the charts, charts and table show in turn.
const usefulResultRows = 6

// resultCells returns the texts of the results table's rows, measured as
// e says.
func resultCells(rows []lab.Result, e evalInfo) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(resultColumns(e)))
		for c := range out[i] {
			out[i][c] = resultCell(r, c, e)
		}
	}
	return out
}
