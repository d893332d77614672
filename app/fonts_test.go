package app

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	gtfont "github.com/go-text/typesetting/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"backproplab/assets"
	"backproplab/viz"
)

// makeCollection builds a TrueType collection of the fonts, the way font
// tools do: a ttcf header, then each font's tables with file offsets.
func makeCollection(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	be := binary.BigEndian
	out := []byte("ttcf\x00\x01\x00\x00")
	out = be.AppendUint32(out, uint32(len(fonts)))
	offPos := len(out)
	out = append(out, make([]byte, 4*len(fonts))...)
	for i, f := range fonts {
		nt := int(be.Uint16(f[4:]))
		be.PutUint32(out[offPos+4*i:], uint32(len(out)))
		dirAt := len(out)
		out = append(out, f[:12+16*nt]...)
		for j := range nt {
			r := f[12+16*j:]
			o, l := be.Uint32(r[8:]), be.Uint32(r[12:])
			for len(out)%4 != 0 {
				out = append(out, 0)
			}
			be.PutUint32(out[dirAt+12+16*j+8:], uint32(len(out)))
			out = append(out, f[o:o+l]...)
		}
	}
	return out
}

func TestExtractFace(t *testing.T) {
	ttc := makeCollection(t, goregular.TTF, gobold.TTF)
	if _, err := opentype.ParseCollection(ttc); err != nil {
		t.Fatalf("test collection does not parse: %v", err)
	}
	for i, want := range []string{"Go Regular", "Go Bold"} {
		raw, err := extractFace(ttc, i)
		if err != nil {
			t.Fatalf("extractFace(%d): %v", i, err)
		}
		f, err := opentype.Parse(raw)
		if err != nil {
			t.Fatalf("extractFace(%d) does not parse: %v", i, err)
		}
		if got, _ := f.Name(nil, sfnt.NameIDFull); got != want {
			t.Errorf("extractFace(%d) is %q, want %q", i, got, want)
		}
		if _, err := gtfont.ParseTTF(bytes.NewReader(raw)); err != nil {
			t.Errorf("extractFace(%d): Fyne's parser fails: %v", i, err)
		}
	}
	if raw, err := extractFace(goregular.TTF, 0); err != nil || !bytes.Equal(raw, goregular.TTF) {
		t.Errorf("extractFace(single font) = %d bytes, %v; want the font itself", len(raw), err)
	}
	for _, c := range []struct {
		name  string
		data  []byte
		index int
	}{
		{"face out of range", ttc, 2},
		{"negative face", ttc, -1},
		{"truncated", ttc[:40], 1},
		{"short header", []byte("ttcf\x00"), 0},
		{"face of a single font", goregular.TTF, 1},
	} {
		if _, err := extractFace(c.data, c.index); err == nil {
			t.Errorf("extractFace(%s) gave no error", c.name)
		}
	}
}

// TestCJKFont checks the Chinese font findCJKFont picks: Fyne can load it and it has
// every character of the Chinese catalogue, so nothing shows as a box.
func TestCJKFont(t *testing.T) {
	f, err := findCJKFont()
	if errors.Is(err, errNoCJKFont) {
		t.Skip("no Chinese font on this system (Debian: apt-get install fonts-noto-cjk)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("using %s from %s", f.family, f.path)
	for i, face := range f.faces {
		if face == nil {
			continue
		}
		if _, err := gtfont.ParseTTF(bytes.NewReader(face.data)); err != nil {
			t.Errorf("face %d: Fyne cannot load it: %v", i, err)
		}
	}
	zh, err := assets.Catalogue("zh-Hans")
	if err != nil {
		t.Fatal(err)
	}
	// Characters of the English key (maths such as ᵀ) are found as they
	// are in English, through Fyne's fallback fonts; the characters the
	// translation adds must all be in the Chinese font, as charts have no
	// fallback.
	for k, v := range zh {
		for _, r := range v {
			if ok, _ := viz.HasGlyphs(f.faces[faceRegular].font, string(r)); !ok && !strings.ContainsRune(k, r) {
				t.Errorf("%s lacks %q (U+%04X) of %q (key %q)", f.family, r, r, v, k)
			}
		}
	}
	for _, l := range languageNames {
		if ok, r := viz.HasGlyphs(f.faces[faceRegular].font, l.name); !ok {
			t.Errorf("%s lacks %q of %q", f.family, r, l.name)
		}
	}
}

func TestPickFaceRejectsLatinFonts(t *testing.T) {
	if _, _, err := pickFace(makeCollection(t, goregular.TTF, gobold.TTF)); !errors.Is(err, errNoCJKFont) {
		t.Errorf("pickFace(Go fonts) = %v, want errNoCJKFont", err)
	}
	if _, _, err := pickFace([]byte("not a font")); err == nil {
		t.Error("pickFace(garbage) gave no error")
	}
}

func TestCJKTheme(t *testing.T) {
	f := &cjkFont{family: "Test CJK"}
	f.faces[faceRegular] = &fontFace{data: goregular.TTF}
	th := newCJKTheme(theme.DefaultTheme(), f)
	for _, c := range []struct {
		style fyne.TextStyle
		want  string
	}{
		{fyne.TextStyle{}, "TestCJK-Regular.otf"},
		{fyne.TextStyle{Bold: true}, "TestCJK-Regular.otf"}, // no bold face: regular
		{fyne.TextStyle{Italic: true}, "TestCJK-Regular.otf"},
		{fyne.TextStyle{Monospace: true}, "NotoSansSC-subset-Mono.otf"},
		{fyne.TextStyle{Symbol: true}, theme.DefaultTheme().Font(fyne.TextStyle{Symbol: true}).Name()},
	} {
		if got := th.Font(c.style).Name(); got != c.want {
			t.Errorf("Font(%+v) = %s, want %s", c.style, got, c.want)
		}
	}
	f.faces[faceBold] = &fontFace{data: gobold.TTF}
	if got := newCJKTheme(theme.DefaultTheme(), f).Font(fyne.TextStyle{Bold: true}).Name(); got != "TestCJK-Bold.otf" {
		t.Errorf("bold font = %s", got)
	}
}

// TestUseLanguageWithoutFont checks that without a Chinese font the app
// stays in English and explains why, instead of showing boxes.
func TestUseLanguageWithoutFont(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(resetLanguage)
	base := a.Settings().Theme()
	got, problem := useLanguage(a, "zh_CN.UTF-8", func() (*cjkFont, error) { return nil, errNoCJKFont })
	if got != "en" {
		t.Errorf("useLanguage without font = %q, want en", got)
	}
	if T("Training") != "Training" {
		t.Errorf("T(Training) = %q, want English", T("Training"))
	}
	if !strings.Contains(problem, "fonts-noto-cjk") {
		t.Errorf("problem = %q, want an explanation naming fonts-noto-cjk", problem)
	}
	if st, ok := a.Settings().Theme().(*symbolTheme); !ok || st.Theme != base {
		t.Errorf("theme = %T, want the symbol fonts over the base theme alone (no font was found)", a.Settings().Theme())
	}
}

// TestLanguageBackToEnglish calls useLanguage for Chinese, then English, in
// one process, on a system whose language is English: Fyne's own words
// (the file dialog's buttons) follow each call, not only the app's. The app
// applies a new language at its next start, but every app test builds its
// window in the same process, and one in Chinese left Fyne's dialogs in
// Chinese for the tests after it.
func TestLanguageBackToEnglish(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	a := test.NewTempApp(t)
	t.Cleanup(resetLanguage)
	for _, tc := range []struct{ code, save string }{{"zh-Hans", "保存"}, {"en", "Save"}} {
		if got, problem := useLanguage(a, tc.code, embeddedCJKFont); got != tc.code || problem != "" {
			t.Fatalf("useLanguage(%s) = %q, %q", tc.code, got, problem)
		}
		if got := lang.L("Save"); got != tc.save {
			t.Errorf("after switching to %s, Fyne's file dialog says %q, want %q", tc.code, got, tc.save)
		}
	}
}
