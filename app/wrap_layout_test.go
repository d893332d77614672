package app

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestBreakCJK checks where breakCJK lets a line break: between Chinese
// characters, not before closing or after opening punctuation, and never
// inside Latin words or numbers.
func TestBreakCJK(t *testing.T) {
	const h = "\u200a"
	for _, c := range []struct{ in, want string }{
		{"神经网络", "神" + h + "经" + h + "网" + h + "络"},
		{"用 2–4 个值", "用 2–4 个" + h + "值"},
		{"按“运行”。", "按" + h + "“运" + h + "行”。"},
		{"（平均值）", "（平" + h + "均" + h + "值）"},
		{"softmax 输出", "softmax 输" + h + "出"},
		{"ReLU", "ReLU"},
	} {
		if got := breakCJK(c.in); got != c.want {
			t.Errorf("breakCJK(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestChineseWrapLayout lays the real window out in Chinese at 1024×768
// and checks every wrapped label on every tab: each line but the last is
// full, so that the first word or character of the next line would not have
// fitted on it. Before Chinese text could break between characters, a line
// ended at the last space, however much room was left ("2–4" alone on a
// line), or overflowed when there was none.
func TestChineseWrapLayout(t *testing.T) {
	u := newLayoutUI(t, "zh-Hans")
	showAtTarget(u, layoutTarget{1024, 768, 1})
	checked := 0
	for tab := range u.tabs.Items {
		u.tabs.SelectIndex(tab)
		layoutTwice(u)
		for _, prob := range wrapProblems(u.win.Content(), &checked) {
			t.Errorf("tab %d: %s", tab+1, prob)
		}
	}
	if checked == 0 {
		t.Fatal("no wrapped Chinese label of two or more lines was checked")
	}
	t.Logf("%d wrapped Chinese labels checked", checked)
}

// wrapProblems returns the under-filled lines of the wrapped labels under
// o, counting the labels of two or more lines it checked in checked.
func wrapProblems(o fyne.CanvasObject, checked *int) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if l, ok := o.(*widget.Label); ok && l.Wrapping == fyne.TextWrapWord && strings.ContainsRune(l.Text, hairSpace) {
			rows := labelRows(l)
			if len(rows) >= 2 {
				*checked++
			}
			avail := l.Size().Width - 2*theme.InnerPadding()
			ts := theme.TextSize()
			if l.SizeName != "" {
				ts = fyne.CurrentApp().Settings().Theme().Size(l.SizeName)
			}
			for i := 0; i+1 < len(rows); i++ {
				if strings.HasSuffix(rows[i].full, "\n") || rows[i+1].newPara {
					continue // a line of its own in the text
				}
				next := firstUnit(rows[i+1].text)
				if w := fyne.MeasureText(rows[i].text+" "+next, ts, l.TextStyle).Width; w <= avail-1 {
					out = append(out, fmt.Sprintf("%q: line %d %q ends early: %q would fit (%.0f of %.0f)", l.Text, i+1, rows[i].text, next, w, avail))
				}
			}
			return
		}
		for _, c := range children(o) {
			walk(c)
		}
	}
	walk(o)
	return out
}

// labelRow is one drawn line of a label.
type labelRow struct {
	text, full string
	newPara    bool // the line starts a paragraph of the text
}

// labelRows returns the lines a label draws, in order.
func labelRows(l *widget.Label) []labelRow {
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			texts = append(texts, t.Text)
			return
		}
		for _, c := range children(o) {
			walk(c)
		}
	}
	walk(l)
	paras := strings.Split(l.Text, "\n")
	var rows []labelRow
	p, at := 0, 0
	for _, tx := range texts {
		r := labelRow{text: tx}
		for p < len(paras) && at >= len(strings.TrimSpace(paras[p])) {
			p, at = p+1, 0
		}
		if p < len(paras) {
			r.newPara = at == 0
			at += len(tx) + 1
		}
		rows = append(rows, r)
	}
	return rows
}

// firstUnit returns the first word of s, or when it starts with a Chinese
// character, that character with the punctuation that may not be parted
// from it (breakCJK).
func firstUnit(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if cjkRune(r) {
		if strings.ContainsRune(noBreakAfter, r) {
			_, m := utf8.DecodeRuneInString(s[n:])
			n += m
		}
		for n < len(s) {
			r, m := utf8.DecodeRuneInString(s[n:])
			if !strings.ContainsRune(noBreakBefore, r) {
				break
			}
			n += m
		}
		return s[:n]
	}
	if i := strings.IndexAny(s, " \u200a"); i > 0 {
		return s[:i]
	}
	return s
}

// TestExportsWithoutHairSpaces checks that a CSV written from Chinese
// headings carries none of the hair spaces the catalogue adds for wrapping.
func TestExportsWithoutHairSpaces(t *testing.T) {
	setLanguage("zh-Hans")
	t.Cleanup(resetLanguage)
	heading := T("Final test accuracy")
	if !strings.ContainsRune(heading, hairSpace) {
		t.Fatalf("the Chinese heading %q has no hair space to take out", heading)
	}
	var out strings.Builder
	write := withoutHairSpaces(func(w io.Writer) error { _, err := io.WriteString(w, heading+",1\n"); return err })
	if err := write(&out); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(out.String(), hairSpace) || out.String() != strings.ReplaceAll(heading, string(hairSpace), "")+",1\n" {
		t.Errorf("exported %q", out.String())
	}
}
