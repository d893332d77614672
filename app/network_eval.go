package app

import (
	"context"
	"fmt"
	"image"
	"io"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn"
	"backproplab/nn/live"
	"backproplab/viz"
)

// galleryMax is the most test images a gallery shows.
const galleryMax = 40

// evaluation is a snapshot's network evaluated on the full test set
// (nn.Evaluate), with the epochs it had trained.
type evaluation struct {
	*nn.Evaluation
	epochs float64
	names  []string // the class names, index = class
}

// evalPanel evaluates the network on the full test set on demand and shows
// the confusion matrix, per-class accuracy and galleries of test images.
type evalPanel struct {
	n *networkScreen

	result   atomic.Pointer[evaluation]
	selected atomic.Int32 // the clicked cell, row*classes+col, or -1
	button   *widget.Button
	summary  *widget.Label
	matrix   *imageView
	perClass *imageView
	galTitle *widget.Label
	galNote  *widget.Label // explains the gallery captions
	gallery  *fyne.Container
	mistakes *fyne.Container
	shown    atomic.Pointer[[2]image.Image] // confusion, per-class
	content  fyne.CanvasObject
}

func newEvalPanel(n *networkScreen) *evalPanel {
	p := &evalPanel{n: n}
	p.selected.Store(-1)
	p.button = widget.NewButtonWithIcon(T("Evaluate"), theme.MediaPlayIcon(), p.evaluate)
	p.button.Importance = widget.HighImportance
	p.summary = widget.NewLabel(T("Evaluate computes the test loss and accuracy on the full test set."))
	p.summary.Wrapping = fyne.TextWrapWord
	p.matrix = newImageView(fyne.NewSize(340, 340), n.poke)
	p.perClass = newImageView(fyne.NewSize(300, 160), n.poke)
	p.galTitle = widget.NewLabel(T("Click a cell of the matrix to see its test images."))
	p.gallery = container.NewGridWrap(galleryCell())
	p.mistakes = container.NewGridWrap(galleryCell())
	export := n.exportButton(T("Export"), "evaluation", p.exports)
	tools := container.NewBorder(nil, nil, container.NewHBox(p.button, export), nil, p.summary)
	p.galNote = widget.NewLabel(galleryNote(nil))
	p.galNote.Wrapping = fyne.TextWrapWord
	p.galNote.SizeName = theme.SizeNameCaptionText
	right := container.NewVBox(p.perClass, p.galTitle, p.galNote, p.gallery,
		widget.NewLabelWithStyle(T("Most confident mistakes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.mistakes)
	split := newStackingSplit(newTapView(p.matrix, p.tapMatrix), right, 0.45) // the galleries below the matrix on a narrow window
	p.content = container.NewBorder(tools, nil, nil, nil, split)
	return p
}

// evaluate evaluates the latest snapshot's network in the background.
func (p *evalPanel) evaluate() {
	r, d := p.n.sess.runner, p.n.sess.testDS
	if r == nil || d == nil {
		return
	}
	s := r.Snapshot()
	names := p.n.sess.classNames(s.Net.Arch.Outputs)
	p.button.Disable()
	p.summary.SetText(T("Evaluating on the test set…"))
	p.n.bridge.Go(func(context.Context) func() {
		ev := &evaluation{Evaluation: nn.Evaluate(s.Net, d), epochs: s.EpochsDone(), names: names}
		return func() {
			p.button.Enable()
			p.show(ev, d)
		}
	})
}

// show displays an evaluation. Call on the UI goroutine.
func (p *evalPanel) show(ev *evaluation, d *nn.Dataset) {
	p.result.Store(ev)
	p.summary.SetText(Tf("Test set (%d images) after %.2f epochs: loss %.4f, accuracy %.2f %% (%d mistakes)", d.N, ev.epochs, ev.Loss, 100*ev.Accuracy, len(ev.Mistakes)))
	p.fillGallery(p.mistakes, ev, d, ev.Mistakes)
	p.galTitle.SetText(T("Click a cell of the matrix to see its test images."))
	p.galNote.SetText(galleryNote(ev.names))
	p.gallery.RemoveAll()
	p.selected.Store(-1)
	p.n.poke()
}

// tapMatrix shows the gallery of the tapped cell.
func (p *evalPanel) tapMatrix(pos fyne.Position, size fyne.Size) {
	ev := p.result.Load()
	if ev == nil {
		return
	}
	row, col, ok := viz.ConfusionCellAt(int(pos.X), int(pos.Y), int(size.Width), int(size.Height), ev.names)
	if ok {
		p.showCell(row, col)
	}
}

// showCell shows the test images of true class t predicted as c. Call on
// the UI goroutine.
func (p *evalPanel) showCell(t, c int) {
	ev, d := p.result.Load(), p.n.sess.testDS
	if ev == nil || d == nil {
		return
	}
	idx := ev.Cell(d.Labels, t, c)
	p.selected.Store(int32(t*len(ev.names) + c))
	p.n.poke() // outline the cell
	p.galTitle.SetText(Tf("True %s, predicted %s: %d test images (showing up to %d)", ev.names[t], ev.names[c], len(idx), galleryMax))
	p.fillGallery(p.gallery, ev, d, idx)
}

// galleryCell is the size of one gallery entry: the image, its bars and
// two caption lines.
func galleryCell() fyne.Size {
	return fyne.NewSize(themeScaled(72), themeScaled(120))
}

// fillGallery shows up to galleryMax test images with their probabilities.
func (p *evalPanel) fillGallery(box *fyne.Container, ev *evaluation, d *nn.Dataset, idx []int) {
	th := *p.n.theme.Load()
	box.RemoveAll()
	named := namedClasses(ev.names)
	box.Layout = layout.NewGridWrapLayout(namedGalleryCell(named))
	x := make([]float32, d.Dim)
	k := len(ev.names)
	for _, i := range idx[:min(len(idx), galleryMax)] {
		d.Pixels(i, x)
		img := newPickImage(fyne.NewSize(56, 56), false)
		img.setImage(viz.Digit(x, 28))
		pr := ev.Probs[i*k : i*k+k]
		strip := newPickImage(fyne.NewSize(56, 14), false)
		strip.setImage(viz.ProbStrip(pr, int(d.Labels[i]), 50, 14, th))
		pred := ev.Pred[i]
		l := widget.NewLabel(fmt.Sprintf("%s→%s\n%s", ev.names[d.Labels[i]], ev.names[pred], outputPercent(pr[pred])))
		l.TextStyle.Monospace = true
		l.SizeName = theme.SizeNameCaptionText
		if named { // two lines: the true class, then the prediction
			l.SetText(fmt.Sprintf("%s\n→%s %s", shortName(ev.names[d.Labels[i]]), shortName(ev.names[pred]), outputPercent(pr[pred])))
			l.Truncation = fyne.TextTruncateEllipsis
		}
		box.Add(container.NewVBox(img, strip, l))
	}
}

func (p *evalPanel) render(s *live.Snapshot, force bool, th viz.Theme) func() {
	ev := p.result.Load()
	if ev == nil {
		return nil
	}
	sel := int(p.selected.Load())
	k := len(ev.names)
	conf := chart(p.matrix, func(w, h int, sc float64) image.Image {
		img := viz.Confusion(ev.Counts, ev.names, w, h, sc, th)
		if sel >= 0 {
			viz.OutlineConfusionCell(img, sel/k, sel%k, ev.names, sc, th)
		}
		return img
	})
	bc := viz.BarChart{Title: T("Accuracy per class"), Labels: ev.names, Values: make([]float64, k), ValueLabels: true}
	for t := range k {
		total := 0
		for c := range k {
			total += ev.Counts[t][c]
		}
		if total > 0 {
			bc.Values[t] = float64(ev.Counts[t][t]) / float64(total)
		}
	}
	one := 1.0
	bc.Max = &one
	per := chart(p.perClass, func(w, h int, sc float64) image.Image { return viz.Bars(bc, w, h, sc, th) })
	p.shown.Store(&[2]image.Image{conf, per})
	return func() {
		if conf != nil {
			p.matrix.setImage(conf)
		}
		if per != nil {
			p.perClass.setImage(per)
		}
	}
}

// exports lists what the evaluation panel can save.
func (p *evalPanel) exports() []exportItem {
	ev, imgs := p.result.Load(), p.shown.Load()
	if ev == nil {
		return nil
	}
	its := []exportItem{{label: T("Confusion matrix as CSV…"), name: "confusion", ext: ".csv", write: func(w io.Writer) error {
		return viz.WriteConfusionCSV(w, ev.Counts, ev.names)
	}}}
	if imgs != nil {
		for i, name := range []string{"confusion", "per-class"} {
			if imgs[i] != nil {
				its = append(its, pngItem(Tf("%s as PNG…", name), name, imgs[i]))
			}
		}
	}
	return its
}

// galleryNote explains the captions under the gallery's images, for the
// digits (names nil or "0" to "9") or for named classes.
func galleryNote(names []string) string {
	if exampleClasses(names) == nil {
		return T("Under each image: its ten outputs as bars for digits 0 to 9 (the highest in blue, the true digit in orange when they differ), then the true and the predicted digit, and the predicted digit's output.")
	}
	return Tf("Under each image: its %d outputs as bars, one per class from %s to %s (the highest in blue, the true class in orange when they differ), then the true and the predicted class, and the predicted class's output.", len(names), names[0], names[len(names)-1])
}
