package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backproplab/nn/proj"
)

// TestReprTSNEMapsEverySnapshot chooses t-SNE in the representation view
// (through its select), lets the maps compute off the UI goroutine and
// checks that every snapshot has its t-SNE map, each started from the one
// before, with its own title and scores, while PCA's maps stay.
func TestReprTSNEMapsEverySnapshot(t *testing.T) {
	u, n, s := trainedNetwork(t)
	p := n.repr
	settle := func() {
		for range 3 {
			if f := n.render(s, true); f != nil {
				f()
			}
			u.sess.bridge.Settle()
		}
	}
	settle()
	tl := runnerOf(u).Timeline()
	pca := p.frames.get(reprKey{&tl.Params[0][0], 1, reprPCA})
	if pca == nil {
		t.Fatal("no PCA map of the first snapshot")
	}
	test.Tap(p.methodSel)
	p.methodSel.SetSelected(T("t-SNE"))
	if reprMethod(p.method.Load()) != reprTSNE {
		t.Fatalf("method %d after choosing t-SNE", p.method.Load())
	}
	settle()
	for i, w := range tl.Params {
		fr := p.frames.get(reprKey{&w[0], 1, reprTSNE})
		if fr == nil {
			t.Fatalf("snapshot %d has no t-SNE map", i)
		}
		if fr.proj.N() != u.sess.testDS.N || fr.proj.Exact {
			t.Fatalf("snapshot %d: t-SNE map of %d points (exact %v)", i, fr.proj.N(), fr.proj.Exact)
		}
		if want := proj.Separation(fr.proj, u.sess.testDS.Labels, s.Net.Arch.Outputs); fr.separation != want {
			t.Errorf("snapshot %d: separation %v, the map's %v", i, fr.separation, want)
		}
	}
	if p.frames.get(reprKey{&tl.Params[0][0], 1, reprPCA}) != pca {
		t.Error("choosing t-SNE dropped the PCA maps")
	}
	sh := p.shown.Load()
	if sh == nil || !strings.HasPrefix(sh.sc.Title, "t-SNE") {
		t.Errorf("map title %q, want t-SNE's", sh.sc.Title)
	}
	if !strings.Contains(p.scoreLn.Text, "Separation") || !strings.Contains(p.status.Text, "accuracy") {
		t.Errorf("status %q / %q", p.status.Text, p.scoreLn.Text)
	}
	p.methodSel.SetSelected(T("PCA"))
	settle()
	if sh := p.shown.Load(); sh == nil || !strings.HasPrefix(sh.sc.Title, "PCA") {
		t.Errorf("back to PCA: title %q", sh.sc.Title)
	}
}

func TestPackSteps(t *testing.T) {
	for _, c := range [][3]int{{0, 0, 0}, {3, 10, 750}, {1<<21 - 1, 1<<21 - 1, 1<<21 - 1}} {
		if i, d, n := unpackSteps(packSteps(c[0], c[1], c[2])); i != c[0] || d != c[1] || n != c[2] {
			t.Errorf("unpackSteps(packSteps(%v)) = %d, %d, %d", c, i, d, n)
		}
	}
}

// TestReprPreviousMapLabelled chooses t-SNE after the PCA maps are shown
// and checks the frame drawn while the t-SNE maps are computed: the PCA
// map stays, under its own title, with a note that it is the previous
// map; once t-SNE's map is ready it replaces it, without the note.
func TestReprPreviousMapLabelled(t *testing.T) {
	u, n, s := trainedNetwork(t)
	p := n.repr
	for range 3 {
		if f := n.render(s, true); f != nil {
			f()
		}
		u.sess.bridge.Settle()
	}
	pca := p.shown.Load()
	if pca == nil || !strings.HasPrefix(pca.sc.Title, "PCA") || pca.sc.Note != "" {
		t.Fatalf("before t-SNE: %+v", pca)
	}
	p.methodSel.SetSelected(T("t-SNE"))
	// This frame starts the t-SNE maps, snapshot by snapshot from the
	// first; the one shown, the latest, is computed last.
	n.render(s, true)()
	sh := p.shown.Load()
	if sh == nil || !strings.HasPrefix(sh.sc.Title, "PCA") || !strings.HasPrefix(sh.sc.Note, "Previous map, shown until the t-SNE map is computed") {
		t.Errorf("while t-SNE computes: title %q, note %q; want PCA's title and a note that it is the previous map", sh.sc.Title, sh.sc.Note)
	}
	if sh.img == nil || p.view.img.Image != sh.img {
		t.Error("the labelled previous map is not the one on screen")
	}
	u.sess.bridge.Settle()
	n.render(s, true)()
	if sh := p.shown.Load(); !strings.HasPrefix(sh.sc.Title, "t-SNE") || sh.sc.Note != "" {
		t.Errorf("t-SNE computed: title %q, note %q", sh.sc.Title, sh.sc.Note)
	}
}
