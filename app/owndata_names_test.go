package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/live"
	"backproplab/nn/probe"
)

// TestClassNamesOnEveryView imports a folder of three shapes and checks
// that the views which name a class name it after the shape: the
// outgoing-weight bars, the activations panel, the ablation table and
// curve, the stepper's sample chooser, and the pad's labels, under which
// a drawing is saved and from which the drawings dataset takes its names.
func TestClassNamesOnEveryView(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // the test app's storage, where the drawings go
	u := newTestUI(t)
	importShapes(t, u, 30, nil)
	if !slices.Equal(u.sess.info.Classes, data.ShapeClasses) {
		t.Fatalf("classes %v after the import", u.sess.info.Classes)
	}
	runnerOf(u).StepEpoch()
	s := waitFor(t, u, "an epoch on the shapes", func(s *live.Snapshot) bool { return s.State == live.Paused && s.EpochsDone() >= 1 })

	// Inside the network: the bars to the output layer, the activations.
	bc := outgoingBars(s.Net, s.Net.Params, 0, sourceNames(showWeights), u.sess.classNamesAny(3))
	if !slices.Equal(bc.Labels, data.ShapeClasses) {
		t.Errorf("outgoing bars labelled %v, want the shapes", bc.Labels)
	}
	n := u.network
	n.vis.set(true)
	n.tabs.SelectIndex(netTabActivations)
	n.acts.pickTest(0)
	n.render(s, true)()
	label := data.ShapeClasses[u.sess.testDS.Labels[0]]
	if txt := n.acts.inputLabel.Text; !strings.Contains(txt, "label "+label) || !strings.Contains(txt, "Guess: ") || strings.Contains(txt, "Guess: 0") {
		t.Errorf("activations: %q, want the label %s and a named guess", txt, label)
	}
	if txt := n.acts.whyNote.Text; !strings.Contains(txt, "“") {
		t.Errorf("activations note %q does not name the class", txt)
	}
	if txt := n.acts.logits.Text; !strings.Contains(txt, "circle: ") || !strings.Contains(txt, "triangle: ") {
		t.Errorf("logits %q not named", txt)
	}

	// The ablation table and the curve's class chooser.
	a := probe.Ablation{Before: probe.Accuracy{Overall: 0.9, PerClass: []float64{0.9, 0.8, 1}, Count: []int{6, 6, 6}},
		After: probe.Accuracy{Overall: 0.5, PerClass: []float64{0.9, 0.2, 0.5}, Count: []int{6, 6, 6}}}
	txt := ablationText(a, u.sess.classNames(3))
	if !strings.Contains(txt, "\n  square   80.00 %   20.00 %  -60.00\n") || !strings.Contains(txt, "mattered most for “square”") {
		t.Errorf("ablation table:\n%s", txt)
	}
	n.tabs.SelectIndex(netTabAblate)
	n.render(s, true)()
	n.ablate.curve.syncClasses()
	if !slices.Equal(n.ablate.curve.class.Options, data.ShapeClasses) {
		t.Errorf("curve classes %v", n.ablate.curve.class.Options)
	}

	// The stepper's sample chooser names each sample's class.
	st := u.stepper
	st.kindSel.SetSelected(st.kindSel.Options[int(1)]) // one mini-batch
	test.Tap(st.stepBtn)
	u.sess.bridge.Settle()
	if st.tr == nil || len(st.sample.Options) == 0 {
		t.Fatalf("no batch traced: %q", st.info.Text)
	}
	for i, o := range st.sample.Options {
		if want := "label " + data.ShapeClasses[st.tr.Labels[i]]; !strings.HasSuffix(o, want) {
			t.Fatalf("sample %d: %q, want %q", i, o, want)
		}
	}

	// The pad offers the shapes and saves a drawing under them.
	ds := u.draw
	if !slices.Equal(ds.label.Options, data.ShapeClasses) {
		t.Fatalf("pad labels %v, want the shapes", ds.label.Options)
	}
	drawOnPad(ds.pad, sevenStrokes, 1, 0, 0)
	ds.label.SetSelected("triangle")
	test.Tap(ds.save)
	u.sess.bridge.Settle()
	exs, _, err := loadExamples(ds.examplesDir)
	if err != nil || len(exs) != 1 || exs[0].Label != 2 || !slices.Equal(exs[0].Classes, data.ShapeClasses) {
		t.Fatalf("saved %+v, %v; want one triangle saved for the shapes", exs, err)
	}
	if !strings.Contains(ds.exStatus.Text, "“triangle”") {
		t.Errorf("status %q", ds.exStatus.Text)
	}
	// Back on MNIST, the pad offers the digits again.
	if err := u.sess.useSet(u.sess.mnist); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.label.Options, nn.MNISTInfo().Classes) {
		t.Errorf("pad labels on MNIST: %v", ds.label.Options)
	}
}

// TestSkipReasonsTranslated: the reasons an import gives for skipped files
// come from the engine as codes and are shown in the language chosen.
func TestSkipReasonsTranslated(t *testing.T) {
	skips := []data.Skipped{
		{Code: data.SkipOutsideClass}, {Code: data.SkipNotImage}, {Code: data.SkipUnreadable, Detail: "permission denied"},
		{Code: data.SkipNotRegular}, {Code: data.SkipFileTooLarge, Size: 70e6, Limit: 64 << 20},
		{Code: data.SkipImageTooLarge, Width: 50000, Height: 50000, Limit: 20e6}, {Code: data.SkipNotDecodable, Detail: "unexpected EOF"},
		{Code: data.SkipBlank}, {Code: data.SkipBadDrawing, Detail: "label 12"}, {Code: data.SkipOtherClasses, Detail: "a, b"},
		{Code: data.SkipUnknownFormat},
	}
	setLanguage("zh-Hans")
	t.Cleanup(resetLanguage)
	for _, s := range skips {
		got := skipReason(s)
		if got == s.Reason() || !hasHan(got) {
			t.Errorf("code %d in Chinese: %q (English %q)", s.Code, got, s.Reason())
		}
		if s.Detail != "" && !strings.Contains(got, s.Detail) {
			t.Errorf("code %d: %q lost the detail %q", s.Code, got, s.Detail)
		}
	}
	if got := skipReason(skips[5]); !strings.Contains(got, "50000×50000") || !strings.Contains(got, "20.0") {
		t.Errorf("image too large: %q", got)
	}
	setLanguage("en")
	for _, s := range skips[:2] {
		if got := skipReason(s); got != s.Reason() {
			t.Errorf("code %d in English: %q, engine %q", s.Code, got, s.Reason())
		}
	}
}

// TestLabelNoisePreset applies the label-noise preset through its lesson
// and form, and then the imbalance preset: the run starts over on the
// changed training set (test set untouched), the dataset bar names the
// preset, and 0 % flipped restores the clean labels.
func TestLabelNoisePreset(t *testing.T) {
	u := newTestUI(t)
	clean := u.sess.trainDS
	openLesson(t, u, "Label noise")
	tapDialogButton(t, u, "Train on it")
	if u.sess.presetOf == nil || u.sess.trainDS == clean || u.sess.testDS != u.sess.mnist.Test {
		t.Fatalf("label noise not applied: preset %q", u.sess.preset)
	}
	flipped := 0
	for i, l := range u.sess.trainDS.Labels {
		if l != clean.Labels[i] {
			flipped++
		}
	}
	if want := clean.N / 5; flipped != want {
		t.Errorf("%d of %d labels flipped, want %d (20 %%)", flipped, clean.N, want)
	}
	if txt := u.data.sets.about.Text; !strings.Contains(txt, "20 % of the training labels flipped") {
		t.Errorf("dataset bar %q does not name the preset", txt)
	}
	if u.tabs.SelectedIndex() != 0 {
		t.Errorf("tab %d after the preset, want Training", u.tabs.SelectedIndex())
	}
	// The imbalance preset starts from the clean labels, not the noisy ones.
	openLesson(t, u, "Class imbalance")
	tapDialogButton(t, u, "Train on it")
	count := func(d *nn.Dataset, c uint8) (n int) {
		for _, l := range d.Labels {
			if l == c {
				n++
			}
		}
		return n
	}
	if got, was := count(u.sess.trainDS, 3), count(clean, 3); got != max(1, (was*5+50)/100) || u.sess.trainDS.N != clean.N-was+got {
		t.Errorf("class 3: %d of %d kept, %d images in all", got, was, u.sess.trainDS.N)
	}
	if !strings.Contains(u.data.sets.about.Text, "only 5 % of “3”'s training images kept") {
		t.Errorf("dataset bar %q", u.data.sets.about.Text)
	}
	// 0 % flipped goes back to the clean set.
	openLesson(t, u, "Label noise")
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if sel, ok := o.(*widget.Select); ok {
			sel.SetSelected("0 %")
		}
	}
	tapDialogButton(t, u, "Train on it")
	if u.sess.presetOf != nil || u.sess.trainDS != clean || strings.Contains(u.data.sets.about.Text, "kept") {
		t.Errorf("back to the clean labels: preset %q, bar %q", u.sess.preset, u.data.sets.about.Text)
	}
}
