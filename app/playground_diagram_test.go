package app

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestDiagramTagsDoNotCollide lays out a traced step's labels on the
// diagrams of a few networks at the sizes the Playground gives it, at
// scale 1 and 2, and checks that no edge label covers another label: where
// edges cross, their middles meet, so the labels must move along them.
func TestDiagramTagsDoNotCollide(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		size   fyne.Size
		all    bool // at scale 1 every edge label fits
	}{
		{[]int{2, 4, 2, 2}, fyne.NewSize(540, 460), true},
		{[]int{2, 4, 4, 2}, fyne.NewSize(540, 460), false},
		{[]int{2, 3, 3, 3}, fyne.NewSize(420, 360), false},
		{[]int{3, 2, 2}, fyne.NewSize(400, 300), true},
		{[]int{2, 8, 8, 8, 8, 8, 8, 2}, fyne.NewSize(540, 460), false},
	} {
		for _, scale := range []float32{1, 2} {
			t.Run(fmt.Sprintf("%v@%v", tc.widths, scale), func(t *testing.T) {
				a := test.NewTempApp(t)
				a.Settings().SetTheme(&presenterTheme{base: a.Settings().Theme(), scale: scale})
				d := newNetDiagram()
				var weights [][]float32
				var edges [][]string
				nodes := make([][]string, len(tc.widths))
				for l, w := range tc.widths {
					for u := range w {
						nodes[l] = append(nodes[l], fmt.Sprintf("δ=-%.3g", 0.001*float64(u+1)))
					}
					if l+1 < len(tc.widths) {
						n := w * tc.widths[l+1]
						ws, es := make([]float32, n), make([]string, n)
						for i := range n {
							ws[i] = float32(i%3) - 1
							es[i] = fmt.Sprintf("-0.000%d%d", i%10, l)
						}
						weights, edges = append(weights, ws), append(edges, es)
					}
				}
				d.set(tc.widths, weights, nil)
				d.Resize(tc.size)
				if !tc.all {
					// Labels that do not all fit show the hovered neuron's.
					d.focus = &diagramNode{layer: 1, unit: 0}
					edges[0], edges[1] = slices.Clone(edges[0]), slices.Clone(edges[1])
				}
				d.numbers(nodes, edges, nil)
				var tags []rect
				shown, edgeCount := 0, 0
				for _, es := range edges {
					edgeCount += len(es)
				}
				for _, ts := range d.edgeTexts {
					for _, g := range ts {
						if g.t.Visible() {
							tags = append(tags, rect{g.t.Position(), g.t.Size()})
							shown++
						}
					}
				}
				switch {
				case tc.all && scale == 1 && shown != edgeCount:
					t.Errorf("at scale 1, %d of %d edge labels shown, want all", shown, edgeCount)
				case !tc.all && scale == 1 && shown == 0:
					t.Error("no edge label of the hovered neuron shown")
				}
				for _, ts := range d.nodeTexts {
					for _, g := range ts {
						if g.t.Visible() {
							tags = append(tags, rect{g.t.Position(), g.t.Size()})
						}
					}
				}
				if len(tags) == 0 {
					t.Fatal("no labels shown")
				}
				for i, r := range tags {
					for j, o := range tags[:i] {
						if c := r.cover([]rect{o}); c > 0 {
							t.Errorf("label %d at %v %v covers label %d at %v %v by %.0f units²", i, r.pos, r.size, j, o.pos, o.size, c)
						}
					}
				}
			})
		}
	}
}
