package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"backproplab/nn"
	"backproplab/nn/safefile"
)

// trainFlags are the flags that define a model and its training.
type trainFlags struct {
	arch     nn.Arch
	settings nn.Settings
	acts     []nn.Activation // --activation, one or one per hidden layer
	dropout  []float64       // --dropout, one or one per hidden layer
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
	fs.Func("activation", "hidden activation: relu, sigmoid, tanh or linear, or one per hidden layer, e.g. tanh,relu (default relu)", func(v string) error {
		a, err := parseActivations(v)
		tf.acts = a
		return err
	})
	fs.Func("dropout", fmt.Sprintf("dropout rate of the hidden layers (0..%v), or one per hidden layer, e.g. 0.2,0", nn.MaxDropout), func(v string) error {
		r, err := parseRates(v)
		tf.dropout = r
		return err
	})
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
	n := len(tf.arch.Hidden)
	if len(tf.acts) > 0 {
		tf.arch.Activation = tf.acts[0]
		if len(tf.acts) > 1 {
			acts, err := perLayer("activations", tf.acts, n)
			if err != nil {
				return err
			}
			tf.arch.Activations = acts
		}
	}
	if len(tf.dropout) > 0 {
		r, err := perLayer("dropout rates", tf.dropout, n)
		if err != nil {
			return err
		}
		tf.arch.Dropout = r
	}
	if err := tf.arch.Validate(); err != nil {
		return err
	}
	return tf.settings.Validate()
}

// trainReport is what --json prints.
type trainReport struct {
	Dataset          string            `json:"dataset"`
	Classes          []string          `json:"classes,omitempty"`
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
	var df dataFlags
	df.register(fs)
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
	if *out != "" {
		// Before any work: a bad --out must not cost a training run.
		if err := safefile.CheckWritable(*out); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	set, err := df.load(ctx, env, *dataDir, tf.settings.Seed)
	if err != nil {
		return err
	}
	if set, err = df.presets(set, tf.settings.Seed); err != nil {
		return err
	}
	tf.arch.Inputs, tf.arch.Outputs = set.Inputs(), set.Outputs()
	if set.Regression() {
		tf.arch.Loss = nn.Regression
	} else if tf.arch.Loss == nn.Regression {
		return fmt.Errorf("--loss regression needs a regression dataset (plane or multigauss), not %s", set.Info.Name)
	}
	if err := tf.validate(); err != nil {
		return err
	}
	net := nn.NewNetwork(tf.arch, tf.settings.Seed)
	t, err := nn.NewTrainer(net, set.Train, tf.settings)
	if err != nil {
		return err
	}
	t.SetThreads(*threads)
	var progress func(nn.BatchMetrics)
	if !*asJSON {
		progress = epochPrinter(env, t)
	}
	if err := t.Run(ctx, progress); err != nil {
		return stoppedEarly(err, *out, t, set.Info, args)
	}
	ev := nn.NewEvaluator(net.Arch)
	ev.SetThreads(*threads)
	loss, acc := ev.Run(net, set.Test, nil, nil)
	if *out != "" {
		if err := saveTrained(*out, t, set.Info, args); err != nil {
			return err
		}
	}
	secs := t.Elapsed().Seconds()
	if *asJSON {
		r := trainReport{Dataset: set.Info.Name, Classes: set.Info.Classes, Epochs: t.History.Epochs, TestLoss: loss, TestAccuracy: acc, TrainSeconds: secs}
		if secs > 0 {
			r.SamplesPerSecond = float64(t.Samples()) / secs
		}
		if r.Epochs == nil {
			r.Epochs = []nn.EpochMetrics{}
		}
		enc := json.NewEncoder(env.Stdout)
		return enc.Encode(r)
	}
	if set.Regression() {
		fmt.Fprintf(env.Stdout, "test loss %.4f\n", loss)
	} else {
		fmt.Fprintf(env.Stdout, "test loss %.4f - accuracy %.4f\n", loss, acc)
	}
	if *out != "" {
		fmt.Fprintf(env.Stdout, "saved %s\n", *out)
	}
	return nil
}

// stoppedEarly completes err, which stopped training, with what became of
// the weights: saved to out when an epoch finished, or not saved, and why.
func stoppedEarly(err error, out string, t *nn.Trainer, info nn.DataInfo, args []string) error {
	switch {
	case out == "":
		return fmt.Errorf("%w; nothing was saved (--out FILE keeps the weights of finished epochs)", err)
	case !t.Net.Finite() || len(t.History.Epochs) == 0:
		return fmt.Errorf("%w; nothing was saved to %s: no epoch finished", err, out)
	}
	if serr := saveTrained(out, t, info, args); serr != nil {
		return fmt.Errorf("%w; %w", err, serr)
	}
	return fmt.Errorf("%w; the weights from before that point were saved to %s", err, out)
}

// saveTrained saves the trained model to path. When that fails, it keeps
// the model in a recovery file (safefile.WriteRecovery) and its error says
// where.
func saveTrained(path string, t *nn.Trainer, info nn.DataInfo, args []string) error {
	m := &nn.Model{Net: t.Net, Settings: t.Settings, Epochs: t.History.Epochs, Data: &info,
		Note: "backproplab train " + strings.Join(args, " ")}
	err := nn.SaveModel(path, m)
	if err == nil {
		return nil
	}
	kept, kerr := safefile.WriteRecovery(filepath.Base(path), func(w io.Writer) error { return nn.WriteModel(w, m) })
	if kerr != nil {
		return fmt.Errorf("could not save the model to %s: %w; keeping it elsewhere failed too: %w", path, err, kerr)
	}
	return fmt.Errorf("could not save the model to %s: %w; the trained model is kept in %s", path, err, kept)
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
