//go:build js

package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall/js"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/live"
	"backproplab/nn/mnist"
)

// This file adapts the app to the browser (GOOS=js), where there is no file
// system, no system font and one thread: MNIST comes over HTTP from beside
// the page (backproplab serve), Chinese uses the font subset in assets,
// saved files become downloads, opening files is explained rather than
// offered, and the status is mirrored into the page for screen readers and
// the browser test (scripts/browser-test).

// dataURL returns the URL of the MNIST folder beside the page.
func dataURL() (string, error) {
	page, err := url.Parse(js.Global().Get("location").Get("href").String())
	if err != nil {
		return "", err
	}
	return page.ResolveReference(&url.URL{Path: "mnist/"}).String(), nil
}

// startWeb loads MNIST from the server in the background, in place of
// looking for it on disk. It reports true: the session's start and fetch
// have nothing else to do.
func (s *session) startWeb() bool {
	s.setDataState(dataLoading, nil)
	s.bridge.Go(func(ctx context.Context) func() {
		start := time.Now()
		base, err := dataURL()
		var train, test *mnist.Set
		if err == nil {
			train, test, err = mnist.LoadURL(ctx, nil, base)
		}
		return s.loaded(ctx, base, start, train, test, err)
	})
	return true
}

// setUpWeb adds what the browser needs once the window is built: a note
// that training is slower here, no Quit item (the browser tab closes the
// app), and the status mirror.
func (u *ui) setUpWeb() {
	note := widget.NewLabel(T("In the browser, training runs on one core with Go's generic kernels, several times slower than the desktop app. Saved files arrive as downloads."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	u.win.SetContent(container.NewBorder(note, nil, nil, nil, u.win.Content()))
	if m := u.win.MainMenu(); m != nil && len(m.Items) > 0 {
		file := m.Items[0]
		var items []*fyne.MenuItem
		for _, it := range file.Items {
			if it.Label != T("Quit") {
				items = append(items, it)
			}
		}
		for len(items) > 0 && items[len(items)-1].IsSeparator {
			items = items[:len(items)-1]
		}
		file.Items = items
		u.win.SetMainMenu(m)
	}
	u.modifiers = trackShift()
	u.sess.bridge.Add(webStatus{}, nil)
	u.sess.bridge.AddPoller(&webLayout{u: u}, nil)
}

// trackShift returns whether Shift is held, as the page's key events say.
// Fyne's browser driver does not report the modifiers held (its
// CurrentKeyModifiers is the desktop driver's), which made Shift+→ step a
// batch instead of an epoch. The listeners see each key event before the
// driver does (capture on the window), so the answer is current when the
// driver hands the key to the window.
func trackShift() func() fyne.KeyModifier {
	var shift atomic.Bool
	track := js.FuncOf(func(_ js.Value, args []js.Value) any {
		shift.Store(args[0].Get("shiftKey").Bool())
		return nil
	})
	opts := map[string]any{"capture": true}
	js.Global().Call("addEventListener", "keydown", track, opts)
	js.Global().Call("addEventListener", "keyup", track, opts)
	return func() fyne.KeyModifier {
		if shift.Load() {
			return fyne.KeyModifierShift
		}
		return 0
	}
}

// webStatus mirrors training progress into the page's status region.
type webStatus struct{}

func (webStatus) render(s *live.Snapshot, force bool) func() {
	text := webStatusLine(s)
	return func() { liveRegion("backproplab-status", text) }
}

// webStatusLine is the status in one line: the epoch, the batch and the
// last full test evaluation.
func webStatusLine(s *live.Snapshot) string {
	parts := []string{
		Tf("Epoch %d/%d", s.Epoch+1, max(s.Config.Settings.Epochs, s.Epoch+1)),
		Tf("Batch %d/%d", s.Batch, s.BatchesPerEpoch),
	}
	for i := len(s.Tests) - 1; i >= 0; i-- {
		if t := s.Tests[i]; t.Full {
			parts = append(parts, Tf("Test accuracy after %.2f epochs: %.2f %% (loss %.4f)", t.Epoch, 100*t.Accuracy, t.Loss))
			break
		}
	}
	return strings.Join(parts, " · ")
}

// liveRegion puts text into the page element with the given id, a visually
// hidden ARIA live region made on first use: a canvas says nothing to a
// screen reader.
func liveRegion(id, text string) {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", id)
	if el.IsNull() {
		el = doc.Call("createElement", "div")
		el.Set("id", id)
		el.Call("setAttribute", "role", "status")
		el.Call("setAttribute", "aria-live", "polite")
		el.Get("style").Set("cssText", "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden")
		doc.Get("body").Call("appendChild", el)
	}
	if el.Get("textContent").String() != text {
		el.Set("textContent", text)
	}
}

// announcePrediction mirrors the draw pad's top guess (-1 for none).
func announcePrediction(best int) {
	liveRegion("backproplab-prediction", fmt.Sprint(best))
}

// webSave writes the file in the background and hands it to the browser
// as a download named suggested. It reports true: there is no file dialog.
func (d *deps) webSave(suggested, event string, write func(io.Writer) error) bool {
	d.bridge.Go(func(context.Context) func() {
		var b bytes.Buffer
		err := write(&b)
		return func() {
			switch {
			case errors.Is(err, errNothingToSave):
			case err != nil:
				d.log.Error("save failed", "path", suggested, "err", english(err))
				dialog.ShowError(fmt.Errorf("%s %s: %w", T("Could not save"), suggested, err), d.win)
			default:
				download(suggested, b.Bytes())
				d.log.Info(event, "path", suggested)
			}
		}
	})
	return true
}

// download offers data to the browser's downloads as a file called name.
func download(name string, data []byte) {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": "application/octet-stream"})
	urls := js.Global().Get("URL")
	href := urls.Call("createObjectURL", blob)
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", name)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	time.AfterFunc(time.Minute, func() { urls.Call("revokeObjectURL", href) })
}

// webNoFiles explains that the browser build cannot open files or
// folders, in place of a file dialog that would show nothing. It reports
// true.
func (d *deps) webNoFiles() bool {
	dialog.ShowInformation(T("Not available in the browser"),
		T("Opening files and folders needs the desktop app: the browser version cannot read them. Its MNIST comes from the server."), d.win)
	return true
}

// webRestart applies a new language preference by reloading the page
// once the preference is stored, without a ?lang= of the address (which
// would override the preference). It reports true.
func (u *ui) webRestart() bool {
	time.AfterFunc(500*time.Millisecond, func() {
		loc := js.Global().Get("location")
		page, err := url.Parse(loc.Get("href").String())
		if err != nil {
			loc.Call("reload")
			return
		}
		q := page.Query()
		q.Del("lang")
		page.RawQuery = q.Encode()
		loc.Set("href", page.String())
	})
	return true
}
