package app

import (
	"testing"
	"fyne.io/fyne/v2/test"
)

func TestTmpMinSizes(t *testing.T) {
	a := test.NewTempApp(t)
	u := newUI(a, Options{DataDir: t.TempDir() + "/none", Language: "en", manualPump: true})
	t.Cleanup(u.sess.close)
	for _, it := range u.tabs.Items {
		t.Logf("%s %v", it.Text, it.Content.MinSize())
	}
	t.Logf("controls %v", u.controls.content.MinSize())
}
