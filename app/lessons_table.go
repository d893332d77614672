package app

import (
	"fmt"
	"math"

	"backproplab/nn/lab"
)

// resultColumns are the results table's headings.
func resultColumns() []string {
	return []string{T("Run"), T("Status"), T("Final val. accuracy"), T("Best val. accuracy"),
		T("Final val. loss"), T("Best val. loss"), T("Epochs to 95 %"), T("Time")}
}

// resultCell returns the text of row r, column c of the results table.
func resultCell(r lab.Result, c int) string {
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
		return percent(r.FinalAccuracy)
	case 3:
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

// resultCells returns the texts of the results table's rows.
func resultCells(rows []lab.Result) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(resultColumns()))
		for c := range out[i] {
			out[i][c] = resultCell(r, c)
		}
	}
	return out
}
