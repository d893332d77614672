package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/mnist"
)

// loadFolder loads --dataset as a folder of images, one subfolder per
// class, reporting every skipped file on stderr.
func (df *dataFlags) loadFolder(ctx context.Context, env Env, seed uint64) (*data.Set, error) {
	if st, err := os.Stat(df.name); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--dataset %q: not mnist, %s, nor a folder of images", df.name, strings.Join(data.Kinds(), ", "))
	}
	o := data.FolderOptions{TestSplit: df.testSplit, Seed: seed, Preprocess: df.preprocess}
	set, skipped, err := data.FromFolder(ctx, df.name, o)
	for _, s := range skipped {
		fmt.Fprintf(env.Stderr, "skipped %s: %s\n", s.Path, s.Reason())
	}
	if len(skipped) > 0 {
		fmt.Fprintf(env.Stderr, "%d files skipped\n", len(skipped))
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stderr, "%s: %d classes (%s), %d training and %d test images\n", set.Info.Name, len(set.Info.Classes), strings.Join(set.Info.Classes, ", "), set.Train.N, set.Test.N)
	return set, nil
}

// evalReport is what eval --json prints.
type evalReport struct {
	TestLoss     float64  `json:"test_loss"`
	TestAccuracy float64  `json:"test_accuracy"`
	Classes      []string `json:"classes,omitempty"`
	// PerClass scores each class (the gap per digit on one's own
	// handwriting); absent for regression.
	PerClass []data.ClassScore `json:"per_class,omitempty"`
}

// evalFolder loads the image folder, the drawings or the MNIST variant
// (from dataDir) df names for
// evaluating m, split with the model's seed, and checks that its classes
// are the model's.
func evalFolder(ctx context.Context, env Env, m *nn.Model, dataDir string, df dataFlags) (*data.Set, error) {
	var seed uint64
	if m.Data != nil {
		seed = m.Data.Seed
	}
	load := df.loadFolder
	if df.name == data.Drawings {
		var prefer []string
		if m.Data != nil && !slices.Equal(m.Data.Classes, nn.MNISTInfo().Classes) {
			prefer = m.Data.Classes
		}
		load = func(_ context.Context, env Env, seed uint64) (*data.Set, error) {
			return df.loadDrawings(env, seed, prefer, false)
		}
	}
	if v, ok := mnist.VariantNamed(df.name); ok {
		load = func(ctx context.Context, env Env, _ uint64) (*data.Set, error) {
			return loadVariant(ctx, env, v, dataDir)
		}
	}
	set, err := load(ctx, env, seed)
	if err != nil {
		return nil, err
	}
	want := []string(nil)
	if m.Data != nil {
		want = m.Data.Classes
	} else {
		want = nn.MNISTInfo().Classes
	}
	if !slices.Equal(want, set.Info.Classes) {
		return nil, fmt.Errorf("the model was trained on classes %s, the data %s has %s", strings.Join(want, ", "), df.name, strings.Join(set.Info.Classes, ", "))
	}
	if err := set.Fits(m.Net.Arch); err != nil {
		return nil, err
	}
	return set, nil
}

// loadDrawings loads the drawings saved from the pad, reporting the files
// it skipped on stderr: those saved for the classes prefer when there are
// some (nil: the digits), else those saved for the classes of the drawing
// saved last. With digits, only the digits.
func (df *dataFlags) loadDrawings(env Env, seed uint64, prefer []string, digits bool) (*data.Set, error) {
	dir := df.drawingsDir
	if dir == "" {
		var err error
		if dir, err = data.DefaultDrawingsDir(); err != nil {
			return nil, err
		}
	}
	exs, skipped, err := data.ReadDrawings(dir)
	for _, s := range skipped {
		fmt.Fprintf(env.Stderr, "skipped %s: %s\n", s.Path, s.Reason())
	}
	if err != nil {
		return nil, err
	}
	classes := data.DrawingClasses(exs, prefer)
	if digits {
		classes = nil
	}
	set, err := data.FromDrawings(exs, classes, df.testSplit, seed)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stderr, "drawings: %d training and %d test drawings of %s from %s\n", set.Train.N, set.Test.N, strings.Join(set.Info.Classes, ", "), dir)
	return set, nil
}

// loadVariant loads Fashion-MNIST or Kuzushiji-MNIST from dir (a --data
// flag) or the user cache, fetching it first when missing.
func loadVariant(ctx context.Context, env Env, v mnist.Variant, dir string) (*data.Set, error) {
	d, err := v.Dir(dir)
	if err != nil {
		return nil, err
	}
	if _, err := mnist.Locate(d); err != nil {
		fmt.Fprintf(env.Stderr, "%s not found; fetching it into %s\n", v.Title, d)
	}
	if _, err := v.Ensure(ctx, d, fetchProgress(env)); err != nil {
		return nil, err
	}
	train, test, err := mnist.Load(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; delete the folder %s to download it again", v.Title, err, d)
	}
	return data.FromVariant(v, train, test), nil
}

// presets applies --label-noise and --keep-class to the training set.
func (df *dataFlags) presets(set *data.Set, seed uint64) (*data.Set, error) {
	var err error
	if df.labelNoise != 0 {
		if set, err = data.WithLabelNoise(set, df.labelNoise, seed); err != nil {
			return nil, fmt.Errorf("--label-noise: %w", err)
		}
	}
	if df.keepClass != "" {
		name, frac, ok := strings.Cut(df.keepClass, ":")
		f, ferr := strconv.ParseFloat(frac, 64)
		c := slices.Index(set.Info.Classes, name)
		if i, ierr := strconv.Atoi(name); c < 0 && ierr == nil {
			c = i
		}
		if !ok || ferr != nil {
			return nil, fmt.Errorf("--keep-class %q: want CLASS:FRACTION, e.g. 3:0.1", df.keepClass)
		}
		if set, err = data.WithImbalance(set, c, f, seed); err != nil {
			return nil, fmt.Errorf("--keep-class: %w", err)
		}
	}
	return set, nil
}
