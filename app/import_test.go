package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"backproplab/nn/data"
	"backproplab/nn/live"
	"backproplab/viz"
)

// importShapes imports a generated folder of three shapes through the
// dataset bar, as the import dialog does, and trains on it.
func importShapes(t *testing.T, u *ui, perClass int, extra func(dir string)) {
	t.Helper()
	dir := t.TempDir()
	if err := data.WriteShapeFolder(dir, perClass, 3); err != nil {
		t.Fatal(err)
	}
	if extra != nil {
		extra(dir)
	}
	b := u.data.sets
	b.importDir(dir, data.FolderOptions{TestSplit: 0.2, Seed: 1, Preprocess: data.Center})
	if !b.running.Load() || !b.progress.Visible() || !b.cancel.Visible() {
		t.Error("no progress shown while importing")
	}
	u.sess.bridge.Settle()
	if b.running.Load() || b.progress.Visible() {
		t.Error("the progress is still shown after the import")
	}
}

func TestImportFolderTrainsOnItsClasses(t *testing.T) {
	u := newTestUI(t)
	if !u.data.sets.content.Visible() || !strings.Contains(u.data.sets.about.Text, "MNIST") {
		t.Fatalf("the dataset bar shows %q (visible %v), want MNIST", u.data.sets.about.Text, u.data.sets.content.Visible())
	}
	importShapes(t, u, 30, nil)
	if !slices.Equal(u.sess.info.Classes, data.ShapeClasses) {
		t.Fatalf("after the import the classes are %v, want %v (status %q)", u.sess.info.Classes, data.ShapeClasses, u.data.sets.status.Text)
	}
	s := runnerOf(u).Snapshot()
	if s.Net.Arch.Outputs != 3 || u.sess.cfg.Arch.Outputs != 3 {
		t.Fatalf("network outputs %d (configuration %d), want 3", s.Net.Arch.Outputs, u.sess.cfg.Arch.Outputs)
	}
	if u.sess.trainDS.N+u.sess.testDS.N != 90 || u.sess.testDS.N != 18 {
		t.Errorf("imported %d training and %d test images, want 72 and 18", u.sess.trainDS.N, u.sess.testDS.N)
	}
	if !strings.Contains(u.data.sets.about.Text, "circle, square, triangle") {
		t.Errorf("dataset bar: %q, want the class names", u.data.sets.about.Text)
	}
	runnerOf(u).StepEpoch()
	waitFor(t, u, "an epoch on the shapes", func(s *live.Snapshot) bool { return s.State == live.Paused && s.EpochsDone() >= 1 })

	// The evaluation: a 3×3 matrix named after the shapes, cells that open
	// their galleries, and a CSV with the names.
	n := u.network
	n.vis.set(true)
	n.tabs.SelectIndex(netTabEvaluation)
	n.eval.evaluate()
	u.sess.bridge.Settle()
	ev := n.eval.result.Load()
	if ev == nil || len(ev.Counts) != 3 || !slices.Equal(ev.names, data.ShapeClasses) {
		t.Fatalf("evaluation: %v", ev)
	}
	row := 1
	rect := viz.ConfusionCellRect(row, row, 400, 400, ev.names)
	n.eval.tapMatrix(fyne.NewPos(float32(rect.Min.X+rect.Dx()/2), float32(rect.Min.Y+rect.Dy()/2)), fyne.NewSize(400, 400))
	if !strings.HasPrefix(n.eval.galTitle.Text, "True square, predicted square") {
		t.Errorf("gallery title %q", n.eval.galTitle.Text)
	}
	var csv strings.Builder
	if err := n.eval.exports()[0].write(&csv); err != nil || !strings.HasPrefix(csv.String(), `true \ predicted,circle,square,triangle`) {
		t.Errorf("confusion CSV: %q, %v", csv.String(), err)
	}
}

func TestImportFolderListsSkippedFiles(t *testing.T) {
	u := newTestUI(t)
	importShapes(t, u, 12, func(dir string) {
		os.WriteFile(filepath.Join(dir, "circle", "broken.png"), []byte("not a png"), 0o644)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
	})
	// Two skipped files: the dialog lists them and waits; the dataset is
	// not switched until the user confirms.
	if len(u.sess.info.Classes) != 10 {
		t.Fatalf("the dataset changed before the user confirmed: %v", u.sess.info.Classes)
	}
	text := dialogText(u)
	for _, want := range []string{"2 files were skipped", "broken.png", "notes.txt", "not inside a class folder"} {
		if !strings.Contains(text, want) {
			t.Errorf("the skipped-files dialog lacks %q:\n%s", want, text)
		}
	}
	tapDialogButton(t, u, "Train on it")
	if !slices.Equal(u.sess.info.Classes, data.ShapeClasses) {
		t.Errorf("after Train on it the classes are %v", u.sess.info.Classes)
	}
}

func TestImportFolderErrorShown(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "only"), 0o755)
	u.data.sets.importDir(dir, data.FolderOptions{TestSplit: 0.2, Preprocess: data.Center})
	u.sess.bridge.Settle()
	if st := u.data.sets.status; !st.Visible() || !strings.Contains(st.Text, "No images in "+dir) {
		t.Errorf("import of an empty folder: status %q (visible %v)", st.Text, st.Visible())
	}
	if len(u.sess.info.Classes) != 10 {
		t.Errorf("a failed import changed the dataset: %v", u.sess.info.Classes)
	}
}
