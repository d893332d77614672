package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/container"
)

// scaledScreen is a screen of w×h pixels shown at a scale: FYNE_SCALE
// (the canvas' scale, which leaves w/scale × h/scale units) or presenter
// mode's (which keeps w×h units and scales the theme).
type scaledScreen struct {
	w, h      float32
	scale     float32
	presenter bool
}

func (s scaledScreen) String() string {
	kind := "FYNE_SCALE"
	if s.presenter {
		kind = "presenter"
	}
	return fmt.Sprintf("%gx%g %s=%g", s.w, s.h, kind, s.scale)
}

// target returns the layout target of s: the window's size in units and
// the presenter scale.
func (s scaledScreen) target() layoutTarget {
	if s.presenter {
		return layoutTarget{s.w, s.h, s.scale}
	}
	return layoutTarget{s.w / s.scale, s.h / s.scale, 1}
}

// narrowScreens are 1280×800 and 1024×768 at 1, 1.5 and 2 times, by
// FYNE_SCALE and by presenter mode.
var narrowScreens = func() []scaledScreen {
	var out []scaledScreen
	for _, presenter := range []bool{false, true} {
		for _, px := range [][2]float32{{1280, 800}, {1024, 768}} {
			for _, sc := range []float32{1, 1.5, 2} {
				if presenter && sc == 1 {
					continue // the same as FYNE_SCALE=1
				}
				out = append(out, scaledScreen{px[0], px[1], sc, presenter})
			}
		}
	}
	return out
}()

// TestNetworkSubTabsFitNarrow lays out Activations, Evaluation,
// Representation and "Switch units off" in the real window at each of
// narrowScreens, in English and Chinese, after a render has filled them,
// and checks that none asks for more width than its tab gives it: a wider
// sub-tab scrolls sideways, its right-hand charts and tools out of sight
// (FYNE_SCALE=2 on a 1280×800 projector leaves 640 units).
func TestNetworkSubTabsFitNarrow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window twice and lays it out 160 times")
	}
	subTabs := []struct {
		name  string
		index int
	}{
		{"activations", netTabActivations},
		{"evaluation", netTabEvaluation},
		{"representation", netTabRepresentation},
		{"switch units off", netTabAblate},
	}
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			u.tabs.SelectIndex(tabNetwork)
			for _, sc := range narrowScreens {
				tg := sc.target()
				showAtTarget(u, tg)
				for _, st := range subTabs {
					u.network.tabs.SelectIndex(st.index)
					u.sess.bridge.Poke()
					u.sess.bridge.tick(true)
					u.sess.bridge.Settle()
					layoutTwice(u)
					scroll := u.network.tabs.Items[st.index].Content.(*container.Scroll)
					need, room := scroll.Content.MinSize().Width, scroll.Size().Width
					if need > room+0.5 {
						t.Errorf("%v, %s: the content asks for %.0f units of width; its tab is %.0f wide (the window %.0f)",
							sc, st.name, need, room, tg.w)
					}
					if m := u.win.Content().MinSize(); m.Width > tg.w+0.5 {
						t.Errorf("%v, %s: the window's content asks for %.0f units of width on a %.0f-unit screen", sc, st.name, m.Width, tg.w)
					}
				}
			}
			u.presenter.setScale(1)
		})
	}
}
