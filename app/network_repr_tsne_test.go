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
