package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"backproplab/nn"
)

// Eval runs "backproplab eval": the test loss and accuracy of a saved model,
// like the tutorial's model.evaluate.
func Eval(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "eval", "--model FILE [--json] [--data DIR]")
	model := fs.String("model", "", "model file (.npz) to evaluate")
	dataDir := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *model == "" {
		fmt.Fprintln(env.Stderr, "backproplab eval: --model FILE is required")
		return errUsage
	}
	m, err := loadMNISTModel(*model)
	if err != nil {
		return err
	}
	testSet, err := loadTestData(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	test := nn.NewDataset(testSet.Images, testSet.Labels, testSet.Rows*testSet.Cols)
	loss, acc := nn.NewEvaluator(m.Net.Arch).Run(m.Net, test, nil, nil)
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]float64{"test_loss": loss, "test_accuracy": acc})
	}
	fmt.Fprintf(env.Stdout, "test loss %.4f - accuracy %.4f\n", loss, acc)
	return nil
}
