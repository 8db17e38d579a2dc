//go:build !noaudio

package chime

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestDeviceWithRealServer plays through a real PulseAudio/PipeWire server.
// It runs only when asked (CHIME_DEVICE_TEST=1), since CI has no server;
// docs/sound.md shows how to start a private null-sink server and record
// its monitor to check what reached it.
func TestDeviceWithRealServer(t *testing.T) {
	if os.Getenv("CHIME_DEVICE_TEST") != "1" {
		t.Skip("set CHIME_DEVICE_TEST=1 with a sound server running")
	}
	t.Setenv(EnvVar, "")
	start := time.Now()
	p := Open(Options{})
	t.Logf("Open: %s (%s) after %v", p.Name(), Reason(p), time.Since(start))
	if !strings.HasPrefix(p.Name(), "sound:") {
		t.Fatalf("no device: %s", Reason(p))
	}
	within(t, 10*time.Millisecond, "Play", func() { p.Play(Info) })
	time.Sleep(1 * time.Second)
	p.Play(TakeoverStage1)
	time.Sleep(2 * time.Second)
	p.Play(TakeoverStage2)
	time.Sleep(1 * time.Second)
	p.Stop(TakeoverStage2)
	time.Sleep(1500 * time.Millisecond)
	p.Play(Critical)
	time.Sleep(1 * time.Second)
	within(t, time.Second, "Close", func() { _ = p.Close() })
	// oto allows one context per process: a second Open reuses it.
	q := Open(Options{})
	if !strings.HasPrefix(q.Name(), "sound:") {
		t.Errorf("second Open: %s", q.Name())
	}
	q.Play(TakeoverAck)
	time.Sleep(500 * time.Millisecond)
	_ = q.Close()
}

// noServerShort is what Open says when no server answers.
const noServerShort = "no sound server"
