package app

import (
	"context"
	"fmt"
	"image"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/probe"
	"backproplab/nn/step"
	"backproplab/viz"
)

// nudgePoints is how many changes Δ the nudge plot evaluates.
const nudgePoints = 41

// nudgeSpans are the ranges of Δ the nudge panel offers.
var nudgeSpans = []float64{0.01, 0.1, 1, 5}

// nudgePanel moves one weight of the stepper's network (before the step),
// or one pixel of the followed sample, by Δ and compares the first-order
// prediction g·Δ of the sample's loss with the change a second forward pass
// measures, at the slider's Δ and over a range. Every pass runs on a copy:
// the network in training changes only when the student presses Apply,
// which adds Δ to the weight through the runner (live.Runner.Nudge) and
// puts the change on the timeline. The plot renders in background.
type nudgePanel struct {
	p      probe.Problem // the followed sample on the weights before the step
	grad   []float32     // the sample's gradient (engine)
	weight probe.Ref
	pixel  int // the weight's input pixel (first layer), or -1

	onPixel bool
	span    float64
	delta   float64

	content fyne.CanvasObject
	slider  *widget.Slider
	values  *widget.Label
	plot    *imageView
	theme   func() viz.Theme
	job     probeJob

	sess    *session
	apply   *widget.Button
	applied *widget.Label
	done    bool // Apply was pressed: one change per opening
}

// showNudge opens the nudge dialog for weight r of trace tr.
func showNudge(d *deps, tr *step.Trace, r step.WeightRef) {
	n, err := newNudgePanel(d, tr, r)
	if err != nil {
		dialog.ShowError(err, d.win)
		return
	}
	dlg := dialog.NewCustom(T("Nudge: linear near, not far"), T("Close"), n.content, d.win)
	dlg.SetOnClosed(n.job.stop)
	dlg.Resize(fyne.NewSize(820, 640))
	dlg.Show()
	n.update()
}

// newNudgePanel builds the nudge panel for weight r of trace tr.
func newNudgePanel(d *deps, tr *step.Trace, r step.WeightRef) (*nudgePanel, error) {
	p, err := probe.NewInputProblem(tr.Before(), tr.Input, tr.Label)
	if err != nil {
		return nil, err
	}
	n := &nudgePanel{p: p, grad: p.Gradient(), weight: probe.Ref{Layer: r.Layer, I: r.I, J: r.J}, pixel: -1,
		span: 1, theme: d.chartTheme, job: probeJob{sess: d.sess}, sess: d.sess}
	if r.Layer == 0 {
		n.pixel = r.I
	}
	n.build()
	return n, nil
}

func (n *nudgePanel) build() {
	what := []string{Tf("the weight %s", n.weight)}
	if n.pixel >= 0 {
		if side := int(math.Round(math.Sqrt(float64(n.p.In.Cols)))); side*side == n.p.In.Cols {
			what = append(what, Tf("input pixel %d (row %d, column %d)", n.pixel, n.pixel/side, n.pixel%side))
		} else {
			what = append(what, Tf("input %d", n.pixel))
		}
	}
	sel := widget.NewRadioGroup(what, nil)
	sel.Horizontal = true
	sel.Required = true
	sel.SetSelected(what[0])
	sel.OnChanged = func(s string) {
		n.onPixel = len(what) > 1 && s == what[1]
		n.update()
	}
	spans := make([]string, len(nudgeSpans))
	for i, s := range nudgeSpans {
		spans[i] = "±" + strconv.FormatFloat(s, 'g', -1, 64)
	}
	spanSel := newSelect(spans, nil)
	spanSel.SetSelectedIndex(2)
	spanSel.OnChanged = func(string) {
		n.span = nudgeSpans[spanSel.SelectedIndex()]
		n.delta = min(max(n.delta, -n.span), n.span)
		n.slider.Min, n.slider.Max, n.slider.Step = -n.span, n.span, n.span/50
		n.slider.SetValue(n.delta)
		n.update()
	}
	n.slider = widget.NewSlider(-n.span, n.span)
	n.slider.Step = n.span / 50
	n.slider.OnChanged = func(v float64) {
		n.delta = v
		n.update()
	}
	n.values = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	n.plot = newImageView(fyne.NewSize(640, 280), n.update)
	intro := widget.NewLabel(T("Change one number by Δ and compare the chain rule's prediction of the loss change, g·Δ, with the change a second forward pass measures. The network is not changed unless you press Apply."))
	intro.Wrapping = fyne.TextWrapWord
	n.apply = widget.NewButtonWithIcon(T("Apply Δ to the network"), theme.ConfirmIcon(), n.applyDelta)
	n.applied = widget.NewLabel("")
	n.applied.Wrapping = fyne.TextWrapWord
	n.content = container.NewBorder(container.NewVBox(intro, sel,
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(T("Range")), spanSel, widget.NewLabel("Δ")), nil, n.slider), n.values),
		container.NewBorder(nil, nil, n.apply, nil, n.applied), nil, nil, n.plot)
}

// applyState enables Apply for a weight and a Δ ≠ 0, once per opening, and
// says what it does.
func (n *nudgePanel) applyState() {
	switch {
	case n.done:
		n.apply.Disable()
	case n.onPixel:
		n.apply.Disable()
		n.applied.SetText(T("A pixel belongs to the sample, not to the network: there is nothing to apply."))
	case n.delta == 0:
		n.apply.Disable()
		n.applied.SetText(T("Choose Δ ≠ 0 to apply it."))
	default:
		n.apply.Enable()
		n.applied.SetText(T("Apply adds Δ to this weight in the network in training (its value now, after the step) and pauses training. It goes onto the timeline as a step: move the timeline back one snapshot to undo it."))
	}
}

// applyDelta adds the slider's Δ to the weight through the runner.
func (n *nudgePanel) applyDelta() {
	r := n.sess.runner
	if r == nil || n.done || n.onPixel || n.delta == 0 {
		return
	}
	idx, err := probe.Index(n.p.Net.Arch, n.weight)
	if err != nil {
		n.applied.SetText(err.Error())
		return
	}
	n.done = true
	n.apply.Disable()
	delta := float32(n.delta)
	n.sess.bridge.Go(func(context.Context) func() {
		err := r.Nudge(idx, delta)
		s, tl := r.Snapshot(), r.Timeline()
		return func() {
			if err != nil {
				n.done = false
				n.applied.SetText(Tf("Could not apply: %v", err))
				n.applyState()
				return
			}
			m, _ := tl.At()
			if m.Nudge != nil && m.Nudge.Param == idx {
				n.applied.SetText(Tf("Applied: %s changed from %.4f to %.4f at update %d (snapshot %d of %d on the timeline). Move the timeline back one snapshot to undo it.",
					n.weight, m.Nudge.From, s.Net.Params[idx], m.Step, len(tl.Marks), len(tl.Marks)))
			}
			n.sess.bridge.Poke()
		}
	})
}

// points evaluates the nudge at deltas.
func (n *nudgePanel) points(deltas []float64) ([]probe.NudgePoint, error) {
	if n.onPixel {
		return probe.NudgeInput(n.p, n.pixel, deltas)
	}
	return probe.NudgeParam(n.p, n.grad, n.weight, deltas)
}

// update shows the values at the slider's Δ and renders the plot.
func (n *nudgePanel) update() {
	if n.values == nil || n.apply == nil {
		return // still building
	}
	n.applyState()
	pts, err := n.points([]float64{n.delta})
	if err != nil {
		n.values.SetText(err.Error())
		return
	}
	pt := pts[0]
	n.values.SetText(fmt.Sprintf(T("Δ = %+.4f\npredicted g·Δ = %+.6f\nactual ΔL    = %+.6f  (difference %+.2e)"),
		pt.Delta, pt.Predicted, pt.Actual, pt.Actual-pt.Predicted))
	w, h, sc := n.plot.pixels()
	if w <= 0 || h <= 0 {
		return
	}
	span, delta, th := n.span, pt.Delta, n.theme()
	n.job.start(func(ctx context.Context) func() {
		all, err := n.points(probe.Deltas(span, nudgePoints))
		if err != nil || ctx.Err() != nil {
			return nil
		}
		img := nudgeChart(all, delta, w, h, sc, th)
		return func() { n.plot.setImage(img) }
	})
}

// nudgeChart plots the predicted and the actual change against Δ.
func nudgeChart(pts []probe.NudgePoint, at float64, w, h int, sc float64, th viz.Theme) image.Image {
	x, pred, act := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		x[i], pred[i], act[i] = p.Delta, p.Predicted, p.Actual
	}
	c := viz.Chart{
		Title: T("Change of the sample's loss"), XLabel: "Δ", YLabel: T("loss change ΔL"),
		Series: []viz.Series{
			{Name: T("predicted g·Δ"), X: x, Y: pred, Style: viz.StyleDashed, Color: 0},
			{Name: T("actual (forward pass)"), X: x, Y: act, Style: viz.StyleSolid, Color: 1},
		},
		Marker: &at, Legend: viz.LegendTopLeft,
	}
	return viz.LineChart(c, w, h, sc, th)
}
