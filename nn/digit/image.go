package digit

import (
	"image"
	"math"
	"slices"
)

// Rec. 601 luma weights of color.GrayModel, as fractions of 1: a grey
// pixel keeps its exact level.
const (
	lumR = 19595.0 / 65536
	lumG = 38470.0 / 65536
	lumB = 7471.0 / 65536
)

// byteLevel[v] is v/255.
var byteLevel = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()

// FromImage returns the network input for img: values in [0, 1], white ink
// on black, row-major 28×28. img may have any size and colour model and
// either polarity; see the package documentation for how background and ink
// are found. It reports ok=false, with x all zero, when img holds no ink:
// background and ink differ by less than MinContrast, or the ink's bounding
// box has a longer side under 2 pixels or under 3 % of the image's longer
// side. Images of more than 2²⁶ pixels also give ok=false. o.PenWidth is
// not used.
func (p *Preprocessor) FromImage(img image.Image, o Options) (x [Pixels]float32, ok bool) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || w > maxImagePixels/h {
		return x, false
	}
	p.luminance(img)
	if !p.ink(w, h) {
		return x, false
	}
	// Bounding box of the ink.
	x0, y0, x1, y1 := w, h, -1, -1
	for i := range h {
		row := p.lum[i*w : (i+1)*w]
		j0 := slices.IndexFunc(row, positive)
		if j0 < 0 {
			continue
		}
		j1 := len(row) - 1
		for row[j1] <= 0 {
			j1--
		}
		x0, x1 = min(x0, j0), max(x1, j1)
		y0, y1 = min(y0, i), max(y1, i)
	}
	if x1 < 0 {
		return x, false
	}
	bw, bh := x1-x0+1, y1-y0+1
	if long := max(bw, bh); long < 2 || float64(long) < minExtent*float64(max(w, h)) {
		return x, false
	}
	if !o.MNIST {
		return x, p.letterbox(&x, p.lum[:w*h], w, h)
	}
	return x, p.fit(&x, p.lum[:w*h], w, float64(x0), float64(y0), float64(bw), float64(bh))
}

func positive(v float32) bool { return v > 0 }

// luminance fills p.lum with the grey level of every pixel of img, 0 black
// to 1 white. Transparent pixels are background: if any pixel is not
// opaque, the image is composited over white when its (alpha-weighted mean)
// colour is dark and over black when it is light.
func (p *Preprocessor) luminance(img image.Image) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	p.lum = grow(p.lum, w*h)
	switch m := img.(type) {
	case *image.Gray:
		for i := range h {
			row := m.Pix[i*m.Stride : i*m.Stride+w]
			out := p.lum[i*w : (i+1)*w]
			for j, v := range row {
				out[j] = byteLevel[v]
			}
		}
		return
	case *image.YCbCr:
		// JPEG's Y is full-range Rec. 601 luma already.
		for i := range h {
			row := m.Y[i*m.YStride : i*m.YStride+w]
			out := p.lum[i*w : (i+1)*w]
			for j, v := range row {
				out[j] = byteLevel[v]
			}
		}
		return
	}
	// Premultiplied luminance and alpha.
	p.alpha = grow(p.alpha, w*h)
	opaque := true
	var sumLum, sumA float64
	for i := range h {
		out := p.lum[i*w : (i+1)*w]
		alpha := p.alpha[i*w : (i+1)*w]
		switch m := img.(type) {
		case *image.RGBA:
			row := m.Pix[i*m.Stride : i*m.Stride+4*w]
			for j := range w {
				q := row[4*j : 4*j+4 : 4*j+4]
				out[j] = (lumR*float32(q[0]) + lumG*float32(q[1]) + lumB*float32(q[2])) / 255
				alpha[j] = float32(q[3]) / 255
			}
		case *image.NRGBA:
			row := m.Pix[i*m.Stride : i*m.Stride+4*w]
			for j := range w {
				q := row[4*j : 4*j+4 : 4*j+4]
				a := float32(q[3]) / 255
				out[j] = a * (lumR*float32(q[0]) + lumG*float32(q[1]) + lumB*float32(q[2])) / 255
				alpha[j] = a
			}
		default:
			for j := range w {
				r, g, bb, a := img.At(b.Min.X+j, b.Min.Y+i).RGBA()
				out[j] = (lumR*float32(r) + lumG*float32(g) + lumB*float32(bb)) / 0xffff
				alpha[j] = float32(a) / 0xffff
			}
		}
		for j, a := range alpha {
			if a < 1 {
				opaque = false
			}
			sumA += float64(a)
			sumLum += float64(out[j])
		}
	}
	if opaque {
		return
	}
	if sumA > 0 && sumLum/sumA >= 0.5 {
		return // light ink: over black, which premultiplied values already are
	}
	for i, a := range p.alpha[:w*h] {
		p.lum[i] += 1 - a
	}
}

// ink turns the luminance in p.lum (w×h) into ink in [0, 1] in place and
// reports whether there is any. The background level bg is the median of
// a border ring 1 + min(w, h)/100 pixels wide; the ink is on the side
// (lighter or darker than bg) where the image reaches further from bg, and
// its level is that extreme. Ink = (distance from bg − noise) / (extreme −
// noise), clamped to [0, 1], where noise is three robust standard
// deviations (1.4826 × median absolute deviation) of the ring, at most half
// the contrast. A clean image (MNIST, a rendered drawing) has noise 0, so
// a white-on-black image whose brightest pixel is white passes unchanged.
func (p *Preprocessor) ink(w, h int) bool {
	lum := p.lum[:w*h]
	rw := min(1+min(w, h)/100, (min(w, h)+1)/2)
	p.ring = p.ring[:0]
	for i := range h {
		row := lum[i*w : (i+1)*w]
		if i < rw || i >= h-rw {
			p.ring = append(p.ring, row...)
			continue
		}
		p.ring = append(p.ring, row[:rw]...)
		p.ring = append(p.ring, row[w-rw:]...)
	}
	bg := median(p.ring)
	lo, hi := lum[0], lum[0]
	for _, v := range lum {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	light := hi-bg >= bg-lo
	contrast := max(hi-bg, bg-lo)
	if !(contrast >= MinContrast) {
		return false
	}
	for i, v := range p.ring {
		p.ring[i] = float32(math.Abs(float64(v - bg)))
	}
	noise := min(3*1.4826*median(p.ring), contrast/2)
	// ink = (±(v − bg) − noise) / (contrast − noise) = v·a + b
	a := 1 / (contrast - noise)
	if !light {
		a = -a
	}
	b := -bg*a - noise/(contrast-noise)
	for i, v := range lum {
		u := v*a + b
		if u < 0 {
			u = 0
		} else if u > 1 {
			u = 1
		}
		lum[i] = u
	}
	return true
}

// median reports the median of v, reordering v.
func median(v []float32) float32 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// grow returns s resliced to n elements, reallocated if too small.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
