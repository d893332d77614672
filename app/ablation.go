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

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
	"backproplab/nn/probe"
	"backproplab/viz"
)

// ablatePanel is the "Switch units off" sub-tab of "Inside the network":
// clicking a first-layer unit's tile silences it in a copy of the network
// (its outgoing weights set to zero) and shows the test accuracy, overall
// and per class, with and without the silenced units. The network in
// training is never changed. The tiles render on the pump's goroutine; the
// evaluations run in background (probeJob).
type ablatePanel struct {
	n *networkScreen

	silent atomic.Pointer[[]int] // sorted silenced units of the first hidden layer
	units  atomic.Int32          // units as last rendered
	side   atomic.Int32          // tile side as last rendered (0: not square)
	drawn  atomic.Uint64         // snapshot version last drawn

	grid    *pickImage
	status  *widget.Label
	result  *widget.Label
	restore *widget.Button
	job     probeJob
	content fyne.CanvasObject
}

func newAblatePanel(n *networkScreen) *ablatePanel {
	p := &ablatePanel{n: n, job: probeJob{sess: n.sess}}
	p.silent.Store(&[]int{})
	p.grid = newPickImage(fyne.NewSize(560, 280), false)
	p.grid.OnTap = p.tap
	intro := widget.NewLabel(T("Click a hidden unit's tile to switch it off, again to switch it back on. A copy of the network, with the silenced units' outgoing weights set to zero, is tested on the test set; the network in training is not changed."))
	intro.Wrapping = fyne.TextWrapWord
	p.status = widget.NewLabel(T("No unit is switched off."))
	p.status.Wrapping = fyne.TextWrapWord
	p.result = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.restore = widget.NewButtonWithIcon(T("Switch all back on"), theme.MediaReplayIcon(), func() { p.set(nil) })
	p.restore.Disable()
	again := widget.NewButtonWithIcon(T("Measure again with the current weights"), theme.ViewRefreshIcon(), p.measure)
	split := container.NewHSplit(p.grid, container.NewScroll(p.result))
	split.Offset = 0.6
	p.content = container.NewBorder(container.NewVBox(intro, container.NewHBox(p.restore, again), p.status), nil, nil, nil, split)
	return p
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
	p.n.poke() // redraw the tiles
	p.measure()
}

// measure evaluates the latest weights with and without the silenced units.
func (p *ablatePanel) measure() {
	units := *p.silent.Load()
	s, test := p.n.last.Load(), p.n.sess.testDS
	if len(units) == 0 {
		p.job.stop()
		p.status.SetText(T("No unit is switched off."))
		p.result.SetText("")
		return
	}
	if s == nil || s.Net == nil || test == nil || len(s.Net.Layers) < 2 {
		p.status.SetText(T("Switching units off needs the test set and a hidden layer."))
		return
	}
	net := s.Net
	p.status.SetText(Tf("Testing %d images with %d of %d units switched off…", test.N, len(units), net.Layers[0].Out))
	p.job.start(func(ctx context.Context) func() {
		a, err := probe.Ablate(ctx, net, test, 0, units)
		return func() {
			if err != nil {
				p.status.SetText(Tf("Could not test: %v", err))
				return
			}
			p.status.SetText(Tf("Units switched off: %s. Measured on the weights of update %d.", unitList(units), len(s.Batches)))
			p.result.SetText(ablationText(a))
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

// ablationText words the accuracies before and after, per class, with the
// classes that lost most first.
func ablationText(a probe.Ablation) string {
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
		fmt.Fprintf(&b, "%5d  %6.2f %%  %6.2f %%  %+6.2f\n", k, 100*a.Before.PerClass[k], 100*a.After.PerClass[k], 100*drop(k))
	}
	if k := order[0]; drop(k) < 0 {
		b.WriteString("\n" + Tf("These units mattered most for the %d.", k))
	}
	return b.String()
}

// render implements the sub-tab's part of view: the first layer's tiles,
// the silenced ones dimmed and crossed out.
func (p *ablatePanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	if !force && s.Version == p.drawn.Load() {
		return nil
	}
	p.drawn.Store(s.Version)
	net := s.Net
	if len(net.Layers) < 2 {
		return nil
	}
	l0 := net.Layers[0]
	units := l0.Out
	side := int(math.Round(math.Sqrt(float64(l0.In))))
	var img *image.RGBA
	if side*side == l0.In {
		img = viz.TileGrid(l0.W, units, viz.ScaleShared, th.Diverging)
	} else {
		side = 0
		img = viz.Tile(transpose(l0.W, l0.In, units), units, l0.In, maxAbs(l0.W), th.Diverging)
	}
	for _, u := range *p.silent.Load() {
		crossOut(img, u, units, side)
	}
	p.units.Store(int32(units))
	p.side.Store(int32(side))
	return func() { p.grid.setImage(img) }
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
