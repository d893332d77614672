package safefile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// StaleAge is the age after which a leftover whose owner cannot be told
// apart from a live process is removed anyway. No save or download of
// this program runs that long without touching its file.
const StaleAge = time.Hour

// JournalDir is the folder of the journal of saves under way:
// os.UserCacheDir()/backproplab/saving, or "" when there is no cache folder.
func JournalDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "backproplab", "saving")
}

// journal records that this process is writing the temporary file tmp and
// returns the function that forgets it. Without a journal folder nothing is
// recorded: the next save to the same path still cleans up (CleanStale).
func journal(tmp string) (done func()) {
	dir := JournalDir()
	if dir == "" {
		return func() {}
	}
	abs, err := filepath.Abs(tmp)
	if err != nil || os.MkdirAll(dir, 0o755) != nil {
		return func() {}
	}
	f, err := os.CreateTemp(dir, strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return func() {}
	}
	_, werr := f.WriteString(abs + "\n")
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return func() {}
	}
	return func() { os.Remove(f.Name()) }
}

// ownerPID returns the PID in token "PID-RANDOM", or 0.
func ownerPID(token string) int {
	p, _, ok := strings.Cut(token, "-")
	if !ok {
		return 0
	}
	pid, err := strconv.Atoi(p)
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// stale reports whether a leftover owned by pid (0: unknown) and last
// modified at mod is abandoned.
func stale(pid int, mod time.Time) bool {
	if pid > 0 && pid != os.Getpid() {
		if live, known := alive(pid); known && !live {
			return true
		}
	}
	return time.Since(mod) > StaleAge
}

// leftoverPID returns the owner PID of a leftover named prefix+…+"."+
// "PID-RANDOM"+suffix (0 when the name holds none) and whether name has
// that form at all.
func leftoverPID(name, prefix, suffix string) (int, bool) {
	if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) || len(name) <= len(prefix)+len(suffix) {
		return 0, false
	}
	mid := name[len(prefix) : len(name)-len(suffix)]
	if i := strings.LastIndexByte(mid, '.'); i >= 0 {
		mid = mid[i+1:]
	}
	return ownerPID(mid), true
}

// CleanStale removes the stale leftovers in dir whose names start with
// prefix and end with suffix, e.g. ".model.npz." and ".tmp", and returns
// their paths. Errors are ignored: cleaning is best effort.
func CleanStale(dir, prefix, suffix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		pid, ok := leftoverPID(e.Name(), prefix, suffix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || !stale(pid, info.ModTime()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// CleanStaleDirs removes the stale temporary folders in dir named
// prefix+"PID-RANDOM" (as os.MkdirTemp(dir, prefix+"PID-*") makes them),
// with their contents, and returns their paths.
func CleanStaleDirs(dir, prefix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || !stale(ownerPID(strings.TrimPrefix(e.Name(), prefix)), info.ModTime()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// CleanLeftovers removes the temporary files of saves that a killed
// process left behind, as the journal lists them, and returns their paths.
// A journal entry is acted on only when its process is gone (or it is
// older than StaleAge), and only a file whose name has WriteAtomic's form
// with that process's PID is removed. Programs call it at start.
func CleanLeftovers() []string {
	dir := JournalDir()
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		pid := ownerPID(e.Name())
		info, err := e.Info()
		if pid == 0 || err != nil || !e.Type().IsRegular() || !stale(pid, info.ModTime()) {
			continue
		}
		entry := filepath.Join(dir, e.Name())
		b, err := ReadFile(entry, 4096)
		if err != nil {
			continue
		}
		tmp := strings.TrimSpace(string(b))
		base := filepath.Base(tmp)
		if owner, ok := leftoverPID(base, ".", ".tmp"); ok && owner == pid && filepath.IsAbs(tmp) {
			if st, err := os.Lstat(tmp); err == nil && st.Mode().IsRegular() && os.Remove(tmp) == nil {
				removed = append(removed, tmp)
			}
		}
		os.Remove(entry)
	}
	return removed
}
