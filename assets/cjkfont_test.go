package assets

import (
	"testing"
	"unicode"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// TestCJKSubsetCoversCatalogues checks that the browser build's Chinese
// font, or failing it Fyne's own text font, has a glyph for every character
// the catalogues can show. (Noto Sans CJK has no superscript letters, for
// instance; Fyne falls back to its own font for them.)
func TestCJKSubsetCoversCatalogues(t *testing.T) {
	f, err := sfnt.Parse(CJKSubset())
	if err != nil {
		t.Fatalf("parse the subset: %v", err)
	}
	base, err := sfnt.Parse(theme.DefaultTextFont().Content())
	if err != nil {
		t.Fatalf("parse Fyne's font: %v", err)
	}
	var buf sfnt.Buffer
	has := func(f *sfnt.Font, r rune) bool {
		i, err := f.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
	for _, code := range Languages() {
		m, err := Catalogue(code)
		if err != nil {
			t.Fatal(err)
		}
		missing := map[rune]bool{}
		for k, v := range m {
			for _, r := range k + v {
				if !unicode.IsPrint(r) || missing[r] {
					continue
				}
				if !has(f, r) && !has(base, r) {
					missing[r] = true
				}
			}
		}
		if len(missing) > 0 {
			var rs []rune
			for r := range missing {
				rs = append(rs, r)
			}
			t.Errorf("%s: %d characters missing from fonts/NotoSansSC-subset.otf (run make cjk-font): %q", code, len(rs), string(rs))
		}
	}
}
