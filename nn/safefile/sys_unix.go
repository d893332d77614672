//go:build unix

package safefile

import (
	"errors"
	"os"
	"syscall"
)

const oNonblock = syscall.O_NONBLOCK

// clearNonblock puts f back into blocking mode for ordinary reads.
func clearNonblock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}

// alive reports whether a process with this PID exists (known is false
// when that cannot be told).
func alive(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM), true
}

// syncDir flushes dir's entries (a rename) to disk. File systems that
// cannot sync a folder are not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}
