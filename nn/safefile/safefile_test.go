//go:build unix

package safefile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary a child that saves and then hangs.
const childEnv = "SAFEFILE_TEST_CHILD_SAVE"

// TestMain runs the child's part when childEnv is set: it starts an
// atomic save of 1 MB to the path in childEnv, says "writing" on stdout
// half-way and waits to be killed.
func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		err := WriteAtomic(path, func(w io.Writer) error {
			w.Write(make([]byte, 1<<19))
			os.Stdout.WriteString("writing\n")
			select {} // killed here, mid-write
		})
		panic(err)
	}
	os.Exit(m.Run())
}

// isolate points the user cache (and so the journal) at a fresh folder.
func isolate(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Setenv("LocalAppData", cache)
}

// leftovers lists the temporary files of saves in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestKilledSave kills a process in the middle of an atomic save (kill -9)
// and checks what the next start finds: the destination untouched, and
// CleanLeftovers removing the temporary file through the journal.
func TestKilledSave(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	if err := os.WriteFile(path, []byte("the old model"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "writing\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q, %v; want \"writing\"", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	left := leftovers(t, dir)
	if len(left) != 1 || !strings.Contains(left[0], "."+strconv.Itoa(cmd.Process.Pid)+"-") {
		t.Fatalf("after the kill the folder holds %v, want one temporary file named with the child's PID %d", left, cmd.Process.Pid)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "the old model" {
		t.Errorf("after the kill %s holds %q, %v; want the old model", path, b, err)
	}
	removed := CleanLeftovers()
	if len(removed) != 1 || removed[0] != left[0] {
		t.Errorf("CleanLeftovers() = %v, want [%s]", removed, left[0])
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("after CleanLeftovers the folder still holds %v", left)
	}
	if entries, _ := os.ReadDir(JournalDir()); len(entries) != 0 {
		t.Errorf("the journal still holds %d entries", len(entries))
	}
}

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestCleanStale checks which leftovers count as stale: a dead owner's,
// or anything older than StaleAge; never a live process's fresh file or
// a file of another form.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	dead, self := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	old := time.Now().Add(-2 * StaleAge)
	files := []struct {
		name   string
		old    bool
		remove bool
	}{
		{".m.npz." + dead + "-123.tmp", false, true},
		{".m.npz." + self + "-123.tmp", false, false},
		{".m.npz." + self + "-456.tmp", true, true},
		{".m.npz.789.tmp", false, false}, // no PID: by age only
		{".m.npz.790.tmp", true, true},
		{"m.npz", true, false},
		{".other.npz." + dead + "-1.tmp", false, false}, // another destination
		{".m.npz." + dead + "-1.part", false, false},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if f.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	CleanStale(dir, ".m.npz.", ".tmp")
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if gone := errors.Is(err, os.ErrNotExist); gone != f.remove {
			t.Errorf("%s (old %v): removed %v, want %v", f.name, f.old, gone, f.remove)
		}
	}
	// Folders: only the dead owner's and the old ones.
	for _, name := range []string{"backproplab-fetch-" + dead + "-1", "backproplab-fetch-" + self + "-2", "backproplab-fetchy"} {
		if err := os.MkdirAll(filepath.Join(dir, name, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got := CleanStaleDirs(dir, "backproplab-fetch-")
	if want := filepath.Join(dir, "backproplab-fetch-"+dead+"-1"); len(got) != 1 || got[0] != want {
		t.Errorf("CleanStaleDirs = %v, want [%s]", got, want)
	}
}

// TestWriteAtomic checks a save, a failed save and the destination checks.
func TestWriteAtomic(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "m.npz")
	if err := WriteAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := WriteAtomic(path, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Errorf("failing write: WriteAtomic = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("after a failed save the file holds %q, want \"one\"", b)
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("a failed save left %v", left)
	}
	if entries, _ := os.ReadDir(JournalDir()); len(entries) != 0 {
		t.Errorf("the journal holds %d entries after the saves", len(entries))
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
	}{
		{path, ""},
		{filepath.Join(dir, "new.npz"), ""},
		{"/nonexistent/m.npz", "folder /nonexistent does not exist"},
		{dir, "is a folder; give a file name such as " + filepath.Join(dir, "model.npz")},
		{dir + "/", "is a folder name"},
		{filepath.Join(path, "x.npz"), "is not a folder"},
		{fifo, "is a pipe (FIFO), not a regular file"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct{ path, want string }{filepath.Join(ro, "m.npz"), "cannot write in folder " + ro + ": permission denied"})
	}
	for _, tc := range tests {
		err := CheckWritable(tc.path)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckWritable(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("CheckWritable left %v", left)
	}
}

// TestOpenRegular checks that folders, FIFOs and devices are refused at
// once: opening a FIFO must not block.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("12345"), 0o644)
	tests := []struct {
		path, want string
	}{
		{fifo, fifo + " is a pipe (FIFO), not a regular file"},
		{dir, dir + " is a folder, not a regular file"},
		{"/dev/zero", "/dev/zero is a device, not a regular file"},
	}
	for _, tc := range tests {
		_, err := ReadFile(tc.path, 100)
		if !errors.Is(err, ErrNotRegular) || err.Error() != tc.want {
			t.Errorf("ReadFile(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	if b, err := ReadFile(file, 5); err != nil || string(b) != "12345" {
		t.Errorf("ReadFile(5-byte file, 5) = %q, %v", b, err)
	}
	if _, err := ReadFile(file, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile(5-byte file, 4) = %v, want ErrTooLarge", err)
	}
}

// TestWriteRecovery checks the fallback save.
func TestWriteRecovery(t *testing.T) {
	isolate(t)
	p, err := WriteRecovery("model.npz", func(w io.Writer) error { _, err := io.WriteString(w, "weights"); return err })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, RecoveryDir()) || !strings.HasSuffix(p, ".npz") || !strings.Contains(filepath.Base(p), "unsaved-model-") {
		t.Errorf("WriteRecovery saved to %s, want %s/unsaved-model-….npz", p, RecoveryDir())
	}
	if b, _ := os.ReadFile(p); string(b) != "weights" {
		t.Errorf("the recovered file holds %q", b)
	}
}

// TestFile checks the io.WriteCloser form of an atomic save: a failed
// Write or an Abort leaves the old file and no temporary file; a Close
// after good writes replaces the old file by a new one.
func TestFile(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "m.npz")
	tests := []struct {
		name   string
		fail   bool // the caller's writer fails half-way
		broken bool // the temporary file's own Write fails
		want   string
	}{
		{"writer fails", true, false, "old"},
		{"file write fails", false, true, "old"},
		{"close", false, false, "new contents"},
	}
	for _, tc := range tests {
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		before, _ := os.Stat(path)
		f, err := Create(path)
		if err != nil {
			t.Fatal(err)
		}
		var w io.Writer = f
		if tc.fail {
			w = &failAfter{w: f, n: 3}
		}
		if tc.broken {
			f.f.Close() // its next Write fails as on a failing disk
		}
		_, werr := io.WriteString(w, "new contents")
		if tc.fail && werr != nil {
			f.Abort() // what a caller does when its writing fails
		}
		cerr := f.Close()
		switch {
		case (tc.fail || tc.broken) && (werr == nil || cerr == nil):
			t.Errorf("%s: Write = %v, Close = %v, want errors", tc.name, werr, cerr)
		case !tc.fail && !tc.broken && (werr != nil || cerr != nil):
			t.Errorf("%s: Write = %v, Close = %v", tc.name, werr, cerr)
		}
		if b, _ := os.ReadFile(path); string(b) != tc.want {
			t.Errorf("%s: the file holds %q, want %q", tc.name, b, tc.want)
		}
		after, _ := os.Stat(path)
		if replaced := !os.SameFile(before, after); replaced != (tc.want != "old") {
			t.Errorf("%s: file replaced %v", tc.name, replaced)
		}
		if after.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 kept", tc.name, after.Mode().Perm())
		}
		if left := leftovers(t, dir); len(left) != 0 {
			t.Errorf("%s: left %v", tc.name, left)
		}
		if entries, _ := os.ReadDir(JournalDir()); len(entries) != 0 {
			t.Errorf("%s: the journal holds %d entries", tc.name, len(entries))
		}
	}
}

// failAfter passes n bytes to w, then fails the write with the disk
// full: a medium that fills up mid-save.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, _ := f.w.Write(p[:f.n])
	f.n = 0
	return k, syscall.ENOSPC
}
