package app

import (
	"fmt"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backproplab/nn/lab"
	"backproplab/nn/live"
)

// status is the strip above the charts: counters, progress, throughput,
// elapsed time, learning rate, and the run's state or error.
type status struct {
	epoch, batch, rate, elapsed, lr *widget.Label
	progress                        *widget.ProgressBar
	message                         *widget.Label
	// recover offers a way on after a loss explosion; onRecover does it
	// with the lower learning rate.
	recover   *widget.Button
	recoverLR float64
	onRecover func(lr float64)
	content   fyne.CanvasObject
}

// newStatus builds the strip; onRecover (nil: nothing) retries at the
// learning rate the strip offers after a loss explosion.
func newStatus(onRecover func(lr float64)) *status {
	s := &status{onRecover: onRecover,
		epoch: widget.NewLabel(""), batch: widget.NewLabel(""), rate: widget.NewLabel(""),
		elapsed: widget.NewLabel(""), lr: widget.NewLabel(""), progress: widget.NewProgressBar(),
		message: widget.NewLabel(""),
	}
	s.message.Wrapping = fyne.TextWrapWord
	s.recover = widget.NewButtonWithIcon("", theme.MediaReplayIcon(), func() {
		if s.onRecover != nil {
			s.onRecover(s.recoverLR)
		}
	})
	s.recover.Importance = widget.HighImportance
	s.recover.Hide()
	s.progress.TextFormatter = func() string { return fmt.Sprintf("%.0f %%", s.progress.Value*100) }
	s.content = container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(s.epoch, s.batch), container.NewHBox(s.rate, s.elapsed, s.lr), s.progress),
		s.message,
		container.NewHBox(s.recover),
	)
	s.message.Hide()
	return s
}

// show updates the strip from snapshot sn. Call on the UI goroutine.
func (s *status) show(sn *live.Snapshot) {
	epochs := max(sn.Config.Settings.Epochs, len(sn.Epochs)) // Train continues past the configured count
	epoch, batch, progress := sn.Epoch+1, sn.Batch, sn.Progress()
	if sn.Epoch >= epochs && sn.Batch == 0 && sn.Epoch > 0 {
		// All epochs done: show the last one complete, not the next one empty.
		epoch, batch, progress = sn.Epoch, sn.BatchesPerEpoch, 1
	}
	s.epoch.SetText(Tf("Epoch %d/%d", epoch, max(epochs, epoch)))
	s.batch.SetText(Tf("Batch %d/%d", batch, sn.BatchesPerEpoch))
	s.progress.SetValue(progress)
	// Three significant digits and whole seconds after the first ten: the
	// dropped digits are noise, and every new string is a new text texture
	// that the window keeps for a minute.
	s.rate.SetText(Tf("%s samples/s", humanInt(roundSig(sn.SamplesPerSec, 3))))
	s.elapsed.SetText(Tf("%s elapsed", roundElapsed(sn.Elapsed)))
	s.lr.SetText(Tf("learning rate %s", formatLR(sn.LearningRate)))
	s.recover.Hide()
	switch {
	case sn.State == live.Failed && sn.Err != nil:
		s.message.Importance = widget.DangerImportance
		s.message.SetText(Tf("Training stopped: %v", sn.Err))
		s.message.Show()
		s.recoverLR = lowerLR(sn.LearningRate)
		s.message.SetText(Tf("Training stopped: %v", sn.Err) + "\n" + T("The button below goes back to the last timeline snapshot before the explosion and continues from there with a learning rate ten times lower."))
		s.recover.SetText(Tf("Continue at learning rate %s", formatLR(s.recoverLR)))
		s.recover.Show()
	case sn.Err != nil:
		s.message.Importance = widget.WarningImportance
		s.message.SetText(sn.Err.Error())
		s.message.Show()
	case sn.State == live.Finished && len(sn.Tests) > 0:
		last := sn.Tests[len(sn.Tests)-1]
		s.message.Importance = widget.SuccessImportance
		s.message.SetText(Tf("Done: test accuracy %.2f %%, test loss %.4f. Press Train to continue for another epoch.", last.Accuracy*100, last.Loss))
		s.message.Show()
	default:
		s.message.Hide()
	}
}

// lowerLR is the learning rate offered after a loss explosion: a tenth of
// lr, within the range the learning-rate control allows.
func lowerLR(lr float64) float64 {
	return max(roundLR(lr/10), math.Pow(10, lrMinExp))
}

// humanInt formats a rate with thousands separators, e.g. 412,345.
func humanInt(v float64) string { return lab.Thousands(int(math.Round(v))) }

// roundSig rounds v to digits significant digits.
func roundSig(v float64, digits int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// roundElapsed rounds d to a tenth of a second below ten seconds and to
// whole seconds after.
func roundElapsed(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
