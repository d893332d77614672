package viz

import (
	"fmt"
	"sync"
	"sync/atomic"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
)

// This file lets charts draw scripts that Liberation lacks, such as Chinese.
// gonum/plot draws every string with one face and has no per-glyph
// fallback, so a CJK font (which also has Latin glyphs) must take the place
// of the themes' typeface as a whole.

// ThemeTypeface is the typeface that Light, Dark and HighContrast name in
// Theme.Font: Liberation Sans.
var ThemeTypeface = font.Font{Typeface: "Liberation", Variant: "Sans"}

// ParseFont parses an OpenType or TrueType font (.otf, .ttf) or, for a
// collection (.ttc, .otc), its face with the given index.
func ParseFont(data []byte, index int) (f *opentype.Font, err error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("parse font: %d bytes is too short", len(data))
	}
	defer func() { // sfnt can panic on malformed data
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parse font: malformed data: %v", r)
		}
	}()
	c, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("parse font: %w", err)
	}
	if index < 0 || index >= c.NumFonts() {
		return nil, fmt.Errorf("font face %d: the file has %d", index, c.NumFonts())
	}
	f, err = c.Font(index)
	if err != nil {
		return nil, fmt.Errorf("parse font face %d: %w", index, err)
	}
	return f, nil
}

// HasGlyphs reports whether f has a glyph for every rune of s other than
// white space and control characters, and returns the first rune it lacks.
func HasGlyphs(f *opentype.Font, s string) (bool, rune) {
	var buf sfnt.Buffer
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == 0xa0 || r == '\u200b' {
			continue
		}
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			return false, r
		}
	}
	return true, 0
}

var fontMu sync.Mutex // serialises SetFont and ResetFont

// SetFont makes every chart whose Theme.Font is ThemeTypeface (all the
// built-in themes) draw with regular, and bold text with bold (regular when
// nil): it replaces Liberation Sans's faces in font.DefaultCache. Italic
// faces map to the upright ones. Call it before rendering, typically once at
// start-up; ResetFont undoes it. Exported SVG files embed the new faces.
func SetFont(regular, bold *opentype.Font) {
	if regular == nil {
		panic("viz: SetFont needs a regular face")
	}
	if bold == nil {
		bold = regular
	}
	fontMu.Lock()
	defer fontMu.Unlock()
	var coll font.Collection
	for _, st := range []stdfont.Style{stdfont.StyleNormal, stdfont.StyleItalic} {
		for _, w := range []stdfont.Weight{stdfont.WeightNormal, stdfont.WeightBold} {
			f := ThemeTypeface
			f.Style, f.Weight = st, w
			face := regular
			if w == stdfont.WeightBold {
				face = bold
			}
			coll = append(coll, font.Face{Font: f, Face: face})
		}
	}
	font.DefaultCache.Add(coll)
}

// ResetFont puts Liberation Sans back after SetFont.
func ResetFont() {
	fontMu.Lock()
	defer fontMu.Unlock()
	var coll font.Collection
	for _, f := range liberation.Collection() {
		if f.Font.Typeface == ThemeTypeface.Typeface && f.Font.Variant == ThemeTypeface.Variant {
			coll = append(coll, f)
		}
	}
	font.DefaultCache.Add(coll)
}

// translate translates the few words the renderers write themselves
// ("No data yet", "Predicted", "True"); nil leaves them in English.
var translate atomic.Pointer[func(string) string]

// SetTranslator makes the renderers pass their own words (such as the
// empty-chart message and the confusion matrix's axis titles) through fn;
// nil leaves them in English.
func SetTranslator(fn func(string) string) {
	if fn == nil {
		translate.Store(nil)
		return
	}
	translate.Store(&fn)
}

// tr translates one of the renderers' own words with the function given to
// SetTranslator.
func tr(s string) string {
	if fn := translate.Load(); fn != nil {
		return (*fn)(s)
	}
	return s
}
