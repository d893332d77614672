package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/digit"
	"backproplab/nn/live"
	"backproplab/viz"
)

// The lessons that only the class's own data can teach: the gap between
// MNIST and the class's handwriting, fine-tuning and forgetting, and
// suspicious labels. Each opens a dialog whose numbers come from nn.

// ownData is what those lessons use: the screens' dependencies and the
// folder of the drawings saved from the Draw tab.
type ownData struct {
	*deps
	examplesDir string
	toTraining  func() // shows the Training tab; may be nil
}

// ownDataLessons returns those lessons, translated, for the Lessons tab.
func ownDataLessons(o *ownData) []toolLesson {
	return append([]toolLesson{
		{
			title: T("MNIST vs the class's handwriting"),
			hint:  T("Train on MNIST (an epoch is enough), save some drawings on the Draw tab, then open this: the network in training is tested on MNIST's test set and on every drawing the class saved, class by class. The gap is what MNIST does not teach about your handwriting."),
			open:  o.gapLesson,
		},
		{
			title: T("Fine-tune on the class's drawings"),
			hint:  T("Train on MNIST first. This keeps the network's weights and continues training on the class's drawings alone, then tests it on both MNIST and the drawings, before and after: the drawings improve, and MNIST may get worse (forgetting)."),
			open:  o.fineTuneLesson,
		},
		{
			title: T("Suspicious labels"),
			hint:  T("The training images the network in training finds least believable: the highest loss, where it confidently disagrees with the label. Flip some labels (backproplab train --label-noise) or import a folder with mistakes, train, and they gather here. Drop or relabel them, then train on."),
			open:  o.suspiciousLesson,
		},
	}, presetLessons(o)...)
}

// drawingsDataset reads every digit the class drew and saved as one
// dataset of the ten digits (drawings saved for other classes left out).
func (o *ownData) drawingsDataset() (*nn.Dataset, error) {
	exs, _, err := data.ReadDrawings(o.examplesDir)
	if err != nil {
		return nil, err
	}
	var pix, labels []uint8
	for _, ex := range exs {
		if len(ex.Classes) == 0 {
			pix = append(pix, ex.Pixels...)
			labels = append(labels, uint8(ex.Label))
		}
	}
	if len(labels) == 0 {
		return nil, errorf("No digits saved yet: draw digits on the Draw tab and save them as examples.")
	}
	return nn.NewDataset(pix, labels, digit.Pixels), nil
}

// trainedDigits returns the snapshot of the network in training when it
// has trained (or was opened) and reads the ten digits, or an error that
// says what to do first.
func (o *ownData) trainedDigits() (*live.Snapshot, error) {
	s := o.sess.snapshot()
	switch {
	case s == nil || o.sess.mnist == nil:
		return nil, errorf("The data is not loaded yet.")
	case s.Net.Arch.Outputs != 10 || s.Net.Arch.Inputs != digit.Pixels:
		return nil, errorf("The network in training does not read digits: choose MNIST in the dataset bar (Training tab) and train it first.")
	case s.Updates == 0 && !s.Loaded:
		return nil, errorf("The network in training is untrained: train it on MNIST first (an epoch is enough).")
	}
	return s, nil
}

// lessonError shows why a lesson cannot start.
func (o *ownData) lessonError(err error) {
	dialog.ShowInformation(T("Not yet"), dataErrorText(err), o.win)
}

// gapLesson tests the network in training on MNIST's test set and on the
// class's drawings, class by class.
func (o *ownData) gapLesson() {
	s, err := o.trainedDigits()
	if err == nil {
		var d *nn.Dataset
		if d, err = o.drawingsDataset(); err == nil {
			mnistTest := o.sess.mnist.Test
			names := viz.DigitNames(10)
			o.sess.bridge.Go(func(context.Context) func() {
				a := nn.Evaluate(s.Net, mnistTest)
				b := nn.Evaluate(s.Net, d)
				pa, pb := data.PerClass(a.Pred, mnistTest.Labels, names), data.PerClass(b.Pred, d.Labels, names)
				return func() { o.showGap(s, a, b, pa, pb) }
			})
			return
		}
	}
	o.lessonError(err)
}

// showGap shows the two evaluations side by side.
func (o *ownData) showGap(s *live.Snapshot, a, b *nn.Evaluation, pa, pb []data.ClassScore) {
	cells := []fyne.CanvasObject{bold(T("Class")), bold(T("MNIST test")), bold(T("The class's drawings")), bold(T("Gap"))}
	for c := range pa {
		gap := ""
		if pb[c].N > 0 {
			gap = fmt.Sprintf("%+.1f", 100*(pb[c].Accuracy-pa[c].Accuracy))
		}
		cells = append(cells, widget.NewLabel(pa[c].Class), widget.NewLabel(scoreText(pa[c])), widget.NewLabel(scoreText(pb[c])), widget.NewLabel(gap))
	}
	cells = append(cells, bold(T("All")), bold(fmt.Sprintf("%.1f %%", 100*a.Accuracy)), bold(fmt.Sprintf("%.1f %%", 100*b.Accuracy)),
		bold(fmt.Sprintf("%+.1f", 100*(b.Accuracy-a.Accuracy))))
	intro := wrapLabel(Tf("The network in training (epoch %.2f) on MNIST's %d test images and on the class's %d drawings. Gaps are in percentage points; a class with few drawings says little.", s.EpochsDone(), len(a.Pred), len(b.Pred)))
	body := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(container.NewGridWithColumns(4, cells...)))
	d := dialog.NewCustom(T("MNIST vs the class's handwriting"), T("Close"), body, o.win)
	d.Resize(fyne.NewSize(min(640, o.win.Canvas().Size().Width-40), min(600, o.win.Canvas().Size().Height-60)))
	d.Show()
}

// scoreText writes a class's accuracy with its count.
func scoreText(s data.ClassScore) string {
	if s.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %% (%d/%d)", 100*s.Accuracy, s.Correct, s.N)
}

// bold returns a bold label.
func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
