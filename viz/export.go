package viz

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"image/png"
	"io"
	"strconv"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// WritePNG renders c like LineChart and writes it to w as a PNG.
func WritePNG(w io.Writer, c Chart, wpx, hpx int, scale float64, th Theme) error {
	if wpx <= 0 || hpx <= 0 {
		return fmt.Errorf("viz: png size %d×%d must be positive", wpx, hpx)
	}
	if err := png.Encode(w, LineChart(c, wpx, hpx, scale, th)); err != nil {
		return fmt.Errorf("write chart png: %w", err)
	}
	return nil
}

// WriteSVG renders c as a wcm×hcm centimetre SVG document with the fonts
// embedded, so that it looks the same without Liberation installed; for
// viewers that ignore embedded fonts, metric-compatible fallbacks (Arial,
// Times New Roman, Courier New) are named.
// Lengths in dp become points (1/72 inch); the full data is downsampled
// to two points per point of width as for the screen.
func WriteSVG(w io.Writer, c Chart, wcm, hcm float64, th Theme) error {
	if !(wcm > 0) || !(hcm > 0) || !finite(wcm) || !finite(hcm) {
		return fmt.Errorf("viz: svg size %g×%g cm must be positive", wcm, hcm)
	}
	cw, ch := vg.Length(wcm)*vg.Centimeter, vg.Length(hcm)*vg.Centimeter
	e := newEnv(th, 1)
	vc := vgsvg.NewWith(vgsvg.UseWH(cw, ch), vgsvg.EmbedFonts(true))
	dc := draw.New(vc)
	if th.Background.A > 0 {
		fillRect(dc, dc.Rectangle, th.Background)
	}
	drawChart(dc, c, e, int(cw.Points()))
	var buf bytes.Buffer
	if _, err := vc.WriteTo(&buf); err != nil {
		return fmt.Errorf("write chart svg: %w", err)
	}
	out := buf.Bytes()
	for from, to := range svgFallbacks {
		out = bytes.ReplaceAll(out, []byte(from), []byte(to))
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write chart svg: %w", err)
	}
	return nil
}

// svgFallbacks add metric-compatible fallbacks to the Liberation families
// vgsvg names, for viewers that ignore embedded fonts.
var svgFallbacks = map[string]string{
	"font-family:Liberation Sans;":  "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;",
	"font-family:Liberation Serif;": "font-family:'Liberation Serif','Times New Roman',Times,serif;",
	"font-family:Liberation Mono;":  "font-family:'Liberation Mono','Courier New',Courier,monospace;",
}

// WriteCSV writes every point of every series of c in long format with the
// header series,x,y; unnamed series are called series1, series2, … by
// their position. Values are written in full precision, NaN and ±Inf as
// NaN, +Inf and -Inf.
func WriteCSV(w io.Writer, c Chart) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.Write([]string{"series", "x", "y"}); err != nil {
		return fmt.Errorf("write chart csv: %w", err)
	}
	rec := make([]string, 3)
	for i, s := range c.Series {
		rec[0] = s.Name
		if rec[0] == "" {
			rec[0] = "series" + strconv.Itoa(i+1)
		}
		for j := range min(len(s.X), len(s.Y)) {
			rec[1] = strconv.FormatFloat(s.X[j], 'g', -1, 64)
			rec[2] = strconv.FormatFloat(s.Y[j], 'g', -1, 64)
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write chart csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write chart csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write chart csv: %w", err)
	}
	return nil
}
