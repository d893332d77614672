package app

import (
	"backproplab/nn"
	"backproplab/nn/step"
)

// followTest traces test image row through the five phases without
// training on it: the forward pass, the loss, the gradients and the update
// it would make are shown, and the network stays as it was. UI goroutine.
func (s *stepper) followTest(row int) {
	test := s.sess.testDS
	if s.sess.runner == nil || s.busy || test == nil || row < 0 || row >= test.N {
		return
	}
	x := make([]float32, test.Dim)
	test.Pixels(row, x)
	label := int(test.Labels[row])
	s.testRow = row
	s.run(func(t *nn.Trainer, _ func(nn.BatchMetrics)) (*step.Trace, error) { return step.TraceDry(t, x, label) })
}

// showDry labels a trace of followTest's: the sample chooser names the test
// image, and the info line says that nothing was trained. UI goroutine.
func (s *stepper) showDry(tr *step.Trace) {
	name := className(s.sess.classNames(len(tr.Probs())), tr.Label)
	s.sample.Options = []string{Tf("test image %d, label %s (not trained on)", s.testRow, name)}
	s.sample.SetSelectedIndex(0)
	s.info.SetText(Tf("Followed test image %d (label %s) through the five phases. Nothing was trained: the update shown is the one it would make.", s.testRow, name))
}

// showBatchStep shows one mini-batch step with the finite-difference check
// of the followed weight, stepping if nothing is shown yet (a tool lesson).
func (s *stepper) showBatchStep() {
	s.kindSel.SetSelected(s.kindSel.Options[int(step.Batch)])
	if s.tr == nil {
		s.doStep()
	}
}

// openNudge opens the nudge dialog on the followed weight, after a step
// if nothing is shown yet (a tool lesson).
func (s *stepper) openNudge() {
	nudge := func() {
		if s.tr != nil && s.tr.Valid(s.weight) {
			showNudge(s.deps, s.tr, s.weight)
		}
	}
	if s.tr != nil {
		nudge()
		return
	}
	s.afterStep = nudge
	s.doStep()
}
