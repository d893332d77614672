package assets

import (
	"testing"
	"unicode"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// TestCJKSubsetCoversCatalogues checks that both faces of the app's
// Chinese font, or failing them Fyne's own text font, have a glyph for
// every character the catalogues can show. (Noto Sans CJK has no
// superscript letters, for instance; Fyne falls back to its own font for
// them.)
func TestCJKSubsetCoversCatalogues(t *testing.T) {
	for _, face := range []struct {
		name string
		data []byte
	}{{"NotoSansSC-subset.otf", CJKSubset()}, {"NotoSansSC-subset-Bold.otf", CJKSubsetBold()}} {
		f, err := sfnt.Parse(face.data)
		if err != nil {
			t.Fatalf("parse %s: %v", face.name, err)
		}
		checkCovers(t, f, face.name)
	}
}

func checkCovers(t *testing.T, f *sfnt.Font, name string) {
	t.Helper()
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
			t.Errorf("%s: %d characters missing from fonts/%s (run make cjk-font): %q", code, len(rs), name, string(rs))
		}
	}
}
