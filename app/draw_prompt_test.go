package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/data"
)

// TestPadPromptFollowsTheClasses imports a folder of shapes into the real
// window and checks, at every target size and in both languages, that the
// empty pad asks for a shape, names them all, and keeps the prompt inside
// the pad; that Automatic predicts with the network in training, not the
// digits model; and that the pad asks for a digit again for the bundled
// model and back on MNIST.
func TestPadPromptFollowsTheClasses(t *testing.T) {
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			u := newLayoutUI(t, code)
			ds := u.draw
			if got := ds.pad.Prompt; got != T("Draw a digit here") {
				t.Errorf("on MNIST the pad asks %q", got)
			}
			importShapes(t, u, 30, nil)
			u.tabs.SelectIndex(3) // Draw
			u.sess.bridge.Poke()
			u.sess.bridge.tick(true) // the pad's screen gets the run on the shapes
			u.sess.bridge.Settle()
			for _, tg := range layoutTargets {
				showAtTarget(u, tg)
				p := strings.ReplaceAll(ds.pad.Prompt, "\u200a", "")
				for _, c := range data.ShapeClasses {
					if !strings.Contains(p, c) {
						t.Errorf("%v: the pad asks %q, which does not name %q", tg, p, c)
					}
				}
				digit := map[string]string{"en": "digit", "zh-Hans": "数字"}[code]
				if strings.Contains(p, digit) || strings.Contains(strings.ReplaceAll(ds.padHint.Text, "\u200a", ""), digit) {
					t.Errorf("%v: the pad asks %q and the hint says %q on the shapes", tg, p, ds.padHint.Text)
				}
				if conf := test.WidgetRenderer(ds.bars).(*probBarsRenderer).conf.Text; strings.Contains(strings.ReplaceAll(conf, "\u200a", ""), digit) {
					t.Errorf("%v: the empty prediction says %q on the shapes", tg, conf)
				}
				hint := test.WidgetRenderer(ds.pad).(*drawPadRenderer).hint
				side, o := ds.pad.padSide(), ds.pad.origin()
				if !hint.Visible() || hint.Position().Y < o.Y || hint.Position().Y+hint.Size().Height > o.Y+side || hint.Size().Width > side {
					t.Errorf("%v: prompt at %v, %v, outside the %.0f-wide pad at %v", tg, hint.Position(), hint.Size(), side, o)
				}
				if hint.MinSize().Width > side {
					t.Errorf("%v: prompt needs %.0f, wider than the pad's %.0f", tg, hint.MinSize().Width, side)
				}
			}
			if m := ds.model(); m.net == nil || m.net == ds.bundled {
				t.Errorf("Automatic predicts the shapes with %q", m.name)
			}
			ds.source.SetSelected(ds.source.Options[sourceBundled])
			if got := ds.pad.Prompt; got != T("Draw a digit here") {
				t.Errorf("the bundled digits model predicts, and the pad asks %q", got)
			}
			ds.source.SetSelected(ds.source.Options[sourceAuto])
			if err := u.sess.useSet(u.sess.mnist); err != nil {
				t.Fatal(err)
			}
			if got := ds.pad.Prompt; got != T("Draw a digit here") {
				t.Errorf("back on MNIST the pad asks %q", got)
			}
			if conf := test.WidgetRenderer(ds.bars).(*probBarsRenderer).conf.Text; conf != T("no digit yet") {
				t.Errorf("back on MNIST the empty prediction says %q", conf)
			}
		})
	}
}
