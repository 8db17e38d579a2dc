package chime

import (
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// within fails the test if f does not return within d; nothing here may
// ever wait for a device. It detects a hang, not slowness: d is stretched
// tenfold so a loaded CI machine under -race cannot fail it.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	d *= 10
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s blocked for more than %v", what, d)
	}
}

func TestSilentNeverBlocks(t *testing.T) {
	var p Player = Silent{Short: "test"}
	within(t, time.Second, "Silent", func() {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 1000 {
					for _, s := range All() {
						p.Play(s)
						p.Stop(s)
					}
				}
			})
		}
		wg.Wait()
		_ = p.Close()
	})
	if p.Name() != "silent (test)" || Reason(p) != "test" {
		t.Errorf("Name %q, Reason %q", p.Name(), Reason(p))
	}
}

// noServer points PulseAudio at a socket that does not exist, so Open can
// only fall back, whatever machine the tests run on.
func noServer(t *testing.T) {
	t.Setenv("PULSE_SERVER", "unix:"+filepath.Join(t.TempDir(), "no-such-socket"))
	t.Setenv(EnvVar, "")
}

func TestOpenFallsBackToSilent(t *testing.T) {
	noServer(t)
	cases := []struct {
		name  string
		opts  Options
		short string
	}{
		{"audio off", Options{Mode: ModeOff}, "audio off"},
		{"env off", Options{Getenv: func(k string) string {
			if k == EnvVar {
				return "OFF"
			}
			return ""
		}}, "audio off"},
		{"no server", Options{}, noServerShort},
		{"no server, auto", Options{Mode: ModeAuto}, noServerShort},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p Player
			within(t, 2*time.Second, "Open", func() { p = Open(c.opts) })
			if s, ok := p.(Silent); !ok || s.Short != c.short {
				t.Fatalf("Open = %#v (%s), want Silent(%q)", p, p.Name(), c.short)
			}
			if Reason(p) == "" {
				t.Error("a fallback must say why")
			}
		})
	}
}

func TestOpenEnvOffBeatsFlag(t *testing.T) {
	noServer(t)
	t.Setenv(EnvVar, "off")
	if p := Open(Options{Mode: ModeAuto}); !strings.Contains(Reason(p), "COCKPIT_AUDIO=off") {
		t.Errorf("COCKPIT_AUDIO=off ignored: %s / %s", p.Name(), Reason(p))
	}
}

// A server that accepts and then never answers must not hold Open up.
func TestOpenDoesNotHangOnDeadServer(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the probe timeout")
	}
	sock := filepath.Join(t.TempDir(), "pulse")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("no unix sockets:", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	t.Setenv("PULSE_SERVER", "unix:"+sock)
	t.Setenv(EnvVar, "")
	var p Player
	within(t, 3*time.Second, "Open with a mute server", func() {
		p = Open(Options{Timeout: 300 * time.Millisecond})
	})
	if _, ok := p.(Silent); !ok {
		t.Fatalf("Open = %s, want Silent", p.Name())
	}
}

func TestOpenAsyncReturnsAtOnce(t *testing.T) {
	noServer(t)
	ready := make(chan Player, 1)
	var p Player
	within(t, 100*time.Millisecond, "OpenAsync", func() {
		p = OpenAsync(Options{}, func(p Player) { ready <- p })
	})
	p.Play(TakeoverStage1) // before the device is known: must not be lost or block
	select {
	case got := <-ready:
		if got != p {
			t.Error("ready must receive the player OpenAsync returned")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("ready never called")
	}
	if !strings.HasPrefix(p.Name(), "silent") {
		t.Errorf("Name = %q", p.Name())
	}
	within(t, time.Second, "Close", func() { _ = p.Close() })
}

func TestAsyncHandsOverContinuousSounds(t *testing.T) {
	a := &async{cur: Silent{}, active: map[group]Sound{}}
	a.Play(TakeoverStage1)
	a.Play(TakeoverStage2)
	a.Play(Proximity(0.5))
	a.Stop(Proximity(0.5))
	a.Play(Info)
	rec := NewRecorder(RecorderConfig{Clock: new(ManualClock).Now})
	a.set(rec)
	var got []Sound
	for _, e := range rec.Events() {
		got = append(got, e.Sound)
	}
	if len(got) != 1 || got[0] != TakeoverStage2 {
		t.Errorf("handed over %v, want only the current takeover stage", got)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": ModeAuto, "AUTO": ModeAuto, "off": ModeOff, " alsa ": ModeALSA} {
		if got, ok := ParseMode(in); !ok || got != want {
			t.Errorf("ParseMode(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseMode("loud"); ok {
		t.Error("ParseMode accepted nonsense")
	}
}

func TestBell(t *testing.T) {
	var b Bell
	b.Play(Info)
	b.Play(Proximity(0.5))
	if b.Ring() {
		t.Error("information and parking beeps must not ring the bell")
	}
	b.Play(Warning)
	b.Play(Critical)
	if !b.Ring() || b.Ring() {
		t.Error("two alerts between frames must ring exactly once")
	}
	if b.Name() == "" || b.Close() != nil {
		t.Error("bell must have a name and close cleanly")
	}
}
