package app

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
)

// Choice lists for the side panel.
var (
	batchSizes = []int{1, 8, 16, 32, 64, 128, 256, 512, 1024}
	trainSizes = []int{100, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000}
	penalties  = []float64{0, 1e-5, 1e-4, 1e-3, 1e-2}
	valSplits  = []float64{0, 0.1, 0.2, 0.3}
)

// controls is the side panel: architecture, training settings, transport
// and speed. It edits sess.cfg and tells the runner what may change
// mid-training; the rest waits for Reset.
type controls struct {
	*deps

	hidden     *widget.Entry
	activation *widget.Select
	dropout    *widget.Select // one rate for every hidden layer
	loss       *widget.Select
	optimizer  *widget.Select
	lr         *keySlider
	lrEntry    *widget.Entry
	batch      *widget.Select
	epochs     *widget.Entry
	l1, l2     *widget.Select
	trainSize  *widget.Select
	valSplit   *widget.Select
	seed       *widget.Entry
	resetNote  *widget.Label
	hiddenErr  *widget.Label

	play, stepBatch, stepEpoch, reset *widget.Button
	speed                             *keySlider
	speedLabel                        *widget.Label

	content fyne.CanvasObject
}

// transport is what the transport buttons (and Space on a slider) do; the
// window (app.go) sends them to the run of the tab shown.
type transport struct {
	togglePlay, stepBatch, stepEpoch, reset func()
}

// newControls returns the side panel, editing d.sess.cfg; t is what its
// transport buttons do.
func newControls(d *deps, t transport) *controls {
	c := &controls{deps: d}
	cfg := d.sess.cfg

	c.hidden = widget.NewEntry()
	c.hidden.SetText(hiddenText(cfg.Arch.Hidden))
	c.hidden.SetPlaceHolder(T("128 or 256,128"))
	c.hiddenErr = widget.NewLabel("")
	c.hiddenErr.Importance = widget.DangerImportance
	c.hiddenErr.Hide()
	c.hidden.OnChanged = func(s string) {
		h, err := parseHidden(s)
		if err != nil {
			c.hiddenErr.SetText(T("Widths are numbers from 1 to 4096, separated by commas; empty for none."))
			c.hiddenErr.Show()
			return
		}
		c.hiddenErr.Hide()
		c.edit(func(cfg *live.Config) { cfg.Arch.Hidden, cfg.Arch.Dropout = h, dropoutFor(h, cfg.Arch.DropRate(0)) })
	}

	c.activation = newSelect([]string{"ReLU", "sigmoid", "tanh"}, func(s string) {
		c.edit(func(cfg *live.Config) { cfg.Arch.Activation = nn.Activation(indexOf(c.activation.Options, s)) })
	})
	c.activation.SetSelectedIndex(int(cfg.Arch.Activation))

	c.dropout = newSelect(slices.Clone(dropoutChoices), func(s string) {
		r, _ := strconv.ParseFloat(s, 64)
		c.edit(func(cfg *live.Config) { cfg.Arch.Dropout = dropoutFor(cfg.Arch.Hidden, r) })
	})
	selectValue(c.dropout, formatFloat(cfg.Arch.DropRate(0)))

	c.loss = newSelect([]string{T("Cross-entropy"), T("Mean squared error")}, func(s string) {
		c.edit(func(cfg *live.Config) { cfg.Arch.Loss = nn.Loss(indexOf(c.loss.Options, s)) })
	})
	c.loss.SetSelectedIndex(int(cfg.Arch.Loss))

	// Short names, so that the chosen one is never cut off in the panel.
	c.optimizer = newSelect([]string{T("GD (full batch)"), T("SGD (mini-batch)"), T("SGD with momentum"), "Adam"}, func(s string) {
		c.edit(func(cfg *live.Config) { cfg.Settings.Optimizer = nn.Method(indexOf(c.optimizer.Options, s)) })
	})
	c.optimizer.SetSelectedIndex(int(cfg.Settings.Optimizer))

	// The learning rate slides on a log scale, 1e-5 … 10, or is typed.
	c.lrEntry = widget.NewEntry()
	c.lrEntry.Validator = func(s string) error {
		_, err := parseLR(s)
		return err
	}
	c.lr = newKeySlider(lrMinExp, lrMaxExp, t.togglePlay)
	c.lr.Step = 0.05
	c.lr.SetValue(math.Log10(cfg.Settings.LearningRate))
	c.lrEntry.SetText(formatLR(cfg.Settings.LearningRate))
	c.lr.OnChanged = func(v float64) {
		lr := roundLR(math.Pow(10, v))
		c.lrEntry.SetText(formatLR(lr))
		c.sess.cfg.Settings.LearningRate = lr
	}
	c.lr.OnChangeEnded = func(v float64) { c.setLR(roundLR(math.Pow(10, v))) }
	c.lrEntry.OnSubmitted = func(s string) {
		if lr, err := parseLR(s); err == nil {
			c.lr.Value = math.Log10(lr)
			c.lr.Refresh()
			c.setLR(lr)
		}
	}
	c.lrEntry.OnChanged = func(s string) {
		if lr, err := parseLR(s); err == nil {
			c.sess.cfg.Settings.LearningRate = lr
		}
	}

	c.batch = newSelect(intStrings(batchSizes), func(s string) {
		bs, _ := strconv.Atoi(s)
		c.sess.cfg.Settings.BatchSize = bs
		c.live(func(r *live.Runner) { r.SetBatchSize(bs) })
	})
	c.batch.SetSelected(strconv.Itoa(cfg.Settings.BatchSize))

	c.epochs = widget.NewEntry()
	c.epochs.SetText(strconv.Itoa(cfg.Settings.Epochs))
	c.epochs.Validator = func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return errorf("1 to 1000")
		}
		return nil
	}
	c.epochs.OnChanged = func(s string) {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 1000 {
			c.sess.cfg.Settings.Epochs = n
			c.live(func(r *live.Runner) { r.SetEpochs(n) })
		}
	}

	c.l1 = newSelect(floatStrings(penalties), func(s string) { c.setPenalty() })
	c.l1.SetSelected(formatFloat(cfg.Settings.L1))
	c.l2 = newSelect(floatStrings(penalties), func(s string) { c.setPenalty() })
	c.l2.SetSelected(formatFloat(cfg.Settings.L2))
	// A Select is as wide as its placeholder: the longest choice.
	c.l1.PlaceHolder, c.l2.PlaceHolder = "0.0001", "0.0001"

	c.trainSize = newSelect(intStrings(trainSizes), func(s string) {
		n, _ := strconv.Atoi(s)
		c.edit(func(cfg *live.Config) { cfg.Settings.TrainSize = n })
	})
	c.trainSize.SetSelected(strconv.Itoa(cfg.Settings.TrainSize))
	c.valSplit = newSelect(valSplitNames(), func(s string) {
		v := valSplits[indexOf(c.valSplit.Options, s)]
		c.edit(func(cfg *live.Config) { cfg.Settings.ValSplit = v })
	})
	c.valSplit.SetSelectedIndex(valSplitIndex(cfg.Settings.ValSplit))

	c.seed = widget.NewEntry()
	c.seed.SetText(strconv.FormatUint(cfg.Settings.Seed, 10))
	c.seed.Validator = func(s string) error {
		if _, err := strconv.ParseUint(s, 10, 64); err != nil {
			return errorf("a whole number")
		}
		return nil
	}
	c.seed.OnChanged = func(s string) {
		if v, err := strconv.ParseUint(s, 10, 64); err == nil {
			c.edit(func(cfg *live.Config) { cfg.Settings.Seed = v })
		}
	}

	c.resetNote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	c.resetNote.Wrapping = fyne.TextWrapWord
	c.resetNote.Importance = widget.WarningImportance
	c.resetNote.Hide()

	c.play = widget.NewButtonWithIcon(T("Train"), theme.MediaPlayIcon(), t.togglePlay)
	c.play.Importance = widget.HighImportance
	c.stepBatch = widget.NewButtonWithIcon(T("Batch"), theme.MediaSkipNextIcon(), t.stepBatch)
	c.stepEpoch = widget.NewButtonWithIcon(T("Epoch"), theme.MediaFastForwardIcon(), t.stepEpoch)
	c.reset = widget.NewButtonWithIcon(T("Reset"), theme.MediaReplayIcon(), t.reset)

	c.speedLabel = widget.NewLabel("")
	c.speed = newKeySlider(0, 10, t.togglePlay)
	c.speed.OnChanged = func(v float64) {
		c.speedLabel.SetText(speedText(v))
		c.prefs.SetFloat(prefSpeed, v)
		c.live(func(r *live.Runner) { r.SetDelay(speedDelay(v)) })
	}
	c.speed.SetValue(d.prefs.FloatWithFallback(prefSpeed, 0))

	form := func(items ...*widget.FormItem) *widget.Form { return widget.NewForm(items...) }
	arch := newSection(T("Network"), container.NewVBox(
		form(
			widget.NewFormItem(T("Hidden layers"), c.hidden),
			widget.NewFormItem(T("Activation"), c.activation),
			widget.NewFormItem(T("Dropout"), c.dropout),
		), c.hiddenErr))
	train := newSection(T("Training"), form(
		widget.NewFormItem(T("Loss"), c.loss),
		widget.NewFormItem(T("Optimiser"), c.optimizer),
		widget.NewFormItem(T("Learning rate"), container.NewBorder(nil, nil, nil,
			container.New(minSizeLayout{width: 104}, c.lrEntry), c.lr)), // room for 0.00012 and the check mark
		widget.NewFormItem(T("Batch size"), c.batch),
		widget.NewFormItem(T("Epochs"), c.epochs),
		// L1 and L2 share a row, so that every setting fits 1280×800.
		widget.NewFormItem("L1 / L2", container.NewGridWithColumns(2, c.l1, c.l2)),
		widget.NewFormItem(T("Training images"), c.trainSize),
		widget.NewFormItem(T("Validation split"), c.valSplit),
		widget.NewFormItem(T("Seed"), c.seed),
	))
	// The transport buttons need no title: every setting then fits 800 px.
	transport := widget.NewCard("", "", container.NewVBox(
		container.NewGridWithColumns(2, c.play, c.reset),
		container.NewGridWithColumns(2, c.stepBatch, c.stepEpoch),
		c.resetNote,
		container.NewBorder(nil, nil, widget.NewLabel(T("Speed")), c.speedLabel, c.speed),
	))
	releaseAfterPick(c.activation, c.dropout, c.loss, c.optimizer, c.batch, c.l1, c.l2, c.trainSize, c.valSplit)
	// The panel is wide enough for "Cross-entropy" and friends at any
	// presenter scale.
	c.content = container.NewVScroll(container.New(minSizeLayout{width: 310}, container.NewVBox(transport, arch, train)))
	c.refreshState(nil)
	return c
}

// show sets every control from cfg.
func (c *controls) show(cfg live.Config) {
	c.hidden.SetText(hiddenText(cfg.Arch.Hidden))
	c.activation.SetSelectedIndex(int(cfg.Arch.Activation))
	selectValue(c.dropout, formatFloat(cfg.Arch.DropRate(0)))
	c.loss.SetSelectedIndex(int(cfg.Arch.Loss))
	c.optimizer.SetSelectedIndex(int(cfg.Settings.Optimizer))
	c.lr.SetValue(math.Log10(cfg.Settings.LearningRate))
	c.lrEntry.SetText(formatLR(cfg.Settings.LearningRate))
	c.batch.SetSelected(strconv.Itoa(cfg.Settings.BatchSize))
	c.epochs.SetText(strconv.Itoa(cfg.Settings.Epochs))
	c.l1.SetSelected(formatFloat(cfg.Settings.L1))
	c.l2.SetSelected(formatFloat(cfg.Settings.L2))
	c.trainSize.SetSelected(strconv.Itoa(cfg.Settings.TrainSize))
	c.valSplit.SetSelectedIndex(valSplitIndex(cfg.Settings.ValSplit))
	c.seed.SetText(strconv.FormatUint(cfg.Settings.Seed, 10))
	c.sess.cfg = cfg
}

// edit changes a setting that needs a Reset to take effect.
func (c *controls) edit(f func(*live.Config)) {
	f(&c.sess.cfg)
	saveConfig(c.prefs, c.sess.cfg)
	c.refreshState(c.sess.snapshot())
}

// live runs f on the runner, if there is one, and saves the settings.
func (c *controls) live(f func(*live.Runner)) {
	saveConfig(c.prefs, c.sess.cfg)
	if r := c.sess.runner; r != nil {
		f(r)
	}
}

func (c *controls) setPenalty() {
	if c.l1 == nil || c.l2 == nil {
		return
	}
	l1, _ := strconv.ParseFloat(c.l1.Selected, 64)
	l2, _ := strconv.ParseFloat(c.l2.Selected, 64)
	c.sess.cfg.Settings.L1, c.sess.cfg.Settings.L2 = l1, l2
	c.live(func(r *live.Runner) { r.SetPenalty(l1, l2) })
}

// refreshState updates the buttons and the reset note for snapshot s (nil
// before the data is ready).
func (c *controls) refreshState(s *live.Snapshot) {
	if c.play == nil {
		return // still being built
	}
	ready := s != nil
	for _, b := range []*widget.Button{c.play, c.stepBatch, c.stepEpoch, c.reset} {
		if ready {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if !ready {
		return
	}
	if s.State == live.Running {
		c.play.SetText(T("Pause"))
		c.play.SetIcon(theme.MediaPauseIcon())
	} else {
		c.play.SetText(T("Train"))
		c.play.SetIcon(theme.MediaPlayIcon())
	}
	if s.State == live.Failed {
		c.play.Disable()
		c.stepBatch.Disable()
		c.stepEpoch.Disable()
	}
	if needsReset(s.Config, c.sess.cfg) {
		c.resetNote.SetText(T("Architecture, loss, optimiser, training images, validation split or seed changed: press Reset to apply."))
		c.resetNote.Show()
	} else {
		c.resetNote.Hide()
	}
}

// needsReset reports whether want differs from the running configuration in
// a setting that only a Reset applies.
func needsReset(running, want live.Config) bool {
	a, b := running.Arch, want.Arch
	if !slices.Equal(a.Hidden, b.Hidden) || !sameDropout(a, b) || a.Activation != b.Activation || a.Loss != b.Loss || a.Init != b.Init {
		return true
	}
	r, w := running.Settings, want.Settings
	return r.Optimizer != w.Optimizer || r.Seed != w.Seed || r.TrainSize != w.TrainSize || r.ValSplit != w.ValSplit || r.Momentum != w.Momentum
}

// newSection is a titled group of the side panel: a card with a smaller
// title than widget.Card's, so that every setting fits 1280×800.
func newSection(title string, content fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	return widget.NewCard("", "", container.NewVBox(h, content))
}

// valSplitNames are the validation split's choices, as valSplits: "none"
// for 0, so that the panel never suggests a validation that does not
// happen, else the share of the training images held out.
func valSplitNames() []string {
	s := make([]string, len(valSplits))
	for i, v := range valSplits {
		if v == 0 {
			s[i] = T("none")
			continue
		}
		s[i] = Tf("%.0f %% held out", 100*v)
	}
	return s
}

// valSplitIndex returns the choice for split v (the nearest).
func valSplitIndex(v float64) int {
	best := 0
	for i, x := range valSplits {
		if math.Abs(x-v) < math.Abs(valSplits[best]-v) {
			best = i
		}
	}
	return best
}

// dropoutChoices are the dropout rates the side panel offers.
var dropoutChoices = []string{"0", "0.1", "0.2", "0.3", "0.5"}

// dropoutFor returns the dropout rates of hidden layers h that all drop at
// rate r, or nil for none.
func dropoutFor(h []int, r float64) []float64 {
	if r <= 0 || len(h) == 0 {
		return nil
	}
	d := make([]float64, len(h))
	for i := range d {
		d[i] = r
	}
	return d
}

// sameDropout reports whether a and b, of the same hidden widths, drop
// units at the same rates (no rates and zero rates are the same).
func sameDropout(a, b nn.Arch) bool {
	for l := range a.Hidden {
		if a.DropRate(l) != b.DropRate(l) {
			return false
		}
	}
	return true
}

func hiddenText(h []int) string { return strings.Join(intStrings(h), ",") }

func parseHidden(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []int{}, nil
	}
	var h []int
	for p := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > nn.MaxWidth {
			return nil, errorf("bad width %q", p)
		}
		h = append(h, n)
	}
	if len(h) > nn.MaxLayers {
		return nil, errorf("too many layers")
	}
	return h, nil
}

func intStrings(v []int) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return s
}

func floatStrings(v []float64) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatFloat(x)
	}
	return s
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func indexOf(opts []string, s string) int { return max(slices.Index(opts, s), 0) }

// The learning-rate control's range, as powers of ten.
const (
	lrMinExp = -5
	lrMaxExp = 1
)

// parseLR reads a typed learning rate: a number from 1e-5 to 10.
func parseLR(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || v < math.Pow(10, lrMinExp) || v > math.Pow(10, lrMaxExp) {
		return 0, errorf("a number from 0.00001 to 10")
	}
	return v, nil
}

// setLR applies learning rate lr to the run: after a loss explosion it
// recovers (see live.Runner.Recover), so that Train is possible again.
func (c *controls) setLR(lr float64) {
	c.sess.cfg.Settings.LearningRate = lr
	c.lrEntry.SetText(formatLR(lr))
	c.live(func(r *live.Runner) {
		if s := r.Snapshot(); s != nil && s.State == live.Failed {
			r.Recover(lr)
			c.log.Warn("recovering from a loss explosion", "lr", lr)
			return
		}
		r.SetLearningRate(lr)
	})
	c.log.Info("learning rate", "lr", lr)
}

// keySlider is a slider that leaves Space to the window (Train / Pause)
// when it has the keyboard focus.
type keySlider struct {
	widget.Slider
	onSpace func()
}

func newKeySlider(minV, maxV float64, onSpace func()) *keySlider {
	s := &keySlider{onSpace: onSpace}
	s.Min, s.Max, s.Step = minV, maxV, 1
	s.Orientation = widget.Horizontal
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey implements fyne.Focusable: Space toggles training, the rest
// moves the slider.
func (s *keySlider) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeySpace && s.onSpace != nil {
		s.onSpace()
		return
	}
	s.Slider.TypedKey(k)
}

// roundLR rounds a learning rate to two significant digits.
func roundLR(lr float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(lr, 'g', 2, 64), 64)
	return v
}

func formatLR(lr float64) string { return strconv.FormatFloat(lr, 'g', 4, 64) }

// speedDelay maps the speed slider (0 = full speed … 10 = slowest) to a
// pause between batches: 0, then 20 ms up to 1 s on a log scale.
func speedDelay(v float64) time.Duration {
	if v <= 0 {
		return 0
	}
	ms := 20 * math.Pow(50, (v-1)/9)
	return time.Duration(ms * float64(time.Millisecond))
}

func speedText(v float64) string {
	d := speedDelay(v)
	if d == 0 {
		return T("full")
	}
	return Tf("%.0f/s", float64(time.Second)/float64(d))
}
