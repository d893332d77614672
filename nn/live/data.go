package live

import "errors"

// SetData replaces the data the runner trains and tests on, as when the
// user chooses another dataset, and starts over from cfg, paused, as Reset
// does: the output layer follows the new dataset through cfg.Arch. When
// cfg does not fit the new data the run stays as it was, on the old data,
// and SetData returns the error. It waits, and the snapshot shows the new
// run when it returns without error. It returns an
// error too when the runner has stopped.
func (r *Runner) SetData(d Data, cfg Config) error {
	if d.Train == nil || d.Train.N == 0 {
		return errors.New("live: no training data")
	}
	ch := make(chan error, 1)
	r.send(func(w *worker) {
		old, oldTest := w.data, w.liveTest
		w.data, w.liveTest = d, nil
		if d.Test != nil && d.Test.N > 0 {
			w.liveTest = d.Test.View(seq(min(liveTestRows, d.Test.N)))
		}
		if err := w.reset(cfg); err != nil {
			w.data, w.liveTest = old, oldTest
			ch <- err
			return
		}
		w.publish() // the snapshot shows the new run when SetData returns
		ch <- nil
	})
	select {
	case err := <-ch:
		return err
	case <-r.done:
		return errors.New("live: the runner has stopped")
	}
}
