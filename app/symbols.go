package app

import (
	"fyne.io/fyne/v2"

	"backproplab/assets"
)

// symbolTheme wraps the app's theme so that text draws the characters the
// app uses that Fyne's own fonts lack (→ ← ∂ − √ ≈ ≠ ≥ ⊙ ℓ, 简体中文 in the
// language menu) from embedded fonts.
//
// Fyne (internal/painter/font.go, v2.8.1) draws each rune with the first
// face that has it, in this order: the theme's font for the style, Fyne's
// default font for that style, its symbol font (Inter Symbols), then a
// system font. Inter Symbols has the arrows but no space, and a space stays
// in the run of the character before it, so "784 → 128" drew a box after
// the arrow; the browser has no system fonts at all. The embedded fonts come
// first here, and every other rune falls through to Fyne's default font of
// the style, so text without those characters looks exactly as before. They
// carry the line metrics and space width of Fyne's font, so a label keeps
// its size. Italic text takes the upright symbols.
//
// It only wraps themes whose fonts are Fyne's defaults (the app's are); the
// Chinese theme wraps it and has the same characters in its CJK subset.
type symbolTheme struct {
	fyne.Theme
	faces
}

// faces are the fonts a theme wrapper puts before its base theme's, by
// style; symbol text keeps the base theme's.
type faces struct {
	regular, bold, mono fyne.Resource // bold nil: regular
}

// font returns the face for style s, over base.
func (f *faces) font(base fyne.Theme, s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		return base.Font(s)
	case s.Monospace:
		return f.mono
	case s.Bold && f.bold != nil:
		return f.bold
	}
	return f.regular
}

var _ fyne.Theme = (*symbolTheme)(nil)

// newSymbolTheme wraps base with the symbol fonts, once.
func newSymbolTheme(base fyne.Theme) fyne.Theme {
	if _, ok := base.(*symbolTheme); ok {
		return base
	}
	return &symbolTheme{Theme: base, faces: faces{
		regular: fyne.NewStaticResource("BackpropLabSymbols-Regular.otf", assets.Symbols()),
		bold:    fyne.NewStaticResource("BackpropLabSymbols-Bold.otf", assets.SymbolsBold()),
		mono:    cjkMonoResource(),
	}}
}

// cjkMonoResource returns the monospaced text's font: the Chinese
// characters and the symbols DejaVu Sans Mono lacks (assets.CJKSubsetMono).
func cjkMonoResource() fyne.Resource {
	return fyne.NewStaticResource("NotoSansSC-subset-Mono.otf", assets.CJKSubsetMono())
}

// Font implements fyne.Theme.
func (t *symbolTheme) Font(s fyne.TextStyle) fyne.Resource { return t.font(t.Theme, s) }
