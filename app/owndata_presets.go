package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/data"
)

// The label-noise and class-imbalance presets: the dataset trained on,
// with some training labels flipped or most of one class's training
// images left out (the test set stays clean), so that the training curves
// and the confusion matrix show what wrong or scarce labels cost.

// Fractions the presets offer; 0 % flipped and 100 % kept go back to the
// clean dataset.
var (
	noiseFractions = []float64{0, 0.1, 0.2, 0.4, 0.6}
	keepFractions  = []float64{1, 0.5, 0.2, 0.05, 0.01}
)

// presetLessons returns the two presets as lessons.
func presetLessons(o *ownData) []toolLesson {
	return []toolLesson{
		{
			title: T("Label noise"),
			hint:  T("Trains on the current dataset with a share of its training labels flipped to another class; the test set stays clean. Watch the training accuracy stall below the test accuracy (the wrong labels cannot be learnt, until the network memorises them), then evaluate on the Inside the network tab: the confusion matrix stays mostly diagonal."),
			open:  o.labelNoisePreset,
		},
		{
			title: T("Class imbalance"),
			hint:  T("Trains on the current dataset keeping only a share of one class's training images; the test set keeps them all. Watch the curves, then evaluate on the Inside the network tab: that class's row of the confusion matrix leaks into the other classes, and its recall falls."),
			open:  o.imbalancePreset,
		},
	}
}

// presetBase returns the dataset a preset starts from: the clean one the
// current preset was made from, or the dataset trained on.
func (o *ownData) presetBase() (*data.Set, error) {
	s := o.sess
	if s.trainDS == nil || s.runner == nil {
		return nil, errorf("The data is not loaded yet.")
	}
	if s.presetOf != nil {
		return s.presetOf, nil
	}
	set := &data.Set{Info: s.info, Train: s.trainDS, Test: s.testDS}
	if set.Regression() || len(set.Info.Classes) < 2 {
		return nil, errorf("This dataset has no classes to learn.")
	}
	return set, nil
}

// percents words fractions as percentages.
func percents(fs []float64) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%g %%", 100*f)
	}
	return out
}

// labelNoisePreset asks what share of the labels to flip, then trains on
// the result.
func (o *ownData) labelNoisePreset() {
	base, err := o.presetBase()
	if err != nil {
		o.lessonError(err)
		return
	}
	frac := newSelect(percents(noiseFractions), nil)
	frac.SetSelectedIndex(2)
	items := []*widget.FormItem{
		widget.NewFormItem(T("Dataset"), widget.NewLabel(imageSetTitle(base.Info.Name))),
		widget.NewFormItem(T("Labels flipped"), frac),
	}
	o.presetForm(T("Label noise"), items, func() {
		f := noiseFractions[max(frac.SelectedIndex(), 0)]
		set, err := data.WithLabelNoise(base, f, o.sess.cfg.Settings.Seed)
		desc := Tf("%g %% of the training labels flipped", 100*f)
		o.usePreset(base, set, desc, err)
	})
}

// imbalancePreset asks which class to thin out and how much, then trains
// on the result.
func (o *ownData) imbalancePreset() {
	base, err := o.presetBase()
	if err != nil {
		o.lessonError(err)
		return
	}
	class := newSelect(base.Info.Classes, nil)
	class.SetSelectedIndex(min(3, len(base.Info.Classes)-1))
	keep := newSelect(percents(keepFractions), nil)
	keep.SetSelectedIndex(3)
	items := []*widget.FormItem{
		widget.NewFormItem(T("Dataset"), widget.NewLabel(imageSetTitle(base.Info.Name))),
		widget.NewFormItem(T("Class"), class),
		widget.NewFormItem(T("Training images kept"), keep),
	}
	o.presetForm(T("Class imbalance"), items, func() {
		c, f := max(class.SelectedIndex(), 0), keepFractions[max(keep.SelectedIndex(), 0)]
		set, err := data.WithImbalance(base, c, f, o.sess.cfg.Settings.Seed)
		desc := Tf("only %g %% of “%s”'s training images kept", 100*f, base.Info.Classes[c])
		o.usePreset(base, set, desc, err)
	})
}

// presetForm shows a preset's choices; Train calls use.
func (o *ownData) presetForm(title string, items []*widget.FormItem, use func()) {
	items = append(items, widget.NewFormItem("", wrapLabel(T("The network starts over on these data, paused: press Train, watch the curves, then Evaluate on the Inside the network tab. 0 % flipped or 100 % kept goes back to the clean data."))))
	f := dialog.NewForm(title, T("Train on it"), T("Cancel"), items, func(ok bool) {
		if ok {
			use()
		}
	}, o.win)
	f.Resize(fyne.NewSize(min(560, o.win.Canvas().Size().Width-40), 0))
	f.Show()
}

// usePreset starts the run over on set, made from base as desc says,
// after asking when training would be lost, and shows the Training tab.
func (o *ownData) usePreset(base, set *data.Set, desc string, err error) {
	if err != nil {
		o.lessonError(err)
		return
	}
	clean := set.Train.N == base.Train.N && slices.Equal(set.Train.Labels, base.Train.Labels)
	if clean {
		set = base // nothing changed: back to the clean dataset
	}
	o.confirmDataset(set, func() {
		if err := o.sess.useSet(set); err != nil {
			o.lessonError(err)
			return
		}
		if !clean {
			o.sess.presetOf, o.sess.preset = base, desc
		}
		for _, f := range o.sess.onSet {
			f() // the dataset bar names the preset
		}
		if o.toTraining != nil {
			o.toTraining()
		}
	})
}
