package viz

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
)

// WritePlaneSVG writes img as SVG vector shapes: each pixel a square of
// side scale (runs of equal colour in a row merged into one rectangle;
// transparent pixels left out), then pts as discs of radius r, in img's
// pixels times scale, ringed as DrawPoints rings them (fg for test points,
// bg for training points).
func WritePlaneSVG(w io.Writer, img image.Image, scale float64, pts []PlanePoint, r float64, fg, bg color.NRGBA) error {
	b := img.Bounds()
	bw := bufio.NewWriter(w)
	W, H := float64(b.Dx())*scale, float64(b.Dy())*scale
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" shape-rendering="crispEdges">`+"\n", W, H, W, H)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			run := 1
			for x+run < b.Max.X && color.NRGBAModel.Convert(img.At(x+run, y)).(color.NRGBA) == c {
				run++
			}
			if c.A != 0 {
				fmt.Fprintf(bw, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>`+"\n",
					float64(x-b.Min.X)*scale, float64(y-b.Min.Y)*scale, float64(run)*scale, scale, svgColor(c))
			}
			x += run
		}
	}
	for _, p := range pts {
		ring := bg
		if p.Test {
			ring = fg
		}
		fmt.Fprintf(bw, `<circle cx="%.2f" cy="%.2f" r="%g" fill="%s" stroke="%s" stroke-width="1"/>`+"\n", p.X*scale, p.Y*scale, r*scale, svgColor(p.C), svgColor(ring))
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

// svgColor formats c as an SVG colour, with its opacity when not opaque.
func svgColor(c color.NRGBA) string {
	if c.A == 255 {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("rgba(%d,%d,%d,%.3f)", c.R, c.G, c.B, float64(c.A)/255)
}

// MapSheet lays small maps out as a sheet: one column per layer, its maps
// stacked and centred, each side×side pixels (maps are scaled to it,
// nearest pixel), gap pixels apart, on a transparent background.
func MapSheet(cols [][]image.Image, side, gap int) *image.RGBA {
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	W := len(cols)*(side+gap) + gap
	H := rows*(side+gap) + gap
	sheet := image.NewRGBA(image.Rect(0, 0, max(W, 1), max(H, 1)))
	for i, c := range cols {
		top := gap + (rows-len(c))*(side+gap)/2
		for j, m := range c {
			if m == nil {
				continue
			}
			r := image.Rect(gap+i*(side+gap), top+j*(side+gap), gap+i*(side+gap)+side, top+j*(side+gap)+side)
			mb := m.Bounds()
			if mb.Dx() == side && mb.Dy() == side {
				draw.Draw(sheet, r, m, mb.Min, draw.Src)
				continue
			}
			for y := range side {
				for x := range side {
					sheet.Set(r.Min.X+x, r.Min.Y+y, m.At(mb.Min.X+x*mb.Dx()/side, mb.Min.Y+y*mb.Dy()/side))
				}
			}
		}
	}
	return sheet
}
