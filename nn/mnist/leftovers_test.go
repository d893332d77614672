//go:build unix

package mnist

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCleanLeftovers checks that a killed fetch's partial downloads and
// temporary folders go at the next start, and a live fetch's stay.
func TestCleanLeftovers(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^$")
	if err := child.Run(); err != nil {
		t.Fatal(err)
	}
	dead, self := strconv.Itoa(child.Process.Pid), strconv.Itoa(os.Getpid())
	paths := map[string]bool{ // path → want removed
		filepath.Join(dir, "."+trainImages+"."+dead+"-12.part"): true,
		filepath.Join(dir, "."+testLabels+"."+dead+"-13.part"):  true,
		filepath.Join(dir, "."+testLabels+"."+self+"-14.part"):  false,
		filepath.Join(dir, trainImages):                         false,
		filepath.Join(dir, ".notmnist."+dead+"-15.part"):        false,
		filepath.Join(tmp, fetchDirPrefix+dead+"-16"):           true,
		filepath.Join(tmp, fetchDirPrefix+self+"-17"):           false,
		filepath.Join(tmp, "backproplab-other-"+dead+"-18"):     false,
	}
	for p := range paths {
		var err error
		if filepath.Dir(p) == tmp {
			err = os.MkdirAll(filepath.Join(p, "sub"), 0o755)
		} else {
			err = os.WriteFile(p, []byte("partial"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	CleanLeftovers(dir)
	for p, remove := range paths {
		_, err := os.Stat(p)
		if gone := errors.Is(err, os.ErrNotExist); gone != remove {
			t.Errorf("%s: removed %v, want %v", p, gone, remove)
		}
	}
}
