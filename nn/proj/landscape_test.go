package proj

import (
	"context"
	"errors"
	"math"
	"testing"

	"backproplab/nn"
)

func evalLoss(net *nn.Network, d *nn.Dataset) float64 {
	l, _ := nn.NewEvaluator(net.Arch).Run(net, d, nil, nil)
	return l
}

func TestLineEndsAtEachSnapshot(t *testing.T) {
	d := blobs(300, 30, 3, 4)
	a, b := trained(t, d, 3, []int{12}, 40)
	keep := append([]float32(nil), a.Params...)
	calls := 0
	loss, err := Line(context.Background(), a, b, d, Steps(-0.5, 1.5, 9), func(done, total int) {
		calls++
		if done != calls || total != 9 {
			t.Errorf("progress(%d, %d) at call %d", done, total, calls)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// Steps(-0.5, 1.5, 9): α = 0 is index 2, α = 1 is index 6.
	if got, want := loss[2], evalLoss(a, d); got != want {
		t.Errorf("Line at α = 0: %v, want the first snapshot's loss %v", got, want)
	}
	if got, want := loss[6], evalLoss(b, d); got != want {
		t.Errorf("Line at α = 1: %v, want the second snapshot's loss %v", got, want)
	}
	if !(loss[6] < loss[2]) || calls != 9 {
		t.Errorf("Line = %v with %d progress calls: want training to lower the loss and 9 calls", loss, calls)
	}
	for i, v := range keep {
		if a.Params[i] != v {
			t.Fatal("Line modified its network")
		}
	}
}

func TestLineCancel(t *testing.T) {
	d := blobs(300, 30, 3, 4)
	a, b := trained(t, d, 3, []int{12}, 5)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Line(ctx, a, b, d, Steps(0, 1, 200), func(done, _ int) {
		if done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Line after cancel: %v, want context.Canceled", err)
	}
}

func TestDirectionsAreFilterNormalised(t *testing.T) {
	d := blobs(50, 30, 3, 4)
	_, net := trained(t, d, 3, []int{12, 7}, 5)
	d1, d2 := Directions(net, 1)
	dirs := net.Clone()
	for _, dir := range [][]float32{d1, d2} {
		copy(dirs.Params, dir)
		for l, ly := range net.Layers {
			for j := range ly.Out {
				var wn, dn float64
				for i := range ly.In {
					wn += float64(ly.W[i*ly.Out+j]) * float64(ly.W[i*ly.Out+j])
					dn += float64(dirs.Layers[l].W[i*ly.Out+j]) * float64(dirs.Layers[l].W[i*ly.Out+j])
				}
				if math.Abs(math.Sqrt(dn)-math.Sqrt(wn)) > 1e-5*math.Sqrt(wn) {
					t.Fatalf("layer %d unit %d: direction norm %v, weight norm %v", l, j, math.Sqrt(dn), math.Sqrt(wn))
				}
			}
			for _, v := range dirs.Layers[l].B {
				if v != 0 {
					t.Fatalf("layer %d: bias direction %v, want 0", l, v)
				}
			}
		}
	}
	var dot, n1 float64
	for i := range d1 {
		dot += float64(d1[i]) * float64(d2[i])
		n1 += float64(d1[i]) * float64(d1[i])
	}
	if math.Abs(dot) > 0.2*n1 {
		t.Errorf("the two directions are far from orthogonal: cos %v", dot/n1)
	}
}

func TestSliceCentreAndCoords(t *testing.T) {
	d := blobs(200, 30, 3, 6)
	_, net := trained(t, d, 3, []int{12}, 300)
	d1, d2 := Directions(net, 2)
	pl, err := Slice(context.Background(), net, d1, d2, d, Steps(-1, 1, 5), Steps(-1, 1, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Loss) != 15 {
		t.Fatalf("Slice gave %d losses, want 15", len(pl.Loss))
	}
	if got, want := pl.Loss[1*5+2], evalLoss(net, d); got != want {
		t.Errorf("Slice at (0, 0) = %v, want the centre's loss %v", got, want)
	}
	for _, c := range []int{0, 4, 10, 14} {
		if !(pl.Loss[c] > pl.Loss[7]) {
			t.Errorf("Slice corner %d: %v, not above the trained centre's %v", c, pl.Loss[c], pl.Loss[7])
		}
	}
	p := make([]float32, len(net.Params))
	for i := range p {
		p[i] = net.Params[i] + 0.3*d1[i] - 0.7*d2[i]
	}
	if a, b := pl.Coords(p); math.Abs(a-0.3) > 1e-4 || math.Abs(b+0.7) > 1e-4 {
		t.Errorf("Coords(centre + 0.3·d1 − 0.7·d2) = (%v, %v)", a, b)
	}
}
