package app

import (
	"fmt"
	"math"

	"backproplab/nn/lab"
	"backproplab/viz"
)

// lessonView selects what the Lessons tab's charts show.
type lessonView int32

const (
	viewCompare     lessonView = iota // every run overlaid
	viewOverfitting                   // one run: gap shaded, best epoch marked
)

// compareCharts overlays every run's training (dashed) and validation
// (solid) curves, one colour-blind-safe colour per run.
// held names the validation curves "validation", else (the test set) "test".
func compareCharts(s *lab.Snapshot, held bool) (loss, acc viz.Chart) {
	var ls, as []viz.Series
	for i, ru := range s.Runs {
		var tx, tl, ta []float64
		for _, p := range ru.Train {
			tx, tl, ta = append(tx, p.Epoch), append(tl, p.Loss), append(ta, p.Accuracy)
		}
		vx, vl, va := valCurves(ru)
		tr := Tf("%s (training)", runLabel(ru.Label))
		va2 := Tf("%s (test)", runLabel(ru.Label))
		if held {
			va2 = Tf("%s (validation)", runLabel(ru.Label))
		}
		ls = append(ls, viz.Series{Name: tr, X: tx, Y: tl, Style: viz.StyleDashed, Color: i},
			viz.Series{Name: va2, X: vx, Y: vl, Style: viz.StylePoints, Color: i})
		as = append(as, viz.Series{Name: tr, X: tx, Y: ta, Style: viz.StyleDashed, Color: i},
			viz.Series{Name: va2, X: vx, Y: va, Style: viz.StylePoints, Color: i})
	}
	zero, one := 0.0, 1.0
	xmax := maxEpochs(s)
	loss = viz.Chart{Title: T("Loss"), XLabel: T("epoch"), YLabel: T("loss"), Series: ls, XMin: &zero, XMax: &xmax, YMin: &zero}
	acc = viz.Chart{Title: T("Accuracy"), XLabel: T("epoch"), YLabel: T("accuracy"), Series: as, XMin: &zero, XMax: &xmax, YMax: &one, Legend: viz.LegendBottomRight}
	return loss, acc
}

// gapCharts shows run i's epoch-end training and validation curves with
// the generalisation gap shaded and a marker at the best validation epoch;
// once the run is tested, its title ends with the test accuracy.
func gapCharts(s *lab.Snapshot, i int, held bool) (loss, acc viz.Chart) {
	zero, one := 0.0, 1.0
	xmax := maxEpochs(s)
	loss = viz.Chart{Title: T("Loss"), XLabel: T("epoch"), YLabel: T("loss"), XMin: &zero, XMax: &xmax, YMin: &zero}
	acc = viz.Chart{Title: T("Accuracy"), XLabel: T("epoch"), YLabel: T("accuracy"), XMin: &zero, XMax: &xmax, YMax: &one, Legend: viz.LegendBottomRight}
	if i < 0 || i >= len(s.Runs) {
		return loss, acc
	}
	ru := s.Runs[i]
	var x, tl, ta []float64
	for _, e := range ru.Epochs {
		x, tl, ta = append(x, float64(e.Epoch)), append(tl, e.TrainLoss), append(ta, e.TrainAccuracy)
	}
	_, vl, va := valCurves(ru)
	gap := [2]int{0, 1}
	val, best := T("test"), T("best test loss at epoch %d")
	if held {
		val, best = T("validation"), T("best validation loss at epoch %d")
	}
	loss.Series = []viz.Series{
		{Name: T("training"), X: x, Y: tl, Style: viz.StylePoints, Color: 0},
		{Name: val, X: x, Y: vl, Style: viz.StylePoints, Color: 1},
	}
	acc.Series = []viz.Series{
		{Name: T("training"), X: x, Y: ta, Style: viz.StylePoints, Color: 0},
		{Name: val, X: x, Y: va, Style: viz.StylePoints, Color: 1},
	}
	loss.Shade, acc.Shade = &gap, &gap
	title := Tf("%s: generalisation gap shaded", runLabel(ru.Label))
	if ru.BestEpoch > 0 {
		b := float64(ru.BestEpoch)
		loss.Marker, acc.Marker = &b, &b
		title += " — " + fmt.Sprintf(best, ru.BestEpoch)
	}
	if ru.TestRows > 0 {
		if ru.Restored {
			title += " — " + Tf("restored network's test accuracy %s", percent(ru.TestAccuracy))
		} else {
			title += " — " + Tf("final network's test accuracy %s", percent(ru.TestAccuracy))
		}
	}
	loss.Title = title
	return loss, acc
}

func valCurves(ru lab.RunState) (x, loss, acc []float64) {
	for _, e := range ru.Epochs {
		x, loss, acc = append(x, float64(e.Epoch)), append(loss, e.ValLoss), append(acc, e.ValAccuracy)
	}
	return x, loss, acc
}

func maxEpochs(s *lab.Snapshot) float64 {
	m := 1.0
	for _, ru := range s.Runs {
		m = math.Max(m, float64(ru.Config.Settings.Epochs))
	}
	return m
}

// runLabel translates the parts of an engine run label that are words.
func runLabel(l string) string {
	for _, w := range []string{N(" images"), N(" hidden units"), N(" hidden layers"), N("cross-entropy"), N("fold "), N("batch ")} {
		if n := len(w); len(l) >= n {
			switch {
			case l[len(l)-n:] == w:
				return l[:len(l)-n] + T(w)
			case l[:n] == w:
				return T(w) + l[n:]
			}
		}
	}
	return l
}

// foldSummary returns "mean ± sd" of the final validation accuracies when
// every run is a finished k-fold fold, or "".
func foldSummary(s *lab.Snapshot, kfold bool) string {
	if !kfold || len(s.Runs) == 0 {
		return ""
	}
	sum := lab.Summarize(lab.FinalAccuracies(lab.Results(s)))
	if sum.N == 0 {
		return ""
	}
	text := Tf("Validation accuracy over %d folds: %.2f %% ± %.2f %% (mean ± standard deviation)", sum.N, 100*sum.Mean, 100*sum.SD)
	if !s.Finished() {
		text += " " + T("(so far)")
	}
	return text
}

// percent formats a fraction as a percentage, or "–" for NaN.
func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f %%", 100*v)
}

// chartsLegend returns the shared legend of the Lessons charts of snapshot
// s, whose loss chart is lc, and the note under it: how the line styles
// read in the comparison; the run and its best epoch in the overfitting
// view.
func chartsLegend(s *lab.Snapshot, lc viz.Chart, overfitting, held bool, th viz.Theme) ([]legendItem, string) {
	if overfitting {
		var names []string
		var colors []int
		for _, se := range lc.Series {
			names, colors = append(names, se.Name), append(colors, se.Color)
		}
		return legendItems(names, colors, th), lc.Title
	}
	var runs []string
	var colors []int
	for i, ru := range s.Runs {
		runs, colors = append(runs, runLabel(ru.Label)), append(colors, i)
	}
	if held {
		return legendItems(runs, colors, th), T("Dashed: training. Solid with dots: validation.")
	}
	return legendItems(runs, colors, th), T("Dashed: training. Solid with dots: test.")
}

// legendKey identifies a legend, to tell whether it changed.
func legendKey(items []legendItem, note string) string {
	k := note
	for _, it := range items {
		r, g, b, a := it.col.RGBA()
		k += fmt.Sprintf("|%s#%x%x%x%x", it.name, r, g, b, a)
	}
	return k
}
