package lab

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"backproplab/nn"
	"backproplab/nn/mnist"
)

// TestMeasure trains an experiment on real MNIST and prints its results;
// set LAB_MEASURE to a preset ID, e.g. LAB_MEASURE=l2 (needs real MNIST),
// and LAB_PATIENCE to turn on early stopping with that patience.
func TestMeasure(t *testing.T) {
	spec := os.Getenv("LAB_MEASURE")
	if spec == "" {
		t.Skip("LAB_MEASURE not set")
	}
	dir, err := mnist.Locate("")
	if err != nil {
		t.Skip(err)
	}
	tr, te, err := mnist.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := Data{Train: nn.NewDataset(tr.Images, tr.Labels, 784), Test: nn.NewDataset(te.Images, te.Labels, 784)}
	p, ok := PresetByID(spec)
	if !ok {
		t.Fatalf("no preset %q", spec)
	}
	if v := os.Getenv("LAB_PATIENCE"); v != "" {
		if p.Experiment.Patience, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := ExperimentJobs(p.Experiment, data)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := Start(context.Background(), p.ID, jobs)
	r.Play()
	for !r.Snapshot().Finished() {
		time.Sleep(100 * time.Millisecond)
	}
	r.Close()
	s := r.Snapshot()
	for _, ru := range s.Runs {
		for _, e := range ru.Epochs {
			fmt.Printf("%-20s %3d train %.4f %.4f  val %.4f %.4f\n", ru.Label, e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValLoss, e.ValAccuracy)
		}
	}
	for _, res := range Results(s) {
		fmt.Printf("%+v\n", res)
	}
	fmt.Println("wall", time.Since(start))
}
