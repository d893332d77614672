package app

import (
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/viz"
)

// topContributors is how many hidden units "Why this guess" shows.
const topContributors = 8

// actInput is the input whose activations are shown.
type actInput struct {
	x     []float32 // 784 pixels in [0, 1]
	label int       // true class, or −1 for a drawing
	index int       // test image index, or −1
}

// actsPanel shows every hidden unit's activation for one input, the output
// probabilities and why the network guesses what it does.
type actsPanel struct {
	n *networkScreen

	input   atomic.Pointer[actInput]
	pred    *nn.Predictor // bridge goroutine only
	predFor []int         // widths pred was built for
	acts    atomic.Pointer[[][]float32]

	digit      *pickImage
	inputLabel *widget.Label
	layers     *fyne.Container
	layerViews []*pickImage
	hover      *widget.Label
	probs      *imageView
	logits     *widget.Label
	why        *imageView
	whyTiles   []*pickImage
	whyLabels  []*widget.Label
	whyNote    *widget.Label
	lastCharts time.Time
	shown      atomic.Pointer[[]image.Image] // input, hidden layers…, probs, why; for export
	content    fyne.CanvasObject
}

func newActsPanel(n *networkScreen) *actsPanel {
	p := &actsPanel{n: n}
	p.digit = newPickImage(fyne.NewSize(112, 112), false)
	p.inputLabel = widget.NewLabel(T("Pick a test image or draw a digit."))
	p.inputLabel.Wrapping = fyne.TextWrapWord
	index := widget.NewEntry()
	index.SetPlaceHolder(T("test image #"))
	index.OnSubmitted = func(s string) {
		if i, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			p.pickTest(i)
		}
	}
	step := func(d int) func() {
		return func() {
			i := 0
			if in := p.input.Load(); in != nil && in.index >= 0 {
				i = in.index + d
			}
			p.pickTest(i)
			index.SetText(strconv.Itoa(p.input.Load().index))
		}
	}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), step(-1))
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), step(1))
	random := widget.NewButton(T("Random"), func() {
		if d := n.sess.testDS; d != nil {
			p.pickTest(rand.IntN(d.N))
			index.SetText(strconv.Itoa(p.input.Load().index))
		}
	})
	p.hover = widget.NewLabel(T("Hover a unit to see its value."))
	p.layers = container.NewVBox()
	p.probs = newImageView(fyne.NewSize(260, 170), n.poke)
	p.logits = widget.NewLabel("")
	p.logits.Wrapping = fyne.TextWrapWord
	p.why = newImageView(fyne.NewSize(360, 170), n.poke)
	p.whyNote = widget.NewLabel("")
	p.whyNote.Wrapping = fyne.TextWrapWord
	tiles := container.NewGridWithColumns(topContributors)
	for range topContributors {
		r := newPickImage(fyne.NewSize(56, 56), false)
		l := widget.NewLabel("")
		l.Alignment = fyne.TextAlignCenter
		p.whyTiles = append(p.whyTiles, r)
		p.whyLabels = append(p.whyLabels, l)
		tiles.Add(container.NewBorder(nil, l, nil, nil, r))
	}
	export := n.exportButton(T("Export"), "activations", p.exports)
	// The tools wrap, and the hidden activations and the probabilities
	// stack beside the input, on a narrow window (FYNE_SCALE=2 on
	// 1280×800); side by side they share the width as before.
	tools := newFlow(widget.NewLabel(T("Input:")), container.NewGridWrap(fyne.NewSize(110, 36), index), prev, next, random, export)
	left := container.NewVBox(p.digit, p.inputLabel)
	layers := container.New(minSizeLayout{height: 110}, container.NewVScroll(p.layers)) // one layer's strip, stacked too
	mid := container.NewBorder(widget.NewLabel(T("Hidden activations (bright = strong)")), p.hover, nil, nil, layers)
	right := container.NewBorder(nil, p.logits, nil, nil, p.probs)
	top := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(140, 200), left), nil, newStretchFlow(mid, right))
	whyBox := container.NewBorder(container.NewVBox(widget.NewLabelWithStyle(T("Why this guess"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.whyNote), tiles, nil, nil, p.why)
	p.content = container.NewBorder(tools, nil, nil, nil, container.NewGridWithRows(2, top, whyBox))
	return p
}

// pickTest shows test image i (wrapped into range). Call on the UI goroutine.
func (p *actsPanel) pickTest(i int) {
	d := p.n.sess.testDS
	if d == nil || d.N == 0 {
		return
	}
	i = ((i % d.N) + d.N) % d.N
	x := make([]float32, d.Dim)
	d.Pixels(i, x)
	p.input.Store(&actInput{x: x, label: int(d.Labels[i]), index: i})
	p.n.poke()
}

// setInput shows the activations for a drawn digit. Call on the UI goroutine.
func (p *actsPanel) setInput(x []float32) {
	p.input.Store(&actInput{x: slices.Clone(x), label: -1, index: -1})
	p.n.poke()
}

func (p *actsPanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	in := p.input.Load()
	net := s.Net
	if in == nil || len(in.x) != net.Arch.Inputs {
		return func() { p.pickTest(0) } // start with the first test image
	}
	if w := net.Arch.Widths(); p.pred == nil || !slices.Equal(w, p.predFor) {
		p.pred, p.predFor = nn.NewPredictor(net.Arch), w
	}
	prob := slices.Clone(p.pred.Predict(net, in.x))
	ws := p.pred.WS
	last := len(net.Layers) - 1
	logits := slices.Clone(ws.Z[last][:net.Layers[last].Out])
	hidden := make([][]float32, last)
	imgs := []image.Image{viz.Digit(in.x, 28)}
	for l := range last {
		a := slices.Clone(ws.A[l][:net.Layers[l].Out])
		hidden[l] = a
		imgs = append(imgs, activationGrid(a, th))
	}
	p.acts.Store(&hidden)
	win := nn.Argmax(prob)
	names := p.n.sess.classNamesAny(len(prob))

	var probImg, whyImg image.Image
	var contrib []int
	var cval []float64
	if p.n.throttle(&p.lastCharts, force) {
		bc := viz.BarChart{Title: T("Output probabilities"), Labels: names, Values: make([]float64, len(prob)), ValueLabels: true}
		for i, v := range prob {
			bc.Values[i] = float64(v)
		}
		if in.label >= 0 {
			bc.Truth = &in.label
		}
		one := 1.0
		bc.Max = &one
		probImg = chart(p.probs, func(w, h int, sc float64) image.Image { return viz.Bars(bc, w, h, sc, th) })
		if last > 0 {
			contrib, cval = nn.Contributions(net, hidden[last-1], win, topContributors)
			wc := viz.BarChart{Title: Tf("Contribution a·w of hidden units to the logit of “%s”", names[win]), Values: cval, ValueLabels: true}
			for _, u := range contrib {
				wc.Labels = append(wc.Labels, "#"+strconv.Itoa(u))
			}
			whyImg = chart(p.why, func(w, h int, sc float64) image.Image { return viz.Bars(wc, w, h, sc, th) })
		}
	}
	var tiles []*image.RGBA
	if contrib != nil && last == 1 {
		l0 := net.Layers[0]
		pal := th.Diverging
		for _, u := range contrib {
			col := make([]float32, l0.In)
			for i := range col {
				col[i] = l0.W[i*l0.Out+u]
			}
			tiles = append(tiles, viz.Tile(col, 28, 28, maxAbs(col), pal))
		}
	}
	// One phrase a line: the column is narrow.
	text := ""
	if in.label >= 0 && in.label < len(names) {
		text = Tf("Test image %d\nlabel %s", in.index, names[in.label])
	}
	if in.index < 0 {
		text = T("Drawing from the pad")
	}
	text += "\n" + Tf("Guess: %s\n(output %s)", names[win], outputPercent(prob[win]))
	var lg strings.Builder
	lg.WriteString(T("Logits:"))
	for i, v := range logits {
		lg.WriteString(" " + names[i] + ": " + strconv.FormatFloat(float64(v), 'f', 2, 32))
	}
	all := append(imgs, probImg, whyImg)
	p.shown.Store(&all)
	return func() {
		p.digit.setImage(imgs[0])
		p.inputLabel.SetText(text)
		p.logits.SetText(lg.String())
		p.showLayers(imgs[1:])
		if probImg != nil {
			p.probs.setImage(probImg)
		}
		if whyImg != nil {
			p.why.setImage(whyImg)
			p.whyNote.SetText(Tf("Each bar is a hidden unit's activation × its weight to “%s”; the tiles are those units' incoming weights.", names[win]))
			if last != 1 {
				p.whyNote.SetText(Tf("Each bar is a last-hidden-layer unit's activation × its weight to “%s”.", names[win]))
			}
			for i, r := range p.whyTiles {
				if i < len(tiles) {
					r.setImage(tiles[i])
					p.whyLabels[i].SetText("#" + strconv.Itoa(contrib[i]))
				} else {
					r.setImage(nil)
					p.whyLabels[i].SetText("")
				}
			}
		}
	}
}

// showLayers shows one activation raster per hidden layer. Call on the UI
// goroutine.
func (p *actsPanel) showLayers(imgs []image.Image) {
	if len(p.layerViews) != len(imgs) {
		p.layers.RemoveAll()
		p.layerViews = p.layerViews[:0]
		for l := range imgs {
			r := newPickImage(fyne.NewSize(240, 90), false)
			r.OnHover = func(x, y int, in bool) {
				if !in {
					x = -1
				}
				p.hoverUnit(l, x, y)
			}
			p.layerViews = append(p.layerViews, r)
			p.layers.Add(container.NewBorder(widget.NewLabel(Tf("Hidden layer %d", l+1)), nil, nil, nil, r))
		}
	}
	for i, img := range imgs {
		p.layerViews[i].setImage(img)
	}
}

// hoverUnit shows the activation under pixel (x, y) of layer l's raster.
func (p *actsPanel) hoverUnit(l, x, y int) {
	h := p.acts.Load()
	if h == nil || l >= len(*h) || x < 0 {
		p.hover.SetText(T("Hover a unit to see its value."))
		return
	}
	a := (*h)[l]
	cols, _ := viz.GridShape(len(a))
	if u := y*cols + x; u < len(a) {
		p.hover.SetText(Tf("Layer %d, unit %d: activation %.4f", l+1, u, a[u]))
	}
}

// activationGrid lays the activations a out on GridShape's grid, one pixel
// per unit, brighter for stronger activation (relative to the layer's
// largest |a|).
func activationGrid(a []float32, th viz.Theme) *image.RGBA {
	cols, rows := viz.GridShape(len(a))
	m := make([]float32, cols*rows)
	for i := range m {
		m[i] = float32(math.NaN())
	}
	copy(m, a)
	return viz.Matrix(m, rows, cols, 0, max(maxAbs(a), 1e-6), viz.Viridis)
}

// exports lists what the activations panel can save.
func (p *actsPanel) exports() []exportItem {
	s := p.shown.Load()
	if s == nil {
		return nil
	}
	var its []exportItem
	for i, img := range *s {
		if img == nil {
			continue
		}
		name := "hidden" + strconv.Itoa(i)
		switch i {
		case 0:
			name = "input"
		case len(*s) - 2:
			name = "probabilities"
		case len(*s) - 1:
			name = "why"
		}
		its = append(its, pngItem(Tf("%s as PNG…", name), name, img))
	}
	return its
}
