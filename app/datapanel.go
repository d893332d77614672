package app

import (
	"fmt"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dataPanel tells the user where MNIST stands and offers to fetch it or to
// choose a folder. It hides itself once the data is ready; then its
// dataset bar names the dataset and offers the others.
type dataPanel struct {
	*deps
	sets     *datasetBar
	message  *widget.Label
	progress *widget.ProgressBar
	fetch    *widget.Button
	choose   *widget.Button
	mnist    *fyne.Container // where MNIST stands, until it is loaded
	content  *fyne.Container
	fetching atomic.Bool  // the progress follows a download (set on the UI goroutine)
	lastDone atomic.Int64 // bytes shown (bridge goroutine)
}

// newDataPanel returns the data panel; its fetch progress is polled while
// vis is shown. examplesDir holds the drawings saved from the Draw tab.
func newDataPanel(d *deps, vis *visibility, examplesDir string) *dataPanel {
	p := &dataPanel{deps: d, message: widget.NewLabel(""), progress: widget.NewProgressBar()}
	p.message.Wrapping = fyne.TextWrapWord
	p.fetch = widget.NewButtonWithIcon(T("Fetch MNIST"), theme.DownloadIcon(), d.sess.fetch)
	p.fetch.Importance = widget.HighImportance
	p.choose = widget.NewButtonWithIcon(T("Choose folder…"), theme.FolderOpenIcon(), p.chooseFolder)
	p.mnist = container.NewVBox(p.message, p.progress, container.NewHBox(p.fetch, p.choose))
	p.sets = newDatasetBar(d, vis, examplesDir)
	p.content = container.NewVBox(p.mnist, p.sets.outer)
	d.sess.onData = append(d.sess.onData, p.refresh)
	p.refresh()
	d.bridge.AddPoller(p, vis)
	return p
}

// refresh shows the session's data state. Call on the UI goroutine.
func (p *dataPanel) refresh() {
	s := p.sess
	p.message.SetText(s.describeData())
	p.fetching.Store(s.dataState == dataFetching)
	p.lastDone.Store(-1)
	switch s.dataState {
	case dataReady:
		p.mnist.Hide()
		return
	case dataFetching:
		p.progress.Show()
		p.progress.SetValue(0)
		p.fetch.Disable()
		p.choose.Disable()
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
	p.mnist.Show()
}

// poll implements poller: while fetching, the progress bar and the
// message follow the download at the bridge's rate.
func (p *dataPanel) poll(force bool) func() {
	if !p.fetching.Load() {
		return nil
	}
	done, total, file := p.sess.fetchProgress()
	if p.lastDone.Swap(done) == done && !force {
		return nil
	}
	return func() {
		if !p.fetching.Load() {
			return // the fetch ended meanwhile: refresh showed that
		}
		if total > 0 {
			p.progress.SetValue(float64(done) / float64(total))
		}
		if file != "" {
			p.message.SetText(fmt.Sprintf("%s %s (%.1f MB)", T("Fetching MNIST…"), file, float64(done)/1e6))
		}
	}
}

func (p *dataPanel) chooseFolder() {
	if p.webNoFiles() {
		return
	}
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, p.win)
			return
		}
		if u == nil {
			return
		}
		p.sess.useFolder(u.Path())
	}, p.win)
	d.Show()
}
