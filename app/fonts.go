package app

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"backproplab/assets"
	"backproplab/viz"
)

// cjkProbe holds characters that a font must have to show the Chinese UI.
const cjkProbe = "神经网络输入层隐藏层输出层前向反向传播链式法则损失函数均方误差交叉熵梯度下降随机学习率过拟合正则化验证训练"

// envCJKFont names a font file (.ttf, .otf, .ttc) to use for Chinese text,
// instead of the subset the assets embed.
const envCJKFont = "BACKPROPLAB_CJK_FONT"

// cjkFamilies are preferred font families for Simplified Chinese, best
// first. In a collection, the first face whose family starts with one of
// them and has every glyph of cjkProbe is used.
//
//i18n:english
var cjkFamilies = []string{
	"Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
	"Microsoft YaHei", "Hiragino Sans GB", "Heiti SC", "STHeiti", "DengXian",
	"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
	"Noto Sans SC", "SimHei", "AR PL UMing CN", "AR PL UKai CN", "SimSun",
	"Noto Serif CJK SC", "Arial Unicode MS",
}

// fontCandidate is a font file that may have Chinese glyphs, with its bold
// counterpart if there is one.
type fontCandidate struct{ regular, bold string }

// cjkFont is a font with Chinese glyphs, split out of its collection:
// each face is a standalone OpenType file, as Fyne needs.
type cjkFont struct {
	family string       // e.g. "Noto Sans CJK SC"
	path   string       // where the regular face came from
	faces  [2]*fontFace // regular and bold; bold may be nil
}

// fontFace is one face: its standalone file and the parsed font.
type fontFace struct {
	data []byte
	font *opentype.Font
}

const (
	faceRegular = iota
	faceBold
)

// errNoCJKFont says that no font with Chinese glyphs was found.
//
//i18n:english
var errNoCJKFont = errors.New("no font with Chinese characters was found")

// findCJKFont returns the font for Chinese text: the file named by
// $BACKPROPLAB_CJK_FONT when it loads, else the Noto Sans SC subset that the
// assets embed, in its regular and bold weights. The subset has every
// character of the catalogues; Fyne draws any other character (in a name a
// user typed, say) with a system font, loaded only then. The whole system
// font (Noto Sans CJK, PingFang…) is not used by default: Fyne keeps a copy
// of its glyph tables per text style, about 80 MB in all.
func findCJKFont() (*cjkFont, error) {
	if p := os.Getenv(envCJKFont); p != "" {
		if f, err := loadCJKFont(fontCandidate{p, ""}); err == nil {
			return f, nil
		}
	}
	return embeddedCJKFont()
}

// embeddedCJKFont returns the Noto Sans SC subset that the assets embed.
func embeddedCJKFont() (*cjkFont, error) {
	face, family, err := pickFace(assets.CJKSubset())
	if err != nil {
		return nil, err
	}
	f := &cjkFont{family: family, path: "assets/fonts/NotoSansSC-subset.otf"}
	f.faces[faceRegular] = face
	if bold, _, err := pickFace(assets.CJKSubsetBold()); err == nil {
		f.faces[faceBold] = bold
	}
	return f, nil
}

// loadCJKFont reads c and picks its best Simplified Chinese faces.
func loadCJKFont(c fontCandidate) (*cjkFont, error) {
	data, err := os.ReadFile(c.regular)
	if err != nil {
		return nil, err
	}
	reg, family, err := pickFace(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.regular, err)
	}
	f := &cjkFont{family: family, path: c.regular}
	f.faces[faceRegular] = reg
	if c.bold != "" {
		if b, err := os.ReadFile(c.bold); err == nil {
			if bold, _, err := pickFace(b); err == nil {
				f.faces[faceBold] = bold
			}
		}
	}
	return f, nil
}

// pickFace returns the face of the font file data (a single font or a
// collection) that best shows Simplified Chinese, as a standalone file,
// and its family name. Monospaced faces (named "… Mono …") are skipped:
// their Latin letters are too wide for labels.
//
//i18n:english
func pickFace(data []byte) (face *fontFace, family string, err error) {
	if len(data) < 12 {
		return nil, "", fmt.Errorf("parse font: %d bytes is too short", len(data))
	}
	defer func() { // sfnt can panic on malformed data
		if r := recover(); r != nil {
			face, family, err = nil, "", fmt.Errorf("parse font: malformed data: %v", r)
		}
	}()
	c, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, "", fmt.Errorf("parse font: %w", err)
	}
	best, bestRank := -1, len(cjkFamilies)+1
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			continue
		}
		name, _ := f.Name(nil, sfnt.NameIDFamily)
		if strings.Contains(name, "Mono") {
			continue
		}
		if ok, _ := viz.HasGlyphs(f, cjkProbe); !ok {
			continue
		}
		rank := len(cjkFamilies)
		for j, fam := range cjkFamilies {
			if strings.HasPrefix(name, fam) {
				rank = j
				break
			}
		}
		if rank < bestRank {
			best, bestRank, family = i, rank, name
		}
	}
	if best < 0 {
		return nil, "", errNoCJKFont
	}
	raw, err := extractFace(data, best)
	if err != nil {
		return nil, "", err
	}
	f, err := opentype.Parse(raw)
	if err != nil {
		return nil, "", fmt.Errorf("parse extracted face %d: %w", best, err)
	}
	return &fontFace{data: raw, font: f}, family, nil
}

// extractFace returns face index of a TrueType/OpenType collection as a
// standalone font file, or data itself when it is not a collection. Fyne
// cannot load collections, and Noto Sans CJK, PingFang and Microsoft YaHei
// all ship as collections. The tables are copied, 4-byte aligned, with new
// offsets; their checksums are unchanged because their bytes are.
//
//i18n:english
func extractFace(data []byte, index int) ([]byte, error) {
	be := binary.BigEndian
	if len(data) < 4 || string(data[:4]) != "ttcf" {
		if index != 0 {
			return nil, fmt.Errorf("font face %d: not a collection", index)
		}
		return data, nil
	}
	if len(data) < 12 {
		return nil, errors.New("font collection: short header")
	}
	n := int(be.Uint32(data[8:]))
	if index < 0 || index >= n || len(data) < 12+4*n {
		return nil, fmt.Errorf("font collection: no face %d of %d", index, n)
	}
	off := int64(be.Uint32(data[12+4*index:]))
	if off+12 > int64(len(data)) {
		return nil, errors.New("font collection: face header out of range")
	}
	nt := int(be.Uint16(data[off+4:]))
	dir := off + 12
	if dir+16*int64(nt) > int64(len(data)) {
		return nil, errors.New("font collection: table directory out of range")
	}
	size := 12 + 16*int64(nt)
	for i := range nt {
		r := data[dir+16*int64(i):]
		o, l := int64(be.Uint32(r[8:])), int64(be.Uint32(r[12:]))
		if o+l > int64(len(data)) {
			return nil, fmt.Errorf("font collection: table %q out of range", r[:4])
		}
		size += (l + 3) &^ 3
	}
	out := make([]byte, 12+16*nt, size)
	copy(out, data[off:off+12])
	for i := range nt {
		r := data[dir+16*int64(i):]
		o, l := int64(be.Uint32(r[8:])), int64(be.Uint32(r[12:]))
		w := out[12+16*i:]
		copy(w[:8], r[:8]) // tag and checksum
		be.PutUint32(w[8:], uint32(len(out)))
		be.PutUint32(w[12:], uint32(l))
		out = append(out, data[o:o+l]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

// resource returns face i as a Fyne resource, or nil when it is missing.
func (f *cjkFont) resource(i int) fyne.Resource {
	if f.faces[i] == nil {
		return nil
	}
	name := strings.ReplaceAll(f.family, " ", "") + [...]string{"-Regular.otf", "-Bold.otf"}[i]
	return fyne.NewStaticResource(name, f.faces[i].data)
}

// useForCharts makes the charts draw with f.
func (f *cjkFont) useForCharts() {
	var bold *opentype.Font
	if f.faces[faceBold] != nil {
		bold = f.faces[faceBold].font
	}
	viz.SetFont(f.faces[faceRegular].font, bold)
}

// cjkTheme wraps the app's theme so that text uses a font with Chinese
// glyphs; Fyne's bundled font has none. Monospaced text uses the embedded
// Chinese-only cut (assets.CJKSubsetMono), so Fyne draws its digits and
// Latin letters with its monospaced font; symbol text keeps the base font.
// Presenter mode wraps whatever theme is set, so it keeps these fonts.
type cjkTheme struct {
	fyne.Theme
	faces
}

var _ fyne.Theme = (*cjkTheme)(nil)

// newCJKTheme wraps base with the faces of f.
func newCJKTheme(base fyne.Theme, f *cjkFont) *cjkTheme {
	return &cjkTheme{Theme: base, faces: faces{regular: f.resource(faceRegular), bold: f.resource(faceBold),
		mono: cjkMonoResource()}}
}

// Font implements fyne.Theme.
func (t *cjkTheme) Font(s fyne.TextStyle) fyne.Resource { return t.font(t.Theme, s) }
