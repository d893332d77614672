package app

import (
	"bytes"
	"io"
	"strings"
	"unicode"
)

// hairSpace is put between Chinese characters of the Chinese catalogue
// (breakCJK): Fyne 2.8.1 wraps a label (TextWrapWord) only at white space
// (unicode.IsSpace, widget/richtext.go), and Chinese has none between
// words, so a long sentence overflowed or wrapped at its one space, leaving
// "2–4" alone on a line. TextWrapBreak would split Latin words and numbers
// too. The embedded Chinese fonts draw U+200A with no width (scripts/cjk-subset),
// so the text looks as before and wraps between characters.
const hairSpace = '\u200a'

// noBreakBefore are the characters a Chinese line must not begin with,
// and noBreakAfter those it must not end with (the common rules of
// Chinese line breaking).
const (
	noBreakBefore = "，。、；：？！）」』》〉】…—”’·%"
	noBreakAfter  = "（「『《〈【“‘"
)

// breakCJK returns s with a hair space wherever a line may break between
// two Chinese characters.
func breakCJK(s string) string {
	var b strings.Builder
	var prev rune
	for i, r := range s {
		if i > 0 && cjkRune(prev) && cjkRune(r) &&
			!strings.ContainsRune(noBreakBefore, r) && !strings.ContainsRune(noBreakAfter, prev) {
			b.WriteRune(hairSpace)
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// cjkRune reports whether r is a Chinese character or Chinese punctuation.
func cjkRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) ||
		r == '“' || r == '”' || r == '‘' || r == '’'
}

// withoutHairSpaces returns write with the hair spaces breakCJK put into
// translated text taken out of what it writes: a CSV or SVG file is read by
// other programs, whose fonts may draw them.
func withoutHairSpaces(write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte(string(hairSpace)), nil))
		return err
	}
}
