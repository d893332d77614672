package probe

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"backproplab/nn"
)

// toyTrained returns a network dim → hidden… → 3 trained on data where
// class k lights pixel k, and the data.
func toyTrained(t *testing.T, hidden []int) (*nn.Network, *nn.Dataset) {
	t.Helper()
	const n, dim = 300, 6
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]uint8, n*dim)
	lab := make([]uint8, n)
	for i := range n {
		lab[i] = uint8(rng.IntN(3))
		for j := range dim {
			img[i*dim+j] = uint8(rng.IntN(60))
		}
		img[i*dim+int(lab[i])] = 255
	}
	d := nn.NewDataset(img, lab, dim)
	a := nn.Arch{Inputs: dim, Hidden: hidden, Outputs: 3, Activation: nn.ReLU, Loss: nn.CrossEntropy}
	s := nn.DefaultSettings()
	s.TrainSize, s.Epochs, s.BatchSize, s.LearningRate = n, 30, 20, 0.05
	tr, err := nn.NewTrainer(nn.NewNetwork(a, 1), d, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return tr.Net, d
}

// TestUnitCurve checks every point of the curve against Ablate on a
// silenced copy, the importance against the loss of single silencings,
// and the order.
func TestUnitCurve(t *testing.T) {
	for _, tc := range []struct {
		hidden      []int
		layer, rest int
	}{
		{[]int{6}, 0, 1000},
		{[]int{6, 5}, 0, 50},
		{[]int{6, 5}, 1, 1000},
	} {
		net, d := toyTrained(t, tc.hidden)
		orig := slices.Clone(net.Params)
		for class := range 3 {
			var calls, last int
			c, err := UnitCurve(context.Background(), net, d, tc.layer, class, tc.rest, 7, func(done, total int) { calls++; last = done; _ = total })
			if err != nil {
				t.Fatal(err)
			}
			units := tc.hidden[tc.layer]
			if len(c.Order) != units || len(c.ClassAcc) != units+1 || len(c.Others) != units+1 || len(c.Random) != units+1 {
				t.Fatalf("%v layer %d: %d units, curve lengths %d %d %d %d", tc.hidden, tc.layer, units, len(c.Order), len(c.ClassAcc), len(c.Others), len(c.Random))
			}
			if calls != units+3*(units+1) || last != calls {
				t.Errorf("progress called %d times, last %d; want %d", calls, last, units+3*(units+1))
			}
			for k := 1; k < units; k++ {
				if c.Importance[c.Order[k]] > c.Importance[c.Order[k-1]] {
					t.Errorf("order %v not by importance %v", c.Order, c.Importance)
				}
			}
			mine := 0
			for _, y := range d.Labels {
				if int(y) == class {
					mine++
				}
			}
			if c.Examples != mine || c.Rest != min(tc.rest, d.N-mine) {
				t.Errorf("examples %d rest %d, want %d and %d", c.Examples, c.Rest, mine, min(tc.rest, d.N-mine))
			}
			// Each point equals Ablate's per-class accuracy on the whole data.
			for k := 0; k <= units; k++ {
				a, err := Ablate(context.Background(), net, d, tc.layer, c.Order[:k])
				if err != nil {
					t.Fatal(err)
				}
				if a.After.PerClass[class] != c.ClassAcc[k] {
					t.Errorf("%v layer %d class %d, %d silenced: curve %g, Ablate %g", tc.hidden, tc.layer, class, k, c.ClassAcc[k], a.After.PerClass[class])
				}
				if tc.rest >= d.N {
					others := (a.After.Overall*float64(d.N) - a.After.PerClass[class]*float64(mine)) / float64(d.N-mine)
					if RelErr(others, c.Others[k]) > 1e-9 {
						t.Errorf("%v class %d, %d silenced: others %g, Ablate %g", tc.hidden, class, k, c.Others[k], others)
					}
				}
				r, err := Ablate(context.Background(), net, d, tc.layer, c.RandomOrder[:k])
				if err != nil {
					t.Fatal(err)
				}
				if r.After.PerClass[class] != c.Random[k] {
					t.Errorf("random order, %d silenced: curve %g, Ablate %g", k, c.Random[k], r.After.PerClass[class])
				}
			}
			// Importance of unit j: the class's loss with j silenced minus without.
			ev := nn.NewEvaluator(net.Arch)
			var rows []int
			for i, y := range d.Labels {
				if int(y) == class {
					rows = append(rows, i)
				}
			}
			dc := d.Subset(rows)
			base, _ := ev.Run(net, dc, nil, nil)
			for j := range units {
				off, _ := Silence(net, tc.layer, []int{j})
				l, _ := ev.Run(off, dc, nil, nil)
				if c.Importance[j] != l-base {
					t.Errorf("importance of unit %d: %g, want %g", j, c.Importance[j], l-base)
				}
			}
			if c.ClassAcc[0] < 0.9 {
				t.Errorf("class %d accuracy with every unit %g: the toy did not learn", class, c.ClassAcc[0])
			}
		}
		if !slices.Equal(orig, net.Params) {
			t.Error("UnitCurve modified the network")
		}
	}
}

func TestUnitCurveRefuses(t *testing.T) {
	net, d := toyTrained(t, []int{4})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, f := range map[string]func() error{
		"output layer": func() error { _, err := UnitCurve(context.Background(), net, d, 1, 0, 10, 1, nil); return err },
		"class 3":      func() error { _, err := UnitCurve(context.Background(), net, d, 0, 3, 10, 1, nil); return err },
		"cancelled":    func() error { _, err := UnitCurve(ctx, net, d, 0, 0, 10, 1, nil); return err },
		"wrong data": func() error {
			_, err := UnitCurve(context.Background(), net, nn.NewDataset(make([]uint8, 5), []uint8{0}, 5), 0, 0, 10, 1, nil)
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCurveNeeded(t *testing.T) {
	for _, tc := range []struct {
		acc  []float64
		frac float64
		want int
	}{
		{[]float64{1, 0.9, 0.4, 0.1}, 0.5, 2},
		{[]float64{0.8, 0.8, 0.7}, 0.5, -1},
		{[]float64{0.8, 0.3}, 0.5, 1},
		{nil, 0.5, -1},
	} {
		if got := (Curve{ClassAcc: tc.acc}).Needed(tc.frac); got != tc.want {
			t.Errorf("Needed(%v, %g) = %d, want %d", tc.acc, tc.frac, got, tc.want)
		}
	}
}
