package viz

import (
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"

	"git.sr.ht/~sbinet/gg"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Theme holds every colour and the one font setting used by the renderers.
// All text drawn by this package goes through Theme.Font and Theme.TextSize.
type Theme struct {
	// Font selects the typeface, variant, style and weight of all text.
	// Font.Size is ignored: sizes derive from TextSize. The face is looked
	// up in gonum/plot's font.DefaultCache, so a CJK font is used by adding
	// its collection there and naming its Typeface here.
	Font font.Font
	// TextSize is the size of axis labels in dp; titles are 15 % larger,
	// tick labels 5 % and legends and annotations 10 % smaller.
	TextSize float64
	// LineScale multiplies every data and grid line width (1 normally);
	// it must be positive, like TextSize.
	LineScale float64

	// Background fills the image; a transparent colour leaves it clear.
	Background color.NRGBA
	// Foreground is used for titles, labels, axes and tick marks.
	Foreground color.NRGBA
	// Muted is used for secondary text and for non-highlighted bars.
	Muted color.NRGBA
	// Grid is the colour of grid lines.
	Grid color.NRGBA
	// Series is the categorical palette indexed by Series.Color.
	Series []color.NRGBA
	// Diverging is the palette for signed values such as weights, for the
	// app to pass to Tile, TileGrid and ColorBar.
	Diverging Diverging
	// Sequential is the palette for non-negative values such as counts;
	// Confusion uses it.
	Sequential Sequential
}

// Light returns the default light theme: dark text on white, Okabe–Ito
// series colours, RdBu weights (white at zero) and Blues for counts.
func Light() Theme {
	return Theme{
		Font:       font.Font{Typeface: "Liberation", Variant: "Sans"},
		TextSize:   12,
		LineScale:  1,
		Background: hex(0xffffff),
		Foreground: hex(0x262626),
		Muted:      hex(0x8a8a8a),
		Grid:       hex(0xe6e6e6),
		Series:     []color.NRGBA{oiBlue, oiVermillion, oiGreen, oiPurple, oiOrange, oiSky, hex(0x000000), oiYellow},
		Diverging:  RdBu,
		Sequential: Blues,
	}
}

// Dark returns the dark theme matching Fyne's dark background (#171718).
// Its RdBu variant maps zero to a dark grey close to the background so
// that only large weights glow; counts use BluesDark.
func Dark() Theme {
	return Theme{
		Font:       font.Font{Typeface: "Liberation", Variant: "Sans"},
		TextSize:   12,
		LineScale:  1,
		Background: hex(0x171718),
		Foreground: hex(0xe8e8e8),
		Muted:      hex(0x8c8c8c),
		Grid:       hex(0x2f2f33),
		Series:     []color.NRGBA{oiSky, oiOrange, oiGreen, oiPurple, oiVermillion, oiYellow, hex(0xffffff), oiBlue},
		Diverging:  RdBuDark,
		Sequential: BluesDark,
	}
}

// HighContrast returns a black-background theme with white text, larger
// text, thicker lines and the brightest Okabe–Ito colours.
func HighContrast() Theme {
	return Theme{
		Font:       font.Font{Typeface: "Liberation", Variant: "Sans"},
		TextSize:   14,
		LineScale:  1.6,
		Background: hex(0x000000),
		Foreground: hex(0xffffff),
		Muted:      hex(0xc0c0c0),
		Grid:       hex(0x505050),
		Series:     []color.NRGBA{hex(0x5cc8ff), oiYellow, hex(0x00e0a0), hex(0xff8ad0), oiOrange, hex(0xffffff)},
		Diverging:  PuOrDark,
		Sequential: Viridis,
	}
}

// SeriesColor returns the categorical colour with index i, wrapping around
// the palette; negative indices count from the end.
func (th Theme) SeriesColor(i int) color.NRGBA {
	n := len(th.Series)
	if n == 0 {
		return th.Foreground
	}
	return th.Series[((i%n)+n)%n]
}

// hex returns the opaque colour 0xRRGGBB.
func hex(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// fade returns c with its alpha multiplied by a in [0, 1].
func fade(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(float64(c.A) * a))
	return c
}

// env is one rendering pass: a theme and the device scale.
// Internally one vg.Length unit is one output pixel (raster) or one
// point (SVG, scale 1), so dp lengths are multiplied by scale.
type env struct {
	th    Theme
	scale float64
}

func newEnv(th Theme, scale float64) env {
	if !(scale > 0) || math.IsInf(scale, 0) {
		panic(fmt.Sprintf("viz: scale %v must be positive and finite", scale))
	}
	if !(th.TextSize > 0) || !(th.LineScale > 0) {
		panic(fmt.Sprintf("viz: Theme.TextSize %v and LineScale %v must be positive", th.TextSize, th.LineScale))
	}
	return env{th: th, scale: scale}
}

// dp converts a length in dp to canvas units.
func (e env) dp(v float64) vg.Length { return vg.Length(v * e.scale) }

// line returns a solid line style of width dp scaled by Theme.LineScale.
func (e env) line(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: e.dp(width * e.th.LineScale)}
}

// text returns a text style of rel × Theme.TextSize. It is the only place
// where fonts are chosen.
func (e env) text(rel float64, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(e.th.Font, e.dp(rel*e.th.TextSize)),
		Handler: textHandler,
	}
}

// textPx returns a text style with an absolute size in canvas units.
func (e env) textPx(size vg.Length, c color.Color) text.Style {
	sty := e.text(1, c)
	sty.Font.Size = size
	return sty
}

var textHandler = text.Plain{Fonts: font.DefaultCache}

// Relative text sizes.
const (
	relTitle = 1.15
	relLabel = 1.0
	relTick  = 0.95
	relSmall = 0.9
)

// rasterCanvas returns a vgimg canvas drawing into a new w×h image filled
// with bg, in which one vg.Length unit is one pixel (72 dpi). It hands
// vgimg its own gg context so that vgimg does not copy the image.
func rasterCanvas(w, h int, bg color.Color) (*vgimg.Canvas, *image.RGBA) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt() // as vgimg.NewWith does for its own contexts
	ctx.InvertY()
	vc := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(72))
	imgdraw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, imgdraw.Src)
	return vc, img
}

// render draws with fn on a w×h raster and returns the image. Sizes below
// one pixel give an empty image without drawing.
func render(w, h int, e env, fn func(c draw.Canvas)) *image.RGBA {
	if w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rectangle{})
	}
	vc, img := rasterCanvas(w, h, e.th.Background)
	fn(draw.New(vc))
	return img
}

// fillRect fills the rectangle r in c with col.
func fillRect(c draw.Canvas, r vg.Rectangle, col color.Color) {
	c.SetColor(col)
	c.Fill(r.Path())
}
