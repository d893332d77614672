package lab

import (
	"context"
	"math"
	"testing"

	"backproplab/nn"
)

// numbered returns n images that say which they are: pixels 0 and 1 hold
// the row number, pixel 2 the tag (one per dataset), and a blob the label.
func numbered(n int, tag uint8) *nn.Dataset {
	d := blobs(n, uint64(tag))
	img := make([]uint8, n*784)
	x := make([]float32, 784)
	for i := range n {
		d.Pixels(i, x)
		for j, v := range x {
			img[i*784+j] = uint8(math.Round(float64(v) * 255))
		}
		img[i*784], img[i*784+1], img[i*784+2] = uint8(i%256), uint8(i/256), tag
	}
	return nn.NewDataset(img, d.Labels, 784)
}

// ids returns the tag and row number of each row of d (numbered).
func ids(d *nn.Dataset) []int {
	out := make([]int, d.N)
	x := make([]float32, 784)
	for i := range d.N {
		d.Pixels(i, x)
		px := func(j int) int { return int(math.Round(float64(x[j]) * 255)) }
		out[i] = px(2)<<16 | px(1)<<8 | px(0)
	}
	return out
}

// TestSplitDisjoint checks the rows an experiment's runs are trained,
// validated and tested on: the validation rows are the training set's last
// ValFraction, the same for every run and seed, and no run trains on them
// or on a test image.
func TestSplitDisjoint(t *testing.T) {
	const trainTag, testTag = 1, 2
	train, test := numbered(500, trainTag), numbered(120, testTag)
	if got := ValRows(train.N); got != 50 {
		t.Fatalf("ValRows(%d) = %d, want 50", train.N, got)
	}
	for _, seed := range []uint64{1, 7} {
		base := smallBase(500, 1)
		base.Settings.Seed = seed
		e := Experiment{Base: base, Vary: VaryTrainSize, Values: []string{"100", "1000"}}
		jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := jobs[1].Spec.Config.Settings.TrainSize, 450; got != want {
			t.Errorf("seed %d: a run asking for 1000 images trains on %d, want the %d left", seed, got, want)
		}
		if got, want := jobs[1].Spec.Label, "450 images"; got != want {
			t.Errorf("seed %d: label %q, want %q", seed, got, want)
		}
		r := Start(context.Background(), "split", jobs)
		// The rows each run's trainer really trains on, read on the runner's goroutine.
		trained := make(chan [][]int, 1)
		r.send(func() {
			var rows [][]int
			for _, ru := range r.runs {
				rows = append(rows, ids(ru.t.Train))
			}
			trained <- rows
		})
		rows := <-trained
		r.Close()
		<-r.Done()
		for i, j := range jobs {
			val := ids(j.Val)
			if len(val) != 50 || !j.HeldOut {
				t.Fatalf("seed %d run %d: %d validation rows (held out %v), want 50 held out", seed, i, len(val), j.HeldOut)
			}
			for k, id := range val {
				if want := trainTag<<16 | (450 + k); id != want {
					t.Fatalf("seed %d run %d: validation row %d is %#x, want training row %d", seed, i, k, id, 450+k)
				}
			}
			if want := []int{100, 450}[i]; len(rows[i]) != want {
				t.Errorf("seed %d run %d: trains on %d rows, want %d", seed, i, len(rows[i]), want)
			}
			for _, id := range rows[i] {
				if id>>16 != trainTag || id&0xffff >= 450 {
					t.Fatalf("seed %d run %d trains on %#x: a validation or test image", seed, i, id)
				}
			}
			if j.Test != test {
				t.Errorf("seed %d run %d: not tested on the test set", seed, i)
			}
		}
	}
	if _, _, err := Split(numbered(1, trainTag)); err == nil {
		t.Error("Split of 1 row: no error")
	}
}

// TestEarlyStoppingIgnoresTest checks that early stopping reads only the
// validation rows: the same experiment with a test set whose labels are
// shifted (so that its loss disagrees with validation) stops at the same
// epoch with the same curves and weights, and only its test figures change.
// The test figures are those of the restored network.
func TestEarlyStoppingIgnoresTest(t *testing.T) {
	train, test := blobs(440, 31), blobs(150, 32)
	for i := 396; i < 440; i++ { // the validation rows: worse as training learns
		train.Labels[i] = (train.Labels[i] + 1) % 10
	}
	wrong := blobs(150, 32)
	for i, l := range wrong.Labels {
		wrong.Labels[i] = (l + 3) % 10
	}
	e := Experiment{Base: smallBase(440, 40), Vary: VaryL2, Values: []string{"0", "0.001"}, Patience: 3}
	var snaps []*Snapshot
	for _, te := range []*nn.Dataset{test, wrong} {
		jobs, err := ExperimentJobs(e, Data{Train: train, Test: te})
		if err != nil {
			t.Fatal(err)
		}
		r := Start(context.Background(), "ignore test", jobs)
		s := finish(t, r)
		for i, ru := range s.Runs {
			if ru.Status != Stopped || !ru.Restored {
				t.Fatalf("run %d: %s, restored %v after %d epochs; want stopped early", i, ru.Status, ru.Restored, len(ru.Epochs))
			}
			best := ru.Epochs[ru.BestEpoch-1]
			for _, ep := range ru.Epochs {
				if ep.ValLoss < best.ValLoss {
					t.Errorf("run %d: best epoch %d (val. loss %v), but epoch %d has %v", i, ru.BestEpoch, best.ValLoss, ep.Epoch, ep.ValLoss)
				}
			}
			m := r.Model(i)
			ev := nn.NewEvaluator(m.Net.Arch)
			if loss, _ := ev.Run(m.Net, jobs[i].Val, nil, nil); loss != best.ValLoss {
				t.Errorf("run %d: restored weights give val. loss %v, the best epoch %v", i, loss, best.ValLoss)
			}
			loss, acc := ev.Run(m.Net, te, nil, nil)
			res := Results(s)[i]
			if ru.TestRows != te.N || res.TestAccuracy != acc || res.TestLoss != loss {
				t.Errorf("run %d: test %d rows %v/%v, the restored network has %v/%v on %d", i, ru.TestRows, res.TestAccuracy, res.TestLoss, acc, loss, te.N)
			}
			if res.FinalLoss != best.ValLoss {
				t.Errorf("run %d: final val. loss %v, want the restored epoch's %v", i, res.FinalLoss, best.ValLoss)
			}
		}
		r.Close()
		snaps = append(snaps, s)
	}
	for i := range snaps[0].Runs {
		a, b := snaps[0].Runs[i], snaps[1].Runs[i]
		if a.BestEpoch != b.BestEpoch || len(a.Epochs) != len(b.Epochs) {
			t.Fatalf("run %d: best epoch %d of %d with one test set, %d of %d with another", i, a.BestEpoch, len(a.Epochs), b.BestEpoch, len(b.Epochs))
		}
		for k := range a.Epochs {
			if a.Epochs[k] != b.Epochs[k] {
				t.Errorf("run %d epoch %d: %+v with one test set, %+v with another", i, k+1, a.Epochs[k], b.Epochs[k])
			}
		}
		if a.TestAccuracy == b.TestAccuracy {
			t.Errorf("run %d: test accuracy %v with both test sets: the test cannot tell them apart", i, a.TestAccuracy)
		}
	}
}
