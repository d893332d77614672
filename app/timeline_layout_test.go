package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestTimelineBarFits lays the window out at every target and checks that
// the timeline's status shows on one line (no phrase broken over two) and
// overlaps neither the slider nor the buttons.
func TestTimelineBarFits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window")
	}
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			b := u.timeline
			for _, tg := range layoutTargets {
				t.Run(tg.String(), func(t *testing.T) {
					showAtTarget(u, tg)
					u.sess.bridge.Poke()
					u.sess.bridge.tick(true)
					layoutTwice(u)
					if b.content.Visible() && b.label.Text == T("Timeline: no snapshots yet") {
						t.Fatal("the timeline shows no status")
					}
					if !b.content.Visible() {
						return // presenter mode folded the bar away
					}
					line := fyne.MeasureText(b.label.Text, theme.TextSize(), b.label.TextStyle).Height + 2*theme.InnerPadding()
					if h := b.label.Size().Height; h > 1.5*line {
						t.Errorf("status %q wraps: %.0f high, one line is %.0f", b.label.Text, h, line)
					}
					objs := b.content.(*fyne.Container).Objects
					for _, o := range []fyne.CanvasObject{objs[0], b.slider, objs[3]} {
						if overlaps(o, b.label) {
							t.Errorf("the status %v+%v overlaps %s at %v+%v", b.label.Position(), b.label.Size(), describe(o), o.Position(), o.Size())
						}
					}
					if r := b.content.Size().Width; objs[3].Position().X+objs[3].Size().Width > r+0.5 {
						t.Errorf("the buttons end past the bar (%.0f)", r)
					}
				})
			}
			u.presenter.setScale(1)
		})
	}
}

// overlaps reports whether a and b, children of one container, overlap.
func overlaps(a, b fyne.CanvasObject) bool {
	ap, as, bp, bs := a.Position(), a.Size(), b.Position(), b.Size()
	return ap.X < bp.X+bs.Width-0.5 && bp.X < ap.X+as.Width-0.5 && ap.Y < bp.Y+bs.Height-0.5 && bp.Y < ap.Y+as.Height-0.5
}
