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

// soundFor maps a drive event to the earcon a production cockpit would
// sound for it: critical and warning alerts always, information only for
// what the driver asked for or must not miss (a route, a turn, arrival,
// charging). Everything else stays silent, or the cabin would never be.
func soundFor(ev sim.Event) chime.Sound {
	if isAutomation(ev) {
		return chime.None // the automation's state sounds its own tones (onAutomation)
	}
	switch severity(ev) {
	case SevCritical:
		return chime.Critical
	case SevWarn:
		return chime.Warning
	}
	switch ev.Kind {
	case sim.EventRoutePlanned, sim.EventManeuverAhead, sim.EventArrived, sim.EventWaypoint,
		sim.EventChargingStarted, sim.EventChargingFinished, sim.EventControlChanged:
		return chime.Info
	}
	return chime.None
}
