package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"backproplab/nn"
)

// trainFlags are the flags that define a model and its training.
type trainFlags struct {
	arch     nn.Arch
	settings nn.Settings
}

// register adds the model and training flags to fs with the tutorial's defaults.
func (tf *trainFlags) register(fs *flag.FlagSet) {
	tf.arch = nn.TutorialArch()
	tf.settings = nn.DefaultSettings()
	s := &tf.settings
	fs.IntVar(&s.Epochs, "epochs", s.Epochs, "number of epochs")
	fs.IntVar(&s.BatchSize, "batch", s.BatchSize, "mini-batch size (ignored by gd)")
	fs.Float64Var(&s.LearningRate, "lr", s.LearningRate, "learning rate")
	fs.Float64Var(&s.Momentum, "momentum", s.Momentum, "momentum factor for --optimizer momentum")
	fs.Uint64Var(&s.Seed, "seed", s.Seed, "random seed for initial weights and batch order")
	fs.TextVar(&s.Optimizer, "optimizer", s.Optimizer, "adam, sgd, momentum or gd (full batch)")
	fs.TextVar(&tf.arch.Loss, "loss", tf.arch.Loss, "ce (cross-entropy) or mse")
	fs.TextVar(&tf.arch.Activation, "activation", tf.arch.Activation, "hidden activation: relu, sigmoid or tanh")
	fs.TextVar(&tf.arch.Init, "init", tf.arch.Init, "weight initialisation: glorot or he")
	fs.Func("hidden", "hidden layer widths, comma-separated, e.g. 256,128; \"none\" for no hidden layer (default 128)", func(v string) error {
		h, err := parseHidden(v)
		tf.arch.Hidden = h
		return err
	})
	fs.Float64Var(&s.L1, "l1", s.L1, "L1 penalty factor on the weights")
	fs.Float64Var(&s.L2, "l2", s.L2, "L2 penalty factor on the weights")
	fs.IntVar(&s.TrainSize, "train-size", s.TrainSize, "use only the first N training images")
	fs.Float64Var(&s.ValSplit, "val-split", s.ValSplit, "hold out this fraction of the training images for validation")
	fs.BoolVar(&s.Augment, "augment", s.Augment, "distort training images at random (shifts, rotations, scale, stroke thickness)")
}

func parseHidden(v string) ([]int, error) {
	v = strings.TrimSpace(v)
	if v == "" || v == "none" || v == "0" {
		return []int{}, nil
	}
	var h []int
	for _, p := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > nn.MaxWidth {
			return nil, fmt.Errorf("bad hidden width %q (want 1..%d)", p, nn.MaxWidth)
		}
		h = append(h, n)
	}
	return h, nil
}

// validate checks the flags together.
func (tf *trainFlags) validate() error {
	if err := tf.arch.Validate(); err != nil {
		return err
	}
	return tf.settings.Validate()
}

// trainReport is what --json prints.
type trainReport struct {
	Epochs           []nn.EpochMetrics `json:"epochs"`
	TestLoss         float64           `json:"test_loss"`
	TestAccuracy     float64           `json:"test_accuracy"`
	TrainSeconds     float64           `json:"train_seconds"`
	SamplesPerSecond float64           `json:"samples_per_second"`
}

// Train runs "backproplab train": the Keras tutorial in the terminal.
func Train(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "train", "[flags]")
	var tf trainFlags
	tf.register(fs)
	dataDir := fs.String("data", "", "MNIST folder (default $BACKPROPLAB_DATA or the user cache; fetched when missing)")
	out := fs.String("out", "", "save the trained model to this .npz file")
	asJSON := fs.Bool("json", false, "print only one JSON object with the results")
	threads := fs.Int("threads", nn.HeadlessThreads(), "threads a training step may use (layers under 256 units use one; results do not depend on it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "backproplab train: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if err := tf.validate(); err != nil {
		return err
	}
	trainSet, testSet, err := loadData(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	data := nn.NewDataset(trainSet.Images, trainSet.Labels, trainSet.Rows*trainSet.Cols)
	net := nn.NewNetwork(tf.arch, tf.settings.Seed)
	t, err := nn.NewTrainer(net, data, tf.settings)
	if err != nil {
		return err
	}
	t.SetThreads(*threads)
	var progress func(nn.BatchMetrics)
	if !*asJSON {
		progress = epochPrinter(env, t)
	}
	if err := t.Run(ctx, progress); err != nil {
		if *out != "" && t.Net.Finite() && len(t.History.Epochs) > 0 {
			// Keep the work done so far.
			_ = saveTrained(*out, t, args)
		}
		return err
	}
	test := nn.NewDataset(testSet.Images, testSet.Labels, testSet.Rows*testSet.Cols)
	ev := nn.NewEvaluator(net.Arch)
	ev.SetThreads(*threads)
	loss, acc := ev.Run(net, test, nil, nil)
	if *out != "" {
		if err := saveTrained(*out, t, args); err != nil {
			return err
		}
	}
	secs := t.Elapsed().Seconds()
	if *asJSON {
		r := trainReport{Epochs: t.History.Epochs, TestLoss: loss, TestAccuracy: acc, TrainSeconds: secs}
		if secs > 0 {
			r.SamplesPerSecond = float64(t.Samples()) / secs
		}
		if r.Epochs == nil {
			r.Epochs = []nn.EpochMetrics{}
		}
		enc := json.NewEncoder(env.Stdout)
		return enc.Encode(r)
	}
	fmt.Fprintf(env.Stdout, "test loss %.4f - accuracy %.4f\n", loss, acc)
	if *out != "" {
		fmt.Fprintf(env.Stdout, "saved %s\n", *out)
	}
	return nil
}

func saveTrained(path string, t *nn.Trainer, args []string) error {
	m := &nn.Model{Net: t.Net, Settings: t.Settings, Epochs: t.History.Epochs,
		Note: "backproplab train " + strings.Join(args, " ")}
	return nn.SaveModel(path, m)
}

// epochPrinter prints Keras-like lines: a live bar per epoch on a terminal,
// and one summary line per epoch.
func epochPrinter(env Env, t *nn.Trainer) func(nn.BatchMetrics) {
	b := &bar{w: env.Stdout}
	total := t.Settings.Epochs
	width := len(strconv.Itoa(t.BatchesPerEpoch()))
	return func(m nn.BatchMetrics) {
		if m.Batch == 0 {
			fmt.Fprintf(env.Stdout, "Epoch %d/%d\n", m.Epoch+1, total)
		}
		counter := fmt.Sprintf("%*d/%d", width, m.Batch+1, m.Batches)
		if m.EpochEnd == nil {
			if env.Terminal {
				b.draw(counter, int64(m.Batch+1), int64(m.Batches), fmt.Sprintf("- loss: %.4f - accuracy: %.4f", m.Loss, m.Accuracy), false)
			}
			return
		}
		e := m.EpochEnd
		perStep := time.Duration(e.Seconds * float64(time.Second) / float64(m.Batches))
		line := fmt.Sprintf("- %.2fs %s/step - loss: %.4f - accuracy: %.4f", e.Seconds, shortDur(perStep), e.TrainLoss, e.TrainAccuracy)
		if e.HasVal {
			line += fmt.Sprintf(" - val_loss: %.4f - val_accuracy: %.4f", e.ValLoss, e.ValAccuracy)
		}
		if env.Terminal {
			b.draw(counter, 1, 1, line, true)
			b.done()
		} else {
			fmt.Fprintf(env.Stdout, "%s [%s] %s\n", counter, strings.Repeat("=", 30), line)
		}
	}
}

func shortDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%dus", d.Microseconds())
	}
}
