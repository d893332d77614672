package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/viz"
)

// fineTuneEpochs is how many epochs one press of the fine-tune button
// trains on the drawings.
const fineTuneEpochs = 5

// suspectsShown is how many suspicious training images the lesson shows.
const suspectsShown = 24

// keepWeights makes set the data trained on while keeping the network's
// weights, as fine-tuning does: the run starts over on set from the
// current weights. Call on the UI goroutine.
func (o *ownData) keepWeights(set *data.Set) error {
	r := o.sess.runner
	m := r.Model()
	if m == nil {
		return errorf("The data is not loaded yet.")
	}
	if err := o.sess.useSet(set); err != nil {
		return err
	}
	r.Load(m)
	return nil
}

// fineTuneLesson continues training the network in training on the
// class's drawings and compares it before and after on MNIST and on the
// drawings.
func (o *ownData) fineTuneLesson() {
	s, err := o.trainedDigits()
	if err != nil {
		o.lessonError(err)
		return
	}
	exs, _, err := data.ReadDrawings(o.examplesDir)
	var set *data.Set
	if err == nil {
		set, err = data.FromDrawings(exs, nil, drawingsSplit, o.sess.cfg.Settings.Seed)
	}
	if err != nil {
		o.lessonError(err)
		return
	}
	mnistTest := o.sess.mnist.Test
	start := func() {
		before := s.Net
		if err := o.keepWeights(set); err != nil {
			o.lessonError(err)
			return
		}
		o.showFineTune(before, mnistTest, set)
	}
	confirmDiscard(o.win, T("Fine-tune on the class's drawings?"),
		Tf("The network keeps its weights and goes on training on the class's drawings alone (%d for training, %d for testing). The curves and timeline start again. Save the model first (File → Save model…) to keep the MNIST version.", set.Train.N, set.Test.N),
		T("Fine-tune"), start)
}

// tuneRow is one line of the fine-tune table: a test set and the
// network's accuracy on it before and now.
type tuneRow struct {
	name        string
	d           *nn.Dataset
	before, now *widget.Label
}

// showFineTune shows the fine-tune dialog: accuracy before (net before)
// and now on MNIST's test set and both parts of the drawings, and the
// button that trains on.
func (o *ownData) showFineTune(before *nn.Network, mnistTest *nn.Dataset, set *data.Set) {
	rows := []*tuneRow{
		{name: T("MNIST test"), d: mnistTest},
		{name: T("The class's drawings (test part)"), d: set.Test},
		{name: T("The class's drawings (training part)"), d: set.Train},
	}
	cells := []fyne.CanvasObject{bold(T("Test set")), bold(T("Before")), bold(T("Now"))}
	for _, r := range rows {
		r.before, r.now = widget.NewLabel("…"), widget.NewLabel("–")
		cells = append(cells, widget.NewLabel(Tf("%s (%d images)", r.name, r.d.N)), r.before, r.now)
	}
	status := wrapLabel(T("Press Fine-tune to train on the drawings, then compare. MNIST's row shows what the network forgets."))
	var tune *widget.Button
	tune = widget.NewButtonWithIcon(Tf("Fine-tune %d epochs", fineTuneEpochs), theme.MediaPlayIcon(), func() {
		tune.Disable()
		status.SetText(T("Fine-tuning…"))
		o.fineTune(rows, func(epochs int) {
			tune.Enable()
			status.SetText(Tf("Fine-tuned for %d epochs on the drawings in all.", epochs))
		})
	})
	tune.Importance = widget.HighImportance
	o.sess.bridge.Go(func(ctx context.Context) func() {
		acc := evaluateRows(ctx, before, rows)
		return func() {
			for i, r := range rows {
				r.before.SetText(fmt.Sprintf("%.1f %%", 100*acc[i]))
			}
		}
	})
	body := container.NewVBox(status, container.NewGridWithColumns(3, cells...), container.NewHBox(tune))
	d := dialog.NewCustom(T("Fine-tune on the class's drawings"), T("Close"), body, o.win)
	d.Resize(fyne.NewSize(min(640, o.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// evaluateRows returns net's accuracy on each row's test set.
func evaluateRows(ctx context.Context, net *nn.Network, rows []*tuneRow) []float64 {
	acc := make([]float64, len(rows))
	ev := nn.NewEvaluator(net.Arch)
	for i, r := range rows {
		if ctx.Err() != nil {
			break
		}
		_, acc[i] = ev.Run(net, r.d, nil, nil)
	}
	return acc
}

// fineTune trains fineTuneEpochs more epochs on the runner's data (the
// drawings), with the live curves following, then evaluates every row and
// calls done with the epochs trained so far.
func (o *ownData) fineTune(rows []*tuneRow, done func(epochs int)) {
	r := o.sess.runner
	o.sess.bridge.Go(func(ctx context.Context) func() {
		r.DoBatches(func(t *nn.Trainer, batch func(nn.BatchMetrics)) {
			target := t.Epoch() + fineTuneEpochs
			for t.Epoch() < target && ctx.Err() == nil {
				m, err := t.Step()
				if err != nil {
					return
				}
				batch(m)
			}
		})
		m := r.Model() // after the training: the weights it left
		if m == nil {
			return nil
		}
		acc := evaluateRows(ctx, m.Net, rows)
		epochs := len(m.Epochs)
		return func() {
			for i, row := range rows {
				row.now.SetText(fmt.Sprintf("%.1f %%", 100*acc[i]))
			}
			done(epochs)
		}
	})
}

// suspiciousLesson shows the training images the network in training
// finds least believable, with a choice to keep, drop or relabel each.
func (o *ownData) suspiciousLesson() {
	s := o.sess.snapshot()
	if s == nil || o.sess.trainDS == nil {
		o.lessonError(errorf("The data is not loaded yet."))
		return
	}
	if s.Updates == 0 && !s.Loaded {
		o.lessonError(errorf("The network in training is untrained: train it first (an epoch is enough)."))
		return
	}
	set := &data.Set{Info: o.sess.info, Train: o.sess.trainDS, Test: o.sess.testDS}
	names := o.sess.classNames(s.Net.Arch.Outputs)
	o.sess.bridge.Go(func(ctx context.Context) func() {
		sus, err := data.Suspicious(ctx, s.Net, set.Train, suspectsShown)
		return func() {
			if err != nil {
				o.lessonError(err)
				return
			}
			o.showSuspicious(set, names, sus)
		}
	})
}

// showSuspicious shows the suspects in a gallery; Apply drops and
// relabels the chosen ones and trains on from the same weights.
func (o *ownData) showSuspicious(set *data.Set, names []string, sus []data.Suspect) {
	keep, drop := T("keep"), T("drop")
	choices := make([]*widget.Select, len(sus))
	grid := container.NewGridWrap(fyne.NewSize(150, 150))
	x := make([]float32, set.Train.Dim)
	for i, sp := range sus {
		set.Train.Pixels(sp.Row, x)
		img := newPickImage(fyne.NewSize(56, 56), false)
		img.setImage(viz.Digit(x, 28))
		opts := []string{keep, drop}
		for c, n := range names {
			if c != sp.Label {
				opts = append(opts, Tf("relabel as %s", n))
			}
		}
		choices[i] = newSelect(opts, nil)
		choices[i].SetSelectedIndex(0)
		caption := widget.NewLabel(Tf("#%d: label %s, network %s %.0f %%", sp.Row, shortName(names[sp.Label]), shortName(names[sp.Pred]), 100*sp.PPred))
		caption.Wrapping = fyne.TextWrapWord
		caption.SizeName = theme.SizeNameCaptionText
		grid.Add(container.NewBorder(container.NewCenter(img), choices[i], nil, nil, caption))
	}
	intro := wrapLabel(Tf("The %d training images of %s with the highest loss: the network gives their label the lowest probability. Some are mislabelled, some are just odd. Choose what to do with each, then Apply: the network keeps its weights and trains on the changed set.", len(sus), imageSetTitle(set.Info.Name)))
	body := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(grid))
	d := dialog.NewCustomConfirm(T("Suspicious labels"), T("Apply"), T("Close"), body, func(ok bool) {
		if !ok {
			return
		}
		next, changed := set, 0
		var dropRows []int
		for i, sp := range sus {
			k := choices[i].SelectedIndex()
			switch {
			case k == 1:
				dropRows = append(dropRows, sp.Row)
			case k > 1:
				c := k - 2
				if c >= sp.Label {
					c++ // the options skip the image's own label
				}
				next = data.Relabel(next, sp.Row, c)
			default:
				continue
			}
			changed++
		}
		if changed == 0 {
			return
		}
		if len(dropRows) > 0 {
			next = data.Without(next, dropRows)
		}
		if err := o.keepWeights(next); err != nil {
			o.lessonError(err)
			return
		}
		o.sess.log.Info("labels changed", "dropped", len(dropRows), "relabelled", changed-len(dropRows))
	}, o.win)
	sz := o.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(820, sz.Width-40), min(620, sz.Height-60)))
	d.Show()
}
