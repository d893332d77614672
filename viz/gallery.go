package viz

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"io"
	"strconv"
)

// Digit renders the side×side image x (values in [0, 1], row-major) as a
// side×side raster with light ink on black, as MNIST digits are usually
// shown; values outside [0, 1] are clamped and NaN is black. The app
// enlarges it with nearest-neighbour scaling.
// It panics if len(x) != side*side.
func Digit(x []float32, side int) *image.RGBA {
	if side < 0 || len(x) != side*side {
		panic(fmt.Sprintf("viz: Digit: len(x) = %d, want %d×%d", len(x), side, side))
	}
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for i, v := range x {
		g := uint8(0)
		switch {
		case v >= 1:
			g = 255
		case v > 0:
			g = uint8(v*255 + 0.5)
		}
		img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = g, g, g, 255
	}
	return img
}

// ProbStrip renders class probabilities p as a tiny w×h bar strip without
// text, one bar per class from left to right, each as tall as its
// probability (clamped to [0, 1]). The most probable class is drawn in
// th.SeriesColor(0); class truth, when it is another class, in
// th.SeriesColor(1); the rest in th.Muted. Bars are separated by 1-pixel
// gaps of th.Background. A size below one pixel per bar gives an image of
// the background only.
func ProbStrip(p []float32, truth, w, h int, th Theme) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, max(w, 0), max(h, 0)))
	fill(img, img.Rect, th.Background)
	n := len(p)
	if n == 0 || w < n || h < 1 {
		return img
	}
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	for i, v := range p {
		x0, x1 := i*w/n, (i+1)*w/n-1 // leave a 1-pixel gap
		if x1 <= x0 {
			x1 = x0 + 1
		}
		t := max(0, min(1, float64(v)))
		if v != v {
			t = 0
		}
		top := h - int(t*float64(h)+0.5)
		col := color.NRGBA(th.Muted)
		switch i {
		case best:
			col = th.SeriesColor(0)
		case truth:
			col = th.SeriesColor(1)
		}
		fill(img, image.Rect(x0, top, x1, h), col)
	}
	return img
}

// fill paints r of img with the opaque or translucent colour c.
func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	rc := color.RGBAModel.Convert(c).(color.RGBA)
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = rc.R, rc.G, rc.B, rc.A
		}
	}
}

// WriteMatrixCSV writes the (rows, cols) row-major matrix m as CSV: a
// header row "row,0,1,…", then one line per row starting with its index.
// It panics if len(m) != rows*cols.
func WriteMatrixCSV(w io.Writer, m []float64, rows, cols int) error {
	if rows < 0 || cols < 0 || len(m) != rows*cols {
		panic(fmt.Sprintf("viz: WriteMatrixCSV: len(m) = %d, want %d×%d", len(m), rows, cols))
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("row")
	for c := range cols {
		bw.WriteByte(',')
		bw.WriteString(strconv.Itoa(c))
	}
	bw.WriteByte('\n')
	for r := range rows {
		bw.WriteString(strconv.Itoa(r))
		for _, v := range m[r*cols : (r+1)*cols] {
			bw.WriteByte(',')
			bw.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
