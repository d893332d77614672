package app

import (
	"io"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/lab"
)

// lessonBar returns the Playground's lesson controls: the built-in 2D
// lessons, one click each, and saving and opening lesson files.
func (p *playground) lessonBar() fyne.CanvasObject {
	presets := lab.PlanePresets()
	names := make([]string, len(presets))
	for i, pr := range presets {
		names[i] = T(pr.Title)
	}
	sel := newSelect(names, nil)
	p.lessonSel = sel
	sel.PlaceHolder = T("Lesson…")
	sel.OnChanged = func(string) {
		if i := sel.SelectedIndex(); i >= 0 {
			pr := presets[i]
			if err := p.applyLesson(pr.Plane, pr.Config); err != nil {
				p.showError(err)
				return
			}
			p.info.SetText(T(pr.Hint))
		}
	}
	releaseAfterPick(sel)
	save := widget.NewButtonWithIcon(T("Save lesson…"), theme.DocumentSaveIcon(), p.saveLesson)
	open := widget.NewButtonWithIcon(T("Open lesson…"), theme.FolderOpenIcon(), p.openLesson)
	return container.NewVBox(sel, newPgFlow(save, open)) // stacked in a narrow column
}

// showError shows err above the diagram.
func (p *playground) showError(err error) {
	p.errText.SetText(err.Error())
	p.errText.Show()
}

// lesson returns the Playground as a lesson: its dataset, network and
// settings.
func (p *playground) lesson() *lab.Lesson {
	pl := lab.NewPlane(p.spec, p.drawn)
	a := nn.Arch{Hidden: slices.Clone(p.hidden), Activation: p.lastAct(), Activations: slices.Clone(p.acts)}
	if set := p.data.Load(); set != nil {
		cfg := p.config(set)
		a = cfg.Arch
	}
	return &lab.Lesson{Config: lab.Config{Arch: a, Settings: p.set}, Plane: &pl}
}

// saveLesson asks for a file and saves the Playground's lesson there.
func (p *playground) saveLesson() {
	les := p.lesson()
	if les.Config.Arch.Inputs == 0 {
		p.showError(errorf("No training points."))
		return
	}
	p.saveFileAs("playground"+lessonExt, lessonExt, eventLessonSaved, func(w io.Writer) error { return lab.WriteLesson(w, les) })
}

// openLesson asks for a lesson file and applies its 2D lesson.
func (p *playground) openLesson() {
	p.openFile(lessonExt, eventLessonOpened, func(path string) (func(), error) {
		les, err := lab.LoadLesson(path)
		if err != nil {
			return nil, err
		}
		if les.Plane == nil {
			return nil, errorf("This lesson is not a Playground lesson: open it with File → Open lesson.")
		}
		return func() {
			if err := p.applyLesson(*les.Plane, les.Config); err != nil {
				p.showError(err)
			}
		}, nil
	})
}

// restoreLesson applies the 2D lesson les (File → Open lesson of a
// Playground lesson; the window shows the Playground's tab).
func (p *playground) restoreLesson(les *lab.Lesson) {
	if err := p.applyLesson(*les.Plane, les.Config); err != nil {
		p.showError(err)
	}
}

// applyLesson sets the dataset, network and settings of a 2D lesson and
// starts a new run with them (the run shown is replaced).
func (p *playground) applyLesson(pl lab.Plane, cfg lab.Config) error {
	spec, err := pl.Spec()
	if err != nil {
		return err
	}
	a := cfg.Arch
	if len(a.Hidden) > pgMaxLayers || slices.ContainsFunc(a.Hidden, func(n int) bool { return n < 1 || n > pgMaxNeurons }) {
		return errorf("The Playground shows at most %d hidden layers of %d neurons.", pgMaxLayers, pgMaxNeurons)
	}
	if err := cfg.Settings.Validate(); err != nil {
		return err
	}
	p.spec, p.drawn = spec, slices.Clone(pl.Drawn)
	p.hidden = slices.Clone(a.Hidden)
	p.acts, p.drops = make([]nn.Activation, len(a.Hidden)), make([]float64, len(a.Hidden))
	for l := range a.Hidden {
		p.acts[l] = a.Act(l)
		if l < len(a.Dropout) {
			p.drops[l] = a.Dropout[l]
		}
	}
	p.set = cfg.Settings
	p.ready = false // the new controls' initial values rebuild nothing
	p.left.Content = p.dataPanel()
	p.left.Refresh()
	p.ready = true
	p.refreshLayers()
	p.rebuild()
	return nil
}

// selectValue selects v in s, adding it to the options when missing.
func selectValue(s *widget.Select, v string) {
	if !slices.Contains(s.Options, v) {
		s.Options = append(s.Options, v)
	}
	s.SetSelected(v)
}

// formatSetting formats a setting's value as the Playground lists it.
func formatSetting(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
