package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/mnist"
)

// dataFlags choose the dataset: MNIST or a generated 2D one.
type dataFlags struct {
	name     string
	spec     data.Spec
	features string
	// A folder of images: its held-out fraction and preprocessing.
	testSplit  float64
	preprocess string
	// The drawings saved from the pad: their folder, and whether to add
	// them to MNIST's training set.
	drawingsDir string
	addDrawings bool
	// Lesson presets: flipped training labels, one class thinned out.
	labelNoise float64
	keepClass  string
}

// register adds the dataset flags to fs.
func (df *dataFlags) register(fs *flag.FlagSet) {
	df.spec = data.DefaultSpec("")
	fs.StringVar(&df.name, "dataset", "mnist", "dataset: mnist, "+strings.Join(data.Kinds(), ", ")+", fashion (Fashion-MNIST), kmnist (Kuzushiji-MNIST), drawings (saved from the pad), or a folder of images with one subfolder per class")
	fs.StringVar(&df.drawingsDir, "drawings", "", "folder of the drawings saved from the pad (default: the app's)")
	fs.BoolVar(&df.addDrawings, "add-drawings", false, "add the training part of the saved drawings to MNIST's training set")
	fs.Float64Var(&df.labelNoise, "label-noise", 0, "flip this fraction of the training labels to another class (0..1; the test set stays clean)")
	fs.StringVar(&df.keepClass, "keep-class", "", "keep only a fraction of one class's training images: CLASS:FRACTION, e.g. 3:0.1 (CLASS is a name or an index)")
	fs.Float64Var(&df.testSplit, "test-split", data.DefaultTestSplit, "fraction of each class of an image folder held out for testing (without train/ and test/ subfolders), 0.05..0.9")
	fs.StringVar(&df.preprocess, "preprocess", data.Center, "how an image folder's images become 28×28: center (crop to the ink, fit 20 px, centre, as the pad does) or resize (fit the whole image)")
	fs.IntVar(&df.spec.Classes, "classes", df.spec.Classes, fmt.Sprintf("classes of gauss-k and spiral-k (%d..%d)", data.MinClasses, data.MaxClasses))
	fs.IntVar(&df.spec.Points, "points", df.spec.Points, "number of points of a 2D dataset")
	fs.Float64Var(&df.spec.Noise, "noise", df.spec.Noise, "noise of a 2D dataset, 0..0.5")
	fs.Float64Var(&df.spec.TrainRatio, "train-ratio", df.spec.TrainRatio, "fraction of a 2D dataset's points used for training, 0.1..0.9")
	fs.StringVar(&df.features, "features", "x1,x2", "inputs of a 2D dataset, some of x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2")
}

// mnist reports whether the flags choose MNIST.
func (df *dataFlags) mnist() bool { return df.name == "" || df.name == "mnist" }

// load returns the chosen dataset; seed is the run's seed, which also
// draws a 2D dataset's points.
func (df *dataFlags) load(ctx context.Context, env Env, dataDir string, seed uint64) (*data.Set, error) {
	if df.mnist() {
		train, test, err := loadData(ctx, env, dataDir)
		if err != nil {
			return nil, err
		}
		set := data.FromMNIST(train, test)
		if df.addDrawings {
			d, err := df.loadDrawings(env, seed, nil, true)
			if err != nil {
				return nil, err
			}
			set = data.AddDrawings(set, d)
			fmt.Fprintf(env.Stderr, "%d drawings added to MNIST's %d training images\n", d.Train.N, train.N)
		}
		return set, nil
	}
	if df.addDrawings {
		return nil, fmt.Errorf("--add-drawings adds to MNIST, not to %s", df.name)
	}
	if v, ok := mnist.VariantNamed(df.name); ok {
		return loadVariant(ctx, env, v, dataDir)
	}
	if df.name == data.Drawings {
		return df.loadDrawings(env, seed, nil, false)
	}
	if !slices.Contains(data.Kinds(), df.name) {
		return df.loadFolder(ctx, env, seed)
	}
	fs, err := data.ParseFeatures(df.features)
	if err != nil {
		return nil, err
	}
	s := df.spec
	s.Kind, s.Features, s.Seed = df.name, fs, seed
	return data.New2D(s)
}

// parseActivations parses "tanh" or a per-layer list "tanh,relu".
func parseActivations(v string) ([]nn.Activation, error) {
	var acts []nn.Activation
	for _, p := range strings.Split(v, ",") {
		a, err := nn.ParseActivation(strings.TrimSpace(p))
		if err != nil {
			return nil, err
		}
		acts = append(acts, a)
	}
	return acts, nil
}

// parseRates parses "0.2" or a per-layer list "0.2,0".
func parseRates(v string) ([]float64, error) {
	var rs []float64
	for _, p := range strings.Split(v, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(r >= 0 && r <= nn.MaxDropout) {
			return nil, fmt.Errorf("bad dropout rate %q (want 0..%v)", p, nn.MaxDropout)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// perLayer spreads one value over n layers, or checks a list has n.
func perLayer[T any](what string, v []T, n int) ([]T, error) {
	switch {
	case len(v) == 1:
		out := make([]T, n)
		for i := range out {
			out[i] = v[0]
		}
		return out, nil
	case len(v) != n:
		return nil, fmt.Errorf("%d %s for %d hidden layers", len(v), what, n)
	}
	return v, nil
}
