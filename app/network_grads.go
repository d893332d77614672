package app

import (
	"image"
	"math"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
	"backproplab/viz"
)

// Sampling of the gradient history: at most one sample per histPeriod of
// wall time and per histBatches batches, each over at most histValues
// values of a tensor (a regular subsample), so that keeping the history
// costs training next to nothing.
const (
	histPeriod  = 250 * time.Millisecond
	histBatches = 5
	histValues  = 4096
)

// gradsPanel shows, per layer, the distribution of the weights and of the
// last batch's gradients over time, and the gradient norm per layer.
type gradsPanel struct {
	n *networkScreen

	// History, written by record and read by render, both on the bridge's
	// goroutine only.
	batches    int // len(Batches) at the last sample
	lastSample time.Time
	x          []float64
	weights    [][]viz.Distribution // per layer
	grads      [][]viz.Distribution
	norms      [][]float64

	views      atomic.Pointer[[]*imageView] // weights and gradient per layer, then norms
	grid       *fyne.Container
	lastCharts time.Time
	shown      *[]image.Image // UI goroutine
	content    fyne.CanvasObject
}

func newGradsPanel(n *networkScreen) *gradsPanel {
	p := &gradsPanel{n: n}
	p.grid = container.NewGridWithColumns(2)
	export := n.exportButton(T("Export"), "gradients", p.exports)
	pc := viz.Percentiles
	note := widget.NewLabel(Tf("How each layer's values spread over training: the line is the median; the shaded bands, darker inside, hold the middle %.0f %%, %.0f %% and %.0f %% of the values, and the faintest reaches from the smallest to the largest.",
		pc[5]-pc[3], pc[6]-pc[2], pc[7]-pc[1]))
	note.Wrapping = fyne.TextWrapWord
	p.content = container.NewBorder(container.NewBorder(nil, nil, export, nil, note), nil, nil, nil, container.NewVScroll(p.grid))
	return p
}

// record samples the snapshot's weights and gradients into the history.
func (p *gradsPanel) record(s *live.Snapshot) {
	n := len(s.Batches)
	if n < p.batches || len(s.Net.Layers) != len(p.weights) {
		p.x, p.weights, p.grads, p.norms = nil, make([][]viz.Distribution, len(s.Net.Layers)), make([][]viz.Distribution, len(s.Net.Layers)), make([][]float64, len(s.Net.Layers))
		p.batches = 0
	}
	if s.Grad == nil || (n-p.batches < histBatches && len(p.x) > 0) || time.Since(p.lastSample) < histPeriod {
		return
	}
	p.batches, p.lastSample = n, time.Now()
	x := s.EpochsDone()
	p.x = append(p.x, x)
	for l := range s.Net.Layers {
		w, _ := s.Net.LayerGrads(s.Net.Params, l)
		g, _ := s.Net.LayerGrads(s.Grad, l)
		p.weights[l] = append(p.weights[l], viz.DistributionOf(x, subsample(w)))
		p.grads[l] = append(p.grads[l], viz.DistributionOf(x, subsample(g)))
		var ss float64
		for _, v := range g {
			ss += float64(v) * float64(v)
		}
		p.norms[l] = append(p.norms[l], math.Sqrt(ss))
	}
}

// subsample returns at most histValues values of v, evenly spaced.
func subsample(v []float32) []float32 {
	if len(v) <= histValues {
		return v
	}
	k := (len(v) + histValues - 1) / histValues
	out := make([]float32, 0, histValues)
	for i := 0; i < len(v); i += k {
		out = append(out, v[i])
	}
	return out
}

func (p *gradsPanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	layers := len(p.weights)
	want := 2*layers + 1
	vp := p.views.Load()
	if vp == nil || len(*vp) != want {
		// The views are built on the UI goroutine; ask for a render after.
		return func() {
			p.build(layers)
			p.n.poke()
		}
	}
	if !p.n.throttle(&p.lastCharts, force) {
		return nil
	}
	views := *vp
	imgs := make([]image.Image, want)
	names := make([]string, layers)
	for l := range layers {
		names[l] = Tf("layer %d", l+1)
		wc := viz.DistChart{Title: Tf("Layer %d weights", l+1), XLabel: T("epoch"), YLabel: T("value"), Steps: p.weights[l], Color: 0}
		gc := viz.DistChart{Title: Tf("Layer %d gradient ∂L/∂W", l+1), XLabel: T("epoch"), YLabel: T("value"), Steps: p.grads[l], Color: 1}
		imgs[2*l] = chart(views[2*l], func(w, h int, sc float64) image.Image { return viz.Distributions(wc, w, h, sc, th) })
		imgs[2*l+1] = chart(views[2*l+1], func(w, h int, sc float64) image.Image { return viz.Distributions(gc, w, h, sc, th) })
	}
	nc := viz.LayerNorms(T("Gradient norm ‖∂L/∂W‖ per layer"), p.x, names, p.norms)
	nc.XLabel, nc.YLabel = T("epoch"), T("norm")
	imgs[want-1] = chart(views[want-1], func(w, h int, sc float64) image.Image { return viz.LineChart(nc, w, h, sc, th) })
	return func() {
		p.shown = &imgs
		for i, img := range imgs {
			if img != nil {
				views[i].setImage(img)
			}
		}
	}
}

// build creates two charts per layer and the norm chart. Call on the UI
// goroutine.
func (p *gradsPanel) build(layers int) {
	p.grid.RemoveAll()
	var views []*imageView
	for range 2*layers + 1 {
		v := newImageView(fyne.NewSize(320, 200), p.n.poke)
		views = append(views, v)
		p.grid.Add(v)
	}
	p.views.Store(&views)
}

// exports lists what the gradients panel can save. Call on the UI goroutine.
func (p *gradsPanel) exports() []exportItem {
	if p.shown == nil {
		return nil
	}
	var its []exportItem
	imgs := *p.shown
	for i, img := range imgs {
		if img == nil {
			continue
		}
		name := Tf("layer%d-weights", i/2+1)
		switch {
		case i == len(imgs)-1:
			name = "norms"
		case i%2 == 1:
			name = Tf("layer%d-gradients", i/2+1)
		}
		its = append(its, pngItem(name+" (PNG)…", name, img))
	}
	return its
}
