package app

import (
	"context"
	"image"
	"slices"
	"strconv"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/probe"
	"backproplab/viz"
)

// curveRest is how many test images of the other classes the curve
// evaluates at each point.
const curveRest = 2000

// curveSeed draws those images and the random order.
const curveSeed = 1

// curveHalf is the share of a class's accuracy whose loss the curve's
// summary counts units to.
const curveHalf = 0.5

// unitCurvePanel is the "How many units does a 7 need?" part of the
// ablation sub-tab: the accuracy on one class of the test set as the
// chosen hidden layer's units are silenced, most important for that class
// first, beside a random order and the other classes. It runs in the
// background with progress and Cancel. Its fields are touched on the UI
// goroutine, except the atomics.
type unitCurvePanel struct {
	p *ablatePanel

	result      atomic.Pointer[probe.Curve]
	done, total atomic.Int64
	running     atomic.Bool
	drawn       atomic.Pointer[probe.Curve] // the curve last drawn
	names       atomic.Pointer[[]string]    // the class names of the result's network

	class    *widget.Select
	classN   int
	run      *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	view     *imageView
	text     *widget.Label
	apply    *widget.Button
	job      probeJob
	content  fyne.CanvasObject
}

func newUnitCurvePanel(p *ablatePanel) *unitCurvePanel {
	c := &unitCurvePanel{p: p, job: probeJob{sess: p.n.sess}}
	c.class = newSelect(nil, nil)
	c.run = widget.NewButtonWithIcon(T("How many units does it need?"), theme.MediaPlayIcon(), c.start)
	c.cancel = widget.NewButtonWithIcon(T("Cancel"), theme.CancelIcon(), c.stop)
	c.cancel.Disable()
	c.progress = widget.NewProgressBar()
	c.view = newImageView(fyne.NewSize(280, 200), p.n.poke)
	c.text = wrapLabel(T("Silences the layer's units one by one, the most important for the class first (the unit whose silencing alone raises the class's test loss most), and plots the accuracy on that class after each; a random order and the other classes are drawn for comparison."))
	c.apply = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), c.switchOff)
	c.apply.Hide()
	head := widget.NewLabelWithStyle(T("How many units does a class need?"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	classRow := container.NewHBox(widget.NewLabel(T("Class")), fitSelect(c.class))
	c.progress.Hide() // until a curve is computed
	c.content = container.NewVBox(widget.NewSeparator(), head, newFlow(classRow, c.run, c.cancel, c.apply), c.progress, c.view, c.text)
	return c
}

// syncClasses fills the class chooser from the network's outputs (UI goroutine).
func (c *unitCurvePanel) syncClasses() {
	s := c.p.n.last.Load()
	if s == nil || s.Net == nil || s.Net.Arch.Outputs == c.classN {
		return
	}
	c.classN = s.Net.Arch.Outputs
	c.class.Options = c.p.n.sess.classNames(c.classN)
	c.class.SetSelectedIndex(min(7, c.classN-1))
}

// start computes the curve of the chosen class and layer on the latest
// weights (UI goroutine).
func (c *unitCurvePanel) start() {
	s, test := c.p.n.last.Load(), c.p.n.sess.testDS
	layer, class := int(c.p.layer.Load()), c.class.SelectedIndex()
	if s == nil || s.Net == nil || test == nil || layer >= len(s.Net.Layers)-1 || class < 0 {
		c.text.SetText(T("Switching units off needs the test set and a hidden layer."))
		return
	}
	net := s.Net
	c.running.Store(true)
	c.done.Store(0)
	c.total.Store(1)
	c.progress.SetValue(0)
	c.progress.Show()
	c.run.Disable()
	c.cancel.Enable()
	c.apply.Hide()
	c.text.SetText(Tf("Silencing the %d units of hidden layer %d one by one…", net.Layers[layer].Out, layer+1))
	c.job.start(func(ctx context.Context) func() {
		cv, err := probe.UnitCurve(ctx, net, test, layer, class, curveRest, curveSeed, func(done, total int) {
			c.done.Store(int64(done))
			c.total.Store(int64(total))
			c.p.n.poke()
		})
		if ctx.Err() != nil {
			return nil // cancelled: stop has shown it
		}
		return func() {
			c.finish()
			if err != nil {
				c.text.SetText(Tf("Could not test: %v", err))
				return
			}
			names := c.p.n.sess.classNames(net.Arch.Outputs)
			c.names.Store(&names)
			c.result.Store(&cv)
			c.text.SetText(curveText(cv, names))
			if k := cv.Needed(curveHalf); k > 0 {
				c.apply.SetText(Tf("Switch off these %d units", k))
				c.apply.Show()
			}
			c.p.n.poke()
		}
	})
}

// stop cancels the computation under way (UI goroutine).
func (c *unitCurvePanel) stop() {
	c.job.stop()
	c.finish()
	c.text.SetText(T("Cancelled."))
}

func (c *unitCurvePanel) finish() {
	c.running.Store(false)
	c.run.Enable()
	c.cancel.Disable()
	c.progress.SetValue(1)
}

// switchOff silences the units that take the class below half its
// accuracy, in the panel above, to see them and their effect on every class.
func (c *unitCurvePanel) switchOff() {
	cv := c.result.Load()
	if cv == nil || int(c.p.layer.Load()) != cv.Layer {
		return
	}
	k := cv.Needed(curveHalf)
	if k <= 0 {
		return
	}
	units := append([]int(nil), cv.Order[:k]...)
	slices.Sort(units)
	c.p.set(units)
}

// curveText words the curve's answer; names are the class names.
func curveText(cv probe.Curve, names []string) string {
	units := len(cv.Order)
	s := Tf("Class “%s” on hidden layer %d: %.1f %% of its %d test images right with all %d units.", className(names, cv.Class), cv.Layer+1, 100*cv.ClassAcc[0], cv.Examples, units)
	if cv.ClassAcc[0] == 0 {
		return s + " " + T("There is nothing to lose: train the network first.")
	}
	if k := cv.Needed(curveHalf); k > 0 {
		s += " " + Tf("Switching off the %d most important units for it halves that (%.1f %%), while the other classes keep %.1f %%.", k, 100*cv.ClassAcc[k], 100*cv.Others[k])
		r := probe.Curve{ClassAcc: cv.Random}.Needed(curveHalf)
		if r > 0 {
			s += " " + Tf("In a random order it takes %d units.", r)
		} else {
			s += " " + T("In a random order it never halves.")
		}
	} else {
		s += " " + T("Even with every unit switched off it keeps more than half: the output biases alone favour it.")
	}
	return s
}

// render draws the curve, if there is one, and the progress (bridge goroutine).
func (c *unitCurvePanel) render(force bool, th viz.Theme) func() {
	running := c.running.Load()
	done, total := c.done.Load(), c.total.Load()
	cv := c.result.Load()
	var img image.Image
	if cv != nil && (force || c.drawn.Load() != cv) {
		c.drawn.Store(cv)
		x := make([]float64, len(cv.ClassAcc))
		for k := range x {
			x[k] = float64(k)
		}
		pct := func(v []float64) []float64 {
			out := make([]float64, len(v))
			for i, a := range v {
				out[i] = 100 * a
			}
			return out
		}
		lo, hi := 0.0, 100.0
		var names []string
		if p := c.names.Load(); p != nil {
			names = *p
		}
		name := className(names, cv.Class)
		ch := viz.Chart{Title: Tf("Class “%s” as units of hidden layer %d go silent", name, cv.Layer+1), XLabel: T("units switched off"), YLabel: T("test accuracy (%)"),
			YMin: &lo, YMax: &hi, Legend: viz.LegendTopRight, Series: []viz.Series{
				{Name: Tf("“%s”, most important first", name), X: x, Y: pct(cv.ClassAcc), Style: viz.StyleSolid, Color: 0},
				{Name: Tf("“%s”, random order", name), X: x, Y: pct(cv.Random), Style: viz.StyleDashed, Color: 0},
				{Name: T("other classes, same units"), X: x, Y: pct(cv.Others), Style: viz.StyleSolid, Color: 1},
			}}
		img = chart(c.view, func(w, h int, sc float64) image.Image { return viz.LineChart(ch, w, h, sc, th) })
	}
	if img == nil && !running {
		return nil
	}
	return func() {
		if running && total > 0 && c.running.Load() {
			c.progress.SetValue(float64(done) / float64(total))
		}
		if img != nil {
			c.view.setImage(img)
		}
	}
}

// className returns class k's name among names, or its index.
func className(names []string, k int) string {
	if k >= 0 && k < len(names) {
		return names[k]
	}
	return strconv.Itoa(k)
}
