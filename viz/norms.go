package viz

import "fmt"

// LayerNorms returns a line chart of per-layer gradient (or weight) norms
// over time, one solid series per layer on a log y axis, where layers of
// very different scale stay readable: norms[i] holds the values of
// layers[i] at the steps x. Render it with LineChart.
// It panics if len(norms) != len(layers).
func LayerNorms(title string, x []float64, layers []string, norms [][]float64) Chart {
	if len(norms) != len(layers) {
		panic(fmt.Sprintf("viz: LayerNorms: %d norm series for %d layers", len(norms), len(layers)))
	}
	c := Chart{Title: title, XLabel: "epoch", YLabel: "norm", LogY: true}
	for i, name := range layers {
		c.Series = append(c.Series, Series{Name: name, X: x, Y: norms[i], Style: StyleSolid, Color: i})
	}
	return c
}
