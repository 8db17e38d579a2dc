//go:build unix

package main

import (
	"os"
	"syscall"
)

// tempInUse says whether a session still holds the lock the WAV recorder
// takes on its temporary file (chime.lockTemp).
func tempInUse(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
