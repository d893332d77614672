package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"slices"
	"text/tabwriter"

	"backproplab/assets"
	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/digit"
	"backproplab/nn/safefile"
)

// maxImageFile bounds the size of an image file that predict reads.
const maxImageFile = 64 << 20

// maxStrokesFile bounds the size of a strokes file that predict reads.
const maxStrokesFile = 64 << 20

// prediction is one line of predict's output; its JSON form is what
// --json prints.
type prediction struct {
	File          string    `json:"file"`
	Digit         int       `json:"digit"`
	Class         string    `json:"class"` // the class's name, as the model's dataset names it
	Probabilities []float32 `json:"probabilities"`
}

// errNoDigit reports an image or drawing with too little ink to be a digit.
var errNoDigit = errors.New("no digit found (blank, too faint or too small)")

// Predict runs "backproplab predict": the digit in each image, or in each
// drawing of a strokes file, with the ten probabilities. Images may have
// any size, colour model and polarity; they and the drawings go through
// the same preprocessing as the app's drawing pad (package digit).
func Predict(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "predict", "[--model FILE] [--json] [--strokes FILE.json] [IMAGE.png...]")
	modelPath := fs.String("model", "", "model file (.npz); default: the bundled pretrained model")
	strokes := fs.String("strokes", "", `recorded strokes: {"width":W,"height":H,"strokes":[[[x,y],...],...]} or an array of them`)
	asJSON := fs.Bool("json", false, `print one JSON array: [{"file":...,"digit":...,"probabilities":[...]}]`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 && *strokes == "" {
		fmt.Fprintln(env.Stderr, "backproplab predict: give one or more images or --strokes FILE.json")
		return errUsage
	}
	m, err := loadPredictModel(*modelPath)
	if err != nil {
		return err
	}
	p := newDigitPredictor(m.Net)
	p.classes = nn.MNISTInfo().Classes
	opts := digit.DefaultOptions()
	if m.Data != nil && len(m.Data.Classes) == m.Net.Arch.Outputs {
		p.classes = m.Data.Classes
		opts.MNIST = m.Data.Preprocess != data.Resize
	}
	var out []prediction
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		img, err := readImage(path)
		if err != nil {
			return err
		}
		x, ok := p.pre.FromImage(img, opts)
		if !ok {
			return fmt.Errorf("%s: %w", path, errNoDigit)
		}
		out = append(out, p.predict(path, x))
	}
	if *strokes != "" {
		ds, err := readStrokes(*strokes)
		if err != nil {
			return err
		}
		for i, d := range ds {
			name := *strokes
			if len(ds) > 1 {
				name = fmt.Sprintf("%s[%d]", *strokes, i)
			}
			x, ok := p.pre.FromDrawing(d, digit.DefaultOptions())
			if !ok {
				return fmt.Errorf("%s: %w", name, errNoDigit)
			}
			out = append(out, p.predict(name, x))
		}
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(out)
	}
	return printPredictions(env, out, p.classes)
}

// printPredictions prints a table: file, class, and the probability of
// each of classes.
func printPredictions(env Env, ps []prediction, classes []string) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	head := "CLASS"
	if slices.Equal(classes, nn.MNISTInfo().Classes) {
		head = "DIGIT"
	}
	fmt.Fprint(tw, "FILE\t"+head)
	for _, c := range classes {
		fmt.Fprintf(tw, "\tP(%s)", c)
	}
	fmt.Fprintln(tw)
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%s", p.File, p.Class)
		for _, v := range p.Probabilities {
			fmt.Fprintf(tw, "\t%.3f", v)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// digitPredictor runs prepared 28×28 inputs through a network, reusing
// its buffers.
type digitPredictor struct {
	net  *nn.Network
	pred *nn.Predictor
	pre  digit.Preprocessor
	// classes names each output.
	classes []string
}

func newDigitPredictor(net *nn.Network) *digitPredictor {
	return &digitPredictor{net: net, pred: nn.NewPredictor(net.Arch)}
}

// predict returns the prediction for input x under the given name.
func (p *digitPredictor) predict(name string, x [digit.Pixels]float32) prediction {
	probs := p.pred.Predict(p.net, x[:])
	best := 0
	for k, v := range probs {
		if v > probs[best] {
			best = k
		}
	}
	return prediction{File: name, Digit: best, Class: p.classes[best], Probabilities: append([]float32(nil), probs...)}
}

// loadPredictModel loads the model file at path, or the bundled model when
// path is empty, and checks that it reads MNIST digits.
func loadPredictModel(path string) (*nn.Model, error) {
	if path == "" {
		return bundledModel()
	}
	// Any classifier of 28×28 images: MNIST's or an image folder's.
	m, err := nn.LoadModelFor(path, nn.ModelWant{Inputs: digit.Pixels})
	if errors.Is(err, nn.ErrModelShape) {
		return nil, fmt.Errorf("%w: not an MNIST model, nor another classifier of 28×28 images", err)
	}
	if err == nil && (m.Net.Arch.Outputs < 2 || m.Net.Arch.Loss == nn.Regression) {
		return nil, fmt.Errorf("%s: the model is %s, not a classifier of images", path, m.Net.Arch)
	}
	return m, err
}

// bundledModel reads the pretrained model embedded in the program.
func bundledModel() (*nn.Model, error) {
	b := assets.ModelBytes()
	m, err := nn.ReadModel(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("bundled model: %w", err)
	}
	return m, nil
}

// readImage decodes the image file at path (PNG, JPEG or GIF), refusing
// from its header an image too large to prepare (digit.ImageBudget).
func readImage(path string) (image.Image, error) {
	b, err := safefile.ReadFile(path, maxImageFile)
	if err != nil {
		return nil, err
	}
	img, err := digit.DecodeImage(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// readStrokes reads the drawings of a strokes file.
func readStrokes(path string) ([]digit.Drawing, error) {
	b, err := safefile.ReadFile(path, maxStrokesFile)
	if err != nil {
		return nil, err
	}
	ds, err := digit.ParseDrawings(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("%s: no drawings in the file", path)
	}
	return ds, nil
}
