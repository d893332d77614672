package app

import (
	"context"
	"image"
	"io"
	"math"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/viz"
)

// What the weight tiles show.
const (
	showWeights = iota
	showGradient
	showUpdate
)

// topImages is how many most exciting test images the unit view shows.
const topImages = 8

// weightsPanel shows every first-layer unit's incoming weights as a tile,
// the selected unit enlarged, and the deeper layers as matrices.
type weightsPanel struct {
	n *networkScreen

	src     atomic.Int32 // showWeights, showGradient or showUpdate
	perTile atomic.Bool
	unit    atomic.Int32 // selected first-layer unit

	srcSel     *widget.Select // weights, gradient or update
	cbSafe     *widget.Check
	grid       *pickImage
	colorBar   *imageView
	info       *widget.Label
	hover      *widget.Label
	tile       *pickImage
	unitTitle  *widget.Label
	outgoing   *imageView
	top        []*pickImage
	topLabel   *widget.Label
	deeper     *fyne.Container
	deepShown  []*pickImage
	lastCharts time.Time

	excite  atomic.Pointer[excitement] // top test images of the selected unit
	shown   atomic.Pointer[weightsImages]
	units   atomic.Int32 // units of the first layer as last rendered
	side    atomic.Int32 // tile side as last rendered (0: not square)
	content fyne.CanvasObject
}

// weightsImages is what the panel last showed, for export.
type weightsImages struct {
	grid, tile *image.RGBA
	deeper     []*image.RGBA
	w          []float32 // the first layer's shown matrix (In, Out)
	in, out    int
}

// excitement is the result of a search for the test images that excite a
// unit most.
type excitement struct {
	unit   int
	images [][]float32
	z      []float32
}

func newWeightsPanel(n *networkScreen) *weightsPanel {
	p := &weightsPanel{n: n}
	sources := []string{T("Weights W"), T("Gradient ∂L/∂W (last batch)"), T("Update ΔW (last step)")}
	source := newSelect(sources, func(s string) {
		for i, v := range sources {
			if v == s {
				p.src.Store(int32(i))
			}
		}
		n.poke()
	})
	source.SetSelectedIndex(0)
	p.srcSel = source
	scales := []string{T("Shared scale"), T("Per-tile scale")}
	scale := newSelect(scales, func(s string) {
		p.perTile.Store(s == scales[1])
		n.poke()
	})
	scale.SetSelectedIndex(0)
	cb := widget.NewCheck(T("Colour-blind-safe palette"), func(b bool) {
		n.sess.colourBlind.Store(b)
		n.poke()
	})

	p.cbSafe = cb
	p.grid = newPickImage(fyne.NewSize(340, 200), false)
	p.grid.OnTap = p.tapGrid
	p.hover = widget.NewLabel("")
	p.grid.OnHover = func(x, y int, in bool) {
		if u, ok := p.unitAt(x, y); ok && in {
			p.hover.SetText(Tf("Unit %d", u))
			return
		}
		p.hover.SetText("")
	}
	p.colorBar = newImageView(fyne.NewSize(300, 44), n.poke)
	p.info = widget.NewLabel("")
	p.info.Wrapping = fyne.TextWrapWord

	p.tile = newPickImage(fyne.NewSize(168, 168), false)
	p.unitTitle = widget.NewLabel("")
	p.unitTitle.TextStyle.Bold = true
	p.outgoing = newImageView(fyne.NewSize(260, 200), n.poke)
	p.topLabel = widget.NewLabel(T("Test images that excite it most"))
	topBox := container.NewGridWithColumns(4)
	for range topImages {
		r := newPickImage(fyne.NewSize(48, 48), false)
		p.top = append(p.top, r)
		topBox.Add(r)
	}
	p.deeper = container.NewHBox()

	export := n.exportButton(T("Export"), "weights", p.exports)
	tools := newFlow(fitSelect(source), fitSelect(scale), cb, export)
	left := container.NewBorder(container.NewVBox(p.info), container.NewVBox(p.colorBar, p.hover), nil, nil, p.grid)
	right := container.NewVBox(p.unitTitle, container.NewCenter(p.tile), p.outgoing, p.topLabel, topBox)
	split := container.NewHSplit(left, container.NewVScroll(right))
	split.Offset = 0.66
	bottom := container.NewHScroll(p.deeper)
	p.content = container.NewBorder(tools, bottom, nil, nil, split)
	return p
}

// unitAt returns the first-layer unit under pixel (x, y) of the tile grid.
func (p *weightsPanel) unitAt(x, y int) (int, bool) {
	units, side := int(p.units.Load()), int(p.side.Load())
	if units < 1 || side < 1 {
		return 0, false
	}
	return viz.TileGridUnitAt(x, y, units, side)
}

// tapGrid selects the unit under the tap and looks for its most exciting
// test images in the background.
func (p *weightsPanel) tapGrid(x, y int) {
	u, ok := p.unitAt(x, y)
	if !ok {
		return
	}
	p.selectUnit(u)
}

// selectUnit enlarges unit u. Call on the UI goroutine.
func (p *weightsPanel) selectUnit(u int) {
	p.unit.Store(int32(u))
	p.n.poke()
	s, test := p.n.last.Load(), p.n.sess.testDS
	if s == nil || test == nil {
		return
	}
	net := s.Net
	p.topLabel.SetText(T("Searching the test set…"))
	p.n.bridge.Go(func(ctx context.Context) func() {
		ex := mostExciting(ctx, net, test, u, topImages)
		return func() {
			p.excite.Store(ex)
			p.topLabel.SetText(Tf("Test images that excite unit %d most", u))
			for i, r := range p.top {
				if i < len(ex.images) {
					r.setImage(viz.Digit(ex.images[i], 28))
				} else {
					r.setImage(nil)
				}
			}
		}
	})
}

// mostExciting returns the k test images with the largest pre-activation
// of the first layer's unit (nn.MostExciting), with their pixels.
func mostExciting(ctx context.Context, net *nn.Network, d *nn.Dataset, unit, k int) *excitement {
	rows, z := nn.MostExciting(ctx, net, d, unit, k)
	ex := &excitement{unit: unit, z: z}
	for _, r := range rows {
		img := make([]float32, d.Dim)
		d.Pixels(r, img)
		ex.images = append(ex.images, img)
	}
	return ex
}

// source returns the values the tiles show, laid out like s.Net.Params,
// and whether they exist yet.
func (p *weightsPanel) source(s *live.Snapshot) ([]float32, bool) {
	switch p.src.Load() {
	case showGradient:
		return s.Grad, s.Grad != nil
	case showUpdate:
		return s.Step, s.Step != nil
	}
	return s.Net.Params, true
}

func (p *weightsPanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	vals, ok := p.source(s)
	names := sourceNames(int(p.src.Load()))
	if !ok {
		vals = make([]float32, len(s.Net.Params))
	}
	pal := palette(th, p.n.sess.colourBlind.Load())
	perTile := p.perTile.Load()
	net := s.Net
	l0 := net.Layers[0]
	w0, b0 := net.LayerGrads(vals, 0)
	units := l0.Out
	unit := min(int(p.unit.Load()), units-1)
	side := int(math.Round(math.Sqrt(float64(l0.In))))
	out := &weightsImages{w: w0, in: l0.In, out: units}
	shared := maxAbs(w0)
	col := make([]float32, l0.In)
	for i := range col {
		col[i] = w0[i*units+unit]
	}
	tileScale := shared
	if perTile {
		tileScale = maxAbs(col)
	}
	if side*side == l0.In {
		sc := viz.ScaleShared
		if perTile {
			sc = viz.ScalePerTile
		}
		out.grid = viz.TileGrid(w0, units, sc, pal)
		out.tile = viz.Tile(col, side, side, tileScale, pal)
	} else {
		side = 0
		out.grid = viz.Tile(transpose(w0, l0.In, units), units, l0.In, shared, pal)
		out.tile = viz.Tile(col, 1, l0.In, tileScale, pal)
	}
	for l := 1; l < len(net.Layers); l++ {
		ly := net.Layers[l]
		w, _ := net.LayerGrads(vals, l)
		out.deeper = append(out.deeper, viz.Tile(transpose(w, ly.In, ly.Out), ly.Out, ly.In, maxAbs(w), pal))
	}
	p.shown.Store(out)
	p.units.Store(int32(units))
	p.side.Store(int32(side))

	var barImg, outImg image.Image
	if p.n.throttle(&p.lastCharts, force) {
		lo, hi := -float64(shared), float64(shared)
		if perTile {
			lo, hi = -float64(tileScale), float64(tileScale)
		}
		barImg = chart(p.colorBar, func(w, h int, sc float64) image.Image { return viz.ColorBar(pal, lo, hi, w, h, sc, th) })
		if len(net.Layers) > 1 {
			bc := outgoingBars(net, vals, unit, names, p.n.sess.classNamesAny(net.Arch.Outputs))
			outImg = chart(p.outgoing, func(w, h int, sc float64) image.Image { return viz.Bars(bc, w, h, sc, th) })
		}
	}
	info := Tf("Layer 1: %d units, each tile the %d incoming %s of one unit (%s). Click a tile to enlarge it.", units, l0.In, names.what, paletteWords(pal))
	if !ok {
		info = T("No batch trained yet: there is no gradient or update to show.")
	}
	title := Tf("Unit %d · %s %.4g", unit, names.bias, b0[unit])
	return func() {
		p.info.SetText(info)
		p.grid.setImage(out.grid)
		p.tile.setImage(out.tile)
		p.unitTitle.SetText(title)
		if barImg != nil {
			p.colorBar.setImage(barImg)
		}
		if outImg != nil {
			p.outgoing.setImage(outImg)
		}
		p.showDeeper(net, out.deeper)
	}
}

// tileNames are the words the weights panel uses for what it shows.
type tileNames struct {
	what                   string // in "each tile the 784 incoming …"
	bias                   string // the selected unit's bias entry
	outgoing, outgoingNext string // the bar chart's title
}

// sourceNames returns the labels for showWeights, showGradient or
// showUpdate, so that every label follows the mode.
func sourceNames(src int) tileNames {
	switch src {
	case showGradient:
		return tileNames{T("gradient ∂L/∂W"), T("bias gradient ∂L/∂b"), T("Outgoing gradients ∂L/∂W"), T("Outgoing gradients ∂L/∂W to the next layer")}
	case showUpdate:
		return tileNames{T("update ΔW"), T("bias update Δb"), T("Outgoing updates ΔW"), T("Outgoing updates ΔW to the next layer")}
	}
	return tileNames{T("weights"), T("bias"), T("Outgoing weights"), T("Outgoing weights to the next layer")}
}

// paletteWords says which colours of pal mean negative and positive.
func paletteWords(pal viz.Diverging) string {
	switch pal.Name() {
	case viz.PuOr.Name(), viz.PuOrDark.Name():
		return T("purple negative, orange positive")
	}
	return T("blue negative, red positive")
}

// showDeeper shows the deeper layers' matrices, rebuilding the row when the
// number of layers changed. Call on the UI goroutine.
func (p *weightsPanel) showDeeper(net *nn.Network, imgs []*image.RGBA) {
	if len(p.deepShown) != len(imgs) {
		p.deeper.RemoveAll()
		p.deepShown = p.deepShown[:0]
		for i := range imgs {
			ly := net.Layers[i+1]
			name := Tf("Layer %d to %d: %d × %d (rows: units)", i+1, i+2, ly.Out, ly.In)
			if i+2 == len(net.Layers) {
				name = Tf("Output layer: %d classes × %d hidden units", ly.Out, ly.In)
			}
			r := newPickImage(fyne.NewSize(float32(min(max(ly.In*3, 120), 520)), float32(min(max(ly.Out*3, 40), 160))), false)
			p.deepShown = append(p.deepShown, r)
			p.deeper.Add(container.NewBorder(widget.NewLabel(name), nil, nil, nil, r))
		}
	}
	for i, img := range imgs {
		p.deepShown[i].setImage(img)
	}
}

// transpose returns the (cols, rows) transpose of the (rows, cols) matrix m.
func transpose(m []float32, rows, cols int) []float32 {
	t := make([]float32, len(m))
	for r := range rows {
		for c := range cols {
			t[c*rows+r] = m[r*cols+c]
		}
	}
	return t
}

// maxAbs returns the largest finite |v| in m.
func maxAbs(m []float32) float32 {
	var a float32
	for _, v := range m {
		if v < 0 {
			v = -v
		}
		if v > a && v <= math.MaxFloat32 {
			a = v
		}
	}
	return a
}

// exports lists what the weights panel can save.
func (p *weightsPanel) exports() []exportItem {
	s := p.shown.Load()
	if s == nil {
		return nil
	}
	its := []exportItem{
		pngItem(T("Tiles as PNG…"), "tiles", s.grid),
		pngItem(T("Selected unit as PNG…"), "unit", s.tile),
		{label: T("Layer 1 matrix as CSV…"), name: "layer1", ext: ".csv", write: func(w io.Writer) error {
			m := make([]float64, len(s.w))
			for i, v := range s.w {
				m[i] = float64(v)
			}
			return viz.WriteMatrixCSV(w, m, s.in, s.out)
		}},
	}
	for i, img := range s.deeper {
		its = append(its, pngItem(Tf("Layer %d matrix as PNG…", i+2), "layer"+strconv.Itoa(i+2), img))
	}
	return its
}

// outgoingBars returns the chart of unit's outgoing weights (or their
// gradients or updates: vals, as names say) in the first hidden layer:
// one bar per unit of the next layer, named after the class (classes)
// when that is the output layer, else after the unit.
func outgoingBars(net *nn.Network, vals []float32, unit int, names tileNames, classes []string) viz.BarChart {
	next := net.Layers[1]
	wn, _ := net.LayerGrads(vals, 1)
	// Horizontal bars, one row each, so that the value labels never run
	// into each other.
	bc := viz.BarChart{Title: names.outgoing, Values: make([]float64, next.Out), ValueLabels: next.Out <= 10, Horizontal: next.Out <= 10}
	for k := range next.Out {
		bc.Values[k] = float64(wn[unit*next.Out+k])
	}
	bc.Labels = viz.DigitNames(next.Out)
	if len(net.Layers) == 2 && len(classes) == next.Out {
		bc.Labels = slices.Clone(classes)
	}
	if next.Out > 10 {
		bc.Title = names.outgoingNext
		for k := range bc.Labels {
			if k%max(1, next.Out/8) != 0 {
				bc.Labels[k] = ""
			}
		}
	}
	return bc
}
