package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dataPanel tells the user where MNIST stands and offers to fetch it or to
// choose a folder. It hides itself once the data is ready.
type dataPanel struct {
	ui       *ui
	message  *widget.Label
	progress *widget.ProgressBar
	fetch    *widget.Button
	choose   *widget.Button
	content  *fyne.Container
	stopTick context.CancelFunc
}

func newDataPanel(u *ui) *dataPanel {
	p := &dataPanel{ui: u, message: widget.NewLabel(""), progress: widget.NewProgressBar()}
	p.message.Wrapping = fyne.TextWrapWord
	p.fetch = widget.NewButtonWithIcon(T("Fetch MNIST"), theme.DownloadIcon(), u.sess.fetch)
	p.fetch.Importance = widget.HighImportance
	p.choose = widget.NewButtonWithIcon(T("Choose folder…"), theme.FolderOpenIcon(), p.chooseFolder)
	p.content = container.NewVBox(p.message, p.progress, container.NewHBox(p.fetch, p.choose))
	u.sess.onData = append(u.sess.onData, p.refresh)
	p.refresh()
	return p
}

// refresh shows the session's data state. Call on the UI goroutine.
func (p *dataPanel) refresh() {
	s := p.ui.sess
	p.message.SetText(s.describeData())
	if p.stopTick != nil {
		p.stopTick()
		p.stopTick = nil
	}
	switch s.dataState {
	case dataReady:
		p.content.Hide()
		return
	case dataFetching:
		p.progress.Show()
		p.progress.SetValue(0)
		p.fetch.Disable()
		p.choose.Disable()
		p.tickProgress()
	case dataFailed:
		p.progress.Hide()
		p.fetch.SetText(T("Retry"))
		p.fetch.Enable()
		p.choose.Enable()
	case dataMissing:
		p.progress.Hide()
		p.fetch.SetText(T("Fetch MNIST"))
		p.fetch.Enable()
		p.choose.Enable()
	default:
		p.progress.Hide()
		p.fetch.Disable()
		p.choose.Disable()
	}
	p.content.Show()
}

// tickProgress updates the progress bar ten times a second while fetching.
func (p *dataPanel) tickProgress() {
	ctx, cancel := context.WithCancel(p.ui.sess.ctx)
	p.stopTick = cancel
	p.ui.sess.goBackground(func(context.Context) {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			done, total, file := p.ui.sess.fetchProgress()
			fyne.Do(func() {
				if ctx.Err() != nil {
					return
				}
				if total > 0 {
					p.progress.SetValue(float64(done) / float64(total))
				}
				if file != "" {
					p.message.SetText(fmt.Sprintf("%s %s (%.1f MB)", T("Fetching MNIST…"), file, float64(done)/1e6))
				}
			})
		}
	})
}

func (p *dataPanel) chooseFolder() {
	if p.ui.webNoFiles() {
		return
	}
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, p.ui.win)
			return
		}
		if u == nil {
			return
		}
		p.ui.sess.useFolder(u.Path())
	}, p.ui.win)
	d.Show()
}
