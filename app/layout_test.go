package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// layoutTarget is a screen the window must fit: a size in pixels and the
// presenter-mode scale.
type layoutTarget struct {
	w, h  float32
	scale float32
}

func (t layoutTarget) String() string { return fmt.Sprintf("%gx%g@%g", t.w, t.h, t.scale) }

var layoutTargets = []layoutTarget{{1280, 800, 1}, {1024, 768, 1}, {1280, 800, 1.5}, {1280, 800, 2}}

// showAtTarget resizes u's window to target tg's screen and sets the
// presenter scale, as a user on that screen would.
func showAtTarget(u *ui, tg layoutTarget) {
	screen := fyne.NewSize(tg.w, tg.h)
	u.win.Resize(screen)
	u.presenter.screen = func() fyne.Size { return screen }
	u.presenter.setScale(tg.scale)
}

// newLayoutUI builds the real window on a test app that uses Fyne's default
// theme (the one users see, not the test theme), in language code.
func newLayoutUI(t *testing.T, code string) *ui {
	t.Helper()
	dir := writeFixture(t, 600, 200)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	t.Cleanup(resetLanguage)
	u := newUI(a, Options{DataDir: dir, Language: code, manualBridge: true})
	t.Cleanup(u.sess.close)
	u.sess.bridge.Settle() // the load job and its result
	if runnerOf(u) == nil {
		t.Fatalf("data did not load: %v", u.sess.dataErr)
	}
	return u
}

// clipProblems walks the laid-out tree under o (at absolute position at) and
// describes everything a user would see cut off: a widget narrower than its
// minimum, a child sticking out of its container, a scroll container hiding
// content wider than its viewport, truncated text.
func clipProblems(o fyne.CanvasObject, path string) []string {
	var out []string
	var walk func(o fyne.CanvasObject, path string)
	walk = func(o fyne.CanvasObject, path string) {
		if o == nil || !o.Visible() {
			return
		}
		size, min := o.Size(), o.MinSize()
		name := path + "/" + describe(o)
		const eps = 0.5
		switch w := o.(type) {
		case *container.Scroll:
			if w.Direction == container.ScrollBoth || w.Direction == container.ScrollHorizontalOnly {
				if cw := w.Content.MinSize().Width; cw > size.Width+eps {
					out = append(out, fmt.Sprintf("%s: content %.0f wide in a %.0f-wide viewport (sideways scrolling)", name, cw, size.Width))
				}
			}
			walk(w.Content, name)
			return
		case *widget.Label:
			if w.Truncation != fyne.TextTruncateOff {
				if tw := textWidth(w.Text, w.TextStyle, w.SizeName) + 2*theme.InnerPadding(); tw > size.Width+eps {
					out = append(out, fmt.Sprintf("%s: %q truncated (%.0f needed, %.0f wide)", name, w.Text, tw, size.Width))
				}
			}
		case *widget.Select:
			tw := textWidth(w.Selected, fyne.TextStyle{}, "") + 4*theme.InnerPadding() + theme.IconInlineSize()
			if tw > size.Width+eps {
				out = append(out, fmt.Sprintf("%s: choice %q truncated (%.0f needed, %.0f wide)", name, w.Selected, tw, size.Width))
			}
		case *widget.Table:
			return // a table scrolls its cells itself
		case *widget.Entry:
			// An entry scrolls what is typed; its minimum (checked below)
			// holds its placeholder.
			if size.Width+eps < min.Width {
				out = append(out, fmt.Sprintf("%s: %.0f wide, smaller than its minimum %.0f", name, size.Width, min.Width))
			}
			return
		case *widget.RadioGroup:
			// Fyne lays a horizontal group's items out at equal widths
			// that may be narrower than an item's text; only the group's
			// own size counts.
			if size.Width+eps < min.Width {
				out = append(out, fmt.Sprintf("%s: %.0f wide, smaller than its minimum %.0f", name, size.Width, min.Width))
			}
			return
		case *layout.Spacer:
			return
		}
		if (size.Width+eps < min.Width || size.Height+eps < min.Height) && !size.IsZero() {
			if _, ok := o.(fyne.Widget); ok {
				out = append(out, fmt.Sprintf("%s: %.0f×%.0f, smaller than its minimum %.0f×%.0f", name, size.Width, size.Height, min.Width, min.Height))
			}
		}
		for _, c := range children(o) {
			if !c.Visible() {
				continue
			}
			if _, spacer := c.(*layout.Spacer); spacer {
				continue
			}
			// Fyne's own widgets draw some decorations a padding outside.
			if r := c.Position().X + c.Size().Width; r > size.Width+2*theme.Padding()+eps && size.Width > 0 {
				if _, isSplit := o.(*container.Split); !isSplit {
					out = append(out, fmt.Sprintf("%s: child %s ends at x = %.0f, past the width %.0f", name, describe(c), r, size.Width))
				}
			}
			walk(c, name)
		}
	}
	walk(o, path)
	return out
}

// textWidth measures the widest line of s.
func textWidth(s string, style fyne.TextStyle, size fyne.ThemeSizeName) float32 {
	ts := theme.TextSize()
	if size != "" {
		ts = fyne.CurrentApp().Settings().Theme().Size(size)
	}
	var w float32
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, fyne.MeasureText(line, ts, style).Width)
	}
	return w
}

// children returns what o draws: a container's objects or a widget's
// renderer's.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch w := o.(type) {
	case *fyne.Container:
		return w.Objects
	case fyne.Widget:
		return test.WidgetRenderer(w).Objects()
	}
	return nil
}

func describe(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Label:
		return fmt.Sprintf("Label(%.30q)", w.Text)
	case *widget.Button:
		return fmt.Sprintf("Button(%q)", w.Text)
	case *widget.Select:
		return fmt.Sprintf("Select(%q)", w.Selected)
	case *widget.Check:
		return fmt.Sprintf("Check(%q)", w.Text)
	case *widget.Card:
		return fmt.Sprintf("Card(%q)", w.Title)
	case *widget.RichText:
		return fmt.Sprintf("RichText(%.30q)", w.String())
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", o), "*")
}

// TestLayoutFitsScreens builds the whole window at each target screen and
// presenter scale, in English and Chinese, shows every tab and every dialog,
// and checks that nothing is clipped.
func TestLayoutFitsScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window 8 times")
	}
	for _, code := range []string{"en", "zh-Hans"} {
		t.Run(code, func(t *testing.T) {
			u := newLayoutUI(t, code)
			for _, tg := range layoutTargets {
				t.Run(tg.String(), func(t *testing.T) {
					checkLayout(t, u, tg)
				})
			}
			u.presenter.setScale(1)
		})
	}
}

func checkLayout(t *testing.T, u *ui, tg layoutTarget) {
	showAtTarget(u, tg)
	screen := fyne.NewSize(tg.w, tg.h)
	min := u.win.Content().MinSize()
	if min.Width > tg.w || min.Height+menuHeight() > tg.h {
		t.Errorf("window minimum %.0f×%.0f (+ menu bar) does not fit the screen %v", min.Width, min.Height, screen)
	}
	if got := u.win.Canvas().Size(); got.Width > tg.w+0.5 || got.Height > tg.h+0.5 {
		t.Errorf("window grew to %v on a %v screen", got, screen)
	}
	if tg.scale > 1 && tg.w/tg.scale < sidePanelRoom && u.controls.content.Visible() {
		t.Error("presenter mode kept the side panel on a screen too narrow for it")
	}
	for i, item := range u.tabs.Items {
		u.tabs.SelectIndex(i)
		layoutTwice(u)
		for _, prob := range clipProblems(u.win.Content(), item.Text) {
			t.Errorf("%s", prob)
		}
		if i != 1 {
			continue
		}
		// Every view of "Inside the network" in turn.
		sub := u.network.tabs
		for j, si := range sub.Items {
			sub.SelectIndex(j)
			layoutTwice(u)
			for _, prob := range clipProblems(u.win.Content(), item.Text+"/"+si.Text) {
				t.Errorf("%s", prob)
			}
		}
		sub.SelectIndex(0)
	}
	u.tabs.SelectIndex(0)
	dialogs := []struct {
		name string
		show func()
	}{
		{"presenter", u.presenter.show},
		{"shortcuts", u.showShortcuts},
		{"about", u.showAbout},
	}
	for _, d := range dialogs {
		d.show()
		top := u.win.Canvas().Overlays().Top()
		if top == nil {
			t.Errorf("%s: no dialog shown", d.name)
			continue
		}
		top.Resize(screen)
		for _, prob := range clipProblems(top, d.name) {
			t.Error(prob)
		}
		if m := dialogMinSize(top); m.Width > tg.w || m.Height > tg.h-menuHeight() {
			t.Errorf("%s dialog needs %v on a %v screen", d.name, m, screen)
		}
		u.win.Canvas().Overlays().Remove(top)
	}
}

// layoutTwice lays the window out twice, as the driver does over two
// frames: a flowing row's height follows the width it was laid out at.
func layoutTwice(u *ui) {
	for range 2 {
		size := u.win.Canvas().Size()
		u.win.Content().Resize(size.Subtract(fyne.NewSize(1, 1)))
		u.win.Content().Resize(size)
	}
}

// dialogMinSize is the minimum size of the dialog box inside an overlay.
func dialogMinSize(o fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, c := range children(o) {
		if c.Visible() {
			s := c.MinSize()
			m = fyne.NewSize(max(m.Width, s.Width), max(m.Height, s.Height))
		}
	}
	return m
}
