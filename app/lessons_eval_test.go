package app

import (
	"strings"
	"testing"

	"backproplab/nn/lab"
)

// TestEvalCaption checks that the Lessons table names what its figures are
// measured on, in both languages: a comparison's test accuracy and
// validation figures, k-fold's validation folds, an older file's test-set
// validation; every heading says "test" exactly where its cells show a
// test figure, and the caption gives the sizes when known.
func TestEvalCaption(t *testing.T) {
	defer resetLanguage()
	// Distinct figures, so that a cell tells which it shows.
	ep := []lab.EpochPoint{{Epoch: 1, ValLoss: 0.5, ValAccuracy: 0.91}, {Epoch: 2, ValLoss: 0.4, ValAccuracy: 0.92}, {Epoch: 3, ValLoss: 0.45, ValAccuracy: 0.93}}
	split := lab.RunState{Status: lab.Done, Epochs: ep, BestEpoch: 2, ValRows: 6000, HeldOut: true, TestRows: 10000, TestLoss: 0.61, TestAccuracy: 0.87}
	running := split
	running.Status, running.TestRows, running.TestLoss, running.TestAccuracy = lab.Training, 0, 0, 0
	fold := lab.RunState{Status: lab.Done, Epochs: ep, BestEpoch: 2, ValRows: 1200, HeldOut: true}
	old := lab.RunState{Status: lab.Done, Epochs: ep, BestEpoch: 2, ValRows: 10000}
	words := map[string][2]string{"en": {"test", "val."}, "zh-Hans": {"测试", "验证"}}
	for _, code := range []string{"en", "zh-Hans"} {
		setLanguage(code)
		testWord, valWord := words[code][0], words[code][1]
		for _, c := range []struct {
			name    string
			runs    []lab.RunState
			kfold   bool
			kind    evalKind
			caption string
			test    map[int]bool // the columns that show test figures
		}{
			{"comparison", []lab.RunState{split, split}, false, evalSplit,
				Tf("Validation (curves, val. figures, best epoch): the last %s training images, held out of every run's training.", lab.Thousands(6000)) + " " +
					Tf("Test accuracy: the final network (with early stopping, the restored one) on the %s test images, once training ends; no run trains or selects on them.", lab.Thousands(10000)),
				map[int]bool{2: true}},
			{"comparison training", []lab.RunState{running}, false, evalSplit,
				Tf("Validation (curves, val. figures, best epoch): the last %s training images, held out of every run's training.", lab.Thousands(6000)) + " " +
					T("Test accuracy: the final network (with early stopping, the restored one) on the test images, once training ends; no run trains or selects on them."),
				map[int]bool{2: true}},
			{"k-fold", []lab.RunState{fold}, true, evalFolds, Tf("Validation: each fold's %s images, held out of its training.", lab.Thousands(1200)), nil},
			{"k-fold from an old file", []lab.RunState{{HeldOut: true}}, true, evalFolds, T("Validation: each fold's images, held out of its training."), nil},
			{"comparison from an old file", []lab.RunState{old}, false, evalTest,
				Tf("A lesson file from an older version: these runs were validated, and their best epoch picked, on the %s test images, so their test figures flatter them. Run them again for a fair test.", lab.Thousands(10000)),
				map[int]bool{2: true, 3: true, 4: true, 5: true}},
			{"nothing yet", nil, false, evalSplit,
				T("Validation (curves, val. figures, best epoch): the training images held out of every run's training.") + " " +
					T("Test accuracy: the final network (with early stopping, the restored one) on the test images, once training ends; no run trains or selects on them."),
				map[int]bool{2: true}},
		} {
			s := &lab.Snapshot{Runs: c.runs}
			e := evalSet(s, c.kfold)
			if e.kind != c.kind {
				t.Errorf("%s %s: kind %d, want %d", code, c.name, e.kind, c.kind)
			}
			if got := evalCaption(e); got != c.caption {
				t.Errorf("%s %s: caption %q, want %q", code, c.name, got, c.caption)
			}
			heads := resultColumns(e)
			for col := 2; col <= 5; col++ {
				h := strings.ToLower(strings.ReplaceAll(heads[col], string(hairSpace), "")) // Chinese has hair spaces for wrapping
				if strings.Contains(h, testWord) != c.test[col] || strings.Contains(h, valWord) == c.test[col] {
					t.Errorf("%s %s: heading %d %q; test figures: %v", code, c.name, col, heads[col], c.test[col])
				}
			}
			if len(c.runs) == 0 || len(c.runs[0].Epochs) == 0 {
				continue
			}
			// The cells under a test heading hold test figures.
			cells := resultCells(lab.Results(s), e)[0]
			r := c.runs[0]
			switch c.kind {
			case evalSplit:
				want := "–"
				if r.TestRows > 0 {
					want = percent(r.TestAccuracy)
				}
				if cells[2] != want || cells[3] != percent(r.Epochs[2].ValAccuracy) {
					t.Errorf("%s %s: cells %q, want test %s, final val. %s", code, c.name, cells, want, percent(r.Epochs[2].ValAccuracy))
				}
			default:
				if cells[2] != percent(r.Epochs[2].ValAccuracy) || cells[3] != percent(0.93) {
					t.Errorf("%s %s: cells %q", code, c.name, cells)
				}
			}
		}
	}
}
