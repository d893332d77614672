package data

import (
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// ShapeClasses are the classes WriteShapeFolder draws.
var ShapeClasses = []string{"circle", "square", "triangle"}

// WriteShapeFolder writes a folder dataset of outlined shapes into dir:
// one subfolder per class of ShapeClasses, perClass images each, of random
// size (32 to 120 pixels), position, shape size and stroke width, dark ink
// on a light background or (one in four) light on dark, in colour or grey,
// as PNG, JPEG and GIF files. The same seed writes the same images. It is
// the sample of an own dataset for demonstrations and tests.
func WriteShapeFolder(dir string, perClass int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x7368617065)) // "shape"
	for c, name := range ShapeClasses {
		sub := filepath.Join(dir, name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		for i := range perClass {
			img := drawShape(c, rng)
			var err error
			switch i % 10 {
			case 0:
				err = writeImage(filepath.Join(sub, fmt.Sprintf("%03d.jpg", i)), func(f *os.File) error { return jpeg.Encode(f, img, &jpeg.Options{Quality: 90}) })
			case 1:
				err = writeImage(filepath.Join(sub, fmt.Sprintf("%03d.gif", i)), func(f *os.File) error { return gif.Encode(f, img, nil) })
			default:
				err = writeImage(filepath.Join(sub, fmt.Sprintf("%03d.png", i)), func(f *os.File) error { return png.Encode(f, img) })
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func writeImage(path string, enc func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := enc(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// drawShape draws one outlined shape of class c (0 circle, 1 square,
// 2 triangle).
func drawShape(c int, rng *rand.Rand) image.Image {
	w, h := 32+rng.IntN(89), 32+rng.IntN(89)
	side := float64(min(w, h))
	r := side * (0.15 + 0.25*rng.Float64())                   // half the shape's size
	cx := r + 1 + rng.Float64()*math.Max(0, float64(w)-2*r-2) // anywhere it fits
	cy := r + 1 + rng.Float64()*math.Max(0, float64(h)-2*r-2)
	stroke := 1.5 + rng.Float64()*math.Max(0.5, r/4)
	bg := color.NRGBA{uint8(200 + rng.IntN(56)), uint8(200 + rng.IntN(56)), uint8(200 + rng.IntN(56)), 255}
	ink := color.NRGBA{uint8(rng.IntN(90)), uint8(rng.IntN(90)), uint8(rng.IntN(90)), 255}
	if rng.IntN(4) == 0 {
		bg, ink = ink, bg
	}
	// A triangle pointing up, its corners on the circle of radius r.
	var tri [3][2]float64
	for k := range tri {
		a := -math.Pi/2 + float64(k)*2*math.Pi/3
		tri[k] = [2]float64{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			px, py := float64(x)+0.5, float64(y)+0.5
			var d float64
			switch c {
			case 0:
				d = math.Abs(math.Hypot(px-cx, py-cy) - r)
			case 1:
				d = math.Abs(math.Max(math.Abs(px-cx), math.Abs(py-cy)) - r*0.8)
			default:
				d = math.Inf(1)
				for k := range tri {
					d = math.Min(d, segDist(px, py, tri[k], tri[(k+1)%3]))
				}
			}
			if d <= stroke/2 {
				img.SetNRGBA(x, y, ink)
			} else {
				img.SetNRGBA(x, y, bg)
			}
		}
	}
	return img
}

// segDist is the distance from (px, py) to the segment a–b.
func segDist(px, py float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((px-a[0])*dx + (py-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-a[0]-t*dx, py-a[1]-t*dy)
}
