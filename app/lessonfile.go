package app

import (
	"io"
	"strconv"
	"strings"

	"backproplab/nn/lab"
	"backproplab/nn/live"
)

// lessonExt is the lesson files' extension.
const lessonExt = ".bplesson"

// lessonState returns the lesson as the window shows it now, without the
// model (which the runner's goroutine provides). Call on the UI goroutine.
func (u *ui) lessonState() *lab.Lesson {
	les := &lab.Lesson{Config: lab.Config{Arch: u.sess.cfg.Arch, Settings: u.sess.cfg.Settings}}
	if u.tabs != nil {
		les.Layout.Tab = u.tabs.SelectedIndex()
	}
	p := u.presenter
	les.Layout.Scale, les.Layout.HighContrast, les.Layout.Panels = float64(p.scale), p.contrast, int(p.panels)
	if l := u.lessons; l != nil {
		l.saveTo(les)
	}
	return les
}

// saveTo records the Lessons tab in les.
func (l *lessons) saveTo(les *lab.Lesson) {
	les.Layout.View = "compare"
	if lessonView(l.mode.Load()) == viewOverfitting {
		les.Layout.View = "overfitting"
	}
	les.Layout.Run = int(l.sel.Load())
	src := l.src.Load()
	switch {
	case src != nil && src.kfold != nil:
		kf := *src.kfold
		les.KFold = &kf
	case src != nil:
		e := src.exp
		les.Experiment = &e
	default:
		if e, err := l.experiment(); err == nil {
			les.Experiment = &e
		}
	}
	if src != nil {
		les.Curves = src.snapshot()
	}
}

// saveLesson asks for a file and saves the lesson there atomically, with
// the current model.
func (u *ui) saveLesson() {
	les := u.lessonState()
	r := u.sess.runner
	u.saveFileAs("lesson"+lessonExt, lessonExt, eventLessonSaved, func(w io.Writer) error {
		if r != nil {
			les.Model = r.Model()
		}
		return lab.WriteLesson(w, les)
	})
}

// openLesson asks for a lesson file and restores it.
func (u *ui) openLesson() {
	u.openFile(lessonExt, eventLessonOpened, func(path string) (func(), error) {
		les, err := lab.LoadLesson(path)
		if err != nil {
			return nil, err
		}
		return func() { u.restoreLesson(les) }, nil
	})
}

// restoreLesson puts the window into the state les describes.
func (u *ui) restoreLesson(les *lab.Lesson) {
	if les.Plane != nil && u.play != nil && u.tabs != nil {
		u.selectScreen(u.play.vis)
		u.play.restoreLesson(les) // a Playground lesson
		return
	}
	cfg := live.Config{Arch: les.Config.Arch, Settings: les.Config.Settings}
	if m := les.Model; m != nil && m.Net.Arch.Inputs == 784 && m.Net.Arch.Outputs == 10 {
		m.Settings = les.Config.Settings
		cfg.Arch = m.Net.Arch
		u.loadModel(m)
	} else {
		u.sess.cfg = cfg
		saveConfig(u.sess.prefs, cfg)
		u.controls.show(cfg)
		if u.sess.runner != nil {
			u.sess.runner.Reset(cfg)
		}
	}
	if l := u.lessons; l != nil {
		l.restore(les)
	}
	p := u.presenter
	p.scale, p.contrast, p.panels = float32(max(les.Layout.Scale, 1)), les.Layout.HighContrast, panelPreset(les.Layout.Panels)
	p.apply()
	if u.tabs != nil && les.Layout.Tab >= 0 && les.Layout.Tab < len(u.tabs.Items) {
		u.tabs.SelectIndex(les.Layout.Tab)
	}
}

// restore shows les's experiment definition and curves so far.
func (l *lessons) restore(les *lab.Lesson) {
	l.stop()
	src := &lessonSource{}
	var base lab.Config
	switch {
	case les.KFold != nil:
		kf := *les.KFold
		src.kfold = &kf
		base = kf.Base
		l.folds.SetSelected(strconv.Itoa(kf.K))
		l.setPatience(kf.Patience)
	case les.Experiment != nil:
		e := *les.Experiment
		src.exp = e
		base = e.Base
		l.vary.SetSelectedIndex(variableIndex(e.Vary))
		l.values.SetText(strings.Join(e.Values, " "))
		l.setPatience(e.Patience)
		l.preset.ClearSelected()
		l.presetTitle.Hide()
		for i, p := range lab.Presets() {
			if p.ID == e.Name {
				l.preset.Selected = l.preset.Options[i]
				l.preset.Refresh()
				l.showPreset(i)
			}
		}
	default:
		base = les.Config
	}
	l.setBase(base)
	src.static = les.Curves
	if src.static == nil {
		src.static = &lab.Snapshot{}
	}
	l.setSource(src)
	if les.Layout.View == "overfitting" {
		l.view.SetSelected(T("Overfitting lab"))
	} else {
		l.view.SetSelected(T("Compare runs"))
	}
	if n := les.Layout.Run; n >= 0 && n < len(l.runSel.Options) {
		l.runSel.SetSelectedIndex(n)
	}
}

func (l *lessons) setPatience(p int) {
	l.early.SetChecked(p > 0)
	if p > 0 {
		l.patience.SetText(strconv.Itoa(p))
	}
}
