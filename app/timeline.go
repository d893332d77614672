package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/nn/probe"
)

// timelineBar is the slider that scrubs the run back to any snapshot, with
// "Resume from here" to fork training from it.
type timelineBar struct {
	*deps
	content fyne.CanvasObject
	slider  *widget.Slider
	label   *widget.Label
	resume  *widget.Button
	marks   []live.Mark
	arch    nn.Arch // the run's, to name a nudged weight
	pos     int
	moving  bool // the user is dragging; the bridge does not move the slider
	onSeek  func(live.Mark)
	// src is the run the marks belong to and srcSeek what a seek on it
	// tells: the main run, or the Playground's while its tab is shown
	// (nil before the first render: the main run).
	src     *live.Runner
	srcSeek func(live.Mark)
	away    atomic.Bool // another run (the Playground's) drives the bar; any goroutine
}

func newTimelineBar(d *deps, onSeek func(live.Mark)) *timelineBar {
	b := &timelineBar{deps: d, onSeek: onSeek, pos: -1}
	b.slider = widget.NewSlider(0, 1)
	b.slider.Step = 1
	b.slider.OnChanged = func(v float64) {
		b.moving = true
		if i := int(v); i >= 0 && i < len(b.marks) {
			b.label.SetText(describeMark(b.marks[i], i, len(b.marks), b.arch))
		}
	}
	b.slider.OnChangeEnded = func(v float64) {
		b.moving = false
		b.seek(int(v))
	}
	b.label = widget.NewLabel(T("Timeline: no snapshots yet"))
	b.resume = widget.NewButtonWithIcon(T("Resume from here"), theme.MediaPlayIcon(), b.confirmResume)
	b.resume.Disable()
	settings := widget.NewButtonWithIcon("", theme.SettingsIcon(), b.showSettings)
	// Resume only shows once the run is rewound: while live it has nothing
	// to do, and the status needs the room on a narrow or presenter-scale
	// window. The status goes under the slider when it does not fit beside
	// it, and wraps only on a screen too narrow for it there.
	b.resume.Hide()
	b.label.Wrapping = fyne.TextWrapWord
	b.content = container.New(&timelineLayout{}, widget.NewLabelWithStyle(T("Timeline"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		b.slider, b.label, container.NewHBox(b.resume, settings))
	d.bridge.Add(b, nil)
	return b
}

// run returns the run the bar drives.
func (b *timelineBar) run() *live.Runner {
	if b.src != nil {
		return b.src
	}
	return b.sess.runner
}

// follow makes the bar drive another run than the main one (away: the
// Playground's, which then renders it through show) or the main run again.
// It clears the bar until the run followed renders it. UI goroutine.
func (b *timelineBar) follow(away bool) {
	if b.away.Swap(away) == away {
		return
	}
	b.src, b.srcSeek, b.marks = nil, nil, nil
	b.moving = false
	b.slider.Value = 0
	b.slider.Refresh()
	b.label.SetText(T("Timeline: no snapshots yet"))
	b.resume.Disable()
	b.bridge.Poke()
}

// confirmResume resumes training from the mark the run was rewound to,
// asking first when that drops later snapshots.
func (b *timelineBar) confirmResume() {
	r := b.run()
	if r == nil {
		return
	}
	tl := r.Timeline()
	later := len(tl.Marks) - 1 - tl.Pos
	if tl.Pos < 0 || later <= 0 {
		r.Resume()
		return
	}
	last := tl.Marks[len(tl.Marks)-1]
	confirmDiscard(b.win, T("Resume from here?"),
		Tf("Training from this snapshot erases the %d later snapshots (up to epoch %.2f, update %d) and their part of the curves.", later, last.Epochs, last.Step),
		T("Erase them and resume"), func() {
			r.Resume()
			b.log.Info("resumed from the timeline", "dropped_snapshots", later)
		})
}

// describeMark returns the label text for mark m, the i-th of n, of a
// run of architecture a.
func describeMark(m live.Mark, i, n int, a nn.Arch) string {
	s := Tf("epoch %.2f · update %d · snapshot %d of %d", m.Epochs, m.Step, i+1, n)
	if m.Nudge != nil {
		return s + " · " + nudgeText(*m.Nudge, a)
	}
	if m.Loss >= 0 {
		s += fmt.Sprintf(" · %s %s", T("loss"), formatSig(m.Loss, 3))
	}
	return s
}

// formatSig formats v with digits significant digits, so that a small
// loss reads 0.000123 rather than 0.000.
func formatSig(v float64, digits int) string {
	return strconv.FormatFloat(v, 'g', digits, 64)
}

// nudgeText names the change of a nudge mark, in a run of architecture a.
func nudgeText(nd live.Nudge, a nn.Arch) string {
	name := Tf("parameter %d", nd.Param)
	if r, err := probe.RefAt(a, nd.Param); err == nil {
		name = r.String()
	}
	return Tf("nudge: %s %+.4g", name, nd.Delta)
}

// seek moves the run to mark i on the worker and tells the screen.
func (b *timelineBar) seek(i int) {
	r := b.run()
	if r == nil || i < 0 || i >= len(b.marks) {
		return
	}
	m := b.marks[i]
	onSeek := b.onSeek
	if b.src != nil {
		onSeek = b.srcSeek
	}
	b.bridge.Go(func(context.Context) func() {
		if err := r.Seek(i); err != nil {
			return nil
		}
		return func() {
			if onSeek != nil {
				onSeek(m)
			}
			b.bridge.Poke()
		}
	})
}

// render implements view: the bar shows the main run unless another run
// drives it (follow).
func (b *timelineBar) render(s *live.Snapshot, force bool) func() {
	r := b.bridge.Runner()
	if r == nil || b.away.Load() {
		return nil
	}
	return b.show(r, s, false, b.onSeek)
}

// show returns what shows run r's timeline at snapshot s on the UI
// goroutine, unless by then the bar follows the other run (away: r is not
// the main run); a seek on it then calls onSeek. Any goroutine.
func (b *timelineBar) show(r *live.Runner, s *live.Snapshot, away bool, onSeek func(live.Mark)) func() {
	tl := r.Timeline()
	return func() {
		if b.moving || b.away.Load() != away {
			return
		}
		b.src, b.srcSeek = r, onSeek
		b.marks, b.arch = tl.Marks, s.Config.Arch
		n := len(tl.Marks)
		if n == 0 {
			return
		}
		i := tl.Pos
		if i < 0 {
			i = n - 1
			b.resume.Disable()
			b.resume.Hide()
		} else {
			b.resume.Enable()
			b.resume.Show()
		}
		b.slider.Max = float64(max(n-1, 1))
		b.slider.Value = float64(i)
		b.slider.Refresh()
		text := describeMark(tl.Marks[i], i, n, s.Config.Arch)
		if tl.Pos < 0 {
			// Live: where the run is now, as the header counts it, and how
			// many snapshots there are.
			text = T("live") + " · " + Tf("epoch %.2f · update %d · %d snapshots", s.EpochsDone(), s.Updates, n)
			if nd := tl.Marks[n-1].Nudge; nd != nil && slices.Equal(tl.Params[n-1], s.Net.Params) { // nothing trained since
				text += " · " + nudgeText(*nd, s.Config.Arch)
			}
		}
		text += Tf(" · %.0f of %.0f MB", float64(tl.Bytes)/(1<<20), float64(tl.Budget)/(1<<20))
		b.label.SetText(text)
	}
}
