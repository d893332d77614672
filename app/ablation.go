package app

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/probe"
	"backproplab/viz"
)

// ablatePanel is the "Switch units off" sub-tab of "Inside the network":
// clicking a hidden unit's tile (in the chosen hidden layer) silences it
// in a copy of the network (its outgoing weights set to zero) and shows
// the test accuracy, overall and per class, with and without the silenced
// units; the curve (ablation_curve.go) silences a layer's units in order
// of importance for one class. The network in training is never changed.
// The tiles render on the pump's goroutine; the evaluations run in
// background (probeJob).
type ablatePanel struct {
	n *networkScreen

	silent atomic.Pointer[[]int] // sorted silenced units of the chosen hidden layer
	layer  atomic.Int32          // the chosen hidden layer, 0-based
	units  atomic.Int32          // units as last rendered
	side   atomic.Int32          // tile side as last rendered (0: not square)
	drawn  atomic.Uint64         // snapshot version last drawn
	forced atomic.Bool           // redraw the tiles at the next render

	layerSel *widget.Select
	layerN   int // options the select holds (UI goroutine)
	grid     *pickImage
	status   *widget.Label
	result   *widget.Label
	restore  *widget.Button
	job      probeJob
	curve    *unitCurvePanel
	content  fyne.CanvasObject
}

func newAblatePanel(n *networkScreen) *ablatePanel {
	p := &ablatePanel{n: n, job: probeJob{sess: n.sess}}
	p.silent.Store(&[]int{})
	p.grid = newPickImage(fyne.NewSize(360, 240), false) // fits 1024 px beside the curve
	p.grid.OnTap = p.tap
	intro := widget.NewLabel(T("Click a hidden unit's tile to switch it off, again to switch it back on. A copy of the network, with the silenced units' outgoing weights set to zero, is tested on the test set; the network in training is not changed."))
	intro.Wrapping = fyne.TextWrapWord
	p.status = widget.NewLabel(T("No unit is switched off."))
	p.status.Wrapping = fyne.TextWrapWord
	p.result = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.restore = widget.NewButtonWithIcon(T("Switch all back on"), theme.MediaReplayIcon(), func() { p.set(nil) })
	p.restore.Disable()
	again := widget.NewButtonWithIcon(T("Measure again with the current weights"), theme.ViewRefreshIcon(), p.measure)
	p.layerSel = newSelect(nil, func(string) {
		if i := p.layerSel.SelectedIndex(); i >= 0 && int32(i) != p.layer.Load() {
			p.layer.Store(int32(i))
			p.set(nil)
		}
	})
	p.curve = newUnitCurvePanel(p)
	layer := container.NewHBox(widget.NewLabel(T("Layer")), fitSelect(p.layerSel))
	split := newStackingSplit(p.grid, container.NewVBox(p.result, p.curve.content), 0.55) // the curve below the tiles on a narrow window
	p.content = container.NewBorder(container.NewVBox(intro, newFlow(layer, p.restore, again), p.status), nil, nil, nil, split)
	return p
}

// hiddenNames returns the layer chooser's options for net: its hidden layers.
func hiddenNames(net *nn.Network) []string {
	var out []string
	for l := range len(net.Layers) - 1 {
		out = append(out, Tf("Hidden layer %d (%d units)", l+1, net.Layers[l].Out))
	}
	return out
}

// tap toggles the unit under the tapped pixel.
func (p *ablatePanel) tap(x, y int) {
	units, side := int(p.units.Load()), int(p.side.Load())
	u, ok := y, y >= 0 && y < units // one row per unit when the input is not square
	if side > 0 {
		u, ok = viz.TileGridUnitAt(x, y, units, side)
	}
	if !ok {
		return
	}
	s := slices.Clone(*p.silent.Load())
	if i, found := slices.BinarySearch(s, u); found {
		s = slices.Delete(s, i, i+1)
	} else {
		s = slices.Insert(s, i, u)
	}
	p.set(s)
}

// set silences units (sorted) and measures.
func (p *ablatePanel) set(units []int) {
	if units == nil {
		units = []int{}
	}
	p.silent.Store(&units)
	p.restore.Disable()
	if len(units) > 0 {
		p.restore.Enable()
	}
	p.forced.Store(true)
	p.n.poke() // redraw the tiles
	p.measure()
}

// measure evaluates the latest weights with and without the silenced units.
func (p *ablatePanel) measure() {
	units := *p.silent.Load()
	layer := int(p.layer.Load())
	s, test := p.n.last.Load(), p.n.sess.testDS
	if len(units) == 0 {
		p.job.stop()
		p.status.SetText(T("No unit is switched off."))
		p.result.SetText("")
		return
	}
	if s == nil || s.Net == nil || test == nil || layer >= len(s.Net.Layers)-1 {
		p.status.SetText(T("Switching units off needs the test set and a hidden layer."))
		return
	}
	net := s.Net
	p.status.SetText(Tf("Testing %d images with %d of %d units of hidden layer %d switched off…", test.N, len(units), net.Layers[layer].Out, layer+1))
	p.job.start(func(ctx context.Context) func() {
		a, err := probe.Ablate(ctx, net, test, layer, units)
		return func() {
			if err != nil {
				p.status.SetText(Tf("Could not test: %v", err))
				return
			}
			p.status.SetText(Tf("Units of hidden layer %d switched off: %s. Measured on the weights of update %d.", layer+1, unitList(units), s.Updates))
			p.result.SetText(ablationText(a, p.n.sess.classNames(len(a.Before.PerClass))))
		}
	})
}

// unitList names the units, at most twelve of them.
func unitList(u []int) string {
	var parts []string
	for i, v := range u {
		if i == 12 {
			parts = append(parts, Tf("… (%d in all)", len(u)))
			break
		}
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}

// ablationText words the accuracies before and after, per class (named
// by names), with the classes that lost most first.
func ablationText(a probe.Ablation, names []string) string {
	name := func(k int) string { return className(names, k) }
	w := 5 // the width of the class column
	for k := range a.Before.PerClass {
		w = max(w, utf8.RuneCountInString(name(k)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, T("Test accuracy %.2f %% → %.2f %%"), 100*a.Before.Overall, 100*a.After.Overall)
	b.WriteString("\n")
	fmt.Fprintf(&b, T("(%+.2f percentage points)"), 100*(a.After.Overall-a.Before.Overall))
	b.WriteString("\n\n" + T("Class   before    after   change") + "\n")
	order := make([]int, len(a.Before.PerClass))
	for k := range order {
		order[k] = k
	}
	drop := func(k int) float64 { return a.After.PerClass[k] - a.Before.PerClass[k] }
	sort.SliceStable(order, func(i, j int) bool { return drop(order[i]) < drop(order[j]) })
	for _, k := range order {
		if a.Before.Count[k] == 0 {
			continue
		}
		n := name(k)
		fmt.Fprintf(&b, "%s%s  %6.2f %%  %6.2f %%  %+6.2f\n", strings.Repeat(" ", w-utf8.RuneCountInString(n)), n, 100*a.Before.PerClass[k], 100*a.After.PerClass[k], 100*drop(k))
	}
	if k := order[0]; drop(k) < 0 {
		b.WriteString("\n" + Tf("These units mattered most for “%s”.", name(k)))
	}
	return b.String()
}

// render implements the sub-tab's part of view: the chosen layer's tiles
// (a first layer on square images: each unit's incoming weights as an
// image; otherwise one row of incoming weights per unit), the silenced
// ones dimmed and crossed out, and the curve.
func (p *ablatePanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	net := s.Net
	names := hiddenNames(net)
	curve := p.curve.render(force, th)
	if (!force && !p.forced.Load() && s.Version == p.drawn.Load()) || len(names) == 0 {
		if len(names) == 0 && curve == nil {
			return nil
		}
		return func() {
			p.syncLayers(names)
			if curve != nil {
				curve()
			}
		}
	}
	p.forced.Store(false)
	p.drawn.Store(s.Version)
	layer := min(int(p.layer.Load()), len(names)-1)
	ly := net.Layers[layer]
	units := ly.Out
	side := int(math.Round(math.Sqrt(float64(ly.In))))
	var img *image.RGBA
	if layer == 0 && side*side == ly.In {
		img = viz.TileGrid(ly.W, units, viz.ScaleShared, th.Diverging)
	} else {
		side = 0
		img = viz.Tile(transpose(ly.W, ly.In, units), units, ly.In, maxAbs(ly.W), th.Diverging)
	}
	for _, u := range *p.silent.Load() {
		if u < units {
			crossOut(img, u, units, side)
		}
	}
	p.units.Store(int32(units))
	p.side.Store(int32(side))
	return func() {
		p.syncLayers(names)
		p.grid.setImage(img)
		if curve != nil {
			curve()
		}
	}
}

// syncLayers fills the layer chooser when the network's layers change (UI
// goroutine).
func (p *ablatePanel) syncLayers(names []string) {
	if len(names) == p.layerN {
		return
	}
	p.layerN = len(names)
	p.layerSel.Options = names
	l := min(int(p.layer.Load()), len(names)-1)
	if l >= 0 {
		p.layerSel.SetSelectedIndex(l)
	}
	p.layerSel.Refresh()
	p.curve.syncClasses()
}

// crossOut dims unit u's tile (or row) in img and draws a cross over it.
func crossOut(img *image.RGBA, u, units, side int) {
	var r image.Rectangle
	if side > 0 {
		cols, _ := viz.GridShape(units)
		x0, y0 := (u%cols)*(side+1), (u/cols)*(side+1)
		r = image.Rect(x0, y0, x0+side, y0+side)
	} else {
		r = image.Rect(0, u, img.Bounds().Dx(), u+1)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			img.SetRGBA(x, y, color.RGBA{c.R / 4, c.G / 4, c.B / 4, 255})
		}
	}
	mark := color.RGBA{230, 60, 40, 255}
	for i := range min(r.Dx(), r.Dy()) {
		img.SetRGBA(r.Min.X+i, r.Min.Y+i, mark)
		img.SetRGBA(r.Max.X-1-i, r.Min.Y+i, mark)
	}
}
