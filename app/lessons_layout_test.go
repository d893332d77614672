package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/lab"
)

// TestLessonsLayout runs a four-run comparison and lays the window out at
// every target: the results table shows its four rows without scrolling
// sideways, every cell's text stays inside its column, the legend under the
// charts names each run, and nothing in the tab is clipped.
func TestLessonsLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window and trains four runs")
	}
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			l := u.lessons
			l.preset.SetSelectedIndex(0) // optimisers: four runs
			l.epochs.SetText("2")
			l.size.SetText("300")
			l.early.SetChecked(true)
			l.patience.SetText("1")
			l.run.OnTapped()
			s := runToEnd(t, l)
			if len(s.Runs) != 4 || l.grid.rows() != 4 {
				t.Fatalf("%d runs, %d rows", len(s.Runs), l.grid.rows())
			}
			if n := len(l.legend.box.Objects); n != 4 {
				t.Errorf("the legend has %d entries, want one per run (4)", n)
			}
			if ch := l.lastL.Load(); ch.Legend == 0 && len(ch.Series) == 0 {
				t.Error("no chart to export")
			}
			// The runs are validated on held-out training images and
			// tested on the test set, and the table says so.
			nv, nt := lab.ValRows(u.sess.trainDS.N), u.sess.testDS.N
			if s.Runs[0].ValRows != nv || s.Runs[0].TestRows != nt {
				t.Errorf("validated on %d, tested on %d images; want %d held out, %d test", s.Runs[0].ValRows, s.Runs[0].TestRows, nv, nt)
			}
			if want := T("Test accuracy"); l.grid.cell(0, 2).Text != want || l.grid.cell(1, 2).Text != percent(s.Runs[0].TestAccuracy) {
				t.Errorf("heading %q over %q, want %q over %s", l.grid.cell(0, 2).Text, l.grid.cell(1, 2).Text, want, percent(s.Runs[0].TestAccuracy))
			}
			want := Tf("Validation (curves, val. figures, best epoch): the last %s training images, held out of every run's training.", lab.Thousands(nv)) + " " +
				Tf("Test accuracy: the final network (with early stopping, the restored one) on the %s test images, once training ends; no run trains or selects on them.", lab.Thousands(nt))
			if !l.summary.Visible() || l.summary.Text != want {
				t.Errorf("caption %q (shown %v), want %q", l.summary.Text, l.summary.Visible(), want)
			}
			for _, tg := range layoutTargets {
				t.Run(tg.String(), func(t *testing.T) {
					showAtTarget(u, tg)
					u.tabs.SelectIndex(4)
					l.poll(true)()
					layoutTwice(u)
					for _, prob := range clipProblems(u.win.Content(), "Lessons") {
						t.Error(prob)
					}
					if tg == (layoutTarget{1280, 800, 1}) && l.shareSwitch.Visible() {
						t.Error("at 1280×800 the charts and the results show in turn, not together")
					}
					if l.shareSwitch.Visible() {
						// In turn: the charts first, then the table alone.
						if !l.loss.Visible() || l.bottom.Visible() {
							t.Error("in turn, the charts do not show first")
						}
						l.shareSwitch.SetSelected(T("Results table"))
						layoutTwice(u)
						if l.loss.Visible() && l.share.Objects[0].Visible() {
							t.Error("the results table chosen, the charts still show")
						}
						for _, prob := range clipProblems(u.win.Content(), "Lessons") {
							t.Error(prob)
						}
					}
					checkResultsGrid(t, l.grid, l.results, u.tabs.Items[4].Content, tg.scale)
					l.shareSwitch.SetSelected(T("Charts"))
				})
			}
			u.presenter.setScale(1)
		})
	}
}

// presenterResultRows is the number of results rows that show whole at
// presenter scales on a 1280×800 screen, where the text is twice as large
// and a row wraps to three lines (the table scrolls for the rest).
const presenterResultRows = 2

// checkResultsGrid checks that the results table shows its headings and
// its rows (up to usefulResultRows, presenterResultRows when scaled) in its viewport, within the tab's own
// viewport (not below the fold of the tab's scroll), and that each cell's
// text fits its cell.
func checkResultsGrid(t *testing.T, g *resultsGrid, scroll *container.Scroll, tab fyne.CanvasObject, scale float32) {
	t.Helper()
	view := scroll.Size().Height
	want := min(g.rows(), usefulResultRows)
	if scale > 1 {
		want = min(g.rows(), presenterResultRows)
	}
	need := g.rowsHeight(want)
	if view+0.5 < need {
		t.Errorf("the results table shows %.0f of the %.0f its headings and first %d rows need", view, need, want)
	}
	d := fyne.CurrentApp().Driver()
	if bottom, fold := d.AbsolutePositionForObject(scroll).Y+need, d.AbsolutePositionForObject(tab).Y+tab.Size().Height; bottom > fold+0.5 {
		t.Errorf("the results table's first rows end at y = %.0f, below the tab's fold at %.0f", bottom, fold)
	}
	shown := 0
	for c := range g.cols {
		if g.cell(0, c).Visible() {
			shown++
		}
	}
	if shown < 3 {
		t.Errorf("only %d columns show", shown)
	}
	for r := 0; r <= g.rows(); r++ {
		for c := range g.cols {
			lb := g.cell(r, c)
			if !lb.Visible() {
				continue
			}
			if m := lb.MinSize(); m.Height > lb.Size().Height+0.5 {
				t.Errorf("cell %d,%d %q needs %.0f high, has %.0f", r, c, lb.Text, m.Height, lb.Size().Height)
			}
			if w := longestWord(lb); w > lb.Size().Width+0.5 {
				t.Errorf("cell %d,%d %q: a word %.0f wide in a %.0f-wide column", r, c, lb.Text, w, lb.Size().Width)
			}
			for n := c + 1; n < g.cols; n++ {
				if next := g.cell(r, n); next.Visible() {
					if lb.Position().X+lb.Size().Width > next.Position().X+0.5 {
						t.Errorf("cell %d,%d %q runs into column %d", r, c, lb.Text, n)
					}
					break
				}
			}
		}
	}
	if w := scroll.Size().Width; g.box.MinSize().Width > w+0.5 {
		t.Errorf("the table needs %.0f, has %.0f", g.box.MinSize().Width, w)
	}
}

// longestWord returns the width of the widest space-separated word of a
// label's text that is not Chinese (Chinese text breaks between any two
// characters).
func longestWord(lb *widget.Label) float32 {
	var w float32
	for _, word := range strings.Fields(lb.Text) {
		if []rune(word)[0] < 0x2e80 {
			w = max(w, fyne.MeasureText(word, theme.TextSize(), lb.TextStyle).Width+2*theme.InnerPadding())
		}
	}
	return w
}
