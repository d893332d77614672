package app

import (
	"testing"

	"backproplab/nn/live"
	"backproplab/nn/step"
)

// TestLayoutAfterStep takes a traced sample step and an epoch step on the
// stepper and walks their phases at each target, then a sample step of a
// network with eight hidden layers (nn.MaxLayers) with the matrix of its
// fifth layer chosen: the formulas, the heat maps, the strips and the tool
// rows must still fit without sideways scrolling.
func TestLayoutAfterStep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window twice")
	}
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			s := u.stepper
			for _, tg := range layoutTargets {
				t.Run(tg.String(), func(t *testing.T) {
					showAtTarget(u, tg)
					u.tabs.SelectIndex(2)
					for _, kind := range []step.Kind{step.Sample, step.Epoch} {
						s.kindSel.SetSelected(s.kindSel.Options[kind])
						s.doStep()
						u.sess.bridge.Settle()
						if s.tr == nil {
							t.Fatalf("no trace: %q", s.info.Text)
						}
						for p := range phaseCount {
							s.setPhase(p)
							layoutTwice(u)
							for _, prob := range clipProblems(u.win.Content(), phaseNames()[p]) {
								t.Error(prob)
							}
						}
					}
					if !s.noise.Visible() || !s.noiseTitle.Visible() {
						t.Error("after an epoch step the noise chart or its title is hidden")
					}

					deep := live.DefaultConfig()
					deep.Arch.Hidden = []int{128, 64, 64, 32, 32, 32, 16, 16}
					runnerOf(u).Reset(deep)
					s.kindSel.SetSelected(s.kindSel.Options[step.Sample])
					s.doStep()
					u.sess.bridge.Settle()
					if s.tr == nil || len(s.tr.Layers) != 9 || len(s.strips) != 9 {
						t.Fatalf("no trace of the deep network: %q", s.info.Text)
					}
					s.layerSel.SetSelectedIndex(3)
					for p := range phaseCount {
						s.setPhase(p)
						layoutTwice(u)
						for _, prob := range clipProblems(u.win.Content(), "deep: "+phaseNames()[p]) {
							t.Error(prob)
						}
					}
					runnerOf(u).Reset(live.DefaultConfig())
					s.layerSel.SetSelectedIndex(0)
				})
			}
			u.presenter.setScale(1)
		})
	}
}
