package assets

import _ "embed"

var (
	//go:embed fonts/NotoSansSC-subset.otf
	cjkSubset []byte
	//go:embed fonts/NotoSansSC-subset-Bold.otf
	cjkSubsetBold []byte
)

// CJKSubset returns Noto Sans CJK SC (SIL Open Font License) cut down to
// the characters of the translation catalogues and printable ASCII, as an
// OpenType file: the app's Chinese font, in the browser, which has no
// system fonts, and on the desktop, where the whole system font would take
// about 80 MB more memory. `make cjk-font` (scripts/cjk-subset) cuts it
// again after the catalogues change; a test checks that it covers them.
func CJKSubset() []byte { return cjkSubset }

// CJKSubsetBold is CJKSubset's bold face, cut to the same characters.
func CJKSubsetBold() []byte { return cjkSubsetBold }

//go:embed fonts/NotoSansSC-subset-Mono.otf
var cjkSubsetMono []byte

// CJKSubsetMono is CJKSubset's regular face cut to the Chinese characters
// (and the few symbols Fyne's monospaced font lacks) alone, with the line
// metrics and space width of Fyne's monospaced font (DejaVu Sans Mono): the
// font of monospaced text in Chinese, whose digits and Latin letters Fyne
// then draws in DejaVu Sans Mono, so columns of figures still line up.
func CJKSubsetMono() []byte { return cjkSubsetMono }
