package app

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/assets"
	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/live"
	"backproplab/viz"
)

// seenSide is the side, in logical pixels, of the 28×28 "what the network
// sees" view: 6 screen pixels per input pixel.
const seenSide = 6 * digit.Side

// modelSource says which network predicts the pad's digit.
type modelSource int32

const (
	// sourceAuto is the network in training once it has taken a step,
	// and the bundled model before (at first launch, offline) when the
	// dataset is the digits, the only classes the bundled model knows.
	sourceAuto     modelSource = iota
	sourceBundled              // the pretrained model shipped in assets
	sourceTraining             // the network in training, even untrained
)

// padState is the drawing and the preprocessing options, published for
// the bridge goroutine. It is never modified once published.
type padState struct {
	d digit.Drawing
	o digit.Options
}

// padResult is the prediction for one drawing.
type padResult struct {
	x     [digit.Pixels]float32 // what the network sees
	ok    bool                  // the drawing holds a digit
	probs []float32             // nil without a digit or a network
	best  int                   // the top guess, or -1
	net   *nn.Network           // the network that predicted, or nil
}

// modelChoice is the network that predicts and how the screen names it.
type modelChoice struct {
	net  *nn.Network // nil: none available
	name string
}

// chooseModel picks the network for source src, given the latest training
// snapshot s (nil before MNIST is loaded), the bundled network and whether
// the dataset trained on is the digits.
func chooseModel(src modelSource, s *live.Snapshot, bundled *nn.Network, digits bool) modelChoice {
	trained := s != nil && (s.Updates > 0 || s.Loaded)
	if src == sourceBundled || (src == sourceAuto && !trained && (digits || s == nil)) {
		if bundled == nil {
			return modelChoice{name: T("none: the bundled model could not be loaded")}
		}
		return modelChoice{net: bundled, name: T("Bundled model (pretrained)")}
	}
	switch {
	case s == nil:
		return modelChoice{name: T("none yet: MNIST is not loaded, so no network is in training")}
	case !trained:
		return modelChoice{net: s.Net, name: T("Network in training, untrained (random weights)")}
	}
	return modelChoice{net: s.Net, name: Tf("Network in training, %.2f epochs trained", s.EpochsDone())}
}

// padPredictor turns drawings into predictions, reusing its buffers. It is
// not safe for concurrent use: the UI goroutine and the bridge own one each.
type padPredictor struct {
	pre   digit.Preprocessor
	preds map[string]*nn.Predictor // by architecture
}

// predict preprocesses d with o and, when it holds a digit and net is not
// nil, runs it through net.
func (pp *padPredictor) predict(d digit.Drawing, o digit.Options, net *nn.Network) padResult {
	r := padResult{best: -1, net: net}
	r.x, r.ok = pp.pre.FromDrawing(d, o)
	if !r.ok || net == nil {
		return r
	}
	key := net.Arch.String()
	p := pp.preds[key]
	if p == nil {
		if pp.preds == nil {
			pp.preds = map[string]*nn.Predictor{}
		}
		p = nn.NewPredictor(net.Arch)
		pp.preds[key] = p
	}
	r.probs = slices.Clone(p.Predict(net, r.x[:]))
	r.best = nn.Argmax(r.probs)
	return r
}

// loadBundledModel reads the pretrained model embedded in assets.
func loadBundledModel() (*nn.Model, error) {
	b := assets.ModelBytes()
	m, err := nn.ReadModel(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, errorf("bundled model: %w", err)
	}
	if m.Net.Arch.Inputs != digit.Pixels || m.Net.Arch.Outputs != 10 {
		return nil, errorf("bundled model is %s, not an MNIST model", m.Net.Arch)
	}
	return m, nil
}

// drawScreen is the Draw tab: the pad, what the network sees, the
// prediction, the choice of model and the class's own example set.
type drawScreen struct {
	*deps

	sentToNetwork [digit.Pixels]float32 // the last input handed to onInput
	onInput       func(x []float32)     // the network screen's activations follow the pad; may be nil
	content       fyne.CanvasObject

	pad      *drawPad
	clearBtn *widget.Button // the pad's Clear (the browser test finds it)
	seen     *canvas.Image
	mnist    *widget.Check
	bars     *probBars
	padHint  *widget.Label
	source   *widget.RadioGroup
	modelLbl *widget.Label
	label    *widget.Select
	save     *widget.Button
	evaluate *widget.Button
	export   *widget.Button
	exStatus *widget.Label

	examplesDir string
	bundled     *nn.Network // immutable; nil if the bundled model failed to load
	vis         *visibility // the Draw tab is shown

	// UI goroutine only.
	pp         padPredictor
	shown      padResult
	shownModel string
	labelSet   bool     // the user chose the label of the current drawing
	settingLbl bool     // the screen, not the user, is setting the label
	classes    []string // the classes drawings are saved for: the dataset's, nil for the digits

	// Shared with the bridge goroutine.
	state     atomic.Pointer[padState]
	src       atomic.Int32 // modelSource
	notDigits atomic.Bool  // the dataset trained on is not the digits
	snap      atomic.Pointer[live.Snapshot]

	// Bridge goroutine only.
	rp padPredictor

	probe *drawProbe // saliency and "Fool the network" (draw_saliency.go)
}

// newDrawScreen builds the Draw tab and registers it with the bridge. The
// class's example set lives in examplesDir; onInput, if not nil, receives
// each new drawing as the network sees it. Call it on the UI goroutine.
func newDrawScreen(d *deps, examplesDir string, onInput func(x []float32)) *drawScreen {
	ds := &drawScreen{deps: d, vis: &visibility{}, examplesDir: examplesDir, onInput: onInput}
	if d.sess.bundled == nil {
		m, err := loadBundledModel()
		if err != nil {
			d.log.Error("bundled model", "err", english(err))
		}
		d.sess.bundled = m
	}
	if d.sess.bundled != nil {
		ds.bundled = d.sess.bundled.Net
	}
	ds.build()
	// Ctrl+Z also undoes when the pad does not have the focus (after a
	// button), as long as the Draw tab is showing.
	d.win.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { d.bridge.fromKey(ds.undoKey) })
	d.bridge.Add(ds, ds.vis)
	return ds
}

// build makes the widgets and shows the empty pad.
func (ds *drawScreen) build() {
	ds.pad = newDrawPad()
	ds.pad.FromKey = ds.bridge.fromKey
	ds.pad.OnChanged = ds.drawingChanged
	ds.seen = canvas.NewImageFromImage(digit.Render28([digit.Pixels]float32{}))
	ds.seen.ScaleMode = canvas.ImageScalePixels
	ds.seen.FillMode = canvas.ImageFillContain
	ds.seen.SetMinSize(fyne.NewSquareSize(seenSide))
	ds.mnist = widget.NewCheck(T("MNIST preprocessing"), func(bool) {
		ds.drawingChanged(ds.pad.Drawing())
		ds.focusPad() // so that Esc and Ctrl+Z go on working
	})
	ds.mnist.Checked = true
	mnistNote := widget.NewLabel(T("On: crop to the ink, scale it to 20×20 and centre its mass, as MNIST's digits were. Off: the whole pad is only shrunk to 28×28, so a small or off-centre digit looks nothing like MNIST and the network fails."))
	mnistNote.Wrapping = fyne.TextWrapWord
	mnistNote.SizeName = theme.SizeNameCaptionText
	ds.bars = newProbBars()
	ds.padHint = widget.NewLabel("")
	ds.padHint.Alignment = fyne.TextAlignCenter
	ds.padHint.Wrapping = fyne.TextWrapWord

	ds.source = widget.NewRadioGroup([]string{T("Automatic"), T("Bundled model"), T("Network in training")}, func(s string) {
		ds.src.Store(int32(max(slices.Index(ds.source.Options, s), 0)))
		ds.update()
		ds.focusPad()
	})
	ds.source.Horizontal = true
	ds.source.Required = true
	ds.source.Selected = ds.source.Options[sourceAuto]
	ds.modelLbl = widget.NewLabel("")

	ds.label = newSelect(viz.DigitNames(10), func(string) {
		if !ds.settingLbl {
			ds.labelSet = true
		}
	})
	ds.label.PlaceHolder = "?"
	ds.save = widget.NewButtonWithIcon(T("Save as example"), theme.DocumentSaveIcon(), ds.saveExample)
	ds.evaluate = widget.NewButtonWithIcon(T("Evaluate on my examples"), theme.ConfirmIcon(), ds.evaluateExamples)
	ds.export = widget.NewButtonWithIcon(T("Export as IDX…"), theme.UploadIcon(), ds.exportExamples)
	ds.exStatus = widget.NewLabel(Tf("Examples are saved in %s.", ds.examplesDir))
	ds.exStatus.Wrapping = fyne.TextWrapWord

	clearBtn := widget.NewButtonWithIcon(T("Clear"), theme.ContentClearIcon(), func() { ds.pad.Clear(); ds.focusPad() })
	ds.clearBtn = clearBtn
	undoBtn := widget.NewButtonWithIcon(T("Undo"), theme.ContentUndoIcon(), func() { ds.pad.Undo(); ds.focusPad() })
	keys := widget.NewLabel(T("Esc or right click: clear · Ctrl+Z: undo"))
	keys.SizeName = theme.SizeNameCaptionText
	heading := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.TextStyle.Bold = true
		return l
	}
	ds.probe = newDrawProbe(ds.win, ds.model, ds.dark, ds.update)
	seenCol := container.NewVBox(heading(T("What the network sees")), container.NewHBox(ds.seen), ds.mnist, mnistNote, ds.probe.content)
	overconfident := widget.NewLabel(T("These are the network's softmax outputs, not a calibrated certainty: it gives a high output to almost any scribble, even one that is no digit at all."))
	overconfident.Wrapping = fyne.TextWrapWord
	overconfident.SizeName = theme.SizeNameCaptionText
	barsCol := container.New(minSizeLayout{width: barsWidth}, container.NewVBox(heading(T("Prediction")), ds.bars, ds.padHint, overconfident))
	exRow := newFlow(widget.NewLabel(T("This drawing is a")), fitSelect(ds.label), ds.save, ds.evaluate, ds.export)
	bottom := container.NewVBox(widget.NewSeparator(),
		newFlow(heading(T("Model")), ds.source), ds.modelLbl,
		widget.NewSeparator(), heading(T("Your own handwriting")), exRow, ds.exStatus)
	top := container.New(&drawTopLayout{}, ds.pad, newFlow(clearBtn, undoBtn, keys), barsCol,
		container.New(minSizeLayout{width: seenSide + 40}, seenCol))
	ds.content = container.NewPadded(container.NewBorder(nil, bottom, nil, nil, top))

	ds.drawingChanged(ds.pad.Drawing())
	ds.syncClasses()
	ds.sess.onSet = append(ds.sess.onSet, ds.syncClasses)
	ds.sess.onData = append(ds.sess.onData, ds.syncClasses)
}

// undoKey is the window's Ctrl+Z: it undoes the last stroke when the Draw
// tab shows and the pad does not have the focus (which handles it itself).
func (ds *drawScreen) undoKey() {
	if ds.vis.shown() {
		ds.pad.Undo()
	}
}

// focusPad gives the pad the keyboard focus (Esc, Ctrl+Z).
func (ds *drawScreen) focusPad() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(ds.pad); c != nil {
		c.Focus(ds.pad)
	}
}

// model returns the network that predicts now and its name.
func (ds *drawScreen) model() modelChoice {
	return chooseModel(modelSource(ds.src.Load()), ds.snap.Load(), ds.bundled, !ds.notDigits.Load())
}

// options returns the preprocessing options the screen shows.
func (ds *drawScreen) options() digit.Options {
	return digit.Options{PenWidth: ds.pad.PenWidth, MNIST: ds.mnist.Checked}
}

// drawingChanged publishes the drawing and predicts it at once, on every
// stroke event: preprocessing and a forward pass take well under a
// millisecond (BenchmarkPadPredict), so nothing is queued.
func (ds *drawScreen) drawingChanged(d digit.Drawing) {
	if len(d.Strokes) == 0 {
		ds.labelSet = false // a new drawing gets a new label
	}
	ds.state.Store(&padState{d: d, o: ds.options()})
	ds.update()
}

// update predicts the current drawing with the chosen model and shows it.
func (ds *drawScreen) update() {
	st := ds.state.Load()
	m := ds.model()
	ds.show(ds.pp.predict(st.d, st.o, m.net), m.name)
}

// render implements view: when training publishes new weights (or the
// model's name changes) it predicts the drawing again with them, off the
// UI goroutine, so that a class can watch a guess go from wrong to right.
func (ds *drawScreen) render(s *live.Snapshot, force bool) func() {
	prev := ds.snap.Swap(s)
	src := modelSource(ds.src.Load())
	digits := !ds.notDigits.Load()
	cur := chooseModel(src, s, ds.bundled, digits)
	if old := chooseModel(src, prev, ds.bundled, digits); !force && old.net == cur.net && old.name == cur.name {
		return nil
	}
	st := ds.state.Load()
	res := ds.rp.predict(st.d, st.o, cur.net)
	return func() {
		if ds.state.Load() != st || ds.snap.Load() != s {
			return // the drawing or the weights changed since: that is shown already or soon
		}
		ds.show(res, cur.name)
	}
}

// show puts a prediction on screen.
func (ds *drawScreen) show(res padResult, model string) {
	ds.shown = res
	ds.seen.Image = ds.probe.overlay(digit.Render28(res.x), res.x[:], res.ok, res.best)
	ds.seen.Refresh()
	ds.bars.SetNames(ds.classNames(res))
	ds.bars.SetProbs(res.probs)
	announcePrediction(res.best)
	if model != ds.shownModel {
		ds.shownModel = model
		ds.modelLbl.SetText(Tf("Predicting with: %s", model))
	}
	asked := ds.classNames(res) // nil: the digits
	if res.net == nil {
		asked = ds.classes // no model: what the dataset holds
	}
	asked = exampleClasses(asked)
	ds.pad.SetPrompt(padPrompt(asked))
	hint := ""
	switch {
	case ds.pad.Empty() && asked == nil:
		hint = T("Draw a digit on the pad.")
	case ds.pad.Empty():
		hint = T("Draw one of the classes on the pad.")
	case !res.ok && asked == nil:
		hint = T("Not enough ink for a digit yet: keep drawing.")
	case !res.ok:
		hint = T("Not enough ink yet: keep drawing.")
	case res.probs == nil:
		hint = T("No model to predict with.")
	}
	if ds.padHint.Text != hint {
		ds.padHint.SetText(hint)
	}
	if res.best >= 0 && len(res.probs) == len(ds.label.Options) && !ds.labelSet && ds.label.SelectedIndex() != res.best {
		ds.settingLbl = true
		ds.label.SetSelectedIndex(res.best)
		ds.settingLbl = false
	}
	if ds.pad.Empty() && !ds.labelSet && ds.label.SelectedIndex() >= 0 {
		ds.settingLbl = true
		ds.label.ClearSelected()
		ds.settingLbl = false
	}
	if res.ok {
		ds.save.Enable()
		if ds.onInput != nil && res.x != ds.sentToNetwork {
			ds.sentToNetwork = res.x
			ds.onInput(res.x[:])
		}
	} else {
		ds.save.Disable()
	}
}

// saveExample saves the drawing with the chosen label to the example set
// and clears the pad for the next one.
func (ds *drawScreen) saveExample() {
	label := ds.label.SelectedIndex()
	if label < 0 {
		ds.exStatus.SetText(T("Choose which class this is first."))
		return
	}
	st := ds.state.Load()
	predicted := ds.shown.best
	if len(ds.shown.probs) != len(ds.label.Options) {
		predicted = -1 // a model of other classes predicted it
	}
	ex, ok := newExample(st.d, ds.pad.PenWidth, label, predicted, ds.shownModel, time.Now())
	if !ok {
		return
	}
	ex.Classes = ds.classes
	name := ds.label.Options[label]
	dir := ds.examplesDir
	// Clear first: the pad starts on the next digit while the save runs.
	ds.pad.Clear()
	ds.focusPad()
	ds.bridge.Go(func(context.Context) func() {
		_, err := saveExample(dir, ex)
		exs, _, _ := loadExamples(dir)
		exs = examplesFor(exs, ex.Classes)
		return func() {
			if err != nil {
				ds.log.Error("save example", "err", english(err))
				ds.exStatus.SetText(Tf("Could not save the example: %v", err))
				return
			}
			ds.log.Info("example saved", "label", ex.Label, "examples", len(exs))
			ds.exStatus.SetText(Tf("Saved as “%s”. Your set of these classes has %d examples, in %s.", name, len(exs), dir))
		}
	})
}

// evaluateExamples scores the predicting model on the example set and,
// when MNIST is loaded, on its test set, to show the distribution shift.
func (ds *drawScreen) evaluateExamples() {
	m := ds.model()
	if m.net == nil {
		ds.exStatus.SetText(Tf("No model to evaluate: %s.", m.name))
		return
	}
	test := ds.sess.testDS
	dir := ds.examplesDir
	var classes []string // the model's: the digits for the bundled one
	if m.net != ds.bundled {
		classes = exampleClasses(ds.sess.classNames(m.net.Arch.Outputs))
	}
	if !slices.Equal(classes, exampleClasses(ds.sess.info.Classes)) {
		test = nil // the test set is another dataset's
	}
	names := ds.sess.classNames(m.net.Arch.Outputs)
	if m.net == ds.bundled {
		names = viz.DigitNames(10)
	}
	ds.evaluate.Disable()
	ds.exStatus.SetText(T("Evaluating…"))
	ds.bridge.Go(func(context.Context) func() {
		exs, skipped, err := loadExamples(dir)
		exs = examplesFor(exs, classes)
		score := scoreExamples(m.net, exs)
		mnistAcc := -1.0
		if err == nil && test != nil {
			_, mnistAcc = nn.NewEvaluator(m.net.Arch).Run(m.net, test, nil, nil)
		}
		return func() {
			ds.evaluate.Enable()
			if err != nil {
				ds.exStatus.SetText(Tf("Could not read the examples: %v", err))
				return
			}
			ds.exStatus.SetText(describeScore(m.name, score, mnistAcc, skipped, names))
		}
	})
}

// describeScore words an evaluation for the status line; mnistAcc < 0
// means the test set is not loaded. names are the model's class names.
func describeScore(model string, s exampleScore, mnistAcc float64, skipped int, names []string) string {
	if s.N == 0 {
		return T("No examples yet: draw a digit, check its label and press Save as example.")
	}
	var b strings.Builder
	b.WriteString(Tf("%s: your %d examples %.1f %% (%d right)", model, s.N, 100*s.Accuracy(), s.Correct))
	if mnistAcc >= 0 {
		b.WriteString(Tf(" · test set %.1f %%.", 100*mnistAcc))
	} else {
		b.WriteString(T(" · test set: not loaded."))
	}
	name := func(c int) string {
		if c >= 0 && c < len(names) {
			return names[c]
		}
		return strconv.Itoa(c)
	}
	if len(s.Mistakes) > 0 {
		var ms []string
		for _, m := range s.Mistakes[:min(len(s.Mistakes), 12)] {
			ms = append(ms, Tf("%s read as %s", name(m[0]), name(m[1])))
		}
		b.WriteString(" " + Tf("Misread: %s.", strings.Join(ms, ", ")))
	}
	if skipped > 0 {
		b.WriteString(" " + Tf("(%d unreadable files skipped.)", skipped))
	}
	return b.String()
}

// exportExamples asks for a folder and writes the set there as IDX files.
func (ds *drawScreen) exportExamples() {
	if ds.webNoFiles() {
		return
	}
	dir := ds.examplesDir
	classes := ds.classes
	dialog.ShowFolderOpen(func(uri fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, ds.win)
			return
		}
		if uri == nil {
			return
		}
		out := uri.Path()
		ds.bridge.Go(func(context.Context) func() {
			exs, _, err := loadExamples(dir)
			exs = examplesFor(exs, classes)
			var images string
			if err == nil {
				images, _, err = exportIDX(out, exs)
			}
			return func() {
				if err != nil {
					ds.exStatus.SetText(Tf("Could not export: %v", err))
					return
				}
				ds.log.Info("examples exported", "dir", out, "examples", len(exs))
				ds.exStatus.SetText(Tf("Exported %d examples to %s (%s and %s).", len(exs), out, filepath.Base(images), examplesLabelsIDX))
			}
		})
	}, ds.win)
}

// drawTopLayout lays out the top of the Draw tab so that it fits the
// width it is given (a narrow screen, presenter mode): objs are the pad,
// its buttons, the prediction and the "what the network sees" column.
// Wide: pad | seen | prediction in one row, the pad the largest square
// that fits. Narrower: pad | prediction, then the seen column below.
// Narrowest: everything stacked. Its minimum width is the widest part's;
// its minimum height is that of the arrangement at the width it was last
// laid out at (as flowLayout's).
type drawTopLayout struct {
	width float32 // the width of the last Layout; 0 before it
}

// padMaxSide bounds the pad's side when the pad does not share its row's
// height with the columns beside it.
const padMaxSide = 480

// drawArrangement is where drawTopLayout puts its four objects.
type drawArrangement struct {
	pos  [4]fyne.Position
	size [4]fyne.Size
	h    float32 // total height
}

func (l *drawTopLayout) arrange(objs []fyne.CanvasObject, w, h float32) drawArrangement {
	pad := theme.Padding()
	pmin := objs[0].MinSize().Width
	b, bars, seen := objs[1].MinSize(), objs[2].MinSize(), objs[3].MinSize()
	var a drawArrangement
	place := func(i int, x, y, w, h float32) {
		a.pos[i], a.size[i] = fyne.NewPos(x, y), fyne.NewSize(w, h)
	}
	padBlock := func(side float32) (blockW, blockH float32) {
		blockW = max(side, b.Width)
		place(0, (blockW-side)/2, 0, side, side)
		place(1, 0, side+pad, blockW, b.Height)
		return blockW, side + pad + b.Height
	}
	switch {
	case w >= max(pmin, b.Width)+bars.Width+seen.Width+2*pad: // one row
		side := max(min(w-bars.Width-seen.Width-2*pad, h-pad-b.Height), pmin)
		bw, bh := padBlock(side)
		rest := max(0, w-bw-bars.Width-seen.Width-2*pad) // spare width for the columns
		sw := seen.Width + rest/2
		place(3, bw+pad, 0, sw, max(h, seen.Height))
		place(2, bw+pad+sw+pad, 0, bars.Width+rest/2, bars.Height)
		a.h = max(bh, bars.Height, seen.Height)
	case w >= max(pmin, b.Width)+bars.Width+pad: // pad | prediction, then seen
		side := max(min(w-bars.Width-pad, padMaxSide), pmin)
		bw, bh := padBlock(side)
		place(2, bw+pad, 0, w-bw-pad, bars.Height)
		row := max(bh, bars.Height)
		place(3, 0, row+pad, w, seen.Height)
		a.h = row + pad + seen.Height
	default: // stacked
		side := max(min(w, padMaxSide), pmin)
		_, bh := padBlock(side)
		place(2, 0, bh+pad, w, bars.Height)
		place(3, 0, bh+pad+bars.Height+pad, w, seen.Height)
		a.h = bh + 2*pad + bars.Height + seen.Height
	}
	return a
}

// Layout implements fyne.Layout.
func (l *drawTopLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a := l.arrange(objs, size.Width, size.Height)
	for i, o := range objs {
		o.Move(a.pos[i])
		o.Resize(a.size[i])
	}
}

// MinSize implements fyne.Layout.
func (l *drawTopLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	at := l.width
	if at <= 0 {
		at = w
	}
	return fyne.NewSize(w, l.arrange(objs, max(at, w), 0).h)
}

// drawing returns what the network sees of the pad's digit and the label
// chosen for it, or ok = false when the pad holds no digit or no label.
// Call it on the UI goroutine.
func (ds *drawScreen) drawing() (x []float32, label int, ok bool) {
	label = ds.label.SelectedIndex()
	if !ds.shown.ok || label < 0 {
		return nil, 0, false
	}
	return slices.Clone(ds.shown.x[:]), label, true
}

// syncClasses offers the classes of the dataset trained on as the labels
// a drawing is saved under: digits for MNIST, the folder's class names
// for an imported folder. Call on the UI goroutine.
func (ds *drawScreen) syncClasses() {
	classes := exampleClasses(ds.sess.info.Classes)
	if slices.Equal(classes, ds.classes) && ds.label.Options != nil {
		return
	}
	ds.classes = classes
	ds.notDigits.Store(classes != nil)
	defer ds.update() // Automatic may choose another model; the prompt follows
	opts := viz.DigitNames(10)
	if classes != nil {
		opts = slices.Clone(classes)
	}
	ds.settingLbl = true
	ds.label.ClearSelected()
	ds.label.SetOptions(opts)
	ds.settingLbl = false
	ds.labelSet = false
}

// padPromptClasses is the most class names the empty pad lists.
const padPromptClasses = 8

// padPrompt returns what the empty pad asks for when the network predicts
// the classes named (nil: the digits).
func padPrompt(classes []string) string {
	if classes == nil {
		return T("Draw a digit here")
	}
	sep := T(", ") // "、" in Chinese
	list := strings.Join(classes, sep)
	if len(classes) > padPromptClasses {
		list = Tf("%s … (%d)", strings.Join(classes[:padPromptClasses-1], sep), len(classes))
	}
	return Tf("Draw one of these here: %s", list)
}
