package app

import (
	"bytes"
	"reflect"
	"testing"

	"backproplab/nn/lab"
)

// TestPlaygroundLessons picks every built-in 2D lesson through its menu
// and checks that the run uses its dataset, network and settings; then
// saves the Playground as a lesson file, changes it, and opens the file
// again through the window's lesson restore.
func TestPlaygroundLessons(t *testing.T) {
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	for i, pr := range lab.PlanePresets() {
		p.lessonSel.SetSelectedIndex(i)
		r := p.runner.Load()
		if r == nil {
			t.Fatalf("%s: no run: %s", pr.ID, p.errText.Text)
		}
		cfg := r.Snapshot().Config
		if p.spec.Kind != pr.Plane.Dataset || p.spec.Noise != pr.Plane.Noise || p.spec.TrainRatio != pr.Plane.TrainRatio {
			t.Errorf("%s: dataset %+v, want %+v", pr.ID, p.spec, pr.Plane)
		}
		if !reflect.DeepEqual(cfg.Arch.Hidden, pr.Config.Arch.Hidden) || cfg.Settings.LearningRate != pr.Config.Settings.LearningRate {
			t.Errorf("%s: run %v lr %g, want %v lr %g", pr.ID, cfg.Arch.Hidden, cfg.Settings.LearningRate, pr.Config.Arch.Hidden, pr.Config.Settings.LearningRate)
		}
		if p.info.Text != T(pr.Hint) {
			t.Errorf("%s: the hint is not shown: %q", pr.ID, p.info.Text)
		}
	}

	les := p.lesson()
	var b bytes.Buffer
	if err := lab.WriteLesson(&b, les); err != nil {
		t.Fatal(err)
	}
	want := p.runner.Load().Snapshot().Config
	p.lessonSel.SetSelectedIndex(0) // something else
	read, err := lab.ReadLesson(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	u.tabs.SelectIndex(0)
	u.restoreLesson(read)
	if !p.vis.shown() {
		t.Error("opening a Playground lesson did not show the Playground")
	}
	got := p.runner.Load().Snapshot().Config
	if !reflect.DeepEqual(got.Arch, want.Arch) || got.Settings != want.Settings {
		t.Errorf("reopened lesson runs %+v %+v, saved %+v %+v", got.Arch, got.Settings, want.Arch, want.Settings)
	}
	if p.spec.Kind != les.Plane.Dataset || p.spec.Seed != les.Plane.Seed {
		t.Errorf("reopened dataset %+v, saved %+v", p.spec, les.Plane)
	}
}
