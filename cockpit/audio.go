package cockpit

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/sim"
)

// audioReadyMsg carries the opened sound player. Opening probes a sound
// server and may take seconds, so it runs in a Cmd; until it arrives the
// cockpit plays into chime.Silent.
type audioReadyMsg struct{ p chime.Player }

// audioOpening is the opening of the sound output, in flight in a Cmd. The
// program can end before that Cmd's message is delivered (a quit, a signal
// or a failing start in the first instants); the player it opens then never
// reaches the model, and a --audio-out recording would be lost with its
// temporary file left behind. Close waits for the opening and closes what
// it opened. The Cmd hands over the player only through done, never by
// touching the model.
type audioOpening struct {
	done    chan struct{}
	p       chime.Player
	adopted bool // set in Update when the player reached the model
}

func newAudioOpening() *audioOpening { return &audioOpening{done: make(chan struct{})} }

// cmd opens the output with open and delivers it as an audioReadyMsg.
func (o *audioOpening) cmd(open func() chime.Player) tea.Cmd {
	return func() tea.Msg {
		p := open()
		o.p = p
		close(o.done)
		return audioReadyMsg{p}
	}
}

// audioOpenWait bounds how long Close waits for a sound server that is
// still being probed; the recording is what it protects, and a probe that
// takes longer is the one without a server to play to.
const audioOpenWait = 5 * time.Second

// closeUnadopted closes the player the opening produced if it never reached
// the model. It waits at most audioOpenWait; an opening still running then
// is reported, since its recording cannot be written.
func (o *audioOpening) closeUnadopted() error {
	if o == nil || o.adopted {
		return nil
	}
	select {
	case <-o.done:
	case <-time.After(audioOpenWait):
		return errors.New("the sound output was still opening when the program ended; its recording was not written")
	}
	if o.p == nil {
		return nil
	}
	return o.p.Close()
}

func (m *Model) handleAudioReady(msg audioReadyMsg) {
	if msg.p == nil {
		return
	}
	if m.opening != nil {
		m.opening.adopted = true
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
	err := m.opening.closeUnadopted()
	if m.player == nil {
		return err
	}
	return errors.Join(m.player.Close(), err)
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
