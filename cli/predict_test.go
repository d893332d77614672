package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/mnist"
)

// run runs the command line args and returns the exit code and outputs.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), Env{Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// predictJSON runs predict --json and decodes its output.
func predictJSON(t *testing.T, args ...string) []prediction {
	t.Helper()
	code, out, errs := run(t, append([]string{"predict", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("predict %v: exit %d, stderr %q", args, code, errs)
	}
	var ps []prediction
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("predict --json output %q: %v", out, err)
	}
	return ps
}

// labelledDrawing is a drawing with the digit it shows, as stored in
// testdata/strokes.json (predict ignores the label).
type labelledDrawing struct {
	Label int `json:"label"`
}

func readLabels(t *testing.T, path string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ls []labelledDrawing
	if err := json.Unmarshal(b, &ls); err != nil {
		t.Fatal(err)
	}
	out := make([]int, len(ls))
	for i, l := range ls {
		out[i] = l.Label
	}
	return out
}

// TestPredictRecordedStrokes predicts the digits drawn with the pointer on
// the app's pad (recorded in a real window under Xvfb with xdotool and
// saved with "Save as example"): at least 90 % must be right.
func TestPredictRecordedStrokes(t *testing.T) {
	const path = "testdata/strokes.json"
	labels := readLabels(t, path)
	ps := predictJSON(t, "--strokes", path)
	if len(ps) != len(labels) || len(labels) < 20 {
		t.Fatalf("%d predictions for %d drawings, want the same and at least 20", len(ps), len(labels))
	}
	var perDigit [10]int
	right := 0
	for i, p := range ps {
		perDigit[labels[i]]++
		if want := fmt.Sprintf("%s[%d]", path, i); p.File != want {
			t.Errorf("prediction %d is for %q, want %q", i, p.File, want)
		}
		var sum float32
		for _, v := range p.Probabilities {
			sum += v
		}
		if len(p.Probabilities) != 10 || sum < 0.999 || sum > 1.001 || nn.Argmax(p.Probabilities) != p.Digit {
			t.Errorf("%s: digit %d with probabilities %v", p.File, p.Digit, p.Probabilities)
		}
		if p.Digit == labels[i] {
			right++
		} else {
			t.Logf("%s: a %d read as %d", p.File, labels[i], p.Digit)
		}
	}
	for d, n := range perDigit {
		if n < 2 {
			t.Errorf("only %d drawings of a %d", n, d)
		}
	}
	acc := float64(right) / float64(len(ps))
	t.Logf("%d of %d drawings right (%.1f %%)", right, len(ps), 100*acc)
	if acc < 0.9 {
		t.Errorf("accuracy on drawn digits %.1f %%, want at least 90 %%", 100*acc)
	}
}

// seven is a 7 drawn on a 280 pad.
var seven = digit.Drawing{Width: 280, Height: 280, Strokes: []digit.Stroke{{{X: 86, Y: 54}, {X: 196, Y: 54}, {X: 124, Y: 232}}}}

// writePNG writes img to dir/name.
func writePNG(t *testing.T, dir, name string, img image.Image) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

// paint maps a white-on-black coverage image to colours: the background
// bg where there is no ink, fg where the ink is full, mixed between.
func paint(cov *image.Gray, bg, fg color.NRGBA) *image.NRGBA {
	out := image.NewNRGBA(cov.Rect)
	mix := func(a, b uint8, c float64) uint8 { return uint8(float64(a)*(1-c) + float64(b)*c + 0.5) }
	for i, v := range cov.Pix {
		c := float64(v) / 255
		out.Pix[4*i] = mix(bg.R, fg.R, c)
		out.Pix[4*i+1] = mix(bg.G, fg.G, c)
		out.Pix[4*i+2] = mix(bg.B, fg.B, c)
		out.Pix[4*i+3] = 255
	}
	return out
}

// TestPredictImages predicts a 7 in images of several sizes, polarities
// and colour models, and checks the text and JSON output.
func TestPredictImages(t *testing.T) {
	dir := t.TempDir()
	o := digit.DefaultOptions()
	var paths []string
	for _, tc := range []struct {
		name   string
		size   int
		bg, fg color.NRGBA
	}{
		{"white-on-black.png", 280, color.NRGBA{0, 0, 0, 255}, color.NRGBA{255, 255, 255, 255}},
		{"black-on-white.png", 100, color.NRGBA{255, 255, 255, 255}, color.NRGBA{0, 0, 0, 255}},
		{"blue-on-cream.png", 600, color.NRGBA{250, 240, 210, 255}, color.NRGBA{20, 40, 160, 255}},
		{"tiny.png", 28, color.NRGBA{255, 255, 255, 255}, color.NRGBA{30, 30, 30, 255}},
	} {
		paths = append(paths, writePNG(t, dir, tc.name, paint(digit.Raster(seven, tc.size, o), tc.bg, tc.fg)))
	}
	paths = append(paths, writePNG(t, dir, "grey.png", digit.Raster(seven, 140, o)))
	ps := predictJSON(t, paths...)
	if len(ps) != len(paths) {
		t.Fatalf("%d predictions for %d images", len(ps), len(paths))
	}
	for i, p := range ps {
		if p.File != paths[i] || p.Digit != 7 || len(p.Probabilities) != 10 {
			t.Errorf("prediction %+v, want a 7 for %s", p, paths[i])
		}
	}
	// The same drawing as strokes gives the same answer as its picture.
	b, err := json.Marshal(seven)
	if err != nil {
		t.Fatal(err)
	}
	strokes := filepath.Join(dir, "seven.json")
	if err := os.WriteFile(strokes, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if ps := predictJSON(t, "--strokes", strokes); len(ps) != 1 || ps[0].File != strokes || ps[0].Digit != 7 {
		t.Errorf("strokes: %+v, want one 7 named %s", ps, strokes)
	}

	code, out, errs := run(t, "predict", paths[0], paths[1])
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || errs != "" || len(lines) != 3 {
		t.Fatalf("text output: exit %d, stderr %q, %d lines %q", code, errs, len(lines), out)
	}
	if f := strings.Fields(lines[0]); len(f) != 12 || f[0] != "FILE" || f[1] != "DIGIT" || f[11] != "P(9)" {
		t.Errorf("header %q", lines[0])
	}
	if f := strings.Fields(lines[1]); len(f) != 12 || f[0] != paths[0] || f[1] != "7" {
		t.Errorf("row %q, want the file, 7 and ten probabilities", lines[1])
	}
}

// TestPredictErrors checks the one-line errors and exit codes.
func TestPredictErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.png")
	good := writePNG(t, dir, "good.png", digit.Raster(seven, 100, digit.DefaultOptions()))
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(corrupt, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	blank := writePNG(t, dir, "blank.png", image.NewGray(image.Rect(0, 0, 50, 50)))
	dot := filepath.Join(dir, "dot.json")
	os.WriteFile(dot, []byte(`{"width":280,"height":280,"strokes":[[[140,140]]]}`), 0o644)
	badJSON := filepath.Join(dir, "bad.json")
	os.WriteFile(badJSON, []byte(`{"width":280,"height":280,"strokes":[[[140]]]}`), 0o644)
	notModel := filepath.Join(dir, "model.npz")
	os.WriteFile(notModel, []byte("PK not a zip"), 0o644)
	wrongArch := filepath.Join(dir, "xor.npz")
	a := nn.TutorialArch()
	a.Inputs, a.Hidden = 2, []int{3}
	if err := nn.SaveModel(wrongArch, &nn.Model{Net: nn.NewNetwork(a, 1), Settings: nn.DefaultSettings()}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{corrupt}, 1, "corrupt.png: not a readable image"},
		{[]string{good, corrupt}, 1, "corrupt.png"},
		{[]string{filepath.Join(dir, "missing.png")}, 1, "no such file"},
		{[]string{blank}, 1, "blank.png: no digit found"},
		{[]string{"--strokes", dot}, 1, "dot.json: no digit found"},
		{[]string{"--strokes", badJSON}, 1, "bad.json"},
		{[]string{"--model", notModel, good}, 1, "not a model file"},
		{[]string{"--model", wrongArch, good}, 1, "not an MNIST model"},
		{[]string{}, 2, "give one or more images"},
		{[]string{"--nope"}, 2, "flag provided but not defined"},
	} {
		code, _, errs := run(t, append([]string{"predict"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("predict %v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
		if tc.code == 1 && strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 {
			t.Errorf("predict %v: error is not one line: %q", tc.args, errs)
		}
	}
}

// TestPredictMNISTPNGs writes 2,000 MNIST test images (every fifth) as
// PNG files and predicts them with the bundled model: at least 98 % must
// be right. It is skipped when MNIST is not on this computer.
func TestPredictMNISTPNGs(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	dir, err := mnist.Locate("")
	if err != nil {
		if os.Getenv("BACKPROPLAB_REQUIRE_MNIST") == "1" {
			t.Fatalf("MNIST not found, and BACKPROPLAB_REQUIRE_MNIST=1 (make test fetches it first): %v", err)
		}
		t.Skipf("MNIST not found: %v", err)
	}
	_, test, err := mnist.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var paths []string
	var labels []int
	for i := 0; i < test.N; i += 5 {
		img := image.NewGray(image.Rect(0, 0, test.Cols, test.Rows))
		copy(img.Pix, test.Image(i))
		paths = append(paths, writePNG(t, out, fmt.Sprintf("test%05d.png", i), img))
		labels = append(labels, int(test.Labels[i]))
	}
	ps := predictJSON(t, paths...)
	right := 0
	for i, p := range ps {
		if p.Digit == labels[i] {
			right++
		}
	}
	acc := float64(right) / float64(len(paths))
	t.Logf("%d of %d MNIST test PNGs right (%.2f %%)", right, len(paths), 100*acc)
	if acc < 0.98 {
		t.Errorf("accuracy on MNIST test PNGs %.2f %%, want at least 98 %%", 100*acc)
	}
}
