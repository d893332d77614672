package live

import (
	"context"
	"math"
	"slices"
	"testing"

	"backproplab/nn"
)

// stepN trains n batches on the worker, one command each (so that the
// timeline sees each), and waits for their snapshot.
func stepN(t *testing.T, r *Runner, n int) {
	t.Helper()
	var steps int
	for range n {
		r.Do(func(tr *nn.Trainer) {
			if _, err := tr.Step(); err != nil {
				t.Error(err)
			}
			steps = tr.Opt.T
		})
	}
	waitFor(t, r, func(s *Snapshot) bool { return len(s.Batches) == steps })
}

// TestNudgeMarksAndUndoes checks that a nudge changes exactly one weight in
// the published snapshot, goes onto the timeline as a labelled mark after
// a mark of the weights before it, and that seeking to that mark undoes it
// and seeking back redoes it.
func TestNudgeMarksAndUndoes(t *testing.T) {
	r, err := New(context.Background(), tinyData(60), tinyConfig(nn.Adam))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.SetTimeline(1000, 1<<30) // no mark within the epoch: the nudge must make its own
	stepN(t, r, 3)
	before := slices.Clone(r.Snapshot().Net.Params)
	marks := len(r.Timeline().Marks) // the start only
	const param, delta = 7, float32(0.25)

	if err := r.Nudge(param, delta); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	want := slices.Clone(before)
	want[param] += delta
	if !slices.Equal(s.Net.Params, want) {
		t.Fatalf("Nudge(%d, %v): the snapshot's weights are not the old ones with one changed", param, delta)
	}
	if s.State != Paused || s.Step == nil || s.Step[param] != delta {
		t.Errorf("after a nudge: state %v, last update %v; want paused with ΔW = %v at %d", s.State, s.Step, delta, param)
	}
	tl := r.Timeline()
	if len(tl.Marks) != marks+2 || tl.Pos != -1 {
		t.Fatalf("after a nudge: %d marks at %d, want %d at the head", len(tl.Marks), tl.Pos, marks+2)
	}
	undo, nudged := tl.Marks[len(tl.Marks)-2], tl.Marks[len(tl.Marks)-1]
	if undo.Nudge != nil || undo.Step != 3 || nudged.Step != 3 {
		t.Errorf("marks before and after the nudge: %+v, %+v; want both at update 3", undo, nudged)
	}
	if n := nudged.Nudge; n == nil || n.Param != param || n.Delta != delta || n.From != before[param] {
		t.Errorf("nudge mark %+v, want param %d, Δ %v, from %v", n, param, delta, before[param])
	}
	if !slices.Equal(tl.Params[len(tl.Params)-2], before) || !slices.Equal(tl.Params[len(tl.Params)-1], want) {
		t.Error("the timeline's weights are not those before and after the nudge")
	}

	if err := r.Seek(len(tl.Marks) - 2); err != nil {
		t.Fatal(err)
	}
	if got := r.Snapshot().Net.Params; !slices.Equal(got, before) {
		t.Error("seeking to the mark before the nudge does not undo it")
	}
	if err := r.Seek(len(tl.Marks) - 1); err != nil {
		t.Fatal(err)
	}
	if got := r.Snapshot().Net.Params; !slices.Equal(got, want) {
		t.Error("seeking to the nudge mark does not redo it")
	}

	// Training goes on from the nudged weights; a second nudge adds a mark.
	stepN(t, r, 1)
	if s := r.Snapshot(); len(s.Batches) != 4 || slices.Equal(s.Net.Params, want) {
		t.Errorf("after a step: %d batches; the weights should have moved on from the nudge", len(s.Batches))
	}
	if err := r.Nudge(0, -1); err != nil {
		t.Fatal(err)
	}
	if tl := r.Timeline(); len(tl.Marks) != marks+4 || tl.Marks[len(tl.Marks)-1].Nudge == nil || tl.Marks[len(tl.Marks)-2].Step != 4 {
		t.Errorf("second nudge: %d marks (want %d) %+v", len(tl.Marks), marks+4, tl.Marks)
	}
}

// TestNudgeRewoundForks checks that nudging a rewound run drops the marks
// after it, as training from there would.
func TestNudgeRewoundForks(t *testing.T) {
	r, err := New(context.Background(), tinyData(60), tinyConfig(nn.SGD))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.SetTimeline(2, 1<<30)
	stepN(t, r, 6)
	if err := r.Seek(1); err != nil { // update 2
		t.Fatal(err)
	}
	at := slices.Clone(r.Snapshot().Net.Params)
	if err := r.Nudge(3, 0.5); err != nil {
		t.Fatal(err)
	}
	tl := r.Timeline()
	if len(tl.Marks) != 3 || tl.Pos != -1 || tl.Marks[1].Step != 2 || tl.Marks[2].Nudge == nil {
		t.Fatalf("nudge at a rewound mark: marks %+v at %d; want start, update 2, the nudge, at the head", tl.Marks, tl.Pos)
	}
	if got := r.Snapshot(); len(got.Batches) != 2 || got.Net.Params[3] != at[3]+0.5 {
		t.Errorf("nudged run: %d batches, param %v; want 2 and %v", len(got.Batches), got.Net.Params[3], at[3]+0.5)
	}
}

// TestNudgeRejects checks that a bad nudge is an error and changes nothing.
func TestNudgeRejects(t *testing.T) {
	r, err := New(context.Background(), tinyData(60), tinyConfig(nn.SGD))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := len(r.Snapshot().Net.Params)
	tests := []struct {
		param int
		delta float32
	}{{-1, 1}, {n, 1}, {0, float32(math.NaN())}, {0, float32(math.Inf(1))}, {0, math.MaxFloat32}}
	for _, tc := range tests {
		before := r.Snapshot()
		if tc.delta == math.MaxFloat32 {
			if err := r.Nudge(0, math.MaxFloat32); err != nil { // finite: fine
				t.Fatal(err)
			}
			tc.delta = math.MaxFloat32 // now overflows
			before = r.Snapshot()
		}
		if err := r.Nudge(tc.param, tc.delta); err == nil {
			t.Errorf("Nudge(%d, %v) = nil, want an error", tc.param, tc.delta)
		}
		if after := r.Snapshot(); after.Version != before.Version && !slices.Equal(after.Net.Params, before.Net.Params) {
			t.Errorf("Nudge(%d, %v) changed the weights", tc.param, tc.delta)
		}
	}
}
