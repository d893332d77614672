package nn

import (
	"context"
	"slices"
	"testing"
)

func TestEvaluate(t *testing.T) {
	d := synthDataset(300, 3)
	net := NewNetwork(Arch{Inputs: 784, Hidden: []int{16}, Outputs: 10, Activation: ReLU}, 2)
	ev := Evaluate(net, d)
	loss, acc := NewEvaluator(net.Arch).Run(net, d, nil, nil)
	if ev.Loss != loss || ev.Accuracy != acc {
		t.Errorf("loss %v, accuracy %v; the evaluator says %v, %v", ev.Loss, ev.Accuracy, loss, acc)
	}
	diag, total := 0, 0
	for r := range 10 {
		for c := range 10 {
			total += ev.Counts[r][c]
			if r == c {
				diag += ev.Counts[r][c]
			}
			if got := len(ev.Cell(d.Labels, r, c)); got != ev.Counts[r][c] {
				t.Errorf("cell (%d, %d) holds %d images, its count is %d", r, c, got, ev.Counts[r][c])
			}
		}
	}
	if total != d.N || float64(diag)/float64(total) != acc {
		t.Errorf("confusion total %d (want %d), diagonal share %v (want %v)", total, d.N, float64(diag)/float64(total), acc)
	}
	if len(ev.Mistakes) != total-diag || len(ev.Mistakes) == 0 {
		t.Fatalf("%d mistakes, want %d (and some)", len(ev.Mistakes), total-diag)
	}
	conf := func(i int) float32 { return ev.Probs[i*10+int(ev.Pred[i])] }
	for k, i := range ev.Mistakes {
		if ev.Pred[i] == d.Labels[i] {
			t.Errorf("mistake %d: image %d is right", k, i)
		}
		if k > 0 && conf(i) > conf(ev.Mistakes[k-1]) {
			t.Errorf("mistakes not most confident first at %d: %v after %v", k, conf(i), conf(ev.Mistakes[k-1]))
		}
	}
}

// TestMostExciting checks the top-k search against sorting every image's
// pre-activation, recomputed densely.
func TestMostExciting(t *testing.T) {
	d := synthDataset(500, 4)
	net := NewNetwork(Arch{Inputs: 784, Hidden: []int{32}, Outputs: 10, Activation: ReLU}, 5)
	l := net.Layers[0]
	x := make([]float32, 784)
	for _, tc := range []struct{ unit, k int }{{0, 8}, {17, 1}, {31, 5}, {3, 600}} {
		zs := make([]float32, d.N)
		for i := range d.N {
			d.Pixels(i, x)
			z := l.B[tc.unit]
			for j, v := range x {
				z += v * l.W[j*l.Out+tc.unit]
			}
			zs[i] = z
		}
		want := make([]int, d.N)
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int { return descending(float64(zs[a]), float64(zs[b])) })
		want = want[:min(tc.k, d.N)]
		rows, z := MostExciting(context.Background(), net, d, tc.unit, tc.k)
		if len(rows) != len(want) || len(z) != len(want) {
			t.Fatalf("unit %d, k %d: %d rows, %d values; want %d", tc.unit, tc.k, len(rows), len(z), len(want))
		}
		for i, r := range rows {
			if d := z[i] - zs[want[i]]; d > 1e-4 || d < -1e-4 {
				t.Errorf("unit %d: #%d is image %d with z %v, want image %d with z %v", tc.unit, i, r, z[i], want[i], zs[want[i]])
			}
			if d := z[i] - zs[r]; d > 1e-4 || d < -1e-4 {
				t.Errorf("unit %d: image %d reported with z %v, recomputed %v", tc.unit, r, z[i], zs[r])
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rows, _ := MostExciting(ctx, net, d, 0, 8); len(rows) != 0 {
		t.Errorf("a cancelled search returned %d images", len(rows))
	}
}

func TestContributions(t *testing.T) {
	net := NewNetwork(Arch{Inputs: 4, Hidden: []int{3}, Outputs: 10, Activation: ReLU}, 1)
	out := net.Layers[1]
	a := []float32{1, 2, 0.5}
	for _, k := range []int{1, 2, 3, 5} {
		units, vals := Contributions(net, a, 4, k)
		if len(units) != min(k, 3) || len(vals) != len(units) {
			t.Fatalf("k %d: %d units, %d values", k, len(units), len(vals))
		}
		for i, u := range units {
			if want := float64(a[u]) * float64(out.W[u*10+4]); vals[i] != want {
				t.Errorf("contribution of unit %d = %v, want %v", u, vals[i], want)
			}
			if i > 0 && vals[i] > vals[i-1] {
				t.Errorf("k %d: contributions %v not descending", k, vals)
			}
		}
	}
}

// TestEvaluateThreeClasses checks that a network with three outputs gets a
// 3×3 confusion matrix whose cells agree with its predictions.
func TestEvaluateThreeClasses(t *testing.T) {
	d := randomDataset(120, 5)
	for i := range d.Labels {
		d.Labels[i] %= 3
	}
	net := NewNetwork(Arch{Inputs: 784, Hidden: []int{8}, Outputs: 3, Activation: ReLU}, 4)
	ev := Evaluate(net, d)
	if len(ev.Counts) != 3 || len(ev.Counts[0]) != 3 {
		t.Fatalf("Evaluate on 3 classes: confusion matrix %d×%d, want 3×3", len(ev.Counts), len(ev.Counts[0]))
	}
	total, diag := 0, 0
	for r := range 3 {
		for c := range 3 {
			total += ev.Counts[r][c]
			if r == c {
				diag += ev.Counts[r][c]
			}
			if got := len(ev.Cell(d.Labels, r, c)); got != ev.Counts[r][c] {
				t.Errorf("cell (%d, %d) holds %d images, its count is %d", r, c, got, ev.Counts[r][c])
			}
		}
	}
	if total != d.N || len(ev.Mistakes) != total-diag {
		t.Errorf("confusion total %d (want %d), %d mistakes (want %d)", total, d.N, len(ev.Mistakes), total-diag)
	}
}
