package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/mnist"
)

// Eval runs "backproplab eval": the test loss and accuracy of a saved model,
// like the tutorial's model.evaluate.
func Eval(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "eval", "--model FILE [--json] [--data DIR]")
	model := fs.String("model", "", "model file (.npz) to evaluate")
	dataDir := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	perClass := fs.Bool("per-class", false, "print the accuracy of each class too (--json always has it)")
	folder := fs.String("dataset", "", "evaluate on fashion, kmnist, drawings (saved from the pad) or on this folder of images (one subfolder per class; the model's classes must match)")
	drawings := fs.String("drawings", "", "folder of the drawings saved from the pad (default: the app's)")
	testSplit := fs.Float64("test-split", data.DefaultTestSplit, "held-out fraction of an image folder without train/ and test/ (the model's seed splits it)")
	preprocess := fs.String("preprocess", data.Center, "an image folder's preprocessing: center or resize")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *model == "" {
		fmt.Fprintln(env.Stderr, "backproplab eval: --model FILE is required")
		return errUsage
	}
	// Any dataset's model: its shape is checked against the dataset
	// below; the file's memory is bounded by nn.MaxInflation.
	m, err := nn.LoadModel(*model)
	if err != nil {
		return err
	}
	var test *nn.Dataset
	var classes []string
	if m.Data != nil {
		classes = m.Data.Classes
	}
	if m.Data != nil && *folder == "" {
		if _, ok := mnist.VariantNamed(m.Data.Name); ok || m.Data.Name == data.Drawings {
			*folder = m.Data.Name // its own data, by default
		}
	}
	if *folder != "" && *folder != "mnist" {
		set, err := evalFolder(ctx, env, m, *dataDir, dataFlags{name: *folder, testSplit: *testSplit, preprocess: *preprocess, drawingsDir: *drawings})
		if err != nil {
			return err
		}
		test, classes = set.Test, set.Info.Classes
	} else if m.Data != nil && m.Data.Name != "mnist" && m.Data.Name != data.MNISTDrawings {
		if !slices.Contains(data.Kinds(), m.Data.Name) {
			return fmt.Errorf("model %s was trained on the images %q (classes %s): evaluate it with --dataset FOLDER", *model, m.Data.Name, strings.Join(m.Data.Classes, ", "))
		}
		// A generated 2D dataset: made again from its recorded recipe.
		set, err := data.FromInfo(*m.Data)
		if err != nil {
			return fmt.Errorf("model %s: %w", *model, err)
		}
		if err := set.Fits(m.Net.Arch); err != nil {
			return fmt.Errorf("model %s: %w", *model, err)
		}
		test = set.Test
	} else {
		if m.Net.Arch.Inputs != 784 || m.Net.Arch.Outputs != 10 {
			return fmt.Errorf("model %s is %s, not an MNIST model (784 inputs, 10 outputs)", *model, m.Net.Arch)
		}
		testSet, err := loadTestData(ctx, env, *dataDir)
		if err != nil {
			return err
		}
		test = nn.NewDataset(testSet.Images, testSet.Labels, testSet.Rows*testSet.Cols)
	}
	ev := nn.NewEvaluator(m.Net.Arch)
	ev.SetThreads(nn.HeadlessThreads())
	var pred []uint8
	if m.Net.Arch.Loss != nn.Regression {
		pred = make([]uint8, test.N)
		if len(classes) == 0 {
			classes = nn.MNISTInfo().Classes
		}
	}
	loss, acc := ev.Run(m.Net, test, pred, nil)
	var per []data.ClassScore
	if pred != nil {
		per = data.PerClass(pred, test.Labels, classes)
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(evalReport{TestLoss: loss, TestAccuracy: acc, Classes: classes, PerClass: per})
	}
	fmt.Fprintf(env.Stdout, "test loss %.4f - accuracy %.4f\n", loss, acc)
	if *perClass {
		for _, c := range per {
			fmt.Fprintf(env.Stdout, "  %-12s %5d images  accuracy %.4f\n", c.Class, c.N, c.Accuracy)
		}
	}
	return nil
}
