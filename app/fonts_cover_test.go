package app

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	gtfont "github.com/go-text/typesetting/font"

	"backproplab/assets"
)

// shownRunes returns every printable, non-space rune of the catalogue of
// code (keys and values) and of the string and rune literals in the Go
// files (not tests) of dirs, each with an example of where it is.
func shownRunes(t *testing.T, code string, dirs ...string) map[rune]string {
	t.Helper()
	out := map[rune]string{}
	add := func(s, where string) {
		for _, r := range s {
			if unicode.IsPrint(r) && !unicode.IsSpace(r) && r != unicode.ReplacementChar {
				if _, ok := out[r]; !ok {
					out[r] = where
				}
			}
		}
	}
	m, err := assets.Catalogue(code)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		add(k, "catalogue key "+strconv.Quote(k))
		add(v, code+" catalogue "+strconv.Quote(v))
	}
	for _, l := range languageNames {
		add(l.name, "language menu")
	}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if v, ok := n.(*ast.ValueSpec); ok && len(v.Names) == 1 && v.Names[0].Name == "cjkProbe" {
					return false // characters a font is probed for, not shown
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || (lit.Kind != token.STRING && lit.Kind != token.CHAR) {
					return true
				}
				s := lit.Value
				if u, err := strconv.Unquote(s); err == nil {
					s = u
				}
				add(s, fset.Position(lit.Pos()).String())
				return true
			})
		}
	}
	return out
}

// fontChain is the faces Fyne tries for a style, in its order
// (internal/painter/font.go, v2.8.1: the theme's font, Fyne's default
// font of the style, its symbol font; then system fonts, which the
// browser does not have and which are not counted here).
func fontChain(t *testing.T, th fyne.Theme, s fyne.TextStyle) []*gtfont.Face {
	t.Helper()
	def := theme.DefaultTextFont()
	switch {
	case s.Monospace:
		def = theme.DefaultTextMonospaceFont()
	case s.Bold && s.Italic:
		def = theme.DefaultTextBoldItalicFont()
	case s.Bold:
		def = theme.DefaultTextBoldFont()
	case s.Italic:
		def = theme.DefaultTextItalicFont()
	}
	var faces []*gtfont.Face
	for _, r := range []fyne.Resource{th.Font(s), def, theme.DefaultSymbolFont()} {
		f, err := gtfont.ParseTTF(bytes.NewReader(r.Content()))
		if err != nil {
			t.Fatalf("%s: Fyne cannot load it: %v", r.Name(), err)
		}
		faces = append(faces, f)
	}
	return faces
}

// TestFontsCoverAppText checks that the fonts the app embeds, with Fyne's
// own, draw every character the catalogues and the app's and charts'
// string literals can show, in both languages and in every text style: no
// box, on a system without fonts of its own (the browser) too. `make
// cjk-font` cuts the embedded fonts again when it fails.
func TestFontsCoverAppText(t *testing.T) {
	cjk, err := embeddedCJKFont()
	if err != nil {
		t.Fatal(err)
	}
	themes := map[string]fyne.Theme{
		"en":      newSymbolTheme(theme.DefaultTheme()),
		"zh-Hans": newCJKTheme(newSymbolTheme(theme.DefaultTheme()), cjk),
	}
	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}}
	for _, code := range assets.Languages() {
		runes := shownRunes(t, code, ".", "../viz")
		for _, s := range styles {
			chain := fontChain(t, themes[code], s)
			var missing []string
			for r, where := range runes {
				found := false
				for _, f := range chain {
					if _, ok := f.NominalGlyph(r); ok {
						found = true
						break
					}
				}
				if !found {
					missing = append(missing, strconv.QuoteRune(r)+" ("+where+")")
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s, style %+v: no embedded font draws %d characters (run make cjk-font):\n%s",
					code, s, len(missing), strings.Join(missing, "\n"))
			}
		}
	}
}

// TestSymbolFontKeepsMetrics checks that text with a symbol is as tall as
// text without, and that a space beside an arrow is as wide as anywhere
// else (a space stays in the run of the character before it).
func TestSymbolFontKeepsMetrics(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newSymbolTheme(theme.DefaultTheme()))
	for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}} {
		plain := fyne.MeasureText("784 x 128", 14, s)
		arrow := fyne.MeasureText("784 → 128", 14, s)
		if arrow.Height != plain.Height {
			t.Errorf("style %+v: height with an arrow %v, without %v", s, arrow.Height, plain.Height)
		}
		gap := fyne.MeasureText("→ x", 14, s).Width - fyne.MeasureText("→x", 14, s).Width
		space := fyne.MeasureText("x x", 14, s).Width - fyne.MeasureText("xx", 14, s).Width
		if d := gap - space; d < -0.01 || d > 0.01 {
			t.Errorf("style %+v: a space after an arrow is %v wide, elsewhere %v", s, gap, space)
		}
	}
}
