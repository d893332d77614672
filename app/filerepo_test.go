package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tapDialogButton taps the button labelled text in the topmost overlay
// of u's window (a dialog).
func tapDialogButton(t *testing.T, u *ui, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog shown to press %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && !b.Disabled() {
			test.Tap(b)
			return
		}
	}
	var seen []string
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok {
			seen = append(seen, fmt.Sprintf("%q (disabled %v)", b.Text, b.Disabled()))
		}
	}
	t.Fatalf("the dialog has no enabled %q button; its buttons: %s", text, strings.Join(seen, ", "))
}

// dialogText returns the text of the labels in the topmost overlay.
func dialogText(u *ui) string {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// TestSaveOverwrite overwrites an existing model through the app's real
// save path: Save model's file dialog (Save, then Yes to "Overwrite?"),
// the bridge job, the atomic save. A save that fails midway must leave
// the old file as it was and no temporary file; one that succeeds must
// replace the old file by a new one (a rename, not a rewrite in place),
// keeping its permissions.
func TestSaveOverwrite(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	// The folder the dialog opens in: the last one used (Fyne's key).
	u.app.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(dir).String())
	boom := errors.New("disk full")
	tests := []struct {
		name  string
		write func(io.Writer) error
		want  string
	}{
		{"fails midway", func(w io.Writer) error {
			if _, err := io.WriteString(w, "half of a new mod"); err != nil {
				return err
			}
			return boom
		}, "old model"},
		{"succeeds", func(w io.Writer) error {
			_, err := io.WriteString(w, "new model")
			return err
		}, "new model"},
	}
	for _, tc := range tests {
		if err := os.WriteFile(path, []byte("old model"), 0o640); err != nil {
			t.Fatal(err)
		}
		before, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		u.saveFileAs("model.npz", ".npz", eventModelSaved, tc.write)
		tapDialogButton(t, u, "Save")
		if !strings.Contains(dialogText(u), "overwrite") {
			t.Fatalf("%s: no overwrite question; the dialog says %q", tc.name, dialogText(u))
		}
		tapDialogButton(t, u, "Yes")
		if b, _ := os.ReadFile(path); string(b) != "old model" {
			t.Errorf("%s: once the dialog closed, before the save ran, the file holds %q", tc.name, b)
		}
		u.sess.bridge.Settle() // the save and its result
		if b, _ := os.ReadFile(path); string(b) != tc.want {
			t.Errorf("%s: the file holds %q, want %q", tc.name, b, tc.want)
		}
		after, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if replaced := !os.SameFile(before, after); replaced != (tc.want != "old model") {
			t.Errorf("%s: the file was replaced: %v", tc.name, replaced)
		}
		if after.Mode().Perm() != 0o640 {
			t.Errorf("%s: mode %v, want 0640 kept", tc.name, after.Mode().Perm())
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%s: the folder holds %v, want model.npz alone", tc.name, names)
		}
		shown := dialogText(u)
		if failed := strings.Contains(shown, "Could not save"); failed != (tc.want == "old model") {
			t.Errorf("%s: error dialog shown %v; the window shows %q", tc.name, failed, shown)
		}
		for o := u.win.Canvas().Overlays().Top(); o != nil; o = u.win.Canvas().Overlays().Top() {
			u.win.Canvas().Overlays().Remove(o)
		}
	}
}

// TestAtomicWriter checks the file:// writer that Fyne's storage functions
// (and so its save dialog) get once the app is built: nothing happens to
// the file until Close, Abort leaves it as it was, Close replaces it.
func TestAtomicWriter(t *testing.T) {
	test.NewTempApp(t) // registers Fyne's own file repository
	if err := installAtomicFiles(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "lesson.json")
	u := storage.NewFileURI(path)
	for _, abort := range []bool{true, false} {
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := storage.Writer(u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, "new"); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != "old" {
			t.Errorf("while writing, the file holds %q", b)
		}
		want := "new"
		if abort {
			w.(*atomicWriter).Abort()
			want = "old"
		} else if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != want {
			t.Errorf("abort %v: the file holds %q, want %q", abort, b, want)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) != 0 {
			t.Errorf("abort %v: left %v", abort, m)
		}
	}
	// Everything else is Fyne's: listing, parents, existence.
	if ok, err := storage.CanList(storage.NewFileURI(dir)); !ok || err != nil {
		t.Errorf("CanList(dir) = %v, %v", ok, err)
	}
	if ok, err := storage.Exists(u); !ok || err != nil {
		t.Errorf("Exists = %v, %v", ok, err)
	}
}
