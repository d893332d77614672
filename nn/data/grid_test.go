package data

import (
	"math"
	"testing"

	"backproplab/nn"
)

// TestMapsEqualForwardPass checks every neuron's map against the engine's
// forward pass of single points at grid positions.
func TestMapsEqualForwardPass(t *testing.T) {
	feats := []Feature{X1, X2, SinX1, X1X2}
	tests := []nn.Arch{
		{Inputs: 4, Hidden: []int{4, 3}, Outputs: 2, Activations: []nn.Activation{nn.Tanh, nn.ReLU}},
		{Inputs: 4, Hidden: []int{5}, Outputs: 1, Activation: nn.Sigmoid, Loss: nn.Regression},
		{Inputs: 4, Outputs: 3},
	}
	const n = 37 // 1,369 points: two chunks
	for _, a := range tests {
		net := nn.NewNetwork(a, 3)
		m := NewMapper(a, feats, n)
		maps := m.Run(net, nil)
		if !m.Fits(a, feats, n) {
			t.Fatal("the mapper does not fit its own architecture")
		}
		p := nn.NewPredictor(a)
		x := make([]float32, len(feats))
		for _, pt := range [][2]int{{0, 0}, {0, n - 1}, {n / 2, n / 3}, {n - 1, n - 1}, {30, 7}} {
			i, j := pt[0], pt[1]
			x1, x2 := m.grid.Point(i, j)
			Encode(feats, x1, x2, x)
			p.Predict(net, x)
			for f := range feats {
				if maps.Units[0][f][i*n+j] != x[f] {
					t.Errorf("%s: feature map %d at (%d,%d) = %v, want %v", a, f, i, j, maps.Units[0][f][i*n+j], x[f])
				}
			}
			for l := range net.Layers {
				for u := range net.Layers[l].Out {
					got, want := maps.Units[l+1][u][i*n+j], p.WS.A[l][u]
					if math.Abs(float64(got-want)) > 1e-6 {
						t.Errorf("%s: layer %d unit %d at (%d,%d) = %v, the forward pass %v", a, l, u, i, j, got, want)
					}
				}
			}
		}
		again := m.Run(net, maps)
		if again != maps {
			t.Error("Run allocated new maps for the same shape")
		}
	}
	if x1, x2 := (Grid{N: 3}).Point(0, 2); x1 != Extent || x2 != Extent {
		t.Errorf("Grid.Point(0, 2) = %v, %v; want the top right corner", x1, x2)
	}
}
