package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
)

// Preference keys of the timeline's settings.
const (
	prefTimelineEvery  = "timelineEvery"
	prefTimelineBudget = "timelineBudgetMB"
)

// epochEndsOnly is the snapshot spacing that keeps only epoch ends: no
// epoch has this many batches.
const epochEndsOnly = 1 << 30

// timelineEveryChoices are the offered spacings of snapshots within an
// epoch, in batches; timelineBudgetChoices the offered budgets in MB.
var (
	timelineEveryChoices  = []int{25, 50, 100, live.DefaultTimelineEvery, 500, epochEndsOnly}
	timelineBudgetChoices = []int{16, live.DefaultTimelineBudget >> 20, 32, 64, 128, 256}
)

// timelinePrefs returns the saved snapshot spacing (batches) and budget
// (bytes), or the defaults when none or an unknown value is saved.
func timelinePrefs(p fyne.Preferences) (every, budget int) {
	every = p.IntWithFallback(prefTimelineEvery, live.DefaultTimelineEvery)
	if !slices.Contains(timelineEveryChoices, every) {
		every = live.DefaultTimelineEvery
	}
	mb := p.IntWithFallback(prefTimelineBudget, live.DefaultTimelineBudget>>20)
	if !slices.Contains(timelineBudgetChoices, mb) {
		mb = live.DefaultTimelineBudget >> 20
	}
	return every, mb << 20
}

func everyLabel(n int) string {
	if n == epochEndsOnly {
		return T("epoch ends only")
	}
	return Tf("every %d batches", n)
}

func budgetLabel(mb int) string { return Tf("%d MB", mb) }

// showSettings opens the dialog that sets how often the timeline keeps a
// snapshot and how much memory its snapshots may hold. The choice applies
// at once (the oldest in-between snapshots go first when the budget
// shrinks) and is kept for the next launch.
func (b *timelineBar) showSettings() {
	every, budget := timelinePrefs(b.prefs)
	everyNames := make([]string, len(timelineEveryChoices))
	for i, n := range timelineEveryChoices {
		everyNames[i] = everyLabel(n)
	}
	budgetNames := make([]string, len(timelineBudgetChoices))
	for i, mb := range timelineBudgetChoices {
		budgetNames[i] = budgetLabel(mb)
	}
	everySel := newSelect(everyNames, nil)
	everySel.SetSelectedIndex(slices.Index(timelineEveryChoices, every))
	budgetSel := newSelect(budgetNames, nil)
	budgetSel.SetSelectedIndex(slices.Index(timelineBudgetChoices, budget>>20))

	help := widget.NewLabel(b.settingsHelp())
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(T("Snapshot"), everySel),
		widget.NewFormItem(T("Memory budget"), budgetSel),
	)
	content := container.NewVBox(form, help)
	dlg := dialog.NewCustomConfirm(T("Timeline settings"), T("Apply"), T("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		e := timelineEveryChoices[max(everySel.SelectedIndex(), 0)]
		mb := timelineBudgetChoices[max(budgetSel.SelectedIndex(), 0)]
		b.prefs.SetInt(prefTimelineEvery, e)
		b.prefs.SetInt(prefTimelineBudget, mb)
		if r := b.run(); r != nil {
			r.SetTimeline(e, mb<<20)
		}
		b.sess.budget.SetLimit(mb << 20) // every run's snapshots together
		b.log.Info("timeline settings", "every", e, "budget_mb", mb)
		b.bridge.Poke()
	}, b.win)
	dlg.Resize(fyne.NewSize(520, dlg.MinSize().Height))
	dlg.Show()
}

// settingsHelp explains what the budget holds for the current model.
func (b *timelineBar) settingsHelp() string {
	s := T("Snapshots are kept at every epoch end and, within an epoch, at the chosen spacing. " +
		"When they outgrow the budget, in-between snapshots go first, then epoch ends, thinned evenly; " +
		"the first, the last and the current one always stay.")
	if r := b.run(); r != nil {
		tl := r.Timeline()
		if n := len(tl.Marks); n > 0 && tl.Marks[n-1].Bytes > 0 {
			per := float64(tl.Marks[n-1].Bytes) / (1 << 20)
			s += "\n\n" + Tf("One snapshot of this model holds %.1f MB (its weights and the optimiser's state, which resuming exactly needs).", per)
		}
	}
	return s
}
