package app

import (
	"image"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/live"
)

// The strokes of a 7 on a 280 pad: the top bar, then the stem.
var sevenStrokes = [][]digit.Point{{{X: 86, Y: 54}, {X: 140, Y: 52}, {X: 196, Y: 54}, {X: 160, Y: 140}, {X: 124, Y: 232}}}

// drawOnPad draws strokes given on a 280 pad onto p, scaled to its side,
// through pointer events, scaled by s and moved by (dx, dy) on the 280 pad.
func drawOnPad(p *drawPad, strokes [][]digit.Point, s, dx, dy float32) {
	side := p.padSide()
	o := p.origin()
	k := side / 280
	for _, st := range strokes {
		pts := make([]fyne.Position, len(st))
		for i, q := range st {
			pts[i] = fyne.NewPos(o.X+(q.X*s+dx)*k, o.Y+(q.Y*s+dy)*k)
		}
		stroke(p, pts...)
	}
}

// newTestDrawScreen returns a draw screen on a test UI with fixture data,
// shown in a window of its own.
func newTestDrawScreen(t *testing.T) (*ui, *drawScreen) {
	t.Helper()
	u := newTestUI(t)
	ds := newDrawScreen(u.deps, t.TempDir(), nil)
	ds.vis.set(true)
	w := test.NewTempWindow(t, ds.content)
	w.Resize(fyne.NewSize(1100, 760))
	return u, ds
}

// inkCentre returns the centre of mass of a 28×28 image's ink.
func inkCentre(pix []uint8) (x, y float64) {
	var sum float64
	for i, v := range pix {
		x += float64(i%digit.Side) * float64(v)
		y += float64(i/digit.Side) * float64(v)
		sum += float64(v)
	}
	return x / sum, y / sum
}

func TestChooseModel(t *testing.T) {
	bundled := nn.NewNetwork(nn.TutorialArch(), 1)
	fresh := &live.Snapshot{Net: nn.NewNetwork(nn.TutorialArch(), 2), BatchesPerEpoch: 10}
	trained := &live.Snapshot{Net: nn.NewNetwork(nn.TutorialArch(), 3), Batches: make([]nn.BatchMetrics, 24), Updates: 24, Epoch: 2, Batch: 4, BatchesPerEpoch: 10}
	for _, tc := range []struct {
		src     modelSource
		s       *live.Snapshot
		bundled *nn.Network
		digits  bool // the dataset is the digits
		want    *nn.Network
		name    string
	}{
		{sourceAuto, nil, bundled, true, bundled, "Bundled model"},                         // first launch, offline
		{sourceAuto, fresh, bundled, true, bundled, "Bundled model"},                       // data loaded, no step yet
		{sourceAuto, trained, bundled, true, trained.Net, "training, 2.40 epochs trained"}, // training
		{sourceBundled, trained, bundled, true, bundled, "Bundled model"},                  // the user's choice
		{sourceTraining, fresh, bundled, true, fresh.Net, "untrained"},                     // even untrained
		{sourceTraining, nil, bundled, true, nil, "MNIST is not loaded"},                   // nothing to show
		{sourceAuto, nil, nil, true, nil, "bundled model could not be loaded"},             // broken build
		{sourceTraining, trained, nil, true, trained.Net, "training, 2.40 epochs trained"}, // without the bundled model
		{sourceAuto, fresh, bundled, false, fresh.Net, "untrained"},                        // shapes: the digits model knows none
		{sourceBundled, fresh, bundled, false, bundled, "Bundled model"},                   // the user's choice still
	} {
		got := chooseModel(tc.src, tc.s, tc.bundled, tc.digits)
		if got.net != tc.want || !strings.Contains(got.name, tc.name) {
			t.Errorf("chooseModel(%d, …, digits %v) = %p %q, want %p and a name with %q", tc.src, tc.digits, got.net, got.name, tc.want, tc.name)
		}
	}
}

func TestBundledModel(t *testing.T) {
	m, err := loadBundledModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.Net.Arch.Inputs != 784 || m.Net.Arch.Outputs != 10 {
		t.Errorf("bundled model is %s", m.Net.Arch)
	}
	if len(m.Epochs) == 0 || !strings.Contains(m.Note, "backproplab train") {
		t.Errorf("bundled model does not say how it was made: epochs %d, note %q", len(m.Epochs), m.Note)
	}
}

// TestDrawScreenPredictsWhileDrawing checks the empty pad, a dot, and that
// the prediction follows every stroke event, before the pen lifts.
func TestDrawScreenPredictsWhileDrawing(t *testing.T) {
	_, ds := newTestDrawScreen(t)
	if ds.bars.Probs != nil || !strings.Contains(ds.padHint.Text, "Draw a digit") || !ds.save.Disabled() {
		t.Errorf("empty pad: probs %v, hint %q, save enabled %v; want no prediction", ds.bars.Probs, ds.padHint.Text, !ds.save.Disabled())
	}
	if !strings.Contains(ds.modelLbl.Text, "Bundled model") {
		t.Errorf("before training the model is %q, want the bundled model", ds.modelLbl.Text)
	}
	press(ds.pad, 150, 150)
	release(ds.pad)
	if ds.bars.Probs != nil || !strings.Contains(ds.padHint.Text, "Not enough ink") {
		t.Errorf("a dot: probs %v, hint %q; want no prediction", ds.bars.Probs, ds.padHint.Text)
	}
	ds.pad.Clear()

	// The 7 point by point: after each drag the bars show the new state.
	side, o := ds.pad.padSide(), ds.pad.origin()
	at := func(q digit.Point) fyne.Position { return fyne.NewPos(o.X+q.X*side/280, o.Y+q.Y*side/280) }
	s := sevenStrokes[0]
	press(ds.pad, at(s[0]).X, at(s[0]).Y)
	var seen [][]float32
	for i := 1; i < len(s); i++ {
		drag(ds.pad, at(s[i-1]), at(s[i]))
		if ds.bars.Probs != nil {
			seen = append(seen, slices.Clone(ds.bars.Probs))
		}
	}
	if len(seen) < len(s)-2 {
		t.Fatalf("only %d of %d drag events gave a prediction while drawing", len(seen), len(s)-1)
	}
	if slices.Equal(seen[0], seen[len(seen)-1]) {
		t.Error("the prediction did not change while the stroke went on")
	}
	if got := ds.bars.best(); got != 7 {
		t.Errorf("before the pen lifts: top guess %d, want 7 (probs %v)", got, ds.bars.Probs)
	}
	release(ds.pad)
	if got := ds.bars.best(); got != 7 || ds.label.Selected != "7" || ds.save.Disabled() {
		t.Errorf("a 7: top guess %d, label %q, save enabled %v; want 7, 7, true", got, ds.label.Selected, !ds.save.Disabled())
	}
}

// seenPix returns the pixels of the "what the network sees" view.
func seenPix(ds *drawScreen) []uint8 { return ds.seen.Image.(*image.Gray).Pix }

// TestPreprocessingToggle draws a small 7 in a corner: with MNIST
// preprocessing the network sees it centred and reads it; without, it
// sees a small blot in the corner.
func TestPreprocessingToggle(t *testing.T) {
	_, ds := newTestDrawScreen(t)
	drawOnPad(ds.pad, sevenStrokes, 0.4, 150, 150)
	cx, cy := inkCentre(seenPix(ds))
	if math.Abs(cx-14) > 0.5 || math.Abs(cy-14) > 0.5 {
		t.Errorf("with preprocessing the ink's centre is (%.1f, %.1f), want (14, 14)", cx, cy)
	}
	if got := ds.bars.best(); got != 7 {
		t.Errorf("with preprocessing: top guess %d, want 7", got)
	}
	test.Tap(ds.mnist)
	if ds.mnist.Checked {
		t.Fatal("the toggle did not turn preprocessing off")
	}
	cx, cy = inkCentre(seenPix(ds))
	if cx < 20 || cy < 18 {
		t.Errorf("without preprocessing the ink's centre is (%.1f, %.1f), want the lower right corner", cx, cy)
	}
	test.Tap(ds.mnist)
	if got := ds.bars.best(); got != 7 || !ds.mnist.Checked {
		t.Errorf("preprocessing back on: top guess %d, want 7", got)
	}
}

// predictWith runs drawing d through net as the screen does.
func predictWith(t *testing.T, net *nn.Network, d digit.Drawing) []float32 {
	t.Helper()
	x, ok := digit.FromDrawing(d, digit.DefaultOptions())
	if !ok {
		t.Fatal("the drawing holds no digit")
	}
	return slices.Clone(nn.NewPredictor(net.Arch).Predict(net, x[:]))
}

// TestDrawScreenFollowsTraining checks that the pad predicts with the
// bundled model before training and with each new snapshot's weights
// once training has taken a step, and the model choice.
func TestDrawScreenFollowsTraining(t *testing.T) {
	u, ds := newTestDrawScreen(t)
	drawOnPad(ds.pad, sevenStrokes, 1, 0, 0)
	d := ds.pad.Drawing()
	u.sess.bridge.frame(true)()
	if !strings.Contains(ds.modelLbl.Text, "Bundled") || !slices.Equal(ds.bars.Probs, predictWith(t, ds.bundled, d)) {
		t.Errorf("before any step: %q with probs %v, want the bundled model's", ds.modelLbl.Text, ds.bars.Probs)
	}
	runnerOf(u).StepBatch()
	s := waitFor(t, u, "one batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	apply := u.sess.bridge.frame(true)
	if apply == nil {
		t.Fatal("a new snapshot rendered nothing")
	}
	apply()
	if !strings.Contains(ds.modelLbl.Text, "Network in training, ") {
		t.Errorf("after a step the model is %q, want the network in training", ds.modelLbl.Text)
	}
	if want := predictWith(t, s.Net, d); !slices.Equal(ds.bars.Probs, want) {
		t.Errorf("after a step: probs %v, want the snapshot's %v", ds.bars.Probs, want)
	}
	ds.source.SetSelected(ds.source.Options[sourceBundled])
	if !strings.Contains(ds.modelLbl.Text, "Bundled") || !slices.Equal(ds.bars.Probs, predictWith(t, ds.bundled, d)) {
		t.Errorf("bundled chosen: %q with probs %v", ds.modelLbl.Text, ds.bars.Probs)
	}
	ds.source.SetSelected(ds.source.Options[sourceTraining])
	if !slices.Equal(ds.bars.Probs, predictWith(t, s.Net, d)) {
		t.Errorf("training chosen: probs %v, want the snapshot's", ds.bars.Probs)
	}
	// A render for an old drawing is dropped: the screen shows the newest.
	runnerOf(u).StepBatch()
	waitFor(t, u, "two batches", func(s *live.Snapshot) bool { return steps(s) == 2 && s.State == live.Paused })
	apply = u.sess.bridge.frame(true)
	ds.pad.Undo()
	apply()
	if ds.bars.Probs != nil {
		t.Errorf("a stale render showed probs %v for a drawing that is gone", ds.bars.Probs)
	}
}

// TestRenderWhileDrawing runs the bridge's render on another goroutine
// while the pad is drawn on, for the race detector.
func TestRenderWhileDrawing(t *testing.T) {
	u, ds := newTestDrawScreen(t)
	runnerOf(u).StepBatch()
	waitFor(t, u, "one batch", func(s *live.Snapshot) bool { return steps(s) == 1 && s.State == live.Paused })
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			ds.render(runnerOf(u).Snapshot(), true) // the result is for the UI goroutine: dropped
		}
	}()
	for k := range 20 {
		drawOnPad(ds.pad, sevenStrokes, 0.5+float32(k)/40, float32(k), float32(k))
		if k%3 == 0 {
			ds.pad.Undo()
		}
		if k%7 == 0 {
			ds.pad.Resize(ds.pad.Size().AddWidthHeight(4, 4))
		}
	}
	close(stop)
	wg.Wait()
}

// TestSaveAndEvaluateExamples saves a drawing with a corrected label,
// reads it back and evaluates the model on the set.
func TestSaveAndEvaluateExamples(t *testing.T) {
	u, ds := newTestDrawScreen(t)
	drawOnPad(ds.pad, sevenStrokes, 1, 0, 0)
	d := ds.pad.Drawing()
	if ds.label.Selected != "7" {
		t.Fatalf("label %q, want the prediction 7", ds.label.Selected)
	}
	ds.label.SetSelected("1") // the user corrects it
	test.Tap(ds.save)
	if !ds.pad.Empty() {
		t.Error("the pad was not cleared after saving")
	}
	u.sess.bridge.Settle() // the save runs in the background
	exs, skipped, err := loadExamples(ds.examplesDir)
	if err != nil || skipped != 0 || len(exs) != 1 {
		t.Fatalf("loadExamples: %d examples, %d skipped, %v; want 1", len(exs), skipped, err)
	}
	ex := exs[0]
	if ex.Label != 1 || ex.Predicted != 7 || !strings.Contains(ex.Model, "Bundled") {
		t.Errorf("saved label %d, predicted %d, model %q; want 1, 7, the bundled model", ex.Label, ex.Predicted, ex.Model)
	}
	if len(ex.Drawing.Strokes) != 1 || !slices.Equal(ex.Drawing.Strokes[0], d.Strokes[0]) || ex.Drawing.Width != d.Width {
		t.Errorf("saved strokes %v, want %v", ex.Drawing.Strokes, d.Strokes)
	}
	x, _ := digit.FromDrawing(d, digit.DefaultOptions())
	if want := digit.Render28(x).Pix; !slices.Equal(ex.Pixels, want) {
		t.Error("saved pixels are not the drawing's MNIST preprocessing")
	}
	if !strings.Contains(ds.exStatus.Text, "1 examples") {
		t.Errorf("status %q, want the count", ds.exStatus.Text)
	}
	if ds.label.Selected != "" {
		t.Errorf("label %q after saving, want none for the next drawing", ds.label.Selected)
	}

	test.Tap(ds.evaluate)
	u.sess.bridge.Settle()
	for _, want := range []string{"your 1 examples 0.0 %", "test set", "1 read as 7"} {
		if !strings.Contains(ds.exStatus.Text, want) {
			t.Errorf("evaluation %q lacks %q", ds.exStatus.Text, want)
		}
	}
}

// denseSeven returns the 7 with a point every 2 logical pixels, as a pad
// reports a slow stroke.
func denseSeven() digit.Drawing {
	d := digit.Drawing{Width: 280, Height: 280}
	for _, st := range sevenStrokes {
		ns := digit.Stroke{st[0]}
		for i := 1; i < len(st); i++ {
			a, b := st[i-1], st[i]
			n := int(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)) / 2)
			for k := 1; k <= n; k++ {
				f := float32(k) / float32(n)
				ns = append(ns, digit.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
			}
		}
		d.Strokes = append(d.Strokes, ns)
	}
	return d
}

// BenchmarkPadPredict measures what every stroke event costs: the MNIST
// preprocessing of the drawing and a forward pass of the bundled model.
func BenchmarkPadPredict(b *testing.B) {
	m, err := loadBundledModel()
	if err != nil {
		b.Fatal(err)
	}
	d := denseSeven()
	b.Logf("%d points, model %s", d.Points(), m.Net.Arch)
	for _, bc := range []struct {
		name string
		o    digit.Options
	}{{"mnist", digit.DefaultOptions()}, {"raw", digit.Options{PenWidth: digit.DefaultPenWidth}}} {
		b.Run(bc.name, func(b *testing.B) {
			var pp padPredictor
			b.ReportAllocs()
			for b.Loop() {
				if r := pp.predict(d, bc.o, m.Net); r.best != 7 {
					b.Fatalf("predicted %d", r.best)
				}
			}
		})
	}
}

// BenchmarkPadStrokeEvent measures the stroke events of drawing a 7 on
// the Draw tab from end to end, on the UI goroutine: painting each new
// segment, preprocessing, the forward pass, and updating the 28×28 view
// and the bars. It reports the mean time per event.
func BenchmarkPadStrokeEvent(b *testing.B) {
	test.NewTempApp(b)
	m, err := loadBundledModel()
	if err != nil {
		b.Fatal(err)
	}
	ds := &drawScreen{bundled: m.Net}
	ds.build()
	w := test.NewTempWindow(b, ds.content)
	w.Resize(fyne.NewSize(1100, 760))
	d := denseSeven()
	side, o := ds.pad.padSide(), ds.pad.origin()
	at := func(q digit.Point) fyne.Position { return fyne.NewPos(o.X+q.X*side/280, o.Y+q.Y*side/280) }
	events := 0
	b.ReportAllocs()
	for b.Loop() {
		ds.pad.Clear()
		for _, st := range d.Strokes {
			press(ds.pad, at(st[0]).X, at(st[0]).Y)
			for i := 1; i < len(st); i++ {
				drag(ds.pad, at(st[i-1]), at(st[i]))
			}
			release(ds.pad)
			events += len(st)
		}
		if ds.bars.best() != 7 {
			b.Fatalf("predicted %d", ds.bars.best())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
}

// TestUndoShortcutOnWindow checks the window's Ctrl+Z, for when the pad
// does not have the focus: it undoes while the Draw tab shows.
func TestUndoShortcutOnWindow(t *testing.T) {
	u := newTestUI(t)
	ds := u.draw
	u.tabs.SelectIndex(3) // the Draw tab
	if !ds.vis.shown() {
		t.Fatal("the Draw tab does not show after selecting it")
	}
	drawOnPad(ds.pad, sevenStrokes, 1, 0, 0)
	drawOnPad(ds.pad, [][]digit.Point{{{X: 100, Y: 140}, {X: 200, Y: 140}}}, 1, 0, 0)
	pressKey(u, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	if n := len(ds.pad.Drawing().Strokes); n != 1 {
		t.Errorf("Ctrl+Z on the window: %d strokes left, want 1", n)
	}
	u.tabs.SelectIndex(0) // another tab is selected
	pressKey(u, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	if n := len(ds.pad.Drawing().Strokes); n != 1 {
		t.Errorf("Ctrl+Z with the Draw tab hidden: %d strokes left, want 1", n)
	}
}
