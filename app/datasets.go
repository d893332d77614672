package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/data"
	"backproplab/nn/mnist"
)

// datasetBar sits above the training curves once MNIST is loaded: it names
// the dataset trained on and offers the others (Fashion-MNIST,
// Kuzushiji-MNIST, fetched with progress like MNIST; the class's drawings,
// alone or added to MNIST) and the import of an image folder. One job
// (a fetch, a load) runs at a time, with progress and a cancel button.
type datasetBar struct {
	*deps
	examplesDir string // the drawings saved from the Draw tab
	about       *widget.Label
	choose      *widget.Select
	importB     *widget.Button
	progress    *widget.ProgressBar
	cancel      *widget.Button
	status      *widget.Label
	content     *fyne.Container
	outer       *fyne.Container // content, hidden in presenter mode (presenterHides)
	want        bool            // content should show (UI goroutine)

	choices  []datasetChoice
	shown    int // the choice that is trained on (UI goroutine)
	quiet    bool
	stop     context.CancelFunc // cancels the running job (UI goroutine)
	running  atomic.Bool
	done     atomic.Int64 // progress of the running job: done of total
	total    atomic.Int64
	what     atomic.Pointer[string] // what the job is doing, translated
	lastDone int64                  // bridge goroutine
}

// datasetChoice is one dataset the bar offers: its title and how to get it
// on a job's goroutine.
type datasetChoice struct {
	name  string // data set name (nn.DataInfo.Name)
	title string
	load  func(ctx context.Context, b *datasetBar) (*data.Set, error)
}

// newDatasetBar returns the dataset bar, whose job progress is polled while
// vis is shown; examplesDir holds the drawings saved from the Draw tab.
func newDatasetBar(d *deps, vis *visibility, examplesDir string) *datasetBar {
	b := &datasetBar{deps: d, examplesDir: examplesDir, about: widget.NewLabel(""), progress: widget.NewProgressBar(), status: widget.NewLabel("")}
	b.about.Wrapping = fyne.TextWrapWord
	b.status.Wrapping = fyne.TextWrapWord
	b.choices = []datasetChoice{
		{name: "mnist", title: "MNIST", load: func(context.Context, *datasetBar) (*data.Set, error) { return d.sess.mnist, nil }},
	}
	for _, v := range mnist.Variants() {
		b.choices = append(b.choices, datasetChoice{name: v.Name, title: v.Title, load: func(ctx context.Context, b *datasetBar) (*data.Set, error) {
			return b.loadVariant(ctx, v)
		}})
	}
	b.choices = append(b.choices,
		datasetChoice{name: data.Drawings, title: imageSetTitle(data.Drawings), load: func(context.Context, *datasetBar) (*data.Set, error) {
			return b.loadDrawings(false)
		}},
		datasetChoice{name: data.MNISTDrawings, title: imageSetTitle(data.MNISTDrawings), load: func(context.Context, *datasetBar) (*data.Set, error) {
			d, err := b.loadDrawings(true)
			if err != nil {
				return nil, err
			}
			return data.AddDrawings(b.sess.mnist, d), nil
		}},
	)
	titles := make([]string, len(b.choices))
	for i, c := range b.choices {
		titles[i] = c.title
	}
	b.choose = newSelect(titles, nil)
	b.choose.PlaceHolder = T("Other…")
	b.choose.OnChanged = func(string) {
		if !b.quiet {
			b.pick(b.choose.SelectedIndex())
		}
	}
	b.importB = widget.NewButtonWithIcon(T("Import folder…"), theme.FolderOpenIcon(), b.importFolder)
	b.cancel = widget.NewButtonWithIcon(T("Cancel"), theme.CancelIcon(), b.stopJob)
	b.progress.Hide()
	b.cancel.Hide()
	b.status.Hide()
	tools := container.NewHBox(b.choose, b.importB)
	b.content = container.NewVBox(
		container.NewBorder(nil, nil, nil, tools, b.about),
		container.NewBorder(nil, nil, nil, b.cancel, b.progress),
		b.status)
	b.outer = container.New(presenterHides{b}, b.content)
	b.refresh()
	d.sess.onData = append(d.sess.onData, b.refresh)
	d.sess.onSet = append(d.sess.onSet, b.refresh)
	d.bridge.AddPoller(b, vis)
	return b
}

// refresh shows the dataset trained on. Call on the UI goroutine.
func (b *datasetBar) refresh() {
	s := b.sess
	b.want = s.dataState == dataReady && s.trainDS != nil
	if !b.want {
		b.content.Hide()
		return
	}
	b.about.SetText(s.describeSet())
	b.shown = 0
	for i, c := range b.choices {
		if c.name == s.info.Name {
			b.shown = i
		}
	}
	b.select_(b.shown)
	if !(presenterHides{b}).scaled() {
		b.content.Show()
	}
	b.outer.Refresh()
}

// select_ shows choice i in the selector without acting on it; -1 shows
// none (an imported folder).
func (b *datasetBar) select_(i int) {
	b.quiet = true
	defer func() { b.quiet = false }()
	if i < 0 || b.sess.info.Name != b.choices[i].name {
		b.choose.ClearSelected()
		return
	}
	b.choose.SetSelectedIndex(i)
}

// pick loads choice i in the background and offers to train on it.
func (b *datasetBar) pick(i int) {
	if i < 0 || i >= len(b.choices) {
		return
	}
	c := b.choices[i]
	b.runJob(Tf("Loading %s…", c.title), func(ctx context.Context) (*data.Set, []data.Skipped, error) {
		set, err := c.load(ctx, b)
		return set, nil, err
	})
}

// runJob runs load on a job goroutine with a cancellable context, showing
// its progress, then offers its dataset (and lists what it skipped).
func (b *datasetBar) runJob(what string, load func(ctx context.Context) (*data.Set, []data.Skipped, error)) {
	if b.running.Load() {
		return
	}
	ctx, cancel := context.WithCancel(b.sess.ctx)
	b.stop = cancel
	b.done.Store(0)
	b.total.Store(0)
	b.what.Store(&what)
	b.lastDone = -1
	b.running.Store(true)
	b.progress.SetValue(0)
	b.progress.Show()
	b.cancel.Show()
	b.status.Importance = widget.MediumImportance
	b.status.SetText(what)
	b.status.Show()
	b.choose.Disable()
	b.importB.Disable()
	b.sess.bridge.Go(func(context.Context) func() {
		set, skipped, err := load(ctx)
		return func() {
			cancel()
			b.endJob()
			switch {
			case errors.Is(err, context.Canceled):
				b.status.SetText(T("Cancelled."))
			case err != nil:
				b.status.Importance = widget.DangerImportance
				b.status.SetText(dataErrorText(err))
				b.log.Error("dataset", "err", english(err))
			default:
				b.status.Hide()
			}
			if err != nil && len(skipped) > 0 {
				showSkipped(b.win, T("Import failed"), dataErrorText(err), skipped, nil)
			}
			if err == nil && set != nil {
				b.offer(set, skipped)
			}
			b.select_(b.shown)
		}
	})
}

// endJob hides the progress. Call on the UI goroutine.
func (b *datasetBar) endJob() {
	b.running.Store(false)
	b.stop = nil
	b.progress.Hide()
	b.cancel.Hide()
	b.choose.Enable()
	b.importB.Enable()
}

func (b *datasetBar) stopJob() {
	if b.stop != nil {
		b.stop()
	}
}

// offer switches to set after asking when training would be lost; an
// import first lists what it skipped.
func (b *datasetBar) offer(set *data.Set, skipped []data.Skipped) {
	use := func() {
		b.confirmDataset(set, func() {
			if err := b.sess.useSet(set); err != nil {
				b.status.Importance = widget.DangerImportance
				b.status.SetText(err.Error())
				b.status.Show()
			}
		})
	}
	if len(skipped) > 0 {
		showSkipped(b.win, T("Folder imported"), Tf("%d training and %d test images of %d classes. %d files were skipped:", set.Train.N, set.Test.N, len(set.Info.Classes), len(skipped)), skipped, use)
		return
	}
	use()
}

// confirmDataset runs use, which starts the run over on set, after asking
// when the current run has trained.
func (d *deps) confirmDataset(set *data.Set, use func()) {
	s := d.sess.snapshot()
	if s == nil || s.Updates == 0 {
		use()
		return
	}
	confirmDiscard(d.win, T("Train on another dataset?"),
		Tf("Training on %s (%d classes) starts a new network. The current one has trained for %d updates (epoch %.2f); its weights, curves and timeline snapshots would be lost. Save it first (File → Save model…) to keep it.",
			imageSetTitle(set.Info.Name), len(set.Info.Classes), s.Updates, s.EpochsDone()),
		T("Start over"), use)
}

// poll implements poller: the progress bar follows the running job.
func (b *datasetBar) poll(force bool) func() {
	if !b.running.Load() {
		return nil
	}
	done, total := b.done.Load(), b.total.Load()
	if done == b.lastDone && !force {
		return nil
	}
	b.lastDone = done
	what := ""
	if w := b.what.Load(); w != nil {
		what = *w
	}
	return func() {
		if !b.running.Load() {
			return
		}
		if total > 0 {
			b.progress.SetValue(float64(done) / float64(total))
		}
		b.status.SetText(what)
	}
}

// report sets the running job's progress. Any goroutine.
func (b *datasetBar) report(what string, done, total int64) {
	b.what.Store(&what)
	b.total.Store(total)
	b.done.Store(done)
}

// loadVariant fetches (when missing) and loads a dataset in MNIST's format.
func (b *datasetBar) loadVariant(ctx context.Context, v mnist.Variant) (*data.Set, error) {
	d, err := v.Ensure(ctx, "", func(file string, done, total int64) {
		b.report(Tf("Fetching %s: %s (%.1f MB)", v.Title, file, float64(done)/1e6), done, total)
	})
	var ue *mnist.UnreachableError
	if errors.As(err, &ue) {
		b.log.Error("fetch", "dataset", v.Name, "err", english(err))
		return nil, errorf("%s could not be fetched: its authors' download sites did not answer, so this network may not reach them. On a computer with Internet access, download the four files (%s) from the %s page, then copy them into %s and choose %s again.", v.Title, strings.Join(ue.Files, ", "), v.Title, ue.Dir, v.Title)
	}
	if err != nil {
		return nil, err
	}
	b.report(Tf("Loading %s…", v.Title), 0, 0)
	train, test, err := mnist.Load(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v.Title, err)
	}
	return data.FromVariant(v, train, test), nil
}

// drawingsSplit is the fraction of each digit's drawings held out for
// testing when the class's drawings are a dataset.
const drawingsSplit = 0.25

// loadDrawings reads the drawings saved from the pad as a dataset: with
// digits, those of the digits; else those saved for the classes trained
// on when there are some, or for the classes of the drawing saved last.
func (b *datasetBar) loadDrawings(digits bool) (*data.Set, error) {
	exs, _, err := data.ReadDrawings(b.examplesDir)
	if err != nil {
		return nil, err
	}
	var classes []string
	if !digits {
		classes = data.DrawingClasses(exs, b.sess.info.Classes)
	}
	return data.FromDrawings(exs, classes, drawingsSplit, b.sess.cfg.Settings.Seed)
}

// presenterHides lays the dataset bar out as it is at the default text
// size, and hides it while presenter mode enlarges the text: at 2× on a
// 1280×800 projector the charts need its height.
type presenterHides struct{ b *datasetBar }

// scaled reports whether presenter mode enlarges the text.
func (presenterHides) scaled() bool { return themeScaled(1) > 1.2 }

// MinSize implements fyne.Layout.
func (l presenterHides) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if l.scaled() || !l.b.content.Visible() {
		return fyne.Size{}
	}
	return l.b.content.MinSize()
}

// Layout implements fyne.Layout.
func (l presenterHides) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if l.scaled() {
		l.b.content.Hide()
		return
	}
	if l.b.want && !l.b.content.Visible() {
		l.b.content.Show()
	}
	l.b.content.Resize(size)
	l.b.content.Move(fyne.NewPos(0, 0))
}
