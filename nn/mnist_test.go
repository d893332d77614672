package nn

import (
	"context"
	"testing"
)

// TestMNISTTutorial trains the tutorial model (Adam 1e-3) on the first 2,000
// real MNIST training images and checks its accuracy on the first 1,000 test
// images. The subset keeps it quick under -race; at the tutorial's batch of
// 128 one epoch of it is only 16 updates (about 73 % accuracy), so it trains
// two epochs at batch 32 (126 updates, about 86 %). It is skipped when the
// data are absent (see loadMNIST) and in -short mode.
func TestMNISTTutorial(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	train, test := loadMNIST(t, 2000, 1000)
	s := DefaultSettings()
	s.TrainSize, s.Epochs, s.BatchSize = 2000, 2, 32
	tr, err := NewTrainer(NewNetwork(TutorialArch(), 1), train, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	loss, acc := NewEvaluator(tr.Net.Arch).Run(tr.Net, test, nil, nil)
	e := tr.History.Epochs[1]
	t.Logf("2,000 images, 2 epochs: last epoch's train loss %.3f, accuracy %.3f; test loss %.3f, accuracy %.3f", e.TrainLoss, e.TrainAccuracy, loss, acc)
	if acc <= 0.8 {
		t.Errorf("test accuracy %.3f after two epochs on 2,000 images, want > 0.8", acc)
	}
}
