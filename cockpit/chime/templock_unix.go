//go:build unix

package chime

import (
	"os"
	"syscall"
)

// lockTemp holds an exclusive lock on a recording's temporary file while
// the session writes it, so the clean-up of stale temporary files (those
// a killed cockpit left behind) can tell a live one from an orphan. The
// lock ends when the file is closed, or the process dies.
func lockTemp(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
