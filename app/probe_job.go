package app

import "context"

// probeJob runs one computation at a time for a panel (a gradient check, a
// nudge, an ablation) off the UI goroutine, through the session's bridge.
// Starting a new one cancels the last; only the latest shows its result.
// Its methods are called on the UI goroutine.
type probeJob struct {
	sess   *session
	gen    uint64
	cancel context.CancelFunc
}

// start cancels the running computation and runs work in the background.
// work returns the function that shows its result, which runs on the UI
// goroutine unless a newer job started or the session closed meanwhile.
func (j *probeJob) start(work func(ctx context.Context) func()) {
	j.stop()
	j.gen++
	gen := j.gen
	ctx, cancel := context.WithCancel(j.sess.ctx)
	j.cancel = cancel
	j.sess.bridge.Go(func(context.Context) func() {
		show := work(ctx)
		if show == nil || ctx.Err() != nil {
			cancel()
			return nil
		}
		return func() {
			if j.gen == gen {
				show()
			}
		}
	})
}

// stop cancels the running computation, if any.
func (j *probeJob) stop() {
	if j.cancel != nil {
		j.cancel()
		j.cancel = nil
	}
}
