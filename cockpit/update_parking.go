package cockpit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
)

// remoteDistanceM is where the driver stands with the phone during remote
// parking from the keyboard: beside the car, well inside the 6 m range.
const remoteDistanceM = 3.0

// parkingUI is the Parking panel's own state. Everything the panel draws
// comes from sim.State.Parking (each slot's label and side included); this
// only keeps what the drive loop does not: which car park the panel last
// saw (to open the panel on entering one), the sound and the hold-to-move
// control of remote parking.
type parkingUI struct {
	area string
	// beeping: a proximity sound plays, so leaving the manoeuvre stops it.
	beeping bool
	// Remote hold-to-move: remoteOn means Held was sent to the phone
	// model; without key-release events a press holds for remoteTicks,
	// refreshed by auto-repeat (like the pedals); with them, remoteHeld
	// holds until the release.
	remoteOn, remoteHeld bool
	remoteTicks          int
}

// parkingActive reports whether the assist is moving or holding the car:
// the time the proximity beeps sound.
func parkingActive(ps *sim.ParkingState) bool {
	if ps.Area == "" {
		return false
	}
	switch ps.Output.State {
	case parking.StateExecuting, parking.StatePaused:
		return true
	}
	return false
}

// syncParking runs after every advance: it opens the panel when the car
// enters a car park, ends a remote hold whose key was let go (terminals
// without release events) and sounds the proximity beeps.
func (m *Model) syncParking() {
	st := m.sim.State()
	ps := &st.Parking
	if ps.Area != m.park.area {
		m.park.area = ps.Area
		if ps.Area != "" {
			m.openParking()
		}
	}
	if m.park.remoteOn && !m.park.remoteHeld {
		if m.park.remoteTicks > 0 {
			m.park.remoteTicks--
		}
		if m.park.remoteTicks == 0 {
			// Appended, not queued: queueing while paused would step the
			// drive from inside this step's bookkeeping.
			m.sim.Command(sim.RemotePark{DistanceM: remoteDistanceM})
			m.park.remoteOn = false
		}
	}
	snd := chime.None
	if parkingActive(ps) && !m.muted {
		snd = chime.Proximity(ps.ProximityM)
	}
	switch {
	case snd != chime.None:
		// The same rate does not restart its rhythm, so playing it on
		// every tick is how the rate follows the distance.
		m.player.Play(snd)
		m.park.beeping = true
	case m.park.beeping:
		m.player.Stop(chime.ProximityContinuous)
		m.park.beeping = false
	}
}

// openParking shows the Parking panel by itself (the car entered a car
// park, or parking started), as production cockpits switch to the
// parking view. A destination search being typed is left: its keys would
// otherwise go to a panel that is not shown.
func (m *Model) openParking() {
	if m.panel == PanelParking {
		return
	}
	m.search.Blur()
	m.setPanel(PanelParking)
}

// onParkingEvent takes in the assist's events: the panel opening when
// parking starts, and the success chime
// (warnings sound through soundFor, graded by sim.Classify).
func (m *Model) onParkingEvent(ev sim.Event) {
	switch ev.Kind {
	case sim.EventParkingEntered, parking.EvSearchStarted, parking.EvStarted:
		m.openParking()
	case parking.EvDone:
		if !m.muted {
			m.player.Stop(chime.ProximityContinuous)
			m.park.beeping = false
			m.player.Play(chime.ParkingComplete)
		}
	}
}

// handleParkingKey handles the Parking panel's keys; it reports whether the
// key was one. Digits choose slots only while there is a slot to choose
// (searching or selected); otherwise they switch panels as everywhere.
func (m *Model) handleParkingKey(msg tea.KeyPressMsg) bool {
	k := m.ctx.Keys
	st := m.sim.State()
	ps := &st.Parking
	inPark := ps.Area != ""
	switch {
	case key.Matches(msg, k.ParkSearch):
		m.queue(sim.ParkSearch{})
	case inPark && key.Matches(msg, k.ParkSlot) && choosing(ps.Output.State):
		m.queue(sim.ParkSelect{Number: int(msg.String()[0] - '0')})
	case inPark && key.Matches(msg, k.ParkLeft) && !choosing(ps.Output.State) && !ps.Output.State.Active():
		m.queue(sim.ParkSearch{Side: parking.Left}) // search along the left-hand row
	case inPark && key.Matches(msg, k.ParkRight) && !choosing(ps.Output.State) && !ps.Output.State.Active():
		m.queue(sim.ParkSearch{Side: parking.Right})
	case inPark && key.Matches(msg, k.ParkLeft):
		m.queue(sim.ParkSelect{Side: parking.Left})
	case inPark && key.Matches(msg, k.ParkRight):
		m.queue(sim.ParkSelect{Side: parking.Right})
	case key.Matches(msg, k.ParkStart):
		m.queue(sim.ParkConfirm{})
	case key.Matches(msg, k.ParkPause):
		switch ps.Output.State {
		case parking.StatePaused:
			m.queue(sim.ParkResume{})
		case parking.StateExecuting:
			m.queue(sim.ParkPause{})
		default:
			m.say("notice.park_nothing_to_pause", false)
		}
	case key.Matches(msg, k.ParkCancel):
		m.queue(sim.ParkCancel{})
	case key.Matches(msg, k.ParkRemote):
		m.pressRemote(ps)
	case key.Matches(msg, k.ParkExit):
		m.changeDriver(func(d *sim.DriverState) { d.Seated = !d.Seated })
		if m.sim.Driver().Seated {
			m.say("notice.park_enter", false)
		} else {
			m.say("notice.park_exit", false)
		}
		m.nudge()
	default:
		return false
	}
	return true
}

// choosing reports whether slot numbers mean something now.
func choosing(s parking.State) bool {
	return s == parking.StateSearching || s == parking.StateSelected
}

// pressRemote is a press (or auto-repeat) of the hold-to-move control. The
// first press of a hold sends the command the situation calls for — park
// into the selected slot, or park out of the slot the car stands in —
// and every press keeps the control held. The machine judges the rest
// (driver still seated, no slot, out of range) and says why it refuses.
func (m *Model) pressRemote(ps *sim.ParkingState) {
	cmd := sim.RemotePark{Held: true, DistanceM: remoteDistanceM}
	if !m.park.remoteOn {
		switch out := &ps.Output; {
		case out.Remote && (out.State == parking.StateExecuting || out.State == parking.StatePaused):
			// a remote manoeuvre under way: holding again goes on
		case out.State == parking.StateDone || (m.sim.State().Gear == sim.GearPark && out.State != parking.StateSelected):
			cmd.Command = parking.RemoteParkOut
		default:
			cmd.Command = parking.RemotePark
		}
	}
	m.park.remoteOn = true
	m.park.remoteTicks, m.park.remoteHeld = holdTicks, m.releases
	m.queue(cmd)
}

// releaseRemote lets go of the hold-to-move control: the car stops at once.
func (m *Model) releaseRemote() {
	if !m.park.remoteOn {
		return
	}
	m.park.remoteOn, m.park.remoteHeld, m.park.remoteTicks = false, false, 0
	m.queue(sim.RemotePark{DistanceM: remoteDistanceM})
}

// clickParking makes the top-down view a touch screen: a tap on a slot
// chooses it, a tap on the list chooses that slot. x and y are relative to
// the panel's content of w×h cells.
func (m *Model) clickParking(x, y, w, h int) {
	ps := &m.sim.State().Parking
	if ps.Area == "" {
		return
	}
	pl := m.parkLayout(w, h)
	for _, hit := range pl.hits {
		if y == hit.y && x >= hit.x0 && x < hit.x1 {
			m.queue(sim.ParkSelect{Number: hit.number})
			return
		}
	}
	if x < pl.canvasX || x >= pl.canvasX+pl.canvasW || y < pl.canvasY || y >= pl.canvasY+pl.canvasH {
		return
	}
	p := pl.cam.toWorld(float64(x-pl.canvasX)*2+1, float64(y-pl.canvasY)*4+2)
	for _, sl := range ps.Scene.Slots {
		if inPolygon(p, sl.Outline[:]) {
			if sl.Occupied {
				m.say("notice.park_occupied", true)
				return
			}
			// By id: a tapped slot need not have been measured yet, as
			// on a touch screen's map (the machine checks it fits).
			m.queue(sim.ParkSelect{SlotID: sl.ID})
			return
		}
	}
}

// parkingVoice handles an utterance t (lower case, trimmed) that asks for
// the Parking panel in either language ("show parking", "打开泊车"): the
// assistant has no panel action, so the UI shows the panel. Phrases marked
// "+" in parking.voice_show ("打开泊车", "泊车") are also the assistant's
// "start parking": in a car park they go on to it (local is false) and
// its search keeps the panel open; elsewhere there is nothing to start.
func (m *Model) parkingVoice(t string) (asked, local bool) {
	for _, tr := range m.tables {
		for _, p := range strings.Split(tr.T("parking.voice_show"), "|") {
			p = strings.ToLower(strings.TrimSpace(p))
			also := strings.HasPrefix(p, "+")
			if p = strings.TrimPrefix(p, "+"); p == "" || t != p {
				continue
			}
			m.openParking()
			return true, !(also && m.sim.Voice() != nil && m.sim.State().Parking.Area != "")
		}
	}
	return false, false
}
