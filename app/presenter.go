package app

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/viz"
)

// presenterTheme wraps the app's theme for a projector: every size is
// multiplied by scale, and the high-contrast variant draws pure black and
// white with saturated accents. Light or dark still follows the variant
// Fyne asks for, which follows the system unless the user chose one.
type presenterTheme struct {
	base     fyne.Theme
	scale    float32
	contrast bool
}

var _ fyne.Theme = (*presenterTheme)(nil)

// Color implements fyne.Theme.
func (t *presenterTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if !t.contrast {
		return t.base.Color(n, v)
	}
	dark := v == theme.VariantDark
	pick := func(d, l uint32) color.Color {
		c := d
		if !dark {
			c = l
		}
		return color.NRGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 0xff}
	}
	switch n {
	case theme.ColorNameBackground, theme.ColorNameHeaderBackground:
		return pick(0x000000, 0xffffff)
	case theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		// Menus and dialogs stand apart from the black (white) window
		// behind them, where a shadow does not show.
		return pick(0x333333, 0xe4e4e4)
	case theme.ColorNameForeground, theme.ColorNameHyperlink:
		return pick(0xffffff, 0x000000)
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return pick(0xb0b0b0, 0x505050)
	case theme.ColorNameInputBackground, theme.ColorNameButton:
		return pick(0x1c1c1c, 0xececec)
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return pick(0xd0d0d0, 0x303030)
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameSelection:
		return pick(0xffd400, 0x0040b0)
	case theme.ColorNameForegroundOnPrimary:
		return pick(0x000000, 0xffffff)
	case theme.ColorNameError:
		return pick(0xff6e6e, 0xb00000)
	}
	return t.base.Color(n, v)
}

// Font implements fyne.Theme.
func (t *presenterTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon implements fyne.Theme.
func (t *presenterTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size implements fyne.Theme.
func (t *presenterTheme) Size(n fyne.ThemeSizeName) float32 { return t.base.Size(n) * t.scale }

// panelPreset says which panels presenter mode shows.
type panelPreset int

const (
	panelsAll       panelPreset = iota // everything
	panelsNoSide                       // hide the settings side panel
	panelsChartOnly                    // also hide the Lessons tab's form and table
)

// presenterLinks are the parts of the window presenter mode changes; the
// window (newUI) wires them.
type presenterLinks struct {
	// side and bar are the settings side panel and the timeline bar,
	// hidden in that order while the content does not fit.
	side, bar fyne.CanvasObject
	// setTheme gives the screens their chart theme and the Lessons tab its
	// charts-only view.
	setTheme func(th viz.Theme, chartsOnly bool)
}

// presenter is presenter mode's state (UI goroutine only).
type presenter struct {
	*deps
	links    presenterLinks
	base     fyne.Theme // the theme before presenter mode
	scale    float32
	contrast bool
	panels   panelPreset

	// screen is the room the window may take, in Fyne units at scale 1:
	// Fyne tells no monitor size, so presenter mode keeps the window within
	// the size it had at 1× (full screen or maximised on a projector). Tests
	// set it to a target screen.
	screen func() fyne.Size
	size1  fyne.Size // the window's size at 1×, restored on the way back
	// monitor is the screen's size in Fyne units (zero when unknown): the
	// room never exceeds it, whatever the canvas scale (FYNE_SCALE).
	monitor fyne.Size
	// sideHidden reports whether presenter mode hid the side panel to fit.
	sideHidden bool
	// refitDialog sizes the open presenter dialog again after the scale
	// changed (nil before it was opened).
	refitDialog func()
}

// newPresenter returns presenter mode at 1×, changing what links wires.
func newPresenter(d *deps, links presenterLinks) *presenter {
	return &presenter{deps: d, links: links, scale: 1}
}

// setScale sets the presenter scale and applies it.
func (p *presenter) setScale(scale float32) {
	p.scale = scale
	p.apply()
}

// showsSide reports whether presenter mode lets the side panel show.
func (p *presenter) showsSide() bool { return p.panels == panelsAll && !p.sideHidden }

// room returns the size the window must fit in.
func (p *presenter) room() fyne.Size {
	if p.screen != nil {
		return p.screen()
	}
	r := p.size1
	if !p.monitor.IsZero() && !r.IsZero() {
		r = fyne.NewSize(min(r.Width, p.monitor.Width), min(r.Height, p.monitor.Height))
	}
	return r
}

// fitMonitor learns the screen's size, w×h pixels, as the window shows.
// A window larger than the screen (the 1280×800 units asked for at a
// canvas scale of 2 on a 1280×800 projector) shrinks to it, collapsing
// panels as presenter mode does.
func (p *presenter) fitMonitor(w, h int) {
	sc := p.win.Canvas().Scale()
	if w <= 0 || h <= 0 || sc <= 0 {
		return
	}
	p.monitor = fyne.NewSize(float32(w)/sc, float32(h)/sc)
	if size := p.win.Canvas().Size(); size.Width > p.monitor.Width || size.Height > p.monitor.Height {
		p.size1 = fyne.NewSize(min(size.Width, p.monitor.Width), min(size.Height, p.monitor.Height))
		p.fit()
	}
}

// apply sets the theme, the chart themes and the panels, then fits the
// window within the room it had at 1×: panels collapse in order (the
// settings side panel first, then the timeline bar) until the content's
// minimum size fits, and the window never grows.
func (p *presenter) apply() {
	s := p.settings
	if c := p.win.Canvas(); p.size1.IsZero() || (p.scale == 1 && p.base == nil) {
		p.size1 = c.Size()
	}
	// Fold the collapsible panels away before the theme changes: Fyne
	// fits the window to the content's minimum size as it applies a theme,
	// and a growth queued then would win over the Resize in fit. fit shows
	// again what fits.
	for _, o := range []fyne.CanvasObject{p.links.side, p.links.bar} {
		if o != nil {
			o.Hide()
		}
	}
	if p.scale != 1 || p.contrast {
		if p.base == nil {
			p.base = s.Theme()
		}
		s.SetTheme(&presenterTheme{base: p.base, scale: p.scale, contrast: p.contrast})
	} else if p.base != nil {
		s.SetTheme(p.base)
		p.base = nil
	}
	if p.links.setTheme != nil {
		p.links.setTheme(p.chartTheme(), p.panels == panelsChartOnly)
	}
	p.fit()
	// Fyne updates the minimum sizes of some widgets only as it draws the
	// new theme: fit again then, so that the layout follows them.
	if p.bridge != nil {
		p.bridge.Go(func(context.Context) func() { return p.fit })
	}
}

// fit shows the panels the preset asks for, then hides the side panel and
// the timeline bar, in that order, while the content's minimum size does
// not fit the room; the window keeps its size at 1×.
func (p *presenter) fit() {
	room := p.room()
	side := p.links.side
	collapsible := []fyne.CanvasObject{}
	for _, o := range []fyne.CanvasObject{side, p.links.bar} {
		if o != nil {
			collapsible = append(collapsible, o)
		}
	}
	for _, o := range collapsible {
		o.Show()
	}
	if side != nil && p.panels != panelsAll {
		side.Hide()
	}
	p.sideHidden = false
	fits := func() bool {
		m := p.win.Content().MinSize()
		return m.Width <= room.Width && m.Height+menuHeight() <= room.Height
	}
	// The screens need about 1000 units beside the side panel (the
	// stepper's formulas and heat maps, the Lessons charts): below that
	// the side panel goes first, as it is the least needed while showing.
	if side != nil && !room.IsZero() && room.Width/p.scale < sidePanelRoom {
		side.Hide()
		p.sideHidden = true
	}
	for _, o := range collapsible {
		if room.IsZero() || fits() {
			break
		}
		o.Hide()
		if o == side {
			p.sideHidden = true
		}
	}
	// A panel shown again does not lay its parent out again by itself.
	if c := p.win.Content(); c != nil {
		c.Refresh()
	}
	if !room.IsZero() {
		p.win.Resize(room)
	}
	if p.refitDialog != nil {
		p.refitDialog()
	}
}

// sidePanelRoom is the window width, in units at 1×, below which presenter
// mode hides the side panel.
const sidePanelRoom = 1000

// menuHeight is the height of the menu bar that Fyne draws inside the
// window on Linux and Windows.
func menuHeight() float32 {
	return fyne.MeasureText(T("File"), theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
}

// chartTheme returns the chart theme for presenter mode: high contrast or
// the app's light/dark theme, with text and lines scaled.
func (p *presenter) chartTheme() viz.Theme {
	th := p.deps.chartTheme()
	if p.contrast {
		th = viz.HighContrast()
		if !p.dark() {
			th = highContrastLight()
		}
	}
	th.TextSize *= float64(p.scale)
	th.LineScale *= float64(p.scale)
	return th
}

// highContrastLight is viz.HighContrast's light counterpart: black on white
// with thick lines and the darker Okabe–Ito colours.
func highContrastLight() viz.Theme {
	th := viz.HighContrast()
	lt := viz.Light()
	th.Background, th.Foreground, th.Grid = lt.Background, color.NRGBA{A: 0xff}, color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
	th.Muted = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	th.Series, th.Diverging, th.Sequential = lt.Series, lt.Diverging, lt.Sequential
	return th
}

// show opens the presenter-mode settings.
func (p *presenter) show() {
	scales := []string{T("Normal (1×)"), T("Large (1.5×)"), T("Very large (2×)")}
	values := []float32{1, 1.5, 2}
	size := widget.NewRadioGroup(scales, nil)
	for i, v := range values {
		if v == p.scale {
			size.SetSelected(scales[i])
		}
	}
	contrast := widget.NewCheck(T("High contrast"), nil)
	contrast.SetChecked(p.contrast)
	panelNames := []string{T("Show everything"), T("Hide the settings panel"), T("Charts only (Lessons tab)")}
	panels := widget.NewRadioGroup(panelNames, nil)
	panels.SetSelected(panelNames[p.panels])
	// apply redraws everything in the new theme; the choices then show
	// their state again (a radio item redrawn mid-tap showed none chosen).
	apply := func() {
		p.apply()
		size.Refresh()
		contrast.Refresh()
		panels.Refresh()
	}
	size.OnChanged = func(s string) {
		for i, n := range scales {
			if n == s {
				p.scale = values[i]
			}
		}
		apply()
	}
	contrast.OnChanged = func(b bool) { p.contrast = b; apply() }
	panels.OnChanged = func(s string) {
		for i, n := range panelNames {
			if n == s {
				p.panels = panelPreset(i)
			}
		}
		apply()
	}
	form := widget.NewForm(
		widget.NewFormItem(T("Text and element size"), size),
		widget.NewFormItem(T("Colours"), contrast),
		widget.NewFormItem(T("Panels"), panels),
	)
	note := widget.NewLabel(T("Light or dark follows the system. F11 toggles full screen."))
	note.Wrapping = fyne.TextWrapWord
	refit := showFitted(p.win, T("Presenter mode"), widget.NewForm(append(form.Items, widget.NewFormItem("", note))...), 520)
	p.refitDialog = refit
}
