package lab

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"backproplab/nn"
)

// blobs returns n synthetic 784-pixel images whose bright blob's position
// depends on the label, so that a network can learn them.
func blobs(n int, seed uint64) *nn.Dataset {
	rng := rand.New(rand.NewPCG(seed, 2))
	img := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range n {
		l := uint8(rng.IntN(10))
		lab[i] = l
		cx, cy := 6+int(l%5)*4, 8+int(l/5)*10
		for y := cy - 3; y <= cy+3; y++ {
			for x := cx - 3; x <= cx+3; x++ {
				img[i*784+y*28+x] = uint8(64 + rng.IntN(192))
			}
		}
		// noise pixels, so that small sets can be memorised
		for range 20 {
			img[i*784+rng.IntN(784)] = uint8(rng.IntN(256))
		}
	}
	return nn.NewDataset(img, lab, 784)
}

func smallBase(size, epochs int) Config {
	s := nn.DefaultSettings()
	s.TrainSize, s.Epochs, s.BatchSize = size, epochs, 32
	a := nn.TutorialArch()
	a.Hidden = []int{16}
	return Config{Arch: a, Settings: s}
}

// finish plays r until every run is finished.
func finish(t *testing.T, r *Runner) *Snapshot {
	t.Helper()
	r.Play()
	deadline := time.Now().Add(60 * time.Second)
	for !r.Snapshot().Finished() {
		if time.Now().After(deadline) {
			t.Fatal("runner did not finish")
		}
		select {
		case <-r.Changed():
		case <-time.After(50 * time.Millisecond):
		}
	}
	return r.Snapshot()
}

func TestApply(t *testing.T) {
	b := smallBase(100, 1)
	tests := []struct {
		v     Variable
		value string
		check func(Config) bool
		ok    bool
	}{
		{VaryOptimizer, "sgd@0.1", func(c Config) bool { return c.Settings.Optimizer == nn.SGD && c.Settings.LearningRate == 0.1 }, true},
		{VaryOptimizer, "adam", func(c Config) bool {
			return c.Settings.Optimizer == nn.Adam && c.Settings.LearningRate == b.Settings.LearningRate
		}, true},
		{VaryOptimizer, "rmsprop", nil, false},
		{VaryLoss, "mse", func(c Config) bool { return c.Arch.Loss == nn.MSE }, true},
		{VaryLR, "0.5", func(c Config) bool { return c.Settings.LearningRate == 0.5 }, true},
		{VaryLR, "-1", nil, false},
		{VaryL1, "1e-4", func(c Config) bool { return c.Settings.L1 == 1e-4 }, true},
		{VaryL2, "0.001", func(c Config) bool { return c.Settings.L2 == 0.001 }, true},
		{VaryTrainSize, "60,000", func(c Config) bool { return c.Settings.TrainSize == 60000 }, true},
		{VaryTrainSize, "lots", nil, false},
		{VaryWidth, "64", func(c Config) bool { return len(c.Arch.Hidden) == 1 && c.Arch.Hidden[0] == 64 }, true},
		{VaryDepth, "3", func(c Config) bool { return len(c.Arch.Hidden) == 3 && c.Arch.Hidden[2] == 16 }, true},
		{VaryDepth, "99", nil, false},
		{VaryActivation, "tanh", func(c Config) bool { return c.Arch.Activation == nn.Tanh }, true},
		{VaryBatchSize, "8", func(c Config) bool { return c.Settings.BatchSize == 8 }, true},
		{Variable("colour"), "red", nil, false},
	}
	for _, tc := range tests {
		c, err := Apply(b, tc.v, tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("Apply(%s, %q) error = %v, want ok %v", tc.v, tc.value, err, tc.ok)
			continue
		}
		if tc.ok && !tc.check(c) {
			t.Errorf("Apply(%s, %q) = %+v, wrong", tc.v, tc.value, c)
		}
	}
	if b.Arch.Hidden[0] != 16 {
		t.Errorf("Apply changed the base's hidden layers: %v", b.Arch.Hidden)
	}
}

func TestSpecsCount(t *testing.T) {
	for _, n := range []int{1, 2, 4, 5} {
		e := Experiment{Base: smallBase(100, 1), Vary: VaryLR, Values: strings.Fields("0.1 0.2 0.3 0.4 0.5")[:n]}
		_, err := e.Specs()
		if ok := n >= MinRuns && n <= MaxRuns; (err == nil) != ok {
			t.Errorf("%d values: error %v", n, err)
		}
	}
}

func TestPresetsValid(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets() {
		if seen[p.ID] {
			t.Errorf("duplicate preset %q", p.ID)
		}
		seen[p.ID] = true
		if p.Title == "" || p.Hint == "" {
			t.Errorf("preset %q lacks a title or hint", p.ID)
		}
		specs, err := p.Experiment.Specs()
		if err != nil {
			t.Errorf("preset %q: %v", p.ID, err)
		}
		for _, s := range specs {
			if s.Config.Settings.Seed != specs[0].Config.Settings.Seed {
				t.Errorf("preset %q: runs use different seeds", p.ID)
			}
		}
	}
	if len(seen) != 6 {
		t.Errorf("%d presets, want 6", len(seen))
	}
}

// TestSameStart checks the fairness promise: runs of the same architecture
// start from identical weights and see the same batch order, so runs that
// differ only in a setting that has no effect (L1 0 vs L1 0) are identical.
func TestSameStart(t *testing.T) {
	train, test := blobs(300, 1), blobs(100, 2)
	e := Experiment{Base: smallBase(300, 2), Vary: VaryL1, Values: []string{"0", "0"}}
	jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	r := Start(context.Background(), "same", jobs)
	defer r.Close()
	s := finish(t, r)
	a, b := s.Runs[0], s.Runs[1]
	if len(a.Epochs) != 2 || len(b.Epochs) != 2 {
		t.Fatalf("epochs %d and %d, want 2", len(a.Epochs), len(b.Epochs))
	}
	for i := range a.Epochs {
		if a.Epochs[i] != b.Epochs[i] {
			t.Errorf("epoch %d differs: %+v vs %+v", i+1, a.Epochs[i], b.Epochs[i])
		}
	}
	ma, mb := r.Model(0), r.Model(1)
	for i := range ma.Net.Params {
		if ma.Net.Params[i] != mb.Net.Params[i] {
			t.Fatalf("weights differ at %d", i)
		}
	}
}

// TestMatchesTrainer checks that an experiment's runs are what a plain
// trainer with the same settings and ValSplit = ValFraction computes
// ("backproplab train --val-split 0.1 --json"): the same training and
// validation rows, the same validation figures, and the final network's
// figures on the test set.
func TestMatchesTrainer(t *testing.T) {
	train, test := blobs(400, 3), blobs(150, 4)
	e := Experiment{Base: smallBase(400, 3), Vary: VaryOptimizer, Values: []string{"sgd@0.1", "adam"}}
	jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	r := Start(context.Background(), "match", jobs)
	defer r.Close()
	snap := finish(t, r)
	rs := Results(snap)
	for _, ru := range snap.Runs { // a comparison validates on held-out training rows
		if !ru.HeldOut || ru.ValRows != 40 || ru.TestRows != test.N {
			t.Errorf("run %s: held out %v, %d validation rows, %d test rows; want 40 held out, %d test", ru.Label, ru.HeldOut, ru.ValRows, ru.TestRows, test.N)
		}
	}
	for i, spec := range []Config{jobs[0].Spec.Config, jobs[1].Spec.Config} {
		s := spec.Settings
		s.TrainSize, s.ValSplit = train.N, ValFraction
		net := nn.NewNetwork(spec.Arch, s.Seed)
		tr, err := nn.NewTrainer(net, train, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Run(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		ev := nn.NewEvaluator(net.Arch)
		vloss, vacc := ev.Run(net, tr.Val, nil, nil)
		if rs[i].FinalAccuracy != vacc || math.Abs(rs[i].FinalLoss-vloss) > 1e-12 {
			t.Errorf("run %s: val. %.4f/%.6f, trainer %.4f/%.6f", rs[i].Label, rs[i].FinalAccuracy, rs[i].FinalLoss, vacc, vloss)
		}
		loss, acc := ev.Run(net, test, nil, nil)
		if rs[i].TestAccuracy != acc || math.Abs(rs[i].TestLoss-loss) > 1e-12 {
			t.Errorf("run %s: test %.4f/%.6f, trainer %.4f/%.6f", rs[i].Label, rs[i].TestAccuracy, rs[i].TestLoss, acc, loss)
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	// Validation labels (the training set's last tenth) shifted by one:
	// the more the network learns, the worse its validation loss, so the
	// rule must stop it early.
	train, test := blobs(220, 5), blobs(100, 6)
	for i := 198; i < 220; i++ {
		train.Labels[i] = (train.Labels[i] + 1) % 10
	}
	base := smallBase(220, 50)
	e := Experiment{Base: base, Vary: VaryL2, Values: []string{"0", "0"}, Patience: 3}
	jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	r := Start(context.Background(), "early", jobs)
	defer r.Close()
	s := finish(t, r)
	ru := s.Runs[0]
	if ru.Status != Stopped || !ru.Restored {
		t.Fatalf("status %s restored %v after %d epochs, want stopped early", ru.Status, ru.Restored, len(ru.Epochs))
	}
	if got := len(ru.Epochs) - ru.BestEpoch; got != 3 {
		t.Errorf("stopped %d epochs after the best, want 3", got)
	}
	res := Results(s)[0]
	best := ru.Epochs[ru.BestEpoch-1]
	if res.FinalLoss != best.ValLoss {
		t.Errorf("final loss %v, want the best epoch's %v", res.FinalLoss, best.ValLoss)
	}
	// The restored weights really are the best epoch's.
	m := r.Model(0)
	loss, _ := nn.NewEvaluator(m.Net.Arch).Run(m.Net, jobs[0].Val, nil, nil)
	if math.Abs(loss-best.ValLoss) > 1e-9 {
		t.Errorf("restored weights give loss %v, the best epoch had %v", loss, best.ValLoss)
	}
}

func TestDiverged(t *testing.T) {
	train, test := blobs(100, 7), blobs(50, 8)
	base := smallBase(100, 3)
	base.Settings.Optimizer = nn.SGD
	e := Experiment{Base: base, Vary: VaryLR, Values: []string{"0.1", "1000"}}
	jobs, err := ExperimentJobs(e, Data{Train: train, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	r := Start(context.Background(), "nan", jobs)
	defer r.Close()
	s := finish(t, r)
	if s.Runs[0].Status != Done || s.Runs[1].Status != Diverged || s.Runs[1].Err == "" {
		t.Errorf("statuses %s, %s (%q), want done, diverged", s.Runs[0].Status, s.Runs[1].Status, s.Runs[1].Err)
	}
}

func TestKFold(t *testing.T) {
	train := blobs(250, 9)
	kf := KFold{Base: smallBase(200, 2), K: 5}
	jobs, err := kf.Jobs(train)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 5 {
		t.Fatalf("%d jobs, want 5", len(jobs))
	}
	for i, j := range jobs {
		if j.Val.N != 40 || j.Train.N != 160 || j.Spec.Config.Settings.TrainSize != 160 {
			t.Errorf("fold %d: %d validation and %d training rows, want 40 and 160", i, j.Val.N, j.Train.N)
		}
		// Fold i validates on rows 40i…40i+39 of the subset.
		if j.Val.Labels[0] != train.Labels[40*i] || j.Val.Labels[39] != train.Labels[40*i+39] {
			t.Errorf("fold %d validates on the wrong rows", i)
		}
	}
	r := Start(context.Background(), "kfold", jobs)
	defer r.Close()
	s := finish(t, r)
	sum := Summarize(FinalAccuracies(Results(s)))
	if sum.N != 5 || !(sum.Mean > 0.2) || math.IsNaN(sum.SD) {
		t.Errorf("summary %+v", sum)
	}
	for i, ru := range s.Runs { // the lesson's table says what "val." is
		if !ru.HeldOut || ru.ValRows != 40 {
			t.Errorf("fold %d: held out %v, %d validation rows; want true, 40", i, ru.HeldOut, ru.ValRows)
		}
	}
	for _, bad := range []KFold{{Base: kf.Base, K: 2}, {Base: kf.Base, K: 11}, {Base: smallBase(5, 1), K: 3}} {
		if _, err := bad.Jobs(train); err == nil {
			t.Errorf("k-fold %d on %d rows: no error", bad.K, bad.Base.Settings.TrainSize)
		}
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		in       []float64
		mean, sd float64
		n        int
	}{
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(32.0 / 7), 8},
		{[]float64{0.9}, 0.9, 0, 1},
		{[]float64{1, math.NaN(), 3}, 2, math.Sqrt2, 2},
	}
	for _, tc := range tests {
		s := Summarize(tc.in)
		if s.N != tc.n || math.Abs(s.Mean-tc.mean) > 1e-12 || math.Abs(s.SD-tc.sd) > 1e-12 {
			t.Errorf("Summarize(%v) = %+v, want mean %v sd %v n %d", tc.in, s, tc.mean, tc.sd, tc.n)
		}
	}
	if s := Summarize(nil); !math.IsNaN(s.Mean) {
		t.Errorf("Summarize(nil) = %+v, want NaN", s)
	}
}

func TestResultsCSV(t *testing.T) {
	s := &Snapshot{Runs: []RunState{
		{Label: "a, b", Status: Done, Seconds: 1.5, BestEpoch: 2, Epochs: []EpochPoint{
			{Epoch: 1, ValLoss: 0.5, ValAccuracy: 0.9}, {Epoch: 2, ValLoss: 0.3, ValAccuracy: 0.96}, {Epoch: 3, ValLoss: 0.4, ValAccuracy: 0.97}},
			TestRows: 100, TestLoss: 0.45, TestAccuracy: 0.95},
		{Label: "none", Status: Waiting},
	}}
	rs := Results(s)
	if rs[0].EpochsToReach != 2 || rs[0].BestAccuracy != 0.97 || rs[0].BestLoss != 0.3 || rs[0].FinalLoss != 0.4 {
		t.Errorf("results %+v", rs[0])
	}
	var buf bytes.Buffer
	if err := WriteResultsCSV(&buf, rs); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{CSVHeader,
		{"a, b", "done", "3", "0.95", "0.45", "0.97", "0.4", "0.97", "0.3", "2", "2", "1.50"},
		{"none", "waiting", "0", "", "", "", "", "", "", "", "", "0.00"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestPauseAndClose(t *testing.T) {
	train, test := blobs(200, 10), blobs(50, 11)
	jobs, _ := ExperimentJobs(Experiment{Base: smallBase(200, 1000), Vary: VaryLR, Values: []string{"0.001", "0.002"}}, Data{Train: train, Test: test})
	r := Start(context.Background(), "pause", jobs)
	r.Play()
	time.Sleep(50 * time.Millisecond)
	r.Pause()
	r.Model(0) // a round trip: the pause has been applied
	a := r.Snapshot()
	time.Sleep(50 * time.Millisecond)
	if b := r.Snapshot(); b.Runs[0].Progress != a.Runs[0].Progress || b.Running {
		t.Errorf("progress went on while paused: %v → %v", a.Runs[0].Progress, b.Runs[0].Progress)
	}
	// Runs advance together: no run is more than one batch ahead.
	batches := (jobs[0].Spec.Config.Settings.TrainSize + 31) / 32 // 180 of 200 rows: the rest validate
	if d := math.Abs(a.Runs[0].Progress - a.Runs[1].Progress); d > 1/float64(batches)+1e-9 {
		t.Errorf("runs %v apart, want at most one batch: %+v %+v", d, a.Runs[0].Status, a.Runs[1])
	}
	r.Close()
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("runner did not stop")
	}
	if r.Model(0) != nil {
		t.Error("Model after Close is not nil")
	}
}

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {6000, "6,000"}, {54000, "54,000"}, {1234567, "1,234,567"}, {-12345, "-12,345"}, {-999, "-999"}} {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
