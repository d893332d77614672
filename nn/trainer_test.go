package nn

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// smallArch is a quick MNIST-shaped network for trainer tests.
func smallArch() Arch {
	a := TutorialArch()
	a.Hidden = []int{32}
	return a
}

// newTestTrainer returns a trainer for a fresh smallArch network (seed 1).
func newTestTrainer(t *testing.T, data *Dataset, s Settings) *Trainer {
	t.Helper()
	tr, err := NewTrainer(NewNetwork(smallArch(), 1), data, s)
	if err != nil {
		t.Fatalf("NewTrainer: %v", err)
	}
	return tr
}

// testSettings returns settings for n rows, batch bs, with optimiser m.
func testSettings(m Method, lr float64, bs, n int) Settings {
	s := DefaultSettings()
	s.Optimizer, s.LearningRate, s.BatchSize, s.TrainSize, s.Epochs = m, lr, bs, n, 1
	return s
}

func TestTrainerDeterministic(t *testing.T) {
	data := randomDataset(600, 11)
	run := func(netSeed, seed uint64, augment bool) ([]float64, []float32) {
		s := testSettings(Adam, 1e-3, 64, 600)
		s.Epochs, s.Seed, s.Augment = 2, seed, augment
		tr, err := NewTrainer(NewNetwork(smallArch(), netSeed), data, s)
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		if err := tr.Run(context.Background(), func(m BatchMetrics) { losses = append(losses, m.Loss) }); err != nil {
			t.Fatal(err)
		}
		if len(losses) != 2*10 {
			t.Fatalf("%d batches in 2 epochs of 600 rows at batch 64, want 20", len(losses))
		}
		return losses, tr.Net.Params
	}
	for _, augment := range []bool{false, true} {
		l1, p1 := run(1, 5, augment)
		l2, p2 := run(1, 5, augment)
		if !slices.Equal(l1, l2) {
			t.Errorf("augment=%v: same seeds, different losses:\n%v\n%v", augment, l1, l2)
		}
		if !sameBits(p1, p2) {
			t.Errorf("augment=%v: same seeds, different parameters", augment)
		}
		l3, p3 := run(1, 6, augment) // another batch order
		if slices.Equal(l1, l3) || sameBits(p1, p3) {
			t.Errorf("augment=%v: settings seeds 5 and 6 gave the same run", augment)
		}
		l4, p4 := run(2, 5, augment) // other initial weights
		if l1[0] == l4[0] || sameBits(p1, p4) {
			t.Errorf("augment=%v: network seeds 1 and 2 gave the same run", augment)
		}
	}
}

// TestGDChunked checks that full-batch GD on 2500 rows, computed in chunks
// of at most 1024 rows, gives the gradient of one unchunked pass.
func TestGDChunked(t *testing.T) {
	const n = 2500
	data := randomDataset(n, 3)
	a := TutorialArch()
	a.Hidden = []int{16}
	net := NewNetwork(a, 4)
	tr, err := NewTrainer(net, data, testSettings(GD, 0.5, 1, n))
	if err != nil {
		t.Fatal(err)
	}
	if tr.WS.Cap() != chunkRows {
		t.Fatalf("GD workspace holds %d rows, want %d", tr.WS.Cap(), chunkRows)
	}
	rows := seq(0, n)
	loss, hits := tr.gradient(rows)
	got := to64(tr.WS.Grad)

	ws := NewWorkspace(a, n)
	var in Input
	y := make([]uint8, n)
	data.Gather(rows, &in, y)
	wantLoss, wantHits := net.ForwardLoss(ws, &in, y, true)
	net.Backward(ws, &in)
	want := to64(ws.Grad)
	if math.Abs(loss-wantLoss) > 1e-6*wantLoss || hits != wantHits {
		t.Errorf("chunked loss, hits = %.9g, %d; one pass %.9g, %d", loss, hits, wantLoss, wantHits)
	}
	var scale float64
	for _, g := range want {
		scale = max(scale, math.Abs(g))
	}
	if worst, at := maxRelDiff(got, want, 1e-3*scale); worst > 1e-4 {
		t.Errorf("chunked gradient[%d] = %g, one pass %g (relative error %.3g)", at, got[at], want[at], worst)
	}

	// A GD step is one batch of the whole set: w ← w − η·g.
	before := params(net)
	m, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	if m.Size != n || m.Batches != 1 || tr.BatchesPerEpoch() != 1 || m.EpochEnd == nil {
		t.Errorf("GD step: size %d, batches %d, epoch end %v; want %d, 1, set", m.Size, m.Batches, m.EpochEnd != nil, n)
	}
	for i, g := range want {
		step := (float64(before[i]) - float64(net.Params[i])) / 0.5
		if math.Abs(step-g) > 1e-4*scale {
			t.Fatalf("GD step moved param %d by %g·η, want %g·η", i, step, g)
		}
	}
}

func TestTrainerEpochs(t *testing.T) {
	data := synthDataset(600, 2)
	s := testSettings(SGD, 0.1, 128, 600)
	s.Epochs = 2
	tr := newTestTrainer(t, data, s)
	if got := tr.BatchesPerEpoch(); got != 5 {
		t.Fatalf("BatchesPerEpoch() = %d, want 5", got)
	}
	var reported []BatchMetrics
	if err := tr.Run(context.Background(), func(m BatchMetrics) { reported = append(reported, m) }); err != nil {
		t.Fatal(err)
	}
	h := tr.History
	if len(h.Batches) != 10 || len(reported) != 10 || len(h.Epochs) != 2 {
		t.Fatalf("history has %d batches (%d reported), %d epochs; want 10, 10, 2", len(h.Batches), len(reported), len(h.Epochs))
	}
	var samples int64
	for i, m := range h.Batches {
		wantSize := 128
		if i%5 == 4 {
			wantSize = 600 - 4*128
		}
		samples += int64(wantSize)
		if m.Step != i+1 || m.Epoch != i/5 || m.Batch != i%5 || m.Batches != 5 || m.Size != wantSize || m.Samples != samples || m.LR != 0.1 {
			t.Errorf("batch %d: step %d, epoch %d, batch %d of %d, size %d, samples %d, lr %g; want %d, %d, %d of 5, %d, %d, 0.1",
				i, m.Step, m.Epoch, m.Batch, m.Batches, m.Size, m.Samples, m.LR, i+1, i/5, i%5, wantSize, samples)
		}
		if (m.EpochEnd != nil) != (i%5 == 4) {
			t.Errorf("batch %d: EpochEnd set = %v", i, m.EpochEnd != nil)
		}
		if m.Loss != reported[i].Loss || !(m.Loss > 0) || m.Accuracy < 0 || m.Accuracy > 1 {
			t.Errorf("batch %d: loss %g (reported %g), accuracy %g", i, m.Loss, reported[i].Loss, m.Accuracy)
		}
		if i > 0 && m.Elapsed < h.Batches[i-1].Elapsed {
			t.Errorf("batch %d: elapsed went down", i)
		}
	}
	for e, em := range h.Epochs {
		var loss, acc float64
		for _, m := range h.Batches[5*e : 5*e+5] {
			loss += m.Loss * float64(m.Size) / 600
			acc += m.Accuracy * float64(m.Size) / 600
		}
		if em.Epoch != e+1 || em.Step != 5*(e+1) || math.Abs(em.TrainLoss-loss) > 1e-12 || math.Abs(em.TrainAccuracy-acc) > 1e-12 || em.HasVal {
			t.Errorf("epoch %d: %+v; want epoch %d, step %d, loss %g, accuracy %g, no validation", e, em, e+1, 5*(e+1), loss, acc)
		}
		if end := h.Batches[5*e+4].EpochEnd; end == nil || *end != em {
			t.Errorf("epoch %d: the last batch's EpochEnd is not the history's epoch", e)
		}
	}
	if tr.Epoch() != 2 || tr.BatchInEpoch() != 0 || tr.Samples() != 1200 {
		t.Errorf("after 2 epochs: Epoch() %d, BatchInEpoch() %d, Samples() %d; want 2, 0, 1200", tr.Epoch(), tr.BatchInEpoch(), tr.Samples())
	}
	if p := slices.Sorted(slices.Values(tr.perm)); !slices.Equal(p, seq(0, 600)) {
		t.Errorf("the batch order is not a permutation of the rows")
	}
	// Run stops at Settings.Epochs; raising it continues.
	if err := tr.Run(context.Background(), nil); err != nil || len(tr.History.Batches) != 10 {
		t.Errorf("a finished Run ran on: %v, %d batches", err, len(tr.History.Batches))
	}
	tr.Settings.Epochs = 3
	if err := tr.Run(context.Background(), nil); err != nil || len(tr.History.Batches) != 15 || len(tr.History.Epochs) != 3 {
		t.Errorf("Run for a third epoch: %v, %d batches, %d epochs; want 15, 3", err, len(tr.History.Batches), len(tr.History.Epochs))
	}
}

func TestTrainerSplit(t *testing.T) {
	data := synthDataset(600, 3)
	tests := []struct {
		size         int
		split        float64
		nTrain, nVal int
	}{
		{600, 0, 600, 0},
		{600, 0.2, 480, 120},
		{500, 0.1, 450, 50},
		{300, 0, 300, 0},
		{10000, 0.5, 300, 300}, // TrainSize beyond the data: all of it
		{10, 0.25, 7, 3},       // 2.5 rounds to 3
	}
	for _, tc := range tests {
		s := testSettings(SGD, 0.1, 64, tc.size)
		s.ValSplit = tc.split
		tr := newTestTrainer(t, data, s)
		gotVal := 0
		if tr.Val != nil {
			gotVal = tr.Val.N
		}
		if tr.Train.N != tc.nTrain || gotVal != tc.nVal {
			t.Errorf("TrainSize %d, ValSplit %g: %d training and %d validation rows, want %d and %d", tc.size, tc.split, tr.Train.N, gotVal, tc.nTrain, tc.nVal)
			continue
		}
		// Training rows are the first ones, validation rows the next.
		if !slices.Equal(tr.Train.Labels, data.Labels[:tc.nTrain]) || (tc.nVal > 0 && !slices.Equal(tr.Val.Labels, data.Labels[tc.nTrain:tc.nTrain+tc.nVal])) {
			t.Errorf("TrainSize %d, ValSplit %g: rows out of place", tc.size, tc.split)
		}
		got, want := make([]float32, 784), make([]float32, 784)
		tr.Train.Pixels(tc.nTrain-1, got)
		data.Pixels(tc.nTrain-1, want)
		if !slices.Equal(got, want) {
			t.Errorf("TrainSize %d: last training image differs from the data's", tc.size)
		}
		if tc.nVal > 0 {
			tr.Val.Pixels(0, got)
			data.Pixels(tc.nTrain, want)
			if !slices.Equal(got, want) {
				t.Errorf("TrainSize %d, ValSplit %g: first validation image differs from the data's", tc.size, tc.split)
			}
		}
	}

	// Validation metrics at the end of an epoch.
	s := testSettings(SGD, 0.1, 128, 600)
	s.ValSplit = 0.2
	tr := newTestTrainer(t, data, s)
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	e := tr.History.Epochs[0]
	loss, acc := tr.Evaluate(tr.Val)
	if !e.HasVal || e.ValLoss != loss || e.ValAccuracy != acc {
		t.Errorf("epoch end: validation %v, %g, %g; Evaluate(Val) %g, %g", e.HasVal, e.ValLoss, e.ValAccuracy, loss, acc)
	}
	if tr.Samples() != 480 {
		t.Errorf("one epoch trained on %d samples, want 480", tr.Samples())
	}
}

func TestNewTrainerErrors(t *testing.T) {
	data := synthDataset(20, 3)
	good := testSettings(SGD, 0.1, 8, 20)
	tests := []struct {
		name string
		net  *Network
		edit func(*Settings)
		want string
	}{
		{"zero learning rate", NewNetwork(smallArch(), 1), func(s *Settings) { s.LearningRate = 0 }, "learning rate"},
		{"no training rows", NewNetwork(smallArch(), 1), func(s *Settings) { s.TrainSize, s.ValSplit = 1, 0.5 }, "no training rows"},
		{"input width", NewNetwork(Arch{Inputs: 100, Outputs: 10}, 1), func(*Settings) {}, "the network 100"},
	}
	for _, tc := range tests {
		s := good
		tc.edit(&s)
		tr, err := NewTrainer(tc.net, data, s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewTrainer = %v, %v; want an error containing %q", tc.name, tr, err, tc.want)
		}
	}
}

func TestSetLearningRate(t *testing.T) {
	tr := newTestTrainer(t, synthDataset(600, 4), testSettings(SGD, 0.1, 64, 600))
	if _, err := tr.Step(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if err := tr.SetLearningRate(bad); err == nil {
			t.Errorf("SetLearningRate(%g) succeeded", bad)
		}
	}
	if err := tr.SetLearningRate(0.5); err != nil {
		t.Fatal(err)
	}
	before := params(tr.Net)
	m, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	if m.LR != 0.5 || tr.History.Batches[0].LR != 0.1 {
		t.Errorf("batch learning rates %g then %g, want 0.1 then 0.5", tr.History.Batches[0].LR, m.LR)
	}
	for i, g := range tr.WS.Grad {
		if want := before[i] - 0.5*g; math.Abs(float64(tr.Net.Params[i]-want)) > 1e-6 {
			t.Fatalf("after SetLearningRate(0.5) param %d = %g, want %g − 0.5·%g = %g", i, tr.Net.Params[i], before[i], g, want)
		}
	}
}

func TestSetBatchSize(t *testing.T) {
	tr := newTestTrainer(t, synthDataset(600, 5), testSettings(SGD, 0.1, 128, 600))
	step := func() BatchMetrics {
		t.Helper()
		m, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	step()
	if err := tr.SetBatchSize(0); err == nil {
		t.Errorf("SetBatchSize(0) succeeded")
	}
	if err := tr.SetBatchSize(200); err != nil {
		t.Fatal(err)
	}
	// The rest of the epoch is cut at the new size: 472 = 200 + 200 + 72.
	var sizes []int
	for range 3 {
		m := step()
		sizes = append(sizes, m.Size)
		if m.Batches != 3 {
			t.Errorf("Batches = %d at batch size 200, want 3", m.Batches)
		}
	}
	if !slices.Equal(sizes, []int{200, 200, 72}) || tr.Epoch() != 1 || tr.History.Batches[3].EpochEnd == nil {
		t.Errorf("after SetBatchSize(200) sizes %v, epoch %d; want [200 200 72], 1", sizes, tr.Epoch())
	}
	// Larger than the workspace, and larger than the set.
	if err := tr.SetBatchSize(5000); err != nil {
		t.Fatal(err)
	}
	if m := step(); m.Size != 600 || m.EpochEnd == nil || tr.BatchesPerEpoch() != 1 {
		t.Errorf("batch size 5000 on 600 rows: size %d, epoch end %v", m.Size, m.EpochEnd != nil)
	}
}

func TestSetPenalty(t *testing.T) {
	const lr, l1, l2 = 0.1, 1e-3, 1e-2
	tr := newTestTrainer(t, synthDataset(600, 6), testSettings(SGD, lr, 64, 600))
	if _, err := tr.Step(); err != nil {
		t.Fatal(err)
	}
	if err := tr.SetPenalty(-1, 0); err == nil {
		t.Errorf("SetPenalty(-1, 0) succeeded")
	}
	if err := tr.SetPenalty(l1, l2); err != nil {
		t.Fatal(err)
	}
	// What the next batch should see, computed independently.
	rows := slices.Clone(tr.perm[tr.pos : tr.pos+64])
	ref := tr.Net.Clone()
	ws := NewWorkspace(ref.Arch, 64)
	var in Input
	y := make([]uint8, 64)
	tr.Train.Gather(rows, &in, y)
	dataLoss, _ := ref.ForwardLoss(ws, &in, y, true)
	ref.Backward(ws, &in)
	ref.AddPenaltyGrad(ws.Grad, l1, l2)
	wantLoss := dataLoss + ref.Penalty(l1, l2)

	before := params(tr.Net)
	m, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.Loss-wantLoss) > 1e-9*wantLoss {
		t.Errorf("loss with penalty = %.9g, want data loss %.9g + penalty = %.9g", m.Loss, dataLoss, wantLoss)
	}
	for i, g := range ws.Grad {
		if want := before[i] - lr*g; math.Abs(float64(tr.Net.Params[i]-want)) > 1e-6 {
			t.Fatalf("param %d = %g after the penalised step, want %g", i, tr.Net.Params[i], want)
		}
	}
}
