package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestKeyedActions checks that the menu items that have keys run their
// action through fromKey (in a browser, the hand-off to the UI goroutine),
// and that the others keep theirs as they were.
func TestKeyedActions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		shortcut fyne.Shortcut
		action   bool
		viaKey   bool // the action goes through fromKey
	}{
		{"with keys", shortcutTabs[0], true, true},
		{"without keys", nil, true, false},
		{"keys, no action", shortcutSave, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ran := 0
			it := fyne.NewMenuItem("item", nil)
			if tc.action {
				it.Action = func() { ran++ }
			}
			it.Shortcut = tc.shortcut
			handed := 0
			keyedActions(fyne.NewMenu("m", it), func(f func()) { handed++; f() })
			if !tc.action {
				if it.Action != nil {
					t.Fatal("an item without an action got one")
				}
				return
			}
			it.Action()
			if ran != 1 {
				t.Errorf("the action ran %d times, want 1", ran)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.viaKey]; handed != want {
				t.Errorf("fromKey got the action %d times, want %d", handed, want)
			}
		})
	}
}
