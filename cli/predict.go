package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"text/tabwriter"

	"backproplab/assets"
	"backproplab/nn"
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
	var out []prediction
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		img, err := readImage(path)
		if err != nil {
			return err
		}
		x, ok := p.pre.FromImage(img, digit.DefaultOptions())
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
	return printPredictions(env, out)
}

// printPredictions prints a table: file, digit, and the ten probabilities.
func printPredictions(env Env, ps []prediction) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "FILE\tDIGIT")
	for k := range 10 {
		fmt.Fprintf(tw, "\tP(%d)", k)
	}
	fmt.Fprintln(tw)
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%d", p.File, p.Digit)
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
	return prediction{File: name, Digit: best, Probabilities: append([]float32(nil), probs...)}
}

// loadPredictModel loads the model file at path, or the bundled model when
// path is empty, and checks that it reads MNIST digits.
func loadPredictModel(path string) (*nn.Model, error) {
	if path == "" {
		return bundledModel()
	}
	return loadMNISTModel(path)
}

// loadMNISTModel loads the model file at path, refusing before reading its
// weights a model that does not read MNIST digits.
func loadMNISTModel(path string) (*nn.Model, error) {
	m, err := nn.LoadModelFor(path, nn.ModelWant{Inputs: digit.Pixels, Outputs: 10})
	if errors.Is(err, nn.ErrModelShape) {
		return nil, fmt.Errorf("%w: not an MNIST model", err)
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
