package assets

import _ "embed"

//go:embed fonts/NotoSansSC-subset.otf
var cjkSubset []byte

// CJKSubset returns Noto Sans CJK SC (SIL Open Font License) cut down to
// the characters of the translation catalogues and printable ASCII, as an
// OpenType file: the Chinese font of the browser build, which has no
// system fonts. `make cjk-font` (scripts/cjk-subset) cuts it again after
// the catalogues change; a test checks that it covers them.
func CJKSubset() []byte { return cjkSubset }
