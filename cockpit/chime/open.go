package chime

import (
	"os"
	"strings"
	"time"
)

// Mode selects the output (the UI's --audio flag).
type Mode string

const (
	// ModeAuto uses a PulseAudio/PipeWire server when one answers, and is
	// silent otherwise. It is the default.
	ModeAuto Mode = "auto"
	// ModeOff is always silent.
	ModeOff Mode = "off"
	// ModeALSA also tries ALSA when no sound server answers. It is opt-in
	// because libasound prints diagnostics to stderr while probing, which
	// would land on the TUI; open the device before taking the screen.
	ModeALSA Mode = "alsa"
)

// ParseMode parses a --audio value; "" means ModeAuto.
func ParseMode(s string) (Mode, bool) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "", ModeAuto:
		return ModeAuto, true
	case ModeOff, ModeALSA:
		return m, true
	}
	return ModeAuto, false
}

// EnvVar turns audio off when set to "off" (or "0", "false", "no"),
// whatever the flags say, so that a user can silence every run at once.
const EnvVar = "COCKPIT_AUDIO"

// DefaultTimeout bounds device start-up; PulseAudio normally answers in
// 0.15–1.9 s.
const DefaultTimeout = 3 * time.Second

// Options configure Open. The zero value means: auto, wall clock, no
// recording, synthesised sounds.
type Options struct {
	// Mode is the --audio flag.
	Mode Mode
	// Getenv reads the environment (for COCKPIT_AUDIO); nil means os.Getenv.
	Getenv func(string) string
	// Out is the --audio-out file: if set, Open wraps the player in a
	// Recorder that writes this WAV file on Close.
	Out string
	// Clock drives the recording timeline; nil means the wall clock.
	Clock func() time.Duration
	// Bank provides the sounds (e.g. from LoadBank); nil means synthesised.
	Bank *Bank
	// Timeout bounds the device start-up; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Open returns the best available player: the sound device when audio is
// wanted and works, Silent (with the reason) otherwise, wrapped in a
// Recorder when Options.Out is set. It never panics, never prints, and
// returns within about Options.Timeout plus one second (the server probe);
// run it from a tea.Cmd and use Silent until it returns, or use OpenAsync.
func Open(opts Options) Player {
	go Warm() // render before the first alert needs it, off the caller's path
	var p Player
	if why := disabled(opts); why != "" {
		p = Silent{Short: "audio off", Detail: why}
	} else {
		p = openDevice(opts)
	}
	if opts.Out != "" {
		return NewRecorder(RecorderConfig{Inner: p, Clock: opts.Clock, Path: opts.Out, Bank: opts.Bank})
	}
	return p
}

// disabled returns why audio is off by configuration, or "".
func disabled(opts Options) string {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	switch strings.ToLower(strings.TrimSpace(getenv(EnvVar))) {
	case "off", "0", "false", "no":
		return EnvVar + "=" + getenv(EnvVar)
	}
	if opts.Mode == ModeOff {
		return "--audio off"
	}
	return ""
}
