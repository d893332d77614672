package nn

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestArch(t *testing.T) {
	a := TutorialArch()
	if err := a.Validate(); err != nil {
		t.Fatalf("TutorialArch().Validate() = %v", err)
	}
	if got := a.Widths(); !slices.Equal(got, []int{784, 128, 10}) {
		t.Errorf("Widths() = %v, want [784 128 10]", got)
	}
	if got := a.NumParams(); got != 784*128+128+128*10+10 {
		t.Errorf("NumParams() = %d, want 101770", got)
	}
	if got := a.String(); got != "784-128relu-10" {
		t.Errorf("String() = %q, want 784-128relu-10", got)
	}
	b := Arch{Inputs: 6, Hidden: []int{5, 4}, Outputs: 3, Activation: Tanh}
	if got := b.String(); got != "6-5tanh-4tanh-3" {
		t.Errorf("String() = %q, want 6-5tanh-4tanh-3", got)
	}
	if got := b.NumParams(); got != 6*5+5+5*4+4+4*3+3 {
		t.Errorf("NumParams() = %d, want 74", got)
	}
	tests := []struct {
		name string
		edit func(*Arch)
	}{
		{"no inputs", func(a *Arch) { a.Inputs = 0 }},
		{"too many inputs", func(a *Arch) { a.Inputs = 1<<16 + 1 }},
		{"one output", func(a *Arch) { a.Outputs = 1 }},
		{"257 outputs", func(a *Arch) { a.Outputs = 257 }},
		{"zero width", func(a *Arch) { a.Hidden = []int{0} }},
		{"too wide", func(a *Arch) { a.Hidden = []int{MaxWidth + 1} }},
		{"too deep", func(a *Arch) { a.Hidden = make([]int, MaxLayers+1) }},
		{"bad activation", func(a *Arch) { a.Activation = 99 }},
		{"bad loss", func(a *Arch) { a.Loss = -1 }},
		{"bad init", func(a *Arch) { a.Init = 2 }},
	}
	for _, tc := range tests {
		a := TutorialArch()
		tc.edit(&a)
		if err := a.Validate(); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("%s: Validate() = %v, want an nn: error", tc.name, err)
		}
	}
}

func TestNewNetwork(t *testing.T) {
	a := Arch{Inputs: 50, Hidden: []int{30, 20}, Outputs: 10}
	for _, init := range []Init{GlorotUniform, HeUniform} {
		a.Init = init
		n := NewNetwork(a, 42)
		if len(n.Params) != a.NumParams() || len(n.Layers) != 3 {
			t.Fatalf("%v: %d params in %d layers", init, len(n.Params), len(n.Layers))
		}
		if !sameBits(n.Params, NewNetwork(a, 42).Params) || sameBits(n.Params, NewNetwork(a, 43).Params) {
			t.Errorf("%v: the weights do not follow the seed", init)
		}
		for l, ly := range n.Layers {
			lim := math.Sqrt(6 / float64(ly.In+ly.Out))
			if init == HeUniform {
				lim = math.Sqrt(6 / float64(ly.In))
			}
			var lo, hi float64
			for _, w := range ly.W {
				lo, hi = min(lo, float64(w)), max(hi, float64(w))
			}
			// Within the limit, and spread out to near it.
			if lo < -lim || hi > lim || lo > -0.8*lim || hi < 0.8*lim {
				t.Errorf("%v layer %d: weights in [%g, %g], want U(−%g, %g)", init, l, lo, hi, lim, lim)
			}
			if slicesNonZero(ly.B) {
				t.Errorf("%v layer %d: biases do not start at 0", init, l)
			}
			// W and B are views into Params.
			ly.B[0] = 5
			gW, gB := n.LayerGrads(n.Params, l)
			if gB[0] != 5 || &gW[0] != &ly.W[0] || len(gW) != ly.In*ly.Out || len(gB) != ly.Out {
				t.Errorf("layer %d: LayerGrads does not mirror the layer's views", l)
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("NewNetwork of an invalid architecture did not panic")
		}
	}()
	NewNetwork(Arch{Inputs: 4, Outputs: 1}, 1)
}

func TestCloneCopyFinite(t *testing.T) {
	n := NewNetwork(Arch{Inputs: 4, Hidden: []int{3}, Outputs: 2}, 1)
	c := n.Clone()
	c.Layers[0].W[0] = 9
	c.Arch.Hidden[0] = 7
	if n.Layers[0].W[0] == 9 || n.Arch.Hidden[0] != 3 || c.Params[0] != 9 {
		t.Errorf("Clone shares weights or architecture with the original")
	}
	n.CopyFrom(c)
	if n.Layers[0].W[0] != 9 {
		t.Errorf("CopyFrom did not copy")
	}
	if !n.Finite() {
		t.Errorf("Finite() = false for finite weights")
	}
	for _, v := range []float32{float32(math.NaN()), float32(math.Inf(-1))} {
		n.Layers[1].B[1] = v
		if n.Finite() {
			t.Errorf("Finite() = true with a bias of %g", v)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("CopyFrom across architectures did not panic")
		}
	}()
	n.CopyFrom(NewNetwork(TutorialArch(), 1))
}

func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("DefaultSettings().Validate() = %v", err)
	}
	tests := []struct {
		name string
		edit func(*Settings)
	}{
		{"optimizer", func(s *Settings) { s.Optimizer = 4 }},
		{"zero learning rate", func(s *Settings) { s.LearningRate = 0 }},
		{"NaN learning rate", func(s *Settings) { s.LearningRate = math.NaN() }},
		{"infinite learning rate", func(s *Settings) { s.LearningRate = math.Inf(1) }},
		{"momentum 1", func(s *Settings) { s.Momentum = 1 }},
		{"negative momentum", func(s *Settings) { s.Momentum = -0.1 }},
		{"batch 0", func(s *Settings) { s.BatchSize = 0 }},
		{"negative epochs", func(s *Settings) { s.Epochs = -1 }},
		{"negative l1", func(s *Settings) { s.L1 = -1e-3 }},
		{"NaN l2", func(s *Settings) { s.L2 = math.NaN() }},
		{"infinite l2", func(s *Settings) { s.L2 = math.Inf(1) }},
		{"train size 0", func(s *Settings) { s.TrainSize = 0 }},
		{"validation split 1", func(s *Settings) { s.ValSplit = 1 }},
		{"negative split", func(s *Settings) { s.ValSplit = -0.1 }},
	}
	for _, tc := range tests {
		s := DefaultSettings()
		tc.edit(&s)
		if err := s.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil, want an error", tc.name)
		}
	}
	s := DefaultSettings()
	s.Epochs, s.Momentum, s.ValSplit, s.L1, s.L2 = 0, 0, 0.5, 1e-4, 1e-4
	if err := s.Validate(); err != nil {
		t.Errorf("valid edge settings: Validate() = %v", err)
	}
}
