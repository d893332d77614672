package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/data"
	"backproplab/nn/digit"
	"backproplab/nn/live"
)

// saveDrawings saves n of the fixture's test images as the class's
// drawings, as the Draw tab's Save as example does.
func saveDrawings(t *testing.T, u *ui, n int) {
	t.Helper()
	d := u.sess.mnist.Test
	x := make([]float32, 784)
	for i := range n {
		d.Pixels(i, x)
		pix := make([]uint8, 784)
		for j, v := range x {
			pix[j] = uint8(v*255 + 0.5)
		}
		ex := example{Label: int(d.Labels[i]), Predicted: -1, Pixels: pix, Drawing: digit.Drawing{Width: 280, Height: 280}, Saved: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)}
		if _, err := saveExample(u.draw.examplesDir, ex); err != nil {
			t.Fatal(err)
		}
	}
}

// openLesson opens the own-data lesson titled title.
func openLesson(t *testing.T, u *ui, title string) {
	t.Helper()
	for _, l := range u.lessons.tools.more {
		if l.title == title {
			l.open()
			return
		}
	}
	t.Fatalf("no lesson %q", title)
}

func TestOwnDataLessonsNeedTraining(t *testing.T) {
	u := newTestUI(t)
	openLesson(t, u, "Fine-tune on the class's drawings")
	if txt := dialogText(u); !strings.Contains(txt, "untrained") {
		t.Errorf("fine-tune on an untrained network: %q", txt)
	}
}

func TestFineTuneOnDrawings(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // the test app's storage, where the drawings go
	u := newTestUI(t)
	saveDrawings(t, u, 40)
	r := runnerOf(u)
	r.StepEpoch()
	waitFor(t, u, "an epoch", func(s *live.Snapshot) bool { return s.State == live.Paused && s.EpochsDone() >= 1 })
	mnistNet := r.Model().Net

	// The gap: both columns filled from nn.
	openLesson(t, u, "MNIST vs the class's handwriting")
	u.sess.bridge.Settle()
	if txt := dialogText(u); !strings.Contains(txt, "on the class's 40 drawings") || !strings.Contains(txt, "(") {
		t.Errorf("gap dialog:\n%s", txt)
	}
	u.win.Canvas().Overlays().Top().Hide()
	u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())

	openLesson(t, u, "Fine-tune on the class's drawings")
	tapDialogButton(t, u, "Fine-tune") // the confirmation: the curves start again
	if u.sess.info.Name != data.Drawings || u.sess.trainDS.N+u.sess.testDS.N != 40 {
		t.Fatalf("fine-tuning trains on %q (%d+%d images), want the 40 drawings", u.sess.info.Name, u.sess.trainDS.N, u.sess.testDS.N)
	}
	if m := r.Model(); !slices.Equal(m.Net.Params, mnistNet.Params) {
		t.Fatal("fine-tuning did not start from the MNIST weights")
	}
	u.sess.bridge.Settle() // the "before" column
	tapDialogButton(t, u, "Fine-tune 5 epochs")
	u.sess.bridge.Settle()
	if m := r.Model(); slices.Equal(m.Net.Params, mnistNet.Params) || len(m.Epochs) != fineTuneEpochs {
		t.Errorf("after Fine-tune: %d epochs, weights changed %v", len(m.Epochs), !slices.Equal(m.Net.Params, mnistNet.Params))
	}
	txt := dialogText(u)
	if strings.Count(txt, "%") < 6 || !strings.Contains(txt, "Fine-tuned for 5 epochs") {
		t.Errorf("fine-tune dialog lacks before and now figures:\n%s", txt)
	}
}

func TestSuspiciousLabelsDrop(t *testing.T) {
	u := newTestUI(t)
	r := runnerOf(u)
	r.StepEpoch()
	waitFor(t, u, "an epoch", func(s *live.Snapshot) bool { return s.State == live.Paused && s.EpochsDone() >= 1 })
	n := u.sess.trainDS.N
	openLesson(t, u, "Suspicious labels")
	u.sess.bridge.Settle()
	if txt := dialogText(u); !strings.Contains(txt, "training images of MNIST with the highest loss") {
		t.Fatalf("suspicious dialog:\n%s", txt)
	}
	var sels []*widget.Select
	for _, o := range testObjects(u) {
		if s, ok := o.(*widget.Select); ok && len(s.Options) == 11 {
			sels = append(sels, s)
		}
	}
	if len(sels) != suspectsShown {
		t.Fatalf("%d choices in the gallery, want %d", len(sels), suspectsShown)
	}
	sels[0].SetSelectedIndex(1) // drop
	sels[1].SetSelectedIndex(2) // relabel
	tapDialogButton(t, u, "Apply")
	if got := u.sess.trainDS.N; got != n-1 {
		t.Errorf("after dropping one image the training set has %d, want %d", got, n-1)
	}
}

// testObjects returns the laid-out objects of the topmost dialog.
func testObjects(u *ui) []fyne.CanvasObject {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return test.LaidOutObjects(top)
}
