package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/nn/data"
)

// TestFolderErrorsTranslated checks that every folder and drawings error
// code reads in Chinese in the zh-Hans UI, keeps its parameters, and that
// a real empty folder's error arrives as a code.
func TestFolderErrorsTranslated(t *testing.T) {
	errs := []*data.FolderError{
		{Code: data.FolderNoImages, Dir: "/d"},
		{Code: data.FolderOneClass, Dir: "/d", Class: "cat"},
		{Code: data.FolderEmptyClass, Dir: "/d", Class: "cat"},
		{Code: data.FolderEmptySplit, Dir: "/d", N: 7, M: 0},
		{Code: data.FolderTooManyClasses, Dir: "/d", N: 300, M: 256},
		{Code: data.FolderClassMissing, Dir: "/d/test", Class: "cat", Other: "/d/train"},
		{Code: data.FolderTooDeep, Dir: "/d", N: 32},
		{Code: data.FolderTooManyImages, N: 100000},
		{Code: data.DrawingsNoFolder, Dir: "/e"},
		{Code: data.DrawingsNone, Dir: "/e"},
		{Code: data.DrawingsTooMany, Dir: "/e", N: 100000},
		{Code: data.DrawingsNoneForClasses, Classes: []string{"cat", "dog"}},
		{Code: data.DrawingsNoTest, N: 3},
	}
	setLanguage("zh-Hans")
	t.Cleanup(resetLanguage)
	for _, e := range errs {
		got := dataErrorText(fmt.Errorf("wrapped: %w", e))
		if got == e.Error() || !hasHan(got) {
			t.Errorf("code %d in Chinese: %q (English %q)", e.Code, got, e.Error())
		}
		for _, p := range []string{e.Dir, e.Class, e.Other} {
			if p != "" && !strings.Contains(got, p) {
				t.Errorf("code %d: %q lost %q", e.Code, got, p)
			}
		}
		if e.N != 0 && !strings.Contains(got, fmt.Sprint(e.N)) {
			t.Errorf("code %d: %q lost %d", e.Code, got, e.N)
		}
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "cat"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err := data.FromFolder(t.Context(), dir, data.FolderOptions{TestSplit: 0.2})
	if got := dataErrorText(err); err == nil || !hasHan(got) || !strings.Contains(got, dir) {
		t.Errorf("an empty folder: %v, shown as %q", err, got)
	}
}
