//go:build js

package app

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// webLayout mirrors where the main controls are, and what the stepper and
// the Lessons tab say, into a hidden element of the page
// (#backproplab-layout, JSON). scripts/browser-test reads it to find the
// buttons wherever the layout puts them, instead of pixel positions that
// any change of the side panel would break. It is a poller: the bridge
// calls it at every tick and its result runs on the UI goroutine.
type webLayout struct {
	u      *ui
	last   string
	frames int // ticks shown (UI goroutine only)
}

// webLayoutState is what the element holds.
type webLayoutState struct {
	// Objects are the named controls' rectangles [x, y, width, height] in
	// CSS pixels from the page's top left, for the ones on screen.
	Objects map[string][4]float32 `json:"objects"`
	Tab     int                   `json:"tab"`     // the selected tab
	Batch   []string              `json:"batch"`   // the batch-size options, in order
	Presets int                   `json:"presets"` // the lesson presets offered
	Phase   string                `json:"phase"`   // the stepper's phase label
	Title   string                `json:"title"`   // the stepper's title
	Info    string                `json:"info"`    // the stepper's line about the last step
	Busy    bool                  `json:"busy"`    // the stepper is taking a step
	Lesson  string                `json:"lesson"`  // the Lessons tab's message
	Running bool                  `json:"running"` // a lesson experiment runs
	Rows    int                   `json:"rows"`    // rows of the Lessons results table
	Focused string                `json:"focused"` // the type of the focused widget, or ""
	Frames  int                   `json:"frames"`  // ticks shown: it grows while the page is responsive
}

// poll implements poller.
func (w *webLayout) poll(bool) func() {
	return func() { w.show() }
}

// show writes the state into the page when it changed (UI goroutine).
func (w *webLayout) show() {
	u := w.u
	w.frames++
	st := webLayoutState{Objects: map[string][4]float32{}}
	c := u.win.Canvas()
	d := fyne.CurrentApp().Driver()
	dpr := float32(js.Global().Get("devicePixelRatio").Float())
	if dpr <= 0 {
		dpr = 1
	}
	px := c.Scale() / dpr // CSS pixels per Fyne unit
	put := func(name string, o fyne.CanvasObject) {
		if o == nil || !o.Visible() || d.CanvasForObject(o) != c {
			return
		}
		p, s := d.AbsolutePositionForObject(o), o.Size()
		if s.Width <= 0 || s.Height <= 0 {
			return
		}
		st.Objects[name] = [4]float32{p.X * px, p.Y * px, s.Width * px, s.Height * px}
	}
	if u.tabs != nil {
		st.Tab = u.tabs.SelectedIndex()
	}
	switch st.Tab {
	case 0, 1, 2, 3, 4:
		if u.controls.content.Visible() {
			put("epoch", u.controls.stepEpoch)
			put("batch", u.controls.batch)
		}
	}
	st.Batch = append(st.Batch, u.controls.batch.Options...)
	st.Presets = len(u.lessons.preset.Options)
	// An open pop-up menu (a select's) has the focus; its items are
	// stacked evenly in it.
	if m, ok := c.Focused().(*widget.PopUpMenu); ok {
		put("popup", m)
	}
	if f := c.Focused(); f != nil {
		st.Focused = fmt.Sprintf("%T", f)
	}
	switch st.Tab {
	case 2:
		put("step", u.stepper.stepBtn)
		put("nextPhase", u.stepper.next)
	case 3:
		put("pad", u.draw.pad)
		put("clear", u.draw.clearBtn)
	case 4:
		put("preset", u.lessons.preset)
		put("lessonRun", u.lessons.run)
		put("lessonPause", u.lessons.pause)
	}
	st.Phase, st.Title, st.Info = u.stepper.phaseLbl.Text, u.stepper.title.Text, u.stepper.info.Text
	st.Busy = u.stepper.busy
	st.Lesson, st.Running = u.lessons.message.Text, u.lessons.running
	st.Rows = len(u.lessons.rows)
	// The page is written when something changed, and every tenth tick as
	// a heartbeat (Frames), which shows the page still runs.
	st.Frames = 0
	key, err := json.Marshal(st)
	if err != nil || (string(key) == w.last && w.frames%10 != 0) {
		return
	}
	w.last = string(key)
	st.Frames = w.frames
	if b, err := json.Marshal(st); err == nil {
		hiddenElement("backproplab-layout", string(b))
	}
}

// hiddenElement puts text into a hidden page element with the given id,
// made on first use (not a live region: screen readers ignore it).
func hiddenElement(id, text string) {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", id)
	if el.IsNull() {
		el = doc.Call("createElement", "script")
		el.Set("id", id)
		el.Set("type", "application/json")
		doc.Get("body").Call("appendChild", el)
	}
	el.Set("textContent", text)
}

// webLanguage returns the language the page's address asks for
// (?lang=zh-Hans), or "": a teacher can hand out a link that opens the app
// in Chinese.
func webLanguage() string {
	q := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
	if v := q.Call("get", "lang"); v.Truthy() {
		return v.String()
	}
	return ""
}
