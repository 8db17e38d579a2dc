//go:build linux && !noaudio

package chime

import (
	"os"
	"syscall"
)

// quietStderr points file descriptor 2 at /dev/null until restore is
// called. libasound and JACK write diagnostics straight to fd 2 (32 lines
// on a box without a card, measured here), below Go's os.Stderr, so only a
// descriptor swap keeps them off the TUI. It is used only around the opt-in
// ALSA start-up; anything else written to stderr meanwhile is lost too.
func quietStderr() (restore func()) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	defer null.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		return func() {}
	}
	if err := syscall.Dup3(int(null.Fd()), 2, 0); err != nil {
		_ = syscall.Close(saved)
		return func() {}
	}
	return func() {
		_ = syscall.Dup3(saved, 2, 0)
		_ = syscall.Close(saved)
	}
}
