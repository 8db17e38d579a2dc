//go:build !linux && !noaudio

package chime

// quietStderr is a no-op where ALSA does not exist.
func quietStderr() (restore func()) { return func() {} }
