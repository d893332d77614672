package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/data"
	"backproplab/nn/live"
)

// showPlayground selects the Playground tab and returns it with its run.
func showPlayground(t *testing.T, u *ui) (*playground, *live.Runner) {
	t.Helper()
	u.tabs.SelectIndex(len(u.tabs.Items) - 1)
	p := u.play
	if !p.vis.shown() {
		t.Fatal("the Playground tab is selected but not shown")
	}
	r := p.runner.Load()
	if r == nil {
		t.Fatalf("no run: %s", p.errText.Text)
	}
	return p, r
}

func waitRun(t *testing.T, r *live.Runner, what string, cond func(*live.Snapshot) bool) *live.Snapshot {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if s := r.Snapshot(); cond(s) {
			return s
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
	return nil
}

func TestPlaygroundTrainsAndShowsEveryNeuron(t *testing.T) {
	u := newTestUI(t)
	p, r := showPlayground(t, u)
	if u.controls.content.Visible() {
		t.Error("the MNIST controls show beside the Playground")
	}
	test.Tap(p.play)
	waitRun(t, r, "50 steps", func(s *live.Snapshot) bool { return len(s.Batches) >= 50 })
	u.togglePlay() // the space bar's action pauses the Playground's run
	s := waitRun(t, r, "paused", func(s *live.Snapshot) bool { return s.State == live.Paused })
	n := len(s.Batches)
	u.stepBatch() // one step, published with its gradient and update
	waitRun(t, r, "one more step", func(s *live.Snapshot) bool { return len(s.Batches) == n+1 && s.State == live.Paused })
	if apply := p.render(nil, true); apply != nil {
		apply()
	}
	s = r.Snapshot()
	want := s.Net.Arch.Widths()
	if !slices.Equal(p.diagram.widths, want) {
		t.Fatalf("diagram widths %v, network %v", p.diagram.widths, want)
	}
	for l, w := range want {
		for u := range w {
			if p.diagram.nodes[l][u].Image == nil {
				t.Errorf("neuron %d of layer %d has no map", u, l)
			}
		}
	}
	if p.plane.img.Image == nil || !strings.Contains(p.loss.Text, "Training loss") {
		t.Errorf("output map %v, loss text %q", p.plane.img.Image != nil, p.loss.Text)
	}

	// Hovering a weight shows the engine's numbers.
	p.hover(nil, &diagramEdge{layer: 1, in: 0, out: 1})
	ly := s.Net.Layers[1]
	gW, _ := s.Net.LayerGrads(s.Grad, 1)
	dW, _ := s.Net.LayerGrads(s.Step, 1)
	k := 0*ly.Out + 1
	for _, num := range []string{fmt.Sprintf("%.4f", ly.W[k]), fmt.Sprintf("%.3g", gW[k]), fmt.Sprintf("%.3g", dW[k])} {
		if !strings.Contains(p.info.Text, num) {
			t.Errorf("hover text %q lacks %s", p.info.Text, num)
		}
	}
	p.hover(&diagramNode{layer: 1, unit: 2}, nil)
	if !strings.Contains(p.info.Text, fmt.Sprintf("%.4f", s.Net.Layers[0].B[2])) || !strings.Contains(p.info.Text, "tanh") {
		t.Errorf("neuron hover text %q", p.info.Text)
	}
}

func TestPlaygroundLayersAndDrawing(t *testing.T) {
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	before := len(p.currentPoints())
	p.addPoint(1, 1)
	if p.spec.Kind != data.Drawn || len(p.drawn) != before+1 {
		t.Fatalf("after a tap: kind %s, %d points (had %d)", p.spec.Kind, len(p.drawn), before)
	}
	set := p.data.Load()
	if set == nil || set.Train.N+set.Test.N != before+1 {
		t.Fatalf("drawn set has %v rows, want %d", set, before+1)
	}
	p.removePoint(1, 1)
	if len(p.drawn) != before {
		t.Errorf("after a right-click: %d points, want %d", len(p.drawn), before)
	}
	p.hidden, p.acts, p.drops = []int{8, 8, 8}, []nn.Activation{nn.ReLU, nn.Sigmoid, nn.Linear}, []float64{0.2, 0, 0}
	p.changedNet()
	a := p.runner.Load().Snapshot().Config.Arch
	if a.String() != "2-8relu/d0.2-8sigmoid-8linear-2" {
		t.Errorf("arch %s", a)
	}
}

// BenchmarkPlayground2442 trains a 2-4-4-2 tanh network on 500 circle
// points at batch 10 at full speed while every neuron's map and the output
// map are rendered at the bridge's rate, as the screen does (the run measuring both
// whole sets at every snapshot), and reports both rates.
func BenchmarkPlayground2442(b *testing.B) {
	set, err := data.New2D(data.Spec{Kind: data.Circle, Points: 500, Noise: 0.1, TrainRatio: 0.5, Seed: 1, Features: data.DefaultFeatures()})
	if err != nil {
		b.Fatal(err)
	}
	cfg := live.Config{Arch: nn.Arch{Inputs: 2, Hidden: []int{4, 4}, Outputs: 2, Activation: nn.Tanh}, Settings: nn.DefaultSettings()}
	cfg.Settings.BatchSize, cfg.Settings.LearningRate, cfg.Settings.Epochs, cfg.Settings.TrainSize = 10, 0.03, 1<<30, set.Train.N
	for b.Loop() {
		r, err := live.New(context.Background(), live.Data{Train: set.Train, Test: set.Test}, cfg)
		if err != nil {
			b.Fatal(err)
		}
		r.WholeSets(true) // as the tab runs it: both sets' losses at every snapshot
		p := &playground{}
		r.Play()
		start := time.Now()
		renders := 0
		tick := time.NewTicker(time.Second / bridgeRate)
		for time.Since(start) < 2*time.Second {
			<-tick.C
			s := r.Snapshot()
			p.renderMaps(s, set)
			p.lossText(s, set)
			renders++
		}
		tick.Stop()
		s := r.Snapshot()
		secs := time.Since(start).Seconds()
		r.Close()
		b.ReportMetric(float64(len(s.Batches))/secs, "steps/s")
		b.ReportMetric(float64(renders)/secs, "maps/s")
	}
}

// BenchmarkPlaygroundRender times one render of every map and of the
// loss readout (the screen's work per refresh), for a 2-8-8-8-2 network and
// the largest the tab allows, 6 hidden layers of 8 (2-8×6-2), both tanh on
// 500 spiral points. Besides ns/op it reports the process's CPU time per
// render (cpu-ms/op), which a loaded host inflates less than wall time.
func BenchmarkPlaygroundRender(b *testing.B) {
	set, err := data.New2D(data.Spec{Kind: data.Spiral, Points: 500, Noise: 0.1, TrainRatio: 0.5, Seed: 1, Features: data.DefaultFeatures()})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		hidden []int
	}{
		{"2-8-8-8-2", []int{8, 8, 8}},
		{"2-8x6-2", []int{8, 8, 8, 8, 8, 8}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			cfg := live.Config{Arch: nn.Arch{Inputs: 2, Hidden: tc.hidden, Outputs: 2, Activation: nn.Tanh}, Settings: nn.DefaultSettings()}
			r, err := live.New(context.Background(), live.Data{Train: set.Train, Test: set.Test}, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			s := r.Snapshot()
			p := &playground{}
			cpu0 := nn.ProcessCPU()
			for b.Loop() {
				p.renderMaps(s, set)
				p.lossText(s, set)
			}
			if cpu := nn.ProcessCPU() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}

// TestPlaygroundSelectsGiveBackTheKeys picks from the Playground's selects
// as a mouse does (the select keeps the focus in Fyne) and checks that
// Space then drives the training, not the select.
func TestPlaygroundSelectsGiveBackTheKeys(t *testing.T) {
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	c := u.win.Canvas()
	for _, sel := range []*widget.Select{p.stepr.kindSel, p.classes, p.draw} {
		c.Focus(sel)
		sel.SetSelectedIndex((sel.SelectedIndex() + 1) % len(sel.Options))
		if c.Focused() != nil {
			t.Errorf("after a pick from %v the focus stays on %T", sel.Options, c.Focused())
		}
	}
}

// TestPlaygroundFoldsItsSettings checks that the fold button hides the
// settings column, giving the diagram its width, and brings it back.
func TestPlaygroundFoldsItsSettings(t *testing.T) {
	u := newTestUI(t)
	p, _ := showPlayground(t, u)
	u.win.Resize(fyne.NewSize(1280, 800))
	before := p.diagram.Size().Width
	test.Tap(p.fold)
	if p.column.Visible() {
		t.Fatal("the settings column still shows after folding")
	}
	if after := p.diagram.Size().Width; after <= before {
		t.Errorf("folding the settings left the diagram %v wide (was %v)", after, before)
	}
	test.Tap(p.fold)
	if !p.column.Visible() {
		t.Error("the settings column does not come back")
	}
}
