package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/mnist"
)

// testExample returns an example of the 7 on a 280 pad, scaled by s.
func testExample(t *testing.T, label int, s float32, at time.Time) example {
	t.Helper()
	d := digit.Drawing{Width: 280, Height: 280}
	for _, st := range sevenStrokes {
		var ns digit.Stroke
		for _, q := range st {
			ns = append(ns, digit.Point{X: q.X * s, Y: q.Y * s})
		}
		d.Strokes = append(d.Strokes, ns)
	}
	ex, ok := newExample(d, digit.DefaultPenWidth, label, 7, "test", at)
	if !ok {
		t.Fatal("the 7 holds no digit")
	}
	return ex
}

func TestExamplesRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "examples") // created on the first save
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	want := []example{testExample(t, 7, 1, t0), testExample(t, 1, 0.8, t0.Add(time.Second)), testExample(t, 7, 0.6, t0.Add(2*time.Second))}
	for _, ex := range slices.Backward(want) {
		if _, err := saveExample(dir, ex); err != nil {
			t.Fatal(err)
		}
	}
	got, skipped, err := loadExamples(dir)
	if err != nil || skipped != 0 || len(got) != len(want) {
		t.Fatalf("loadExamples: %d examples, %d skipped, %v; want %d", len(got), skipped, err, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Label != w.Label || g.Predicted != w.Predicted || !g.Saved.Equal(w.Saved) || !slices.Equal(g.Pixels, w.Pixels) ||
			len(g.Drawing.Strokes) != len(w.Drawing.Strokes) || !slices.Equal(g.Drawing.Strokes[0], w.Drawing.Strokes[0]) {
			t.Errorf("example %d read back as %+v, want %+v", i, g, w)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("stray file %s", e.Name())
		}
	}
}

func TestLoadExamplesSkipsBadFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := saveExample(dir, testExample(t, 3, 1, time.Now())); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"broken.json":   `{"label": 3, "pixels": [1, 2`,
		"label.json":    `{"label": 12, "pixels": []}`,
		"pixels.json":   `{"label": 1, "pixels": [300]}`,
		"notes.txt":     "not an example",
		".hidden.json":  "{}",
		"wrongdim.json": `{"label": 1, "pixels": [0, 0, 0]}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exs, skipped, err := loadExamples(dir)
	if err != nil || len(exs) != 1 || skipped != 4 {
		t.Errorf("loadExamples: %d examples, %d skipped, %v; want 1 and 4", len(exs), skipped, err)
	}
	if exs, _, err := loadExamples(filepath.Join(dir, "missing")); err != nil || len(exs) != 0 {
		t.Errorf("a missing folder: %d examples, %v; want an empty set", len(exs), err)
	}
	if _, err := saveExample(dir, example{Label: 10, Pixels: make([]uint8, digit.Pixels)}); err == nil {
		t.Error("saved an example labelled 10")
	}
}

func TestScoreAndExportExamples(t *testing.T) {
	m, err := loadBundledModel()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	exs := []example{testExample(t, 7, 1, t0), testExample(t, 7, 0.5, t0), testExample(t, 2, 1, t0)}
	s := scoreExamples(m.Net, exs)
	if s.N != 3 || s.Correct != 2 || len(s.Mistakes) != 1 || s.Mistakes[0] != [2]int{2, 7} {
		t.Errorf("score %+v, want 2 of 3 right and the 2 read as 7", s)
	}
	if got := describeScore("M", s, 0.981, 1, nil); !strings.Contains(got, "66.7 %") || !strings.Contains(got, "98.1 %") || !strings.Contains(got, "2 read as 7") {
		t.Errorf("describeScore = %q", got)
	}

	dir := t.TempDir()
	images, labels, err := exportIDX(dir, exs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(images)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pix, n, rows, cols, err := mnist.ReadImages(f, images)
	if err != nil || n != 3 || rows != 28 || cols != 28 || !slices.Equal(pix[digit.Pixels:2*digit.Pixels], exs[1].Pixels) {
		t.Errorf("exported images: n %d, %d×%d, %v", n, rows, cols, err)
	}
	g, err := os.Open(labels)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	ls, err := mnist.ReadLabels(g, labels)
	if err != nil || !slices.Equal(ls, []uint8{7, 7, 2}) {
		t.Errorf("exported labels %v, %v", ls, err)
	}
	// The exported set evaluates like the examples.
	ds := nn.NewDataset(pix, ls, digit.Pixels)
	if _, acc := nn.NewEvaluator(m.Net.Arch).Run(m.Net, ds, nil, nil); acc != s.Accuracy() {
		t.Errorf("accuracy on the exported set %v, want %v", acc, s.Accuracy())
	}
	if _, _, err := exportIDX(dir, nil); err == nil {
		t.Error("exported an empty set")
	}
}
