package app

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/digit"
	"backproplab/nn/probe"
	"backproplab/viz"
)

// drawProbe adds to the Draw tab the saliency overlay on "what the network
// sees" and "Fool the network", a one-step signed-gradient adversary shown
// beside the original in a dialog. Both take one forward and one backward
// pass of the engine (well under a millisecond), so they run on the UI
// goroutine as the prediction does. Nothing changes the drawing.
type drawProbe struct {
	win   fyne.Window
	model func() modelChoice // the network that predicts the pad
	dark  func() bool

	salChk  *widget.Check
	salNote *widget.Label
	foolBtn *widget.Button
	content fyne.CanvasObject // the controls, under the 28×28 view

	x    []float32 // the last input shown, nil without a digit
	best int
}

func newDrawProbe(win fyne.Window, model func() modelChoice, dark func() bool, changed func()) *drawProbe {
	dp := &drawProbe{win: win, model: model, dark: dark, best: -1}
	dp.salNote = widget.NewLabel("")
	dp.salNote.Wrapping = fyne.TextWrapWord
	dp.salNote.SizeName = theme.SizeNameCaptionText
	dp.salNote.Hide()
	dp.salChk = widget.NewCheck(T("Saliency"), func(on bool) {
		dp.salNote.Hidden = !on
		changed()
	})
	dp.foolBtn = widget.NewButtonWithIcon(T("Fool the network…"), theme.WarningIcon(), dp.showFool)
	dp.foolBtn.Disable()
	dp.content = container.NewVBox(dp.salChk, dp.salNote, container.NewHBox(dp.foolBtn))
	return dp
}

// overlay is called when the Draw tab shows a new prediction: it keeps
// the input for "Fool the network" and, with saliency on, returns the
// 28×28 view with the saliency of the predicted class laid over it (else
// img unchanged).
func (dp *drawProbe) overlay(img image.Image, x []float32, ok bool, best int) image.Image {
	net := dp.model().net
	dp.x, dp.best = nil, -1
	if ok && net != nil && best >= 0 {
		dp.x, dp.best = append([]float32(nil), x...), best
	}
	if dp.x == nil {
		dp.foolBtn.Disable()
	} else {
		dp.foolBtn.Enable()
	}
	if !dp.salChk.Checked || dp.x == nil {
		if dp.salChk.Checked {
			dp.salNote.SetText(T("Draw a digit to see which pixels the guess rests on."))
		}
		return img
	}
	s, err := probe.Saliency(net, dp.x, best)
	if err != nil {
		dp.salNote.SetText(err.Error())
		return img
	}
	pal := viz.RdBu
	if dp.dark() {
		pal = viz.RdBuDark
	}
	dp.salNote.SetText(Tf("∂(score of %d)/∂(pixel): %s pixels push for %d, %s against it (the scale ends at ±%.3g).",
		best, colourName(pal, 1), best, colourName(pal, -1), float64(maxAbs(s))))
	return saliencyImage(x, s, pal)
}

// colourName names the hue of the palette's end at sign.
func colourName(pal viz.Diverging, sign float64) string {
	c := pal.Signed(sign, 1)
	if c.B > c.R {
		return T("blue")
	}
	return T("red")
}

// saliencyImage lays the saliency s over the grey digit x (both 28×28):
// each pixel takes the palette's colour for s on the scale ±max|s|, more
// opaque the larger |s|.
func saliencyImage(x, s []float32, pal viz.Diverging) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, digit.Side, digit.Side))
	scale := float64(maxAbs(s))
	for i := range x {
		g := float64(min(max(x[i], 0), 1)) * 110 // the ink, dimmed under the colours
		a := 0.0
		var c color.RGBA
		if scale > 0 {
			t := float64(s[i]) / scale
			c = pal.Signed(t, 1)
			a = 0.95 * math.Sqrt(math.Abs(t))
		}
		mix := func(v uint8) uint8 { return uint8(g*(1-a) + float64(v)*a + 0.5) }
		img.SetRGBA(i%digit.Side, i/digit.Side, color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255})
	}
	return img
}

// showFool opens the "Fool the network" dialog for the current digit.
func (dp *drawProbe) showFool() {
	m := dp.model()
	if m.net == nil || dp.x == nil {
		return
	}
	f := newFoolPanel(m.net, dp.x, dp.best)
	d := dialog.NewCustom(T("Fool the network"), T("Close"), f.content, dp.win)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}

// foolPanel shows a digit and the one-step adversary toward a chosen class
// side by side, with both sets of probabilities.
type foolPanel struct {
	net    *nn.Network // immutable snapshot
	x      []float32
	target int
	eps    float64

	content          fyne.CanvasObject
	orig, adv        *canvas.Image
	origBars, advBar *probBars
	epsLbl, info     *widget.Label
}

func newFoolPanel(net *nn.Network, x []float32, best int) *foolPanel {
	f := &foolPanel{net: net, x: x, target: (best + 1) % net.Arch.Outputs, eps: 0.1}
	classes := make([]string, net.Arch.Outputs)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	target := newSelect(classes, func(s string) {
		f.target, _ = strconv.Atoi(s)
		f.update()
	})
	f.epsLbl = widget.NewLabel("")
	eps := widget.NewSlider(0, 0.5)
	eps.Step = 0.01
	eps.Value = f.eps
	eps.OnChanged = func(v float64) {
		f.eps = v
		f.update()
	}
	img := func() *canvas.Image {
		c := canvas.NewImageFromImage(digit.Render28([digit.Pixels]float32{}))
		c.ScaleMode = canvas.ImageScalePixels
		c.FillMode = canvas.ImageFillContain
		c.SetMinSize(fyne.NewSquareSize(seenSide * 3 / 4))
		return c
	}
	f.orig, f.adv = img(), img()
	f.origBars, f.advBar = newProbBars(), newProbBars()
	f.info = widget.NewLabel("")
	f.info.Wrapping = fyne.TextWrapWord
	explain := widget.NewLabel(T("One step against the gradient of the loss for the target class: every pixel moves by ε, up or down, whichever lowers that loss (x′ = clip(x − ε·sign ∂L/∂x, 0, 1)). Your drawing stays as it is."))
	explain.Wrapping = fyne.TextWrapWord
	bold := fyne.TextStyle{Bold: true}
	left := container.NewVBox(widget.NewLabelWithStyle(T("Your digit"), fyne.TextAlignLeading, bold), f.orig, f.origBars)
	right := container.NewVBox(widget.NewLabelWithStyle(T("Changed digit (a new image)"), fyne.TextAlignLeading, bold), f.adv, f.advBar)
	controls := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(T("Target class")), target, widget.NewLabel("ε")), f.epsLbl, eps)
	f.content = container.NewVBox(explain, controls, container.NewGridWithColumns(2, left, right), f.info)
	f.orig.Image = render28(x)
	f.origBars.SetProbs(scores(net, x))
	target.SetSelectedIndex(f.target) // runs update
	return f
}

func render28(x []float32) image.Image {
	var a [digit.Pixels]float32
	copy(a[:], x)
	return digit.Render28(a)
}

// scores returns the probabilities of x, or nil.
func scores(net *nn.Network, x []float32) []float32 {
	_, p, err := probe.Scores(net, x)
	if err != nil {
		return nil
	}
	return p
}

// update recomputes the changed digit for the current target and ε.
func (f *foolPanel) update() {
	f.epsLbl.SetText(fmt.Sprintf("%.2f", f.eps))
	adv, err := probe.Fool(f.net, f.x, f.target, f.eps)
	if err != nil {
		f.info.SetText(err.Error())
		return
	}
	f.adv.Image = render28(adv)
	f.adv.Refresh()
	p0, p1 := scores(f.net, f.x), scores(f.net, adv)
	f.advBar.SetProbs(p1)
	changed := 0
	for i := range adv {
		if adv[i] != f.x[i] {
			changed++
		}
	}
	k := nn.Argmax(p1)
	msg := Tf("%d pixels changed. p(%d) went from %.1f %% to %.1f %%. The network now reads %d.", changed, f.target, 100*p0[f.target], 100*p1[f.target], k)
	if k == f.target {
		msg += " " + T("Fooled.")
	}
	f.info.SetText(msg)
}
