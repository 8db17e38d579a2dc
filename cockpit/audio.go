package cockpit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/sim"
)

// audioReadyMsg carries the opened sound player. Opening probes a sound
// server and may take seconds, so it runs in a Cmd; until it arrives the
// cockpit plays into chime.Silent.
type audioReadyMsg struct{ p chime.Player }

func openAudio(open func() chime.Player) tea.Cmd {
	return func() tea.Msg { return audioReadyMsg{open()} }
}

func (m *Model) handleAudioReady(msg audioReadyMsg) {
	if msg.p == nil {
		return
	}
	if m.closed {
		_ = msg.p.Close() // the program ended while the device opened
		return
	}
	m.player = msg.p
	m.audio = msg.p.Name()
}

// Close releases the sound output (and writes the --audio-out recording).
// Call it once the program has ended; it is I/O, so never from Update.
func (m *Model) Close() error {
	m.closed = true
	if m.player == nil {
		return nil
	}
	return m.player.Close()
}

// soundFor is the earcon of a drive event: the drive core chose its cue
// (sim.Classify); the cockpit only plays it.
func soundFor(ev sim.Event) chime.Sound {
	switch ev.Cue {
	case sim.CueCritical:
		return chime.Critical
	case sim.CueWarning:
		return chime.Warning
	case sim.CueInfo:
		return chime.Info
	}
	return chime.None
}
