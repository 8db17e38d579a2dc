package cockpit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/drive/sim"
)

// What the kiosk (cockpit/kiosk) needs of a cockpit it shows: it owns no
// drive itself, it only hands its cockpits their normal inputs and ticks.

// ClockTick is the message the cockpit's own clock delivers next (see
// Headless.Tick): a driver without a Bubble Tea program (the kiosk's
// headless runs and soak test) sends it to make time pass, as the tick
// Command would after TickInterval.
func (m *Model) ClockTick() tea.Msg { return tickMsg{gen: m.tickGen} }

// Quitting reports whether the cockpit has quit (q, ctrl+c; never with
// Options.NoQuit).
func (m *Model) Quitting() bool { return m.quitting }

// Events is the drive's event log so far (the session's, read-only),
// for a front end around the cockpit: the kiosk's captions follow it.
func (m *Model) Events() []sim.Event { return m.sim.Log() }

// Over reports whether the drive has ended (a drill: reached where the
// headless run stops).
func (m *Model) Over() bool { return m.sim.Over() }
