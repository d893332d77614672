package live

import (
	"context"
	"testing"
	"time"

	"backproplab/nn"
)

// eventually waits until cond holds, failing after a generous deadline.
// The runners thin their timelines between batches, after a wake-up that
// does not report back, so the test waits for the state rather than for an
// event.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// sharedRunner starts a runner on tiny data that keeps a snapshot after
// every batch, shares b, trains its epochs and returns once finished.
func sharedRunner(t *testing.T, b *Budget, seed uint64) *Runner {
	t.Helper()
	cfg := tinyConfig(nn.Adam)
	cfg.Settings.Seed = seed
	r, err := New(context.Background(), tinyData(60), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.SetTimeline(1, 1<<30) // its own budget never binds: only the shared one
	r.ShareBudget(b)
	r.Play()
	waitFor(t, r, func(s *Snapshot) bool { return s.State == Finished })
	return r
}

// TestSharedBudget checks that runners sharing a Budget hold no more than
// its limit together, however many come and go, that a runner started
// later still gets its fair share, that a stopped runner's snapshots stop
// counting, and that lowering the limit thins every timeline.
func TestSharedBudget(t *testing.T) {
	snap := func(r *Runner) int { return r.Timeline().Marks[0].Bytes }
	b := NewBudget(1 << 30)
	first := sharedRunner(t, b, 1)
	defer first.Close()
	size := snap(first)
	if n := len(first.Timeline().Marks); n < 20 {
		t.Fatalf("%d snapshots, want a mark per batch (3 epochs of 8 batches)", n)
	}
	limit := 12 * size // half of what one run keeps unthinned
	b.SetLimit(limit)
	eventually(t, "the first run to thin to the new limit", func() bool {
		return first.Timeline().Bytes <= limit && b.Held() == first.Timeline().Bytes
	})

	second := sharedRunner(t, b, 2)
	defer second.Close()
	eventually(t, "both runs within the shared limit", func() bool { return b.Held() <= limit })
	t1, t2 := first.Timeline(), second.Timeline()
	if t1.Bytes+t2.Bytes > limit {
		t.Errorf("timelines hold %d + %d bytes, over the shared limit %d", t1.Bytes, t2.Bytes, limit)
	}
	if t2.Bytes < limit/2-size {
		t.Errorf("the later run holds %d bytes, less than its fair share %d", t2.Bytes, limit/2)
	}

	// Runs come and go, as the Playground's do when its data changes: the
	// closed ones leave nothing behind, the live ones stay within the limit.
	for i := range 4 {
		r := sharedRunner(t, b, uint64(10+i))
		eventually(t, "three runs within the shared limit", func() bool { return b.Held() <= limit })
		r.Close()
		eventually(t, "the budget to count only the two live timelines", func() bool {
			return b.Held() == first.Timeline().Bytes+second.Timeline().Bytes
		})
	}

	second.Close()
	eventually(t, "the budget to count only the live timeline", func() bool { return b.Held() == first.Timeline().Bytes })

	low := 4 * size
	b.SetLimit(low)
	eventually(t, "the lowered limit", func() bool { return b.Held() <= low })
	if tl := first.Timeline(); tl.Budget > low || len(tl.Marks) < 2 {
		t.Errorf("after lowering the limit: budget %d, %d marks; want ≤ %d and the first and last", tl.Budget, len(tl.Marks), low)
	}
}
