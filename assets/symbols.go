package assets

import _ "embed"

var (
	//go:embed fonts/Symbols-Regular.otf
	symbols []byte
	//go:embed fonts/Symbols-Bold.otf
	symbolsBold []byte
)

// Symbols returns the characters the English UI and the app's strings
// show that Fyne's own text font (Noto Sans) lacks, such as → ← ∂ − √ ≈ ≠
// ≥ ⊙ and the language menu's 简体中文: Noto Sans CJK SC (SIL Open Font
// License) cut down to them and to the space, with Noto Sans's line metrics
// and space width, so that a label with an arrow keeps its size. `make
// cjk-font` (scripts/cjk-subset) cuts it again; a test in app checks that
// the fonts cover every string.
func Symbols() []byte { return symbols }

// SymbolsBold is Symbols' bold face.
func SymbolsBold() []byte { return symbolsBold }
