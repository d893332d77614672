package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"backproplab/nn/lab"
)

// runToEnd waits for the Lessons tab's experiment to start and finish,
// snapshot by snapshot, and renders it.
func runToEnd(t *testing.T, l *lessons) *lab.Snapshot {
	t.Helper()
	l.bridge.Settle() // the job that builds the experiment
	src := l.src.Load()
	if src == nil || src.runner == nil {
		t.Fatalf("no experiment is running; message %q", l.message.Text)
	}
	timeout := time.After(testTimeout)
	for !src.runner.Snapshot().Finished() {
		select {
		case <-src.runner.Changed():
		case <-timeout:
			t.Fatal("experiment did not finish")
		}
	}
	if apply := l.poll(true); apply != nil {
		apply()
	}
	return src.runner.Snapshot()
}

func TestLessonsPresetRun(t *testing.T) {
	u := newTestUI(t)
	l := u.lessons
	l.loss.Resize(fyne.NewSize(300, 200))
	l.acc.Resize(fyne.NewSize(300, 200))
	l.preset.SetSelectedIndex(4) // Regularisation: L2 off vs on
	if l.values.Text != "0 0.001" || l.epochs.Text != "60" || l.size.Text != "1000" {
		t.Fatalf("preset filled values %q, epochs %q, size %q", l.values.Text, l.epochs.Text, l.size.Text)
	}
	if lessonView(l.mode.Load()) != viewOverfitting {
		t.Error("the L2 preset did not open the overfitting view")
	}
	l.epochs.SetText("3")
	l.size.SetText("300")
	l.run.OnTapped()
	s := runToEnd(t, l)
	if len(s.Runs) != 2 || len(s.Runs[0].Epochs) != 3 {
		t.Fatalf("%d runs, %d epochs", len(s.Runs), len(s.Runs[0].Epochs))
	}
	if len(l.rows) != 2 || l.rows[1].Label != "L2 0.001" {
		t.Fatalf("table rows %+v", l.rows)
	}
	if got := resultCell(l.rows[0], 2, evalSet(s, false)); !strings.HasSuffix(got, " %") {
		t.Errorf("accuracy cell %q", got)
	}
	if l.loss.img.Image == nil || l.acc.img.Image == nil {
		t.Error("charts were not drawn")
	}
	ch := l.lastL.Load()
	if ch.Shade == nil || ch.Marker == nil || *ch.Marker != float64(s.Runs[0].BestEpoch) {
		t.Errorf("overfitting chart lacks the shaded gap or the best-epoch marker: %+v", ch)
	}
	// The compare view overlays both runs, training and validation.
	l.view.SetSelected(T("Compare runs"))
	l.poll(true)()
	if n := len(l.lastL.Load().Series); n != 4 {
		t.Errorf("compare chart has %d series, want 4", n)
	}
	var buf bytes.Buffer
	if err := lab.WriteResultsCSV(&buf, l.rows); err != nil || strings.Count(buf.String(), "\n") != 3 {
		t.Errorf("CSV %q, %v", buf.String(), err)
	}
}

func TestLessonsBadInput(t *testing.T) {
	u := newTestUI(t)
	l := u.lessons
	for _, tc := range []struct{ values, epochs, want string }{
		{"0.1", "2", "2 to 4 values"},
		{"0.1 0.2 0.3 0.4 0.5", "2", "2 to 4 values"},
		{"0.1 fast", "2", "fast"},
		{"0.1 0.2", "0", "epochs"},
	} {
		l.vary.SetSelectedIndex(variableIndex(lab.VaryLR))
		l.values.SetText(tc.values)
		l.epochs.SetText(tc.epochs)
		l.run.OnTapped()
		if !l.message.Visible() || !strings.Contains(l.message.Text, tc.want) {
			t.Errorf("values %q epochs %q: message %q, want %q", tc.values, tc.epochs, l.message.Text, tc.want)
		}
	}
}

func TestLessonsKFold(t *testing.T) {
	u := newTestUI(t)
	l := u.lessons
	l.epochs.SetText("1")
	l.size.SetText("300")
	l.folds.SetSelected("3")
	l.kfoldRun.OnTapped()
	s := runToEnd(t, l)
	if len(s.Runs) != 3 {
		t.Fatalf("%d folds, want 3", len(s.Runs))
	}
	if s.Threads != lessonThreads() {
		t.Errorf("the folds trained %d at a time, want %d (lessonThreads)", s.Threads, lessonThreads())
	}
	if !strings.Contains(l.summary.Text, "3 folds") || !strings.Contains(l.summary.Text, "±") {
		t.Errorf("summary %q", l.summary.Text)
	}
}

// TestLessonFileRoundTrip saves a lesson from one window and opens it in a
// fresh one: the settings, experiment, curves, view and presenter settings
// come back.
func TestLessonFileRoundTrip(t *testing.T) {
	u := newTestUI(t)
	l := u.lessons
	l.preset.SetSelectedIndex(0)
	l.epochs.SetText("1")
	l.size.SetText("200")
	l.early.SetChecked(true)
	l.patience.SetText("4")
	l.run.OnTapped()
	runToEnd(t, l)
	l.view.SetSelected(T("Overfitting lab"))
	l.runSel.SetSelectedIndex(2)
	p := u.presenter
	p.scale, p.panels = 1.5, panelsNoSide
	p.apply()
	u.tabs.SelectIndex(len(u.tabs.Items) - 1)
	les := u.lessonState()
	les.Model = u.sess.runner.Model()
	var buf bytes.Buffer
	if err := lab.WriteLesson(&buf, les); err != nil {
		t.Fatal(err)
	}
	got, err := lab.ReadLesson(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}

	v := newTestUI(t)
	v.restoreLesson(got)
	m := v.lessons
	if m.values.Text != "gd@0.1 sgd@0.01 sgd@0.1 adam@0.001" || m.epochs.Text != "1" || m.size.Text != "200" {
		t.Errorf("form: values %q epochs %q size %q", m.values.Text, m.epochs.Text, m.size.Text)
	}
	if !m.early.Checked || m.patience.Text != "4" {
		t.Errorf("early stopping %v patience %q", m.early.Checked, m.patience.Text)
	}
	if m.preset.Selected != l.preset.Selected {
		t.Errorf("preset %q, want %q", m.preset.Selected, l.preset.Selected)
	}
	if lessonView(m.mode.Load()) != viewOverfitting || m.sel.Load() != 2 {
		t.Errorf("view %d run %d, want overfitting, run 2", m.mode.Load(), m.sel.Load())
	}
	want, have := l.src.Load().snapshot(), m.src.Load().snapshot()
	if len(have.Runs) != 4 || have.Runs[3].Epochs[0] != want.Runs[3].Epochs[0] {
		t.Errorf("curves did not come back: %+v", have.Runs)
	}
	if q := v.presenter; q.scale != 1.5 || q.panels != panelsNoSide || v.controls.content.Visible() {
		t.Errorf("presenter scale %v panels %v, side panel visible %v", q.scale, q.panels, v.controls.content.Visible())
	}
	if v.tabs.SelectedIndex() != len(v.tabs.Items)-1 {
		t.Errorf("tab %d", v.tabs.SelectedIndex())
	}
	if v.sess.cfg.Settings != u.sess.cfg.Settings {
		t.Errorf("settings %+v, want %+v", v.sess.cfg.Settings, u.sess.cfg.Settings)
	}
}

func TestPresenterTheme(t *testing.T) {
	u := newTestUI(t)
	base := u.app.Settings().Theme()
	p := u.presenter
	p.scale, p.contrast = 2, true
	p.apply()
	th := u.app.Settings().Theme()
	if got, want := th.Size(theme.SizeNameText), 2*base.Size(theme.SizeNameText); got != want {
		t.Errorf("text size %v, want %v", got, want)
	}
	if r, g, b, _ := th.Color(theme.ColorNameBackground, theme.VariantDark).RGBA(); r|g|b != 0 {
		t.Error("high-contrast dark background is not black")
	}
	if r, g, b, _ := th.Color(theme.ColorNameBackground, theme.VariantLight).RGBA(); r&g&b != 0xffff {
		t.Error("high-contrast light background is not white")
	}
	if ct := p.chartTheme(); ct.TextSize < 2*12 || ct.LineScale < 2 {
		t.Errorf("chart theme text %v lines %v, want scaled", ct.TextSize, ct.LineScale)
	}
	p.scale, p.contrast = 1, false
	p.apply()
	if u.app.Settings().Theme() != base {
		t.Error("turning presenter mode off did not restore the theme")
	}
}
