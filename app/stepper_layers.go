package app

import (
	"image"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/step"
	"backproplab/viz"
)

// This file lets the stepper follow a weight in any layer of a network of
// any depth: a strip per layer (click a unit to follow a weight into it),
// the first layer's tile grid, and the matrix of the layer the chooser
// names (click a cell to follow its weight).

// layerDims are a network's layer sizes, (in, out) per layer.
type layerDims [][2]int

// stepperMatrixMin is the matrix's smallest height, and matrixRowPx the
// height it asks per row (up to matrixMaxH), so that a row of a deep
// layer stays wide enough to click.
const (
	stepperMatrixMin = 60
	matrixRowPx      = 3
	matrixMaxH       = 192
)

// buildLayerPicking makes the layer chooser, the matrix's title and the
// box of strips. Called once by newStepper.
func (s *stepper) buildLayerPicking() {
	s.matLayer.Store(1)
	s.layerSel = newSelect(nil, func(string) {
		if s.syncing {
			return
		}
		s.chooseLayer(s.layerSel.SelectedIndex() + 1)
	})
	s.outTitle = wrapLabel(" ")
	s.matrix.OnTap = func(x, y int) {
		s.pickWeight(step.WeightRef{Layer: int(s.matLayer.Load()), I: x, J: y})
	}
	s.matrix.OnHover = func(x, y int, in bool) { s.showMatrixHover(x, y, in) }
	s.stripBox = container.NewVBox()
}

// chooseLayer shows layer l's matrix and, after a step, follows that
// layer's weight with the largest chain for the followed sample.
func (s *stepper) chooseLayer(l int) {
	if l < 1 {
		return
	}
	s.matLayer.Store(int32(l))
	s.mapsDirty.Store(true)
	if s.tr != nil {
		if r, ok := s.tr.Informative(l); ok {
			s.weight = r
		}
		s.refresh()
		return
	}
	s.bridge.Poke() // render draws the chosen layer's weights
}

// syncLayers fits the chooser, the matrix's title and the strips to a
// network with layers dims. UI goroutine.
func (s *stepper) syncLayers(dims layerDims) {
	if len(dims) != len(s.strips) {
		s.stripBox.RemoveAll()
		s.strips = s.strips[:0]
		for l := range dims {
			p := newPickImage(fyne.NewSize(140, 24), true)
			p.OnHover = func(x, y int, in bool) { s.showHover(l, x, in) }
			p.OnTap = func(x, y int) { s.tapStrip(l, x) }
			s.strips = append(s.strips, p)
			s.stripBox.Add(container.NewBorder(nil, nil, widget.NewLabel(Tf("Layer %d", l+1)), nil, p))
		}
	}
	l := s.matrixLayer(len(dims))
	if len(dims) < 2 {
		s.layerSel.Hide()
		s.outTitle.SetText(T("This network has no hidden layer: the tiles above are all its weights."))
		return
	}
	s.layerSel.Show()
	opts := make([]string, 0, len(dims)-1)
	for k := 1; k < len(dims); k++ {
		opts = append(opts, layerOption(k, dims))
	}
	s.syncing = true
	if !slices.Equal(opts, s.layerSel.Options) {
		s.layerSel.Options = opts
		s.layerSel.Refresh()
	}
	if s.layerSel.SelectedIndex() != l-1 {
		s.layerSel.SetSelectedIndex(l - 1)
	}
	s.syncing = false
	in, out := dims[l][0], dims[l][1]
	if l == len(dims)-1 {
		s.outTitle.SetText(Tf("Output layer %d: %d outputs (rows) × %d units of layer %d (columns); click a cell", l+1, out, in, l))
	} else {
		s.outTitle.SetText(Tf("Layer %d: %d units (rows) × %d units of layer %d (columns); click a cell", l+1, out, in, l))
	}
	s.matrix.setMinHeight(float32(min(max(out*matrixRowPx, stepperMatrixMin), matrixMaxH)))
	if s.maps != nil { // nil while newStepper builds the screen
		s.maps.Refresh()
	}
}

// layerOption names layer l (0-based, at least 1) in the chooser.
func layerOption(l int, dims layerDims) string {
	if l == len(dims)-1 {
		return Tf("Output layer %d: %d units", l+1, dims[l][1])
	}
	return Tf("Layer %d: %d units", l+1, dims[l][1])
}

// matrixLayer returns the layer the matrix shows in a network of n layers:
// the chosen one, clamped. Any goroutine.
func (s *stepper) matrixLayer(n int) int {
	return min(max(int(s.matLayer.Load()), 1), max(n-1, 1))
}

// traceDims returns the layer sizes of tr.
func traceDims(tr *step.Trace) layerDims {
	d := make(layerDims, len(tr.Layers))
	for l, ly := range tr.Layers {
		d[l] = [2]int{ly.In, ly.Out}
	}
	return d
}

// tapStrip follows a weight into unit j of layer l: from the followed
// weight's input when it is in that layer, else from the input with the
// largest activation; the matrix shows that layer.
func (s *stepper) tapStrip(l, j int) {
	tr := s.tr
	if tr == nil {
		return
	}
	r, ok := tr.Informative(l)
	if !ok {
		return
	}
	if s.weight.Layer == l {
		r.I = s.weight.I
	}
	r.J = j
	if l >= 1 && int(s.matLayer.Load()) != l {
		s.matLayer.Store(int32(l))
		s.mapsDirty.Store(true)
	}
	s.pickWeight(r)
}

// showMatrixHover names the matrix cell under the pointer and its value.
func (s *stepper) showMatrixHover(i, j int, in bool) {
	tr := s.tr
	l := int(s.matLayer.Load())
	r := step.WeightRef{Layer: l, I: i, J: j}
	if !in || tr == nil || !tr.Valid(r) {
		s.hover.SetText(" ")
		return
	}
	ly := tr.Layers[l]
	k := i*ly.Out + j
	switch s.phase {
	case phaseBackward:
		s.hover.SetText(Tf("∂L/∂W%d[%d][%d] = %+.3e", l+1, i, j, ly.GradW[k]))
	case phaseUpdate, phaseEffect:
		s.hover.SetText(Tf("ΔW%d[%d][%d] = %+.3e (the update)", l+1, i, j, ly.DeltaW[k]))
	default:
		s.hover.SetText(Tf("W%d[%d][%d] = %+.4f", l+1, i, j, tr.Weight(r).W0))
	}
}

// layerMatrix draws weights w of a layer with in inputs and out units as
// out rows by in columns. Any goroutine.
func layerMatrix(w []float32, in, out int, pal viz.Diverging) image.Image {
	return viz.Tile(transpose(w, in, out), out, in, maxAbs(w), pal)
}
