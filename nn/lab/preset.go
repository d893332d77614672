package lab

import (
	"strconv"

	"backproplab/nn"
)

// Preset is a ready-made experiment with what to look for. Title and Hint
// are English; the app translates them.
type Preset struct {
	ID         string
	Title      string
	Hint       string // one or two sentences: what to look for
	Experiment Experiment
	// Overfitting reports whether the preset is about the generalisation
	// gap, so the app opens it in the overfitting view.
	Overfitting bool
}

// allImages is every MNIST training image an experiment trains on: the
// 60,000 less the held-out validation rows (ValRows), 54,000.
var allImages = nn.DefaultSettings().TrainSize - ValRows(nn.DefaultSettings().TrainSize)

func base(trainSize, epochs int) Config {
	s := nn.DefaultSettings()
	s.TrainSize, s.Epochs = trainSize, epochs
	return Config{Arch: nn.TutorialArch(), Settings: s}
}

func batch(c Config, bs int) Config {
	c.Settings.BatchSize = bs
	return c
}

func sgd(c Config, lr float64) Config {
	c.Settings.Optimizer, c.Settings.LearningRate = nn.SGD, lr
	return c
}

// Presets returns the built-in experiments. Their hints state what this
// model really does under them (see the package tests and the report of
// measured figures).
func Presets() []Preset {
	return []Preset{
		{
			ID: "optimizers", Title: "Optimisers: GD vs SGD vs Adam",
			Hint: "Full-batch GD makes one update per epoch, so it has barely started after 5 epochs. SGD at lr 0.01 trails Adam, yet SGD at lr 0.1 matches it: tune the learning rate before you blame the optimiser.",
			Experiment: Experiment{Name: "optimizers", Base: batch(base(allImages, 5), 32), Vary: VaryOptimizer,
				Values: []string{"gd@0.1", "sgd@0.01", "sgd@0.1", "adam@0.001"}},
		},
		{
			ID: "loss", Title: "Loss: MSE vs cross-entropy",
			Hint: "With plain SGD, MSE's gradient fades when the softmax is confidently wrong, so it learns far more slowly than cross-entropy at the same learning rate.",
			Experiment: Experiment{Name: "loss", Base: sgd(base(10000, 5), 0.1), Vary: VaryLoss,
				Values: []string{"mse", "ce"}},
		},
		{
			ID: "lr", Title: "Learning rate: too small, right, too big",
			Hint: "lr 0.001 crawls: under 50 % after 5 epochs. lr 1 learns fast but overshoots, and its validation curve lurches up and down. lr 0.1 falls fast and steadily.",
			Experiment: Experiment{Name: "lr", Base: sgd(base(10000, 5), 0.1), Vary: VaryLR,
				Values: []string{"0.001", "0.1", "1"}},
		},
		{
			ID: "overfitting", Title: "Overfitting: 1,000 vs 54,000 training images",
			Hint: "On 1,000 images training accuracy reaches 100 %, while the validation loss bottoms out around epoch 11 and then climbs: the network memorises, and validation accuracy stays near 90 %. On 54,000 images validation accuracy reaches about 98 %; its validation loss also creeps up after about epoch 4, but the gap is far smaller.",
			Experiment: Experiment{Name: "overfitting", Base: batch(base(allImages, 30), 32), Vary: VaryTrainSize,
				Values: []string{"1000", strconv.Itoa(allImages)}},
			Overfitting: true,
		},
		{
			ID: "l2", Title: "Regularisation: L2 off vs on (1,000 images)",
			Hint: "Both reach 100 % training accuracy. Without L2 the validation loss bottoms out near 0.33 around epoch 11 and climbs to about 0.40 by epoch 60; with L2 at 0.001 it stays near 0.33.",
			Experiment: Experiment{Name: "l2", Base: batch(base(1000, 60), 32), Vary: VaryL2,
				Values: []string{"0", "0.001"}},
			Overfitting: true,
		},
		{
			ID: "width", Title: "Model size: 16 vs 128 hidden units",
			Hint: "128 hidden units learn faster and reach a higher accuracy than 16; the small model's curves flatten lower.",
			Experiment: Experiment{Name: "width", Base: base(allImages, 5), Vary: VaryWidth,
				Values: []string{"16", "128"}},
		},
	}
}

// PresetByID returns the preset with the given ID.
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets() {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}
