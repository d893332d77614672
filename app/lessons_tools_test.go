package app

import (
	"testing"
)

// TestToolLessons opens each tool lesson and checks that it lands on its
// tool, ready: the stepper with a checked step, the nudge dialog, the
// "Switch units off" sub-tab.
func TestToolLessons(t *testing.T) {
	tests := []struct {
		lesson int
		check  func(t *testing.T, u *ui)
	}{
		{0, func(t *testing.T, u *ui) {
			s := u.stepper
			if u.tabs.SelectedIndex() != tabStepper || s.tr == nil || len(s.tr.Rows) < 2 || !s.check.content.Visible() {
				t.Errorf("tab %d, trace %v: want the stepper with a checked mini-batch step", u.tabs.SelectedIndex(), s.tr != nil)
			}
		}},
		{1, func(t *testing.T, u *ui) {
			top := u.win.Canvas().Overlays().Top()
			if u.tabs.SelectedIndex() != tabStepper || top == nil || u.stepper.afterStep != nil {
				t.Errorf("tab %d, overlay %v: want the nudge dialog over the stepper", u.tabs.SelectedIndex(), top)
			}
		}},
		{2, func(t *testing.T, u *ui) {
			if u.tabs.SelectedIndex() != tabNetwork || u.network.tabs.SelectedIndex() != netTabAblate {
				t.Errorf("tab %d, sub-tab %d: want %d, %d", u.tabs.SelectedIndex(), u.network.tabs.SelectedIndex(), tabNetwork, netTabAblate)
			}
		}},
	}
	for _, tc := range tests {
		u := newTestUI(t)
		l := toolLessons(u.lessons.tools)[tc.lesson]
		if l.title == "" || l.hint == "" {
			t.Errorf("lesson %d has no title or hint", tc.lesson)
		}
		l.open()
		u.sess.bridge.Settle()
		tc.check(t, u)
	}
}
