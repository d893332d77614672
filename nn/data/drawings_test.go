package data

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/digit"
)

// writeTestDrawings writes n example files of digits 0..classes−1 into dir,
// as the app's Draw screen saves them: image i has a bar at a place that
// depends on its digit.
func writeTestDrawings(t *testing.T, dir string, n, classes int) {
	t.Helper()
	writeNamedDrawings(t, dir, "ex", n, classes, nil)
}

// writeNamedDrawings writes n example files prefix-NNN.json of classes
// 0..classes−1 saved for the class names names (nil: the digits).
func writeNamedDrawings(t *testing.T, dir, prefix string, n, classes int, names []string) {
	t.Helper()
	for i := range n {
		ex := digit.Example{Label: i % classes, Classes: names, Predicted: -1, Image: make([]int, digit.Pixels), Drawing: digit.Drawing{Width: 280, Height: 280, Strokes: []digit.Stroke{{{X: 10, Y: 10}, {X: 10, Y: 200}}}}}
		for y := 4; y < 24; y++ {
			ex.Image[y*28+4+2*ex.Label] = 255
		}
		b, err := json.Marshal(ex)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%s-%03d.json", prefix, i)), b)
	}
}

func TestDrawings(t *testing.T) {
	dir := t.TempDir()
	writeTestDrawings(t, dir, 30, 3)
	writeFile(t, filepath.Join(dir, "bad.json"), []byte(`{"label": 12}`))
	writeFile(t, filepath.Join(dir, "notes.txt"), []byte("ignored"))
	exs, skipped, err := ReadDrawings(dir)
	if err != nil || len(exs) != 30 || len(skipped) != 1 || skipped[0].Code != SkipBadDrawing || !strings.Contains(skipped[0].Reason(), "label 12") {
		t.Fatalf("ReadDrawings: %d drawings, skipped %v, %v", len(exs), skipped, err)
	}
	set, err := FromDrawings(exs, nil, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if set.Info.Name != Drawings || set.Outputs() != 10 || set.Train.N != 24 || set.Test.N != 6 {
		t.Errorf("drawings: %+v, %d training, %d test", set.Info, set.Train.N, set.Test.N)
	}
	x := make([]float32, digit.Pixels)
	for i := range set.Test.N {
		set.Test.Pixels(i, x)
		if l := int(set.Test.Labels[i]); x[10*28+4+2*l] != 1 {
			t.Errorf("test drawing %d (digit %d) lost its bar", i, l)
		}
	}
	// Added to a small MNIST-shaped set: training grows, the test stays.
	img := make([]uint8, 5*digit.Pixels)
	img[7] = 200
	base := &Set{Info: nn.MNISTInfo(), Train: nn.NewDataset(img, make([]uint8, 5), digit.Pixels), Test: nn.NewDataset(img[:digit.Pixels], []uint8{4}, digit.Pixels)}
	both := AddDrawings(base, set)
	if both.Train.N != 29 || both.Test != base.Test || both.Info.Name != MNISTDrawings || both.Outputs() != 10 {
		t.Errorf("added: %d training, info %+v", both.Train.N, both.Info)
	}
	both.Train.Pixels(0, x)
	if math.Abs(float64(x[7])-200.0/255) > 1e-6 {
		t.Errorf("MNIST pixel %v, want 200/255", x[7])
	}
	if both.Train.Labels[5] != set.Train.Labels[0] {
		t.Error("the first drawing's label was not added after MNIST")
	}
	for _, tc := range []struct {
		dir  string
		want string
	}{
		{filepath.Join(dir, "missing"), "does not exist"},
		{t.TempDir(), "no saved drawings"},
	} {
		if _, _, err := ReadDrawings(tc.dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadDrawings(%s): %v, want %q", tc.dir, err, tc.want)
		}
	}
	if _, err := FromDrawings(exs[:1], nil, 0.2, 1); err == nil {
		t.Error("one drawing: no error (nothing to test on)")
	}
}

// TestNamedDrawings: drawings saved for a shapes dataset make a dataset of
// those class names, apart from the digits saved in the same folder.
func TestNamedDrawings(t *testing.T) {
	dir := t.TempDir()
	writeTestDrawings(t, dir, 30, 10)
	writeNamedDrawings(t, dir, "shape", 21, 3, ShapeClasses)
	writeFile(t, filepath.Join(dir, "wrong.json"), []byte(`{"label": 3, "classes": ["a", "b", "c"], "pixels": []}`))
	writeFile(t, filepath.Join(dir, "dup.json"), []byte(`{"label": 0, "classes": ["a", "a"], "pixels": []}`))
	exs, skipped, err := ReadDrawings(dir)
	if err != nil || len(exs) != 51 || len(skipped) != 2 {
		t.Fatalf("ReadDrawings: %d drawings, skipped %v, %v", len(exs), skipped, err)
	}
	for _, tc := range []struct {
		prefer, want []string
	}{
		{ShapeClasses, ShapeClasses},
		{nn.MNISTInfo().Classes, nil},
		{[]string{"x", "y"}, ShapeClasses}, // none saved for x, y: the last saved (file order: shapes after ex)
	} {
		if got := DrawingClasses(exs, tc.prefer); !slices.Equal(got, tc.want) && !(tc.want == nil && got == nil) {
			t.Errorf("DrawingClasses(%v) = %v, want %v", tc.prefer, got, tc.want)
		}
	}
	set, err := FromDrawings(exs, ShapeClasses, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Info.Classes, ShapeClasses) || set.Outputs() != 3 || set.Train.N+set.Test.N != 21 {
		t.Errorf("shapes drawings: %+v, %d training, %d test", set.Info, set.Train.N, set.Test.N)
	}
	for _, l := range set.Train.Labels {
		if l >= 3 {
			t.Fatalf("label %d of 3 classes", l)
		}
	}
	digits, err := FromDrawings(exs, nil, 0.2, 1)
	if err != nil || digits.Outputs() != 10 || digits.Train.N+digits.Test.N != 30 {
		t.Errorf("digit drawings: %v", err)
	}
	if _, err := FromDrawings(exs, []string{"x", "y"}, 0.2, 1); err == nil || !strings.Contains(err.Error(), "no drawings saved for the classes x, y") {
		t.Errorf("no drawings for x, y: %v", err)
	}
}

// TestSkipFor: the errors of reading and preparing a file become codes
// with their parameters.
func TestSkipFor(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		content []byte
		code    SkipCode
	}{
		{"text.png", []byte("hello, not an image"), SkipUnknownFormat},
		{"cut.png", []byte("\x89PNG\r\n\x1a\nnot really"), SkipNotDecodable},
		{"missing.png", nil, SkipUnreadable},
	} {
		p := filepath.Join(dir, tc.name)
		if tc.content != nil {
			writeFile(t, p, tc.content)
		}
		var pp digit.Preprocessor
		_, err := prepareImage(&pp, p, digit.Options{PenWidth: digit.DefaultPenWidth, MNIST: true})
		if s := skipFor(p, err); s.Code != tc.code || s.Reason() == "" || strings.Contains(s.Detail, dir) {
			t.Errorf("%s: code %d %q (detail %q), want code %d without the path", tc.name, s.Code, s.Reason(), s.Detail, tc.code)
		}
	}
}
