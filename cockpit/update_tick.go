package cockpit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/voicebar"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// Pedal positions for keyboard driving: firm but not full, so a tap is a
// gentle push and holding feels like a normal drive.
const (
	accelPedal = 0.6
	brakePedal = 0.7
	// brakeStart and brakeRamp press the brake progressively while its
	// key is held: a quarter at once, then a twentieth a tick (0.9 s to
	// brakePedal), the way a careful foot presses, so that keyboard
	// braking builds up below the drills' jerk limit (10 m/s³ over half a
	// second); a held key reaches firm braking all the same.
	brakeStart = 0.25
	brakeRamp  = 0.05
	// holdTicks is how long a press holds a pedal without release events:
	// longer than a terminal's auto-repeat delay (≈250-500 ms), so holding
	// the key gives a continuous push.
	holdTicks = 6
	// explainTicksDefault keeps an explanation for 8 s of wall time.
	explainTicksDefault = 80
	noticeTicksDefault  = 40
	// powerWindow is how many seconds of power the sparkline keeps.
	powerWindow = 300
)

// SignalHub is a server of the car's signals beside the cockpit (a VISS
// server, cockpit/viss). The tick calls it around every step, on the
// program's goroutine, since only that goroutine may touch the session:
// Drain hands the session the writes its clients queued (SetSignal),
// Settle answers them after the step, Publish gives it the values. Each
// must be cheap and never block: Update does no I/O.
type SignalHub interface {
	Drain(apply func(id session.SetID, path string, value any) error)
	Settle(sets []session.SetResult)
	Publish(at sim.Millis, read func(dst []any) []any)
}

// handleTick advances the drive by one tick's worth of steps.
func (m *Model) handleTick(t tickMsg) tea.Cmd {
	if t.gen != m.tickGen || m.paused {
		return nil
	}
	m.advance(stepsPerTick * m.Speed())
	return m.tick()
}

// advance runs n simulation steps of the session with the keys held now
// and takes in their events. It is also what tests call to drive without
// a clock.
func (m *Model) advance(n int) {
	m.ticks++
	accel, brake := 0.0, 0.0
	if m.accelHeld || m.accelTicks > 0 {
		accel = accelPedal
	}
	if m.brakeHeld || m.brakeTicks > 0 {
		m.brakeLevel = min(max(m.brakeLevel+brakeRamp, brakeStart), brakePedal)
		brake = m.brakeLevel
	} else {
		m.brakeLevel = 0
	}
	if !m.sim.Replaying() { // a replay's inputs are the recording's
		m.sim.SetPedals(accel, brake)
		m.sim.SetSteer(m.steerHeld || m.steerTicks > 0, 0)
	}
	for i := 0; i < n; i++ {
		if m.drilling() && m.sim.Over() {
			break // a drill stops where the headless run stops
		}
		if m.stopAt > 0 && m.sim.Replaying() && m.sim.State().Time >= m.stopAt {
			break // the end of the recording
		}
		fast := m.speedIdx > 0
		if m.signals != nil {
			m.signals.Drain(m.sim.SetSignal)
		}
		out := m.sim.Advance()
		if m.signals != nil {
			// The new values first, then the answers: a client told
			// its write was carried out reads the written value at once.
			m.signals.Publish(m.sim.State().Time, m.sim.ReadSignals)
			m.signals.Settle(out.Sets)
		}
		m.takeOutput(out)
		m.observeSignals(false) // the watch list's samples
		st := m.sim.State()
		m.syncPhone()
		m.onAutomation(st)
		m.powerAcc += st.Vehicle.BatteryKW
		m.powerN++
		if m.powerN*int(sim.Step) >= 1000 {
			m.power = append(m.power, m.powerAcc/float64(m.powerN))
			if len(m.power) > powerWindow {
				m.power = m.power[len(m.power)-powerWindow:]
			}
			m.powerAcc, m.powerN = 0, 0
		}
		if fast && m.speedIdx == 0 {
			break // the car needs the driver: the rest of the tick runs at 1×
		}
	}
	if m.accelTicks > 0 {
		m.accelTicks--
	}
	if m.brakeTicks > 0 {
		m.brakeTicks--
	}
	if m.steerTicks > 0 {
		m.steerTicks--
	}
	if m.ackTicks > 0 {
		m.ackTicks--
	}
	if m.explainTicks > 0 {
		m.explainTicks--
	}
	if m.noticeTicks > 0 {
		m.noticeTicks--
	}
	st := m.sim.State()
	if m.panel == PanelNav && !m.search.Focused() && m.search.Query() == "" && m.ticks%10 == 0 {
		m.search.SetOrigin(st.X, st.Y)
	}
	m.syncParking()
	m.observeSignals(m.panel == PanelSignals)
	if m.themeMode == "auto" {
		m.applyTheme()
	}
}

// takeOutput shows what a step produced: the scenario's utterances and the
// assistant's replies in the transcript (a scripted utterance's UI actions
// too), and every other event in the notifications.
func (m *Model) takeOutput(out *session.Output) {
	for _, t := range out.Turns {
		if t.Scripted {
			m.voice.Add(voicebar.User, t.Heard.Text)
			for _, a := range t.Heard.UI {
				m.applyUI(a)
			}
		}
		if t.Reply != nil && t.Reply.Text != "" {
			m.voice.Add(voicebar.Assistant, t.Reply.Text)
		}
	}
	m.settleSignals(out)
	m.settlePalette(out)
	for _, ev := range out.Events {
		if ev.Kind == scenario.EventSaid || ev.Kind == scenario.EventReply {
			continue // the transcript shows them
		}
		m.onEvent(ev)
	}
}

// onEvent records a drive event: in the notifications list, and as the
// explanation when it explains something the car does by itself.
func (m *Model) onEvent(ev sim.Event) {
	m.seq++
	it := feedItem{ev: ev, seq: m.seq}
	if ev.Kind.Detail() {
		return // a vehicle ahead coming and going is noise on screen
	}
	if snd := soundFor(ev); snd != chime.None && !m.muted {
		m.player.Play(snd)
	}
	m.onAutomationEvent(ev)
	m.onParkingEvent(ev)
	m.feed = append(m.feed, it)
	if len(m.feed) > feedMax {
		m.feed = m.feed[len(m.feed)-feedMax:]
	}
	if explains(ev) {
		e := it
		m.explain = &e
		m.explainTicks = explainTicksDefault
	}
}

// explains reports whether an event says why the car changed what it does
// (speed, lane, route, energy) — the events the explanation line shows.
func explains(ev sim.Event) bool {
	switch ev.Kind {
	case sim.EventDriver, sim.EventLeadAppeared, sim.EventLeadGone, sim.EventTrafficChanged:
		return false
	}
	return true
}

// say shows a short UI notice in the explanation line (not a drive event).
func (m *Model) say(key string, warn bool, pairs ...string) {
	m.notice = m.ctx.F(key, pairs...)
	m.noticeWarn = warn
	m.noticeTicks = noticeTicksDefault
}
