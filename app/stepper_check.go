package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/probe"
	"backproplab/nn/step"
)

// maxCheckRows is the largest batch whose gradient the stepper checks with
// finite differences; a full-batch step on all of MNIST is left to the
// command line.
const maxCheckRows = 20000

// checkPerLayer is how many parameters per layer "Check all" compares.
const checkPerLayer = 200

// stepCheck shows, under the stepper's chain rule for the selected weight,
// the central finite-difference estimate of the same two numbers (the
// sample's ∂L_n/∂w and the batch's g), with the step and the relative error,
// and on request checks a random sample of the whole step's gradient.
// Its methods run on the UI goroutine; the differences run in background.
type stepCheck struct {
	content  fyne.CanvasObject
	relayout func() // the stepper's text panel after a text changes
	text     *widget.Label
	all      *widget.Button
	allText  *widget.Label
	one, set probeJob

	tr  *step.Trace
	ref step.WeightRef
}

func newStepCheck(d *deps, relayout func()) *stepCheck {
	c := &stepCheck{one: probeJob{sess: d.sess}, set: probeJob{sess: d.sess}, relayout: relayout}
	c.text = newFormulaLabel() // wraps at operators, see formula.go
	c.allText = newFormulaLabel()
	c.all = widget.NewButtonWithIcon(T("Check all"), theme.ConfirmIcon(), c.checkAll)
	nudge := widget.NewButtonWithIcon(T("Nudge this weight…"), theme.MoveUpIcon(), func() {
		if c.tr != nil && c.tr.Valid(c.ref) {
			showNudge(d, c.tr, c.ref)
		}
	})
	head := widget.NewLabelWithStyle(T("Is the gradient right? Finite differences"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord // a narrow formula column must not widen the screen
	c.content = container.NewVBox(widget.NewSeparator(), head, c.text,
		newFlow(c.all, nudge), wrapLabel(Tf("Check all: %d random weights and biases per layer", checkPerLayer)), c.allText)
	c.content.Hide()
	return c
}

// follow checks weight r of trace tr, unless it is already shown.
func (c *stepCheck) follow(tr *step.Trace, r step.WeightRef) {
	if tr == c.tr && r == c.ref {
		return
	}
	if tr != c.tr {
		c.set.stop()
		c.all.Enable()
		c.allText.SetText("")
	}
	c.tr, c.ref = tr, r
	if tr == nil || !tr.Valid(r) {
		c.one.stop()
		c.text.SetText("")
		c.content.Hide()
		return
	}
	c.content.Show()
	c.text.SetText(T("Computing finite differences…"))
	c.one.start(func(ctx context.Context) func() {
		s := checkWeight(tr, r)
		return func() {
			c.text.SetText(s)
			c.relayout()
		}
	})
}

// checkWeight returns the text comparing weight r's chain-rule numbers in
// tr with central differences of the forward pass, and then those of the
// bias of r's unit j (∂ℓ/∂b_j = δ_j).
func checkWeight(tr *step.Trace, r step.WeightRef) string {
	ch := tr.Weight(r)
	refs := []probe.Ref{{Layer: r.Layer, I: r.I, J: r.J}, {Layer: r.Layer, J: r.J, Bias: true}}
	sampleGrads := []float64{ch.SampleGrad, ch.DeltaJ}
	before := tr.Before()
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, T(format), args...); b.WriteString("\n") }
	sp, err := probe.NewInputProblem(before, tr.Input, tr.Label)
	var bp probe.Problem
	var grad []float32
	batch := err == nil && len(tr.Rows) > 1 && len(tr.Rows) <= maxCheckRows
	if batch {
		bp, err = probe.NewProblem(before, tr.Data(), tr.Rows, tr.L1, tr.L2)
		grad = tr.Grad()
		if err == nil && before.Arch.HasDropout() {
			// The step's g used dropout masks; differences see the
			// network as it evaluates, without dropout.
			grad = bp.Gradient()
		}
	}
	for k, ref := range refs {
		if err != nil {
			break
		}
		if k == 0 {
			w("(L(w+h) − L(w−h)) / 2h, forward pass in float64:")
		} else {
			w("Its unit's bias %s: (L(b+h) − L(b−h)) / 2h:", ref)
		}
		var sc probe.Check
		sc, err = probe.CheckParam(sp, sp.Gradient(), ref, 0)
		if err != nil {
			break
		}
		rel := probe.RelErr(sampleGrads[k], sc.Numeric)
		if k == 0 {
			w("  this sample: %+.6g vs δ_j·a_i = %+.6g", sc.Numeric, sampleGrads[k])
		} else {
			w("  this sample: %+.6g vs δ_j = %+.6g", sc.Numeric, sampleGrads[k])
		}
		w("    h = %.1e, relative error %.1e", sc.Step, rel)
		if sc.Kink {
			w("    A ReLU unit switches within ±h: a kink, no derivative.")
		}
		switch {
		case len(tr.Rows) > maxCheckRows:
			w("  batch of %d: too large to check here", len(tr.Rows))
			w("  (backproplab gradcheck checks batches).")
		case batch:
			if k == 0 && before.Arch.HasDropout() {
				w("  (dropout: compared with the batch's gradient without dropout)")
			}
			var bc probe.Check
			bc, err = probe.CheckParam(bp, grad, ref, 0)
			if err == nil {
				w("  batch of %d: %+.6g vs g = %+.6g", len(tr.Rows), bc.Numeric, bc.Engine)
				w("    h = %.1e, relative error %.1e", bc.Step, bc.RelErr)
				if bc.Kink {
					w("    A ReLU unit switches within ±h: a kink, no derivative.")
				}
			}
		}
	}
	if err != nil {
		w("  Could not check: %v", err)
	}
	return strings.TrimRight(b.String(), "\n")
}

// checkAll compares a random sample of the step's whole gradient with
// finite differences, layer by layer.
func (c *stepCheck) checkAll() {
	tr := c.tr
	if tr == nil {
		return
	}
	if len(tr.Rows) > maxCheckRows {
		c.allText.SetText(Tf("Batch of %d: too large to check here (backproplab gradcheck checks batches).", len(tr.Rows)))
		c.relayout()
		return
	}
	c.all.Disable()
	c.allText.SetText(T("Checking…"))
	c.set.start(func(ctx context.Context) func() {
		s := checkAllText(ctx, tr)
		return func() {
			c.all.Enable()
			c.allText.SetText(s)
			c.relayout()
		}
	})
}

// checkAllText runs the check of a sample of tr's gradient and words it.
func checkAllText(ctx context.Context, tr *step.Trace) string {
	p, err := probe.NewProblem(tr.Before(), tr.Data(), tr.Rows, tr.L1, tr.L2)
	var layers []probe.LayerCheck
	if err == nil {
		grad := tr.Grad()
		if p.Net.Arch.HasDropout() {
			grad = p.Gradient() // without the step's dropout masks, as the differences see it
		}
		layers, err = probe.CheckAll(ctx, p, grad, checkPerLayer, uint64(tr.Step), nil)
	}
	if err != nil {
		return Tf("Could not check: %v", err)
	}
	var b strings.Builder
	for _, l := range layers {
		fmt.Fprintf(&b, T("Layer %d: worst %.1e at %s"), l.Layer+1, l.Worst, l.WorstCheck.Ref)
		b.WriteString("\n")
		fmt.Fprintf(&b, T("  median %.1e, %d of %d parameters checked"), l.Median, l.Checked, l.Params)
		if l.Kinks > 0 {
			fmt.Fprintf(&b, T(", %d left out at a ReLU kink"), l.Kinks)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
