package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/step"
)

// pgStepper is the Playground's backprop stepper: it traces one step of the
// Playground's run (a sample, a mini-batch or an epoch, as the MNIST
// stepper does) and walks its five phases on the diagram, whose nodes and
// edges then carry the step's numbers. UI goroutine only.
type pgStepper struct {
	p     *playground
	tr    *step.Trace
	phase int
	kind  step.Kind
	busy  bool

	kindSel          *widget.Select
	trace, prev, nxt *widget.Button
	phaseLbl         *widget.Label
	bar              fyne.CanvasObject
}

func newPgStepper(p *playground) *pgStepper {
	s := &pgStepper{p: p, kind: step.Batch}
	kinds := []string{T("One sample"), T("One mini-batch"), T("One epoch")}
	s.kindSel = newSelect(kinds, nil)
	s.kindSel.SetSelectedIndex(int(s.kind))
	s.kindSel.OnChanged = func(string) { s.kind = step.Kind(max(0, s.kindSel.SelectedIndex())) }
	releaseAfterPick(s.kindSel)
	s.trace = widget.NewButtonWithIcon(T("Trace a step"), theme.MediaSkipNextIcon(), s.doStep)
	s.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.setPhase(s.phase - 1) })
	s.nxt = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), s.forward)
	s.phaseLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	phase := container.New(&widestLayout{texts: append(phaseNames(), T("No step traced")), style: fyne.TextStyle{Bold: true}}, s.phaseLbl)
	s.bar = newPgFlow(fitSelect(s.kindSel), s.trace, s.prev, phase, s.nxt)
	s.clear()
	return s
}

// forward is → on the Playground: the next phase, or after the last phase
// (or before any trace) a new traced step.
func (s *pgStepper) forward() {
	if s.tr == nil || s.phase == phaseCount-1 {
		s.doStep()
		return
	}
	s.setPhase(s.phase + 1)
}

// back is ← on the Playground: the previous phase.
func (s *pgStepper) back() {
	if s.tr != nil {
		s.setPhase(s.phase - 1)
	}
}

// doStep pauses training and traces one step of the chosen kind on the
// run's worker, through the session's bridge.
func (s *pgStepper) doStep() {
	r := s.p.runner.Load()
	if r == nil || s.busy {
		return
	}
	kind, sample, row := s.kind, 0, 0
	if s.tr != nil {
		sample = s.tr.Sample
		row = s.tr.Rows[s.tr.Sample]
	}
	s.busy = true
	s.trace.Disable()
	r.Pause()
	s.p.bridge.Go(func(context.Context) func() {
		var tr *step.Trace
		var err error
		r.DoBatches(func(t *nn.Trainer, batch func(nn.BatchMetrics)) {
			switch kind {
			case step.Sample:
				tr, err = step.TraceSample(t, min(row, t.Train.N-1))
			case step.Batch:
				tr, err = step.TraceBatchFunc(t, sample, batch)
			default:
				tr, err = step.TraceEpochFunc(t, sample, batch)
			}
		})
		return func() {
			s.busy = false
			s.trace.Enable()
			if s.p.runner.Load() != r {
				return // the run was replaced meanwhile
			}
			if err == nil && tr == nil {
				err = errorf("The run has stopped.")
			}
			if err != nil {
				s.p.info.SetText(err.Error())
				return
			}
			s.tr = tr
			s.p.play.SetText(T("Train"))
			s.setPhase(phaseForward)
		}
	})
}

// clear forgets the trace: the run moved on, or was replaced.
func (s *pgStepper) clear() {
	s.tr = nil
	s.phaseLbl.SetText(T("No step traced"))
	s.prev.Disable()
	s.nxt.Enable()
	s.p.diagram.numbers(nil, nil, nil)
}

// setPhase shows phase ph (clamped) of the trace on the diagram.
func (s *pgStepper) setPhase(ph int) {
	if s.tr == nil {
		return
	}
	s.phase = min(max(ph, 0), phaseCount-1)
	s.phaseLbl.SetText(phaseName(s.phase))
	s.prev.Enable()
	if s.phase == 0 {
		s.prev.Disable()
	}
	nodes, edges, colour := pgPhaseNumbers(s.tr, s.phase)
	s.p.diagram.numbers(nodes, edges, colour)
	s.p.info.SetText(pgPhaseText(s.tr, s.phase))
}

// pgPhaseNumbers returns what the diagram shows in phase ph of tr: a label
// per neuron (inputs first; "" for none), a label per edge (per weight
// layer, (in, out) row-major) and the values that colour the edges (nil:
// the weights). Every number is the trace's, that is the engine's.
func pgPhaseNumbers(tr *step.Trace, ph int) (nodes, edges [][]string, colour [][]float32) {
	nl := len(tr.Layers)
	nodes = make([][]string, nl+1)
	edges = make([][]string, nl)
	inputs := func(l int) []float32 {
		if l == 0 {
			return tr.Input
		}
		return tr.Layers[l-1].A
	}
	nodes[0] = make([]string, len(tr.Input))
	for l, ly := range tr.Layers {
		nodes[l+1] = make([]string, ly.Out)
		edges[l] = make([]string, ly.In*ly.Out)
	}
	before := tr.Before()
	switch ph {
	case phaseForward, phaseLoss:
		for i, v := range tr.Input {
			nodes[0][i] = fmt.Sprintf("%.3g", v)
		}
		for l, ly := range tr.Layers {
			a, w := inputs(l), before.Layers[l].W
			prod := make([]float32, len(w))
			for i := range ly.In {
				for j := range ly.Out {
					k := i*ly.Out + j
					prod[k] = w[k] * a[i]
					edges[l][k] = fmt.Sprintf("%.3g", prod[k])
				}
			}
			for j, v := range ly.A {
				nodes[l+1][j] = fmt.Sprintf("a=%.3g", v)
			}
			colour = append(colour, prod)
		}
		if ph == phaseLoss {
			out := nodes[nl]
			for j := range out {
				out[j] = ""
			}
			if tr.Label >= 0 && tr.Label < len(out) && tr.Loss != nn.Regression {
				out[tr.Label] = fmt.Sprintf("ℓ=%.4f", tr.SampleLoss)
			} else if len(out) > 0 {
				out[0] = fmt.Sprintf("ℓ=%.4f", tr.SampleLoss)
			}
		}
	case phaseBackward:
		for l, ly := range tr.Layers {
			for j, v := range ly.Delta {
				nodes[l+1][j] = fmt.Sprintf("δ=%.3g", v)
			}
			for k, g := range ly.GradW {
				edges[l][k] = fmt.Sprintf("%.3g", g)
			}
			colour = append(colour, ly.GradW)
		}
	case phaseUpdate, phaseEffect:
		for l, ly := range tr.Layers {
			for k, d := range ly.DeltaW {
				edges[l][k] = fmt.Sprintf("%+.3g", d)
			}
			colour = append(colour, ly.DeltaW)
		}
		if ph == phaseEffect && nl > 0 {
			nodes[nl] = make([]string, tr.Layers[nl-1].Out)
			nodes[nl][0] = fmt.Sprintf("ℓ→%.4f", tr.SampleAfter)
		}
	}
	return nodes, edges, colour
}

// pgPhaseText explains phase ph of tr under the diagram.
func pgPhaseText(tr *step.Trace, ph int) string {
	var b strings.Builder
	in := make([]string, len(tr.Input))
	for i, v := range tr.Input {
		in[i] = fmt.Sprintf("%.3f", v)
	}
	switch ph {
	case phaseForward:
		b.WriteString(Tf("Forward: the followed training point has inputs (%s) and label %d. Each edge shows w·a, what it carries forward; each neuron its activation a = f(Σ w·a + b).", strings.Join(in, ", "), tr.Label))
	case phaseLoss:
		b.WriteString(Tf("Loss of the followed point: %.4f.", tr.SampleLoss))
		if len(tr.Rows) > 1 {
			b.WriteString(" " + Tf("Mean loss of the batch of %d points: %.4f.", len(tr.Rows), tr.BatchLoss))
		}
	case phaseBackward:
		b.WriteString(T("Backward: each neuron shows δ = ∂ℓ/∂z of the followed point, each edge ∂L/∂w = mean of δ·a over the batch, the gradient the optimiser uses."))
	case phaseUpdate:
		b.WriteString(Tf("Update with %s (η = %g): each edge shows Δw, its change in this step.", tr.Method.String(), tr.LR))
	case phaseEffect:
		b.WriteString(Tf("Effect: loss of the followed point %.4f → %.4f %s", tr.SampleLoss, tr.SampleAfter, arrow(tr.SampleLoss, tr.SampleAfter)))
		if len(tr.Rows) > 1 {
			b.WriteString("; " + Tf("of the batch %.4f → %.4f %s", tr.BatchLoss, tr.BatchAfter, arrow(tr.BatchLoss, tr.BatchAfter)))
		}
	}
	return b.String()
}
