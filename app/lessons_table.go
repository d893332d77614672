package app

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

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

func (l *lessons) newTable() *widget.Table {
	cols := resultColumns()
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(l.rows), len(cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(l.rows) {
				o.(*widget.Label).SetText(resultCell(l.rows[id.Row], id.Col))
			}
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		lb := o.(*widget.Label)
		lb.TextStyle.Bold = true
		if id.Col >= 0 && id.Col < len(cols) {
			lb.SetText(cols[id.Col])
		}
	}
	setColumnWidths(t, 1)
	return t
}

// setColumnWidths sizes the results table's columns for a text scale.
func setColumnWidths(t *widget.Table, scale float32) {
	widths := []float32{190, 150, 130, 130, 110, 160, 110, 80}
	for i, w := range widths {
		t.SetColumnWidth(i, w*scale)
	}
}
