package app

import (
	"image"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"backproplab/nn/digit"
)

// scaler is the part of the test canvas that sets the scale.
type scaler interface{ SetScale(float32) }

// newTestPad shows a pad of the given logical side on a test window at the
// given canvas scale.
func newTestPad(t *testing.T, side, scale float32) (*drawPad, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	p := newDrawPad()
	w := test.NewTempWindow(t, container.NewWithoutLayout(p))
	w.SetPadded(false)
	w.Canvas().(scaler).SetScale(scale)
	p.Resize(fyne.NewSquareSize(side))
	w.Resize(fyne.NewSquareSize(side))
	return p, w
}

// press, drag and release simulate the events of a real pointer: a press
// (MouseDown), drags with their positions, and the release.
func press(p *drawPad, x, y float32) {
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}, Button: desktop.MouseButtonPrimary})
}

func drag(p *drawPad, from, to fyne.Position) {
	p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.Delta{DX: to.X - from.X, DY: to.Y - from.Y}})
}

func release(p *drawPad) {
	p.DragEnd()
	p.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
}

// stroke draws the polyline pts (logical pad coordinates) as one stroke.
func stroke(p *drawPad, pts ...fyne.Position) {
	press(p, pts[0].X, pts[0].Y)
	for i := 1; i < len(pts); i++ {
		drag(p, pts[i-1], pts[i])
	}
	release(p)
}

// padRenderer returns the pad's renderer.
func padRenderer(p *drawPad) *drawPadRenderer {
	return test.WidgetRenderer(p).(*drawPadRenderer)
}

// coverage returns the ink coverage (0…1) at device pixel (x, y).
func coverage(p *drawPad, x, y int) float64 {
	c := padRenderer(p).cov
	if !(image.Point{x, y}).In(c.Rect) {
		return 0
	}
	return float64(c.GrayAt(x, y).Y) / 255
}

// TestPointerMapping checks, at canvas scales 1 and 2, that a press is
// recorded at its logical position, painted at that position times the
// scale in device pixels, and lands on the matching cell of the raw 28×28
// input.
func TestPointerMapping(t *testing.T) {
	const side = 280
	for _, tc := range []struct {
		scale      float32
		x, y       float32
		devX, devY int // device pixel of the press
		cellX      int // 28×28 cell, raw mode (x and y alike)
		cellY      int
	}{
		{1, 140, 140, 140, 140, 14, 14},
		{1, 35, 245, 35, 245, 3, 24},
		{1, 270, 12, 270, 12, 27, 1},
		{2, 140, 140, 280, 280, 14, 14},
		{2, 35, 245, 70, 490, 3, 24},
		{2, 270, 12, 540, 24, 27, 1},
	} {
		p, w := newTestPad(t, side, tc.scale)
		press(p, tc.x, tc.y)
		release(p)
		d := p.Drawing()
		if d.Width != side || d.Height != side {
			t.Errorf("scale %v: drawing is %v×%v, want the logical side %v", tc.scale, d.Width, d.Height, side)
		}
		if len(d.Strokes) != 1 || len(d.Strokes[0]) != 1 || d.Strokes[0][0] != (digit.Point{X: tc.x, Y: tc.y}) {
			t.Fatalf("scale %v: press at (%v, %v) recorded as %v, want one dot there", tc.scale, tc.x, tc.y, d.Strokes)
		}
		r := padRenderer(p)
		if got, want := r.cov.Rect.Dx(), int(side*tc.scale); got != want {
			t.Errorf("scale %v: ink raster is %d device pixels wide, want %d", tc.scale, got, want)
		}
		if c := coverage(p, tc.devX, tc.devY); c < 0.99 {
			t.Errorf("scale %v: coverage at device pixel (%d, %d) = %.2f, want ink", tc.scale, tc.devX, tc.devY, c)
		}
		rad := int(math.Ceil(float64(digit.DefaultPenWidth*side*tc.scale/2))) + 2
		for _, off := range [][2]int{{rad, 0}, {-rad, 0}, {0, rad}, {0, -rad}} {
			if c := coverage(p, tc.devX+off[0], tc.devY+off[1]); c != 0 {
				t.Errorf("scale %v: coverage %.2f at (%d, %d), beyond the pen", tc.scale, c, tc.devX+off[0], tc.devY+off[1])
			}
		}
		// The screen shows it there too, once the pad has refreshed.
		p.Refresh()
		img := w.Canvas().Capture()
		if got := img.Bounds().Dx(); got != int(side*tc.scale) {
			t.Errorf("scale %v: capture is %d pixels wide, want %d", tc.scale, got, int(side*tc.scale))
		}
		ink := r.ink0
		if c := img.At(tc.devX, tc.devY); !sameRGB(c, ink) {
			t.Errorf("scale %v: screen pixel (%d, %d) = %v, want the ink colour %v", tc.scale, tc.devX, tc.devY, c, ink)
		}
		// A dot alone is no digit; a short bar through the point is, and
		// its raw 28×28 input has its ink on the press's cell.
		if _, ok := digit.FromDrawing(d, digit.Options{PenWidth: p.PenWidth}); ok {
			t.Errorf("scale %v: a single dot counts as a digit", tc.scale)
		}
		p.Clear()
		stroke(p, fyne.NewPos(tc.x-30, tc.y), fyne.NewPos(tc.x+30, tc.y))
		x, ok := digit.FromDrawing(p.Drawing(), digit.Options{PenWidth: p.PenWidth})
		if !ok {
			t.Fatalf("scale %v: a bar is no digit", tc.scale)
		}
		if v := x[tc.cellY*digit.Side+tc.cellX]; v < 0.5 {
			t.Errorf("scale %v: raw input at cell (%d, %d) = %.2f, want ink", tc.scale, tc.cellX, tc.cellY, v)
		}
	}
}

// TestNewRendererIsWhole makes the pad's renderer again, as Fyne does when
// it has dropped one from its cache (after a minute unused, by its clock,
// which only advances when a canvas is painted: in a long test run a
// capture dropped the pad's renderer and drew a new one that was never laid
// out, without ink). The new renderer must show the ink at once.
func TestNewRendererIsWhole(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		p, _ := newTestPad(t, 280, scale)
		press(p, 140, 140)
		release(p)
		r := p.CreateRenderer().(*drawPadRenderer) // what the cache does
		if got, want := r.ink.Size(), fyne.NewSquareSize(p.padSide()); got != want {
			t.Errorf("scale %v: a new renderer's ink is %v, want %v", scale, got, want)
		}
		if got, want := r.cov.Rect.Dx(), int(280*scale); got != want {
			t.Errorf("scale %v: a new renderer's ink raster is %d pixels wide, want %d", scale, got, want)
		}
		dev := int(140 * scale)
		if c := r.cov.GrayAt(dev, dev).Y; c < 250 {
			t.Errorf("scale %v: a new renderer's coverage at the press is %d, want ink", scale, c)
		}
	}
}

func sameRGB(a, b interface{ RGBA() (r, g, b, a uint32) }) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	near := func(u, v uint32) bool { return max(u, v)-min(u, v) <= 0x300 }
	return near(r1, r2) && near(g1, g2) && near(b1, b2)
}

// TestFastStrokeIsContinuous drags across the pad in one event, as a fast
// pointer does, and checks that the ink is continuous between the samples.
func TestFastStrokeIsContinuous(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		p, _ := newTestPad(t, 280, scale)
		stroke(p, fyne.NewPos(30, 30), fyne.NewPos(250, 250))
		for k := 0; k <= 10; k++ {
			v := (30 + 22*float32(k)) * scale
			if c := coverage(p, int(v), int(v)); c < 0.99 {
				t.Errorf("scale %v: coverage %.2f at (%v, %v) on the segment, want ink", scale, c, v, v)
			}
		}
		if c := coverage(p, int(250*scale), int(30*scale)); c != 0 {
			t.Errorf("scale %v: ink off the segment", scale)
		}
	}
}

// TestPressPaintsDot checks that a press alone, before any drag, paints.
func TestPressPaintsDot(t *testing.T) {
	p, _ := newTestPad(t, 280, 1)
	var changes int
	p.OnChanged = func(digit.Drawing) { changes++ }
	press(p, 100, 120)
	if changes != 1 || coverage(p, 100, 120) < 0.99 {
		t.Errorf("after a press: %d changes, coverage %.2f; want 1 and ink", changes, coverage(p, 100, 120))
	}
	drag(p, fyne.NewPos(100, 120), fyne.NewPos(100.1, 120)) // below minStep: no new point
	if n := len(p.Drawing().Strokes[0]); n != 1 {
		t.Errorf("a move of 0.1 added a point: %d points", n)
	}
	drag(p, fyne.NewPos(100, 120), fyne.NewPos(140, 120))
	release(p)
	if d := p.Drawing(); len(d.Strokes) != 1 || len(d.Strokes[0]) != 2 || changes != 2 {
		t.Errorf("press and drag: strokes %v after %d changes, want one stroke of 2 points after 2", d.Strokes, changes)
	}
}

// TestTestDrag uses fyne's test.Drag, which sends one drag event with no
// press before it, as a touch screen does. As in a real window, the
// event's position is where the pointer is and Dragged how far it came.
func TestTestDrag(t *testing.T) {
	p, w := newTestPad(t, 280, 1)
	test.Drag(w.Canvas(), fyne.NewPos(210, 100), 150, -100)
	d := p.Drawing()
	want := digit.Stroke{{X: 60, Y: 200}, {X: 210, Y: 100}}
	if len(d.Strokes) != 1 || len(d.Strokes[0]) != 2 || d.Strokes[0][0] != want[0] || d.Strokes[0][1] != want[1] {
		t.Fatalf("test.Drag recorded %v, want %v", d.Strokes, want)
	}
	if coverage(p, 135, 150) < 0.99 {
		t.Error("no ink in the middle of the drag")
	}
}

// TestClearAndUndo checks Ctrl+Z, Escape and a right click, with the
// keys arriving as the window delivers them to the focused pad.
func TestClearAndUndo(t *testing.T) {
	p, w := newTestPad(t, 280, 1)
	stroke(p, fyne.NewPos(50, 50), fyne.NewPos(200, 50))
	stroke(p, fyne.NewPos(120, 60), fyne.NewPos(120, 240))
	if w.Canvas().Focused() != p {
		t.Error("a press did not give the pad the focus")
	}
	p.TypedShortcut(&fyne.ShortcutUndo{})
	if n := len(p.Drawing().Strokes); n != 1 || coverage(p, 120, 200) != 0 || coverage(p, 150, 50) < 0.99 {
		t.Errorf("after Ctrl+Z: %d strokes, coverage %.2f where the undone stroke was; want 1 and 0", n, coverage(p, 120, 200))
	}
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !p.Empty() || coverage(p, 150, 50) != 0 {
		t.Error("Escape did not clear the pad")
	}
	stroke(p, fyne.NewPos(50, 50), fyne.NewPos(200, 50))
	test.TapSecondary(p)
	if !p.Empty() || coverage(p, 150, 50) != 0 {
		t.Error("a right click did not clear the pad")
	}
	// Other keys reach the window's handler.
	var got fyne.KeyName
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) { got = k.Name })
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if got != fyne.KeySpace {
		t.Errorf("Space was not passed on to the window (got %q)", got)
	}
	// A middle-button drag draws nothing.
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(20, 20)}, Button: desktop.MouseButtonTertiary})
	drag(p, fyne.NewPos(20, 20), fyne.NewPos(200, 200))
	p.DragEnd()
	if !p.Empty() {
		t.Error("a middle-button drag drew")
	}
}

// TestIncrementalPaintMatchesRaster checks that painting segment by
// segment gives the picture nn/digit renders from the whole drawing.
func TestIncrementalPaintMatchesRaster(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		p, _ := newTestPad(t, 280, scale)
		stroke(p, fyne.NewPos(60, 40), fyne.NewPos(90, 38), fyne.NewPos(140, 45), fyne.NewPos(200, 52), fyne.NewPos(150, 140), fyne.NewPos(110, 250))
		stroke(p, fyne.NewPos(90, 150), fyne.NewPos(190, 148))
		press(p, 5, 275) // a dot in the corner, half off the pad
		release(p)
		want := digit.Raster(p.Drawing(), int(280*scale), digit.Options{PenWidth: p.PenWidth})
		got := padRenderer(p).cov
		if got.Rect != want.Rect {
			t.Fatalf("scale %v: raster %v, want %v", scale, got.Rect, want.Rect)
		}
		diff := 0
		for i := range got.Pix {
			if d := int(got.Pix[i]) - int(want.Pix[i]); d > 1 || d < -1 {
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("scale %v: %d pixels differ from digit.Raster by more than 1/255", scale, diff)
		}
		// A full repaint (after an undo) gives the same picture.
		p.Undo()
		press(p, 5, 275)
		release(p)
		if got2 := padRenderer(p).cov; string(got2.Pix) != string(got.Pix) {
			t.Errorf("scale %v: repaint after undo differs from the incremental paint", scale)
		}
	}
}

// TestResizeKeepsDrawing checks that the strokes scale with the pad.
func TestResizeKeepsDrawing(t *testing.T) {
	p, w := newTestPad(t, 280, 1)
	stroke(p, fyne.NewPos(70, 70), fyne.NewPos(210, 210))
	before := p.Drawing()
	w.Resize(fyne.NewSquareSize(560))
	p.Resize(fyne.NewSquareSize(560))
	d := p.Drawing()
	if d.Width != 560 || d.Strokes[0][1] != (digit.Point{X: 420, Y: 420}) {
		t.Errorf("after resizing to 560: %v×%v, %v; want the points doubled", d.Width, d.Height, d.Strokes)
	}
	if before.Strokes[0][1] != (digit.Point{X: 210, Y: 210}) {
		t.Error("resizing changed a drawing handed out before")
	}
	if coverage(p, 280, 280) < 0.99 {
		t.Error("no ink mid-stroke after the resize")
	}
	x1, _ := digit.FromDrawing(before, digit.DefaultOptions())
	x2, _ := digit.FromDrawing(d, digit.DefaultOptions())
	for i := range x1 {
		if math.Abs(float64(x1[i]-x2[i])) > 0.02 {
			t.Fatalf("the network's input changed with the pad's size at pixel %d: %v vs %v", i, x1[i], x2[i])
		}
	}
}

// TestPadGolden compares the pad and the probability bars with a golden
// image, at scale 1: a 7 drawn with strokes, and fixed probabilities.
func TestPadGolden(t *testing.T) {
	test.NewTempApp(t)
	p := newDrawPad()
	bars := newProbBars()
	w := test.NewTempWindow(t, container.NewHBox(p, bars))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(560, 380))
	// The HBox makes the pad 280×380; its square is centred, 50 down.
	stroke(p, fyne.NewPos(80, 110), fyne.NewPos(140, 108), fyne.NewPos(200, 112), fyne.NewPos(170, 190), fyne.NewPos(130, 290))
	stroke(p, fyne.NewPos(110, 200), fyne.NewPos(190, 200))
	if d := p.Drawing(); d.Strokes[0][0] != (digit.Point{X: 80, Y: 60}) {
		t.Errorf("first point %v, want (80, 60) in the centred square", d.Strokes[0][0])
	}
	bars.SetProbs([]float32{0.001, 0.03, 0.02, 0.01, 0.004, 0.001, 0.0, 0.91, 0.004, 0.02})
	test.AssertImageMatches(t, "drawpad_seven.png", w.Canvas().Capture())

	p.Clear()
	bars.SetProbs(nil)
	test.AssertImageMatches(t, "drawpad_empty.png", w.Canvas().Capture())
}
