package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"text/tabwriter"

	"backproplab/nn"
	data2D "backproplab/nn/data"
	"backproplab/nn/probe"
)

// gradcheckLayer is one layer of gradcheck's --json output.
type gradcheckLayer struct {
	Layer   int     `json:"layer"` // 1-based
	Params  int     `json:"params"`
	Checked int     `json:"checked"`
	Kinks   int     `json:"kinks"`
	Worst   float64 `json:"worst_rel_error"`
	Median  float64 `json:"median_rel_error"`
	At      string  `json:"worst_param"`
	Engine  float64 `json:"worst_engine"`
	Numeric float64 `json:"worst_numeric"`
	Step    float64 `json:"worst_step"`
}

// gradcheckReport is what gradcheck --json prints.
type gradcheckReport struct {
	Model string  `json:"model"`
	Rows  int     `json:"rows"`
	Step  float64 `json:"step"`
	Floor float64 `json:"floor"`
	// Gap is the float64 forward pass's objective minus the engine's.
	Gap    float64          `json:"forward_gap"`
	Layers []gradcheckLayer `json:"layers"`
}

// Gradcheck runs "backproplab gradcheck": it compares the engine's
// backpropagated gradient with central finite differences of its forward
// pass on a random sample of parameters per layer, and prints the worst and
// the median relative error per layer.
func Gradcheck(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "gradcheck", "[--model FILE | --epochs N] [--sample I | --batch N] [--json]")
	model := fs.String("model", "", "model file (.npz); default: the tutorial model trained for --epochs")
	epochs := fs.Int("epochs", 1, "without --model: epochs to train the tutorial model first")
	sample := fs.Int("sample", -1, "check the gradient of training image I alone")
	batch := fs.Int("batch", 128, "check the gradient of a batch of N random training images")
	perLayer := fs.Int("per-layer", 200, "parameters checked per layer")
	seed := fs.Uint64("seed", 1, "random seed for the batch and the parameters checked")
	dataDir := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "backproplab gradcheck: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *batch < 1 || *perLayer < 1 || *epochs < 0 {
		fmt.Fprintln(env.Stderr, "backproplab gradcheck: --batch, --per-layer must be positive and --epochs not negative")
		return errUsage
	}
	var data *nn.Dataset
	var net *nn.Network
	var l1, l2 float64
	name := *model
	if *model != "" {
		m, err := nn.LoadModel(*model)
		if err != nil {
			return err
		}
		net, l1, l2 = m.Net, m.Settings.L1, m.Settings.L2
		if m.Data != nil && slices.Contains(data2D.Kinds(), m.Data.Name) {
			// A generated 2D dataset: made again from its recorded recipe.
			set, err := data2D.FromInfo(*m.Data)
			if err != nil {
				return fmt.Errorf("model %s: %w", *model, err)
			}
			data = set.Train
		}
	}
	if data == nil {
		trainSet, _, err := loadData(ctx, env, *dataDir)
		if err != nil {
			return err
		}
		data = nn.NewDataset(trainSet.Images, trainSet.Labels, trainSet.Rows*trainSet.Cols)
	}
	if net == nil {
		s := nn.DefaultSettings()
		s.Epochs = *epochs
		t, err := nn.NewTrainer(nn.NewNetwork(nn.TutorialArch(), s.Seed), data, s)
		if err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(env.Stderr, "training the tutorial model for %d epoch(s)…\n", *epochs)
		}
		if err := t.Run(ctx, nil); err != nil {
			return err
		}
		net = t.Net
		name = fmt.Sprintf("tutorial %s after %d epoch(s)", net.Arch, *epochs)
	}
	if data.Dim != net.Arch.Inputs {
		return fmt.Errorf("the model takes %d inputs, the data has %d", net.Arch.Inputs, data.Dim)
	}
	var rows []int
	if *sample >= 0 {
		if *sample >= data.N {
			return fmt.Errorf("--sample %d out of range [0, %d)", *sample, data.N)
		}
		rows = []int{*sample}
	} else {
		rng := rand.New(rand.NewPCG(*seed, 0))
		rows = rng.Perm(data.N)[:min(*batch, data.N)]
	}
	p, err := probe.NewProblem(net, data, rows, l1, l2)
	if err != nil {
		return err
	}
	checks, err := probe.CheckAll(ctx, p, p.Gradient(), *perLayer, *seed, nil)
	if err != nil {
		return err
	}
	r := gradcheckReport{Model: name, Rows: len(rows), Step: probe.DefaultStep, Floor: probe.Floor}
	for _, c := range checks {
		r.Gap = c.WorstCheck.Gap
		w := c.WorstCheck
		r.Layers = append(r.Layers, gradcheckLayer{Layer: c.Layer + 1, Params: c.Params, Checked: c.Checked, Kinks: c.Kinks,
			Worst: c.Worst, Median: c.Median, At: w.Ref.String(), Engine: w.Engine, Numeric: w.Numeric, Step: w.Step})
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(r)
	}
	fmt.Fprintf(env.Stdout, "%s, %d training image(s)\n", r.Model, r.Rows)
	fmt.Fprintf(env.Stdout, "central differences of the forward pass in float64, moving each pre-activation by %g (float64 loss − engine's: %+.1e)\n", r.Step, r.Gap)
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "layer\tparams\tchecked\tkinks\tworst rel. error\tmedian\tworst at (engine vs differences)")
	for _, l := range r.Layers {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%.2e\t%.2e\t%s (%+.6e vs %+.6e)\n", l.Layer, l.Params, l.Checked, l.Kinks, l.Worst, l.Median, l.At, l.Engine, l.Numeric)
	}
	return tw.Flush()
}
