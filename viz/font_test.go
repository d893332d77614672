package viz

import (
	"testing"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"gonum.org/v1/plot/font"
)

func TestParseFont(t *testing.T) {
	for _, c := range []struct {
		name  string
		data  []byte
		index int
		ok    bool
	}{
		{"ttf", goregular.TTF, 0, true},
		{"index past the end", goregular.TTF, 1, false},
		{"negative index", goregular.TTF, -1, false},
		{"garbage", []byte("not a font at all"), 0, false},
		{"empty", nil, 0, false},
	} {
		f, err := ParseFont(c.data, c.index)
		if (err == nil) != c.ok || (c.ok && f == nil) {
			t.Errorf("ParseFont(%s) = %v, %v; want ok %v", c.name, f, err, c.ok)
		}
	}
}

func TestHasGlyphs(t *testing.T) {
	f, err := ParseFont(goregular.TTF, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    string
		ok   bool
		miss rune
	}{
		{"Loss 0.25", true, 0},
		{"tab\tand\nnewline", true, 0},
		{"损失", false, '损'},
		{"Loss 损失", false, '损'},
	} {
		ok, r := HasGlyphs(f, c.s)
		if ok != c.ok || r != c.miss {
			t.Errorf("HasGlyphs(%q) = %v, %q; want %v, %q", c.s, ok, r, c.ok, c.miss)
		}
	}
}

// TestSetFont checks that SetFont puts its faces under the themes' typeface
// for every style and weight, and that ResetFont restores Liberation.
func TestSetFont(t *testing.T) {
	reg, err := ParseFont(goregular.TTF, 0)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := ParseFont(gomono.TTF, 0)
	if err != nil {
		t.Fatal(err)
	}
	lib := font.DefaultCache.Lookup(ThemeTypeface, 12).Face
	t.Cleanup(ResetFont)
	SetFont(reg, bold)
	for _, c := range []struct {
		style  stdfont.Style
		weight stdfont.Weight
		want   any
	}{
		{stdfont.StyleNormal, stdfont.WeightNormal, reg},
		{stdfont.StyleItalic, stdfont.WeightNormal, reg},
		{stdfont.StyleNormal, stdfont.WeightBold, bold},
		{stdfont.StyleItalic, stdfont.WeightBold, bold},
	} {
		f := ThemeTypeface
		f.Style, f.Weight = c.style, c.weight
		if got := font.DefaultCache.Lookup(f, 12).Face; got != c.want {
			t.Errorf("after SetFont, %v %v is not the new face", c.style, c.weight)
		}
	}
	for _, th := range []Theme{Light(), Dark(), HighContrast()} {
		if th.Font.Typeface != ThemeTypeface.Typeface || th.Font.Variant != ThemeTypeface.Variant {
			t.Errorf("a theme uses %v, not ThemeTypeface", th.Font)
		}
	}
	ResetFont()
	if got := font.DefaultCache.Lookup(ThemeTypeface, 12).Face; got != lib {
		t.Error("ResetFont did not restore Liberation Sans")
	}
}

func TestSetTranslator(t *testing.T) {
	t.Cleanup(func() { SetTranslator(nil) })
	if got := tr("Predicted"); got != "Predicted" {
		t.Errorf("tr without translator = %q", got)
	}
	SetTranslator(func(s string) string { return "<" + s + ">" })
	if got := tr("Predicted"); got != "<Predicted>" {
		t.Errorf("tr = %q", got)
	}
	SetTranslator(nil)
	if got := tr("True"); got != "True" {
		t.Errorf("tr after SetTranslator(nil) = %q", got)
	}
}
