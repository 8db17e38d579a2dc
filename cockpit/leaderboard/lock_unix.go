//go:build unix

package leaderboard

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockFile takes the advisory lock that every process changing the board
// at path holds while it reads and writes it, and returns its release. The
// lock is on a lock file beside the board (the board itself is replaced by
// each write, so a lock on it would be on a file nobody opens next). When
// the lock cannot be taken (a read-only folder) the change goes on
// unlocked: losing a race with another process is better than losing the
// visitor's score.
func lockFile(path string) func() {
	dir := filepath.Dir(path)
	_ = os.MkdirAll(dir, 0o700) // as the write will
	f, err := os.OpenFile(filepath.Join(dir, "."+filepath.Base(path)+".lock"), os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return func() {}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}
}
