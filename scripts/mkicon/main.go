// Command mkicon draws Backprop Lab's icon, assets/icon.png: three layers of
// a small network on a rounded square, with one backward path highlighted.
//
//	go run ./scripts/mkicon > assets/icon.png
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	size = 512
	ss   = 4 // supersampling factor per axis
)

type node struct{ x, y float64 }

func main() {
	bg := color.NRGBA{0x1f, 0x3b, 0x73, 0xff}
	edge := color.NRGBA{0x9d, 0xb4, 0xe0, 0xff}
	hot := color.NRGBA{0xff, 0x9f, 0x1c, 0xff}
	nodeCol := color.NRGBA{0xff, 0xff, 0xff, 0xff}

	layers := [][]node{
		{{130, 150}, {130, 256}, {130, 362}},
		{{256, 110}, {256, 205}, {256, 307}, {256, 402}},
		{{382, 200}, {382, 312}},
	}
	hotPath := [][2]node{{layers[2][0], layers[1][1]}, {layers[1][1], layers[0][0]}}

	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := range size {
		for px := range size {
			var r, g, b, a float64
			for sy := range ss {
				for sx := range ss {
					x := float64(px) + (float64(sx)+0.5)/ss
					y := float64(py) + (float64(sy)+0.5)/ss
					c, ok := shade(x, y, layers, hotPath, bg, edge, hot, nodeCol)
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a += 255
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			al := a / n
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / (a / 255)), uint8(g / (a / 255)), uint8(b / (a / 255)), uint8(al)})
		}
	}
	if err := png.Encode(os.Stdout, img); err != nil {
		panic(err)
	}
}

// shade returns the colour at (x, y), or false outside the rounded square.
func shade(x, y float64, layers [][]node, hotPath [][2]node, bg, edge, hot, nodeCol color.NRGBA) (color.NRGBA, bool) {
	const m, rad = 16.0, 96.0
	cx := math.Max(math.Max(m+rad-x, x-(size-m-rad)), 0)
	cy := math.Max(math.Max(m+rad-y, y-(size-m-rad)), 0)
	if x < m || y < m || x > size-m || y > size-m || cx*cx+cy*cy > rad*rad {
		return color.NRGBA{}, false
	}
	for _, l := range layers {
		for _, n := range l {
			d := math.Hypot(x-n.x, y-n.y)
			if d < 30 {
				return nodeCol, true
			}
			if d < 38 {
				return bg, true
			}
		}
	}
	for _, p := range hotPath {
		if segDist(x, y, p[0], p[1]) < 9 {
			return hot, true
		}
	}
	for i := 0; i+1 < len(layers); i++ {
		for _, a := range layers[i] {
			for _, b := range layers[i+1] {
				if segDist(x, y, a, b) < 4 {
					return edge, true
				}
			}
		}
	}
	return bg, true
}

func segDist(x, y float64, a, b node) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((x-a.x)*dx + (y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-(a.x+t*dx), y-(a.y+t*dy))
}
