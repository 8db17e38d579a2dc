package cockpit

import (
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

// DrillOptions make a cockpit play a scenario as a handover drill.
type DrillOptions struct {
	// Scenario is the drill (its Script is Options.Script).
	Scenario *scenario.Scenario
	// Trainee: the user is the driver. The scenario sets the scene —
	// including the scripted driver's body until the car first asks for
	// attention (hands off, the phone picked up) — and from then on only
	// the world's events play; the user's keys answer the request.
	// Otherwise the scripted driver drives, exactly as `cockpit run`.
	Trainee bool
}

// drillRun records what scoring needs while a drill plays, the way
// drive/scenario's Run does, so the UI's score equals the headless one for
// the same inputs.
type drillRun struct {
	opts DrillOptions
	rec  *scenario.DrillRecorder
	// takeoverAt is when the driver took over (-1 before), for ending the
	// drill after its stabilisation window.
	takeoverAt sim.Millis
	// alerted: the automation has asked the driver for something; a
	// trainee drives from here on.
	alerted bool
	// doneAt is when the drill has shown what it scores (the takeover's
	// stabilisation window, the MRC, the L2 lock), plus a margin; 0 until
	// then.
	doneAt sim.Millis
	// early: the trainee ended the drill before doneAt.
	early bool
}

func newDrillRun(o *DrillOptions) *drillRun {
	return &drillRun{opts: *o, rec: scenario.NewDrillRecorder(o.Scenario), takeoverAt: -1}
}

// Margins after the moment a drill has shown its point: the 20 s
// stabilisation window after a takeover plus time for the lane change the
// roadworks drill asks for; the MRC's restart; the L2 lock's refusal.
const (
	doneAfterTakeover = 32 * 1000
	doneAfterMRC      = 35 * 1000
	doneAfterLock     = 8 * 1000
)

// observe follows one step as scenario.Run does: the lowest time to
// collision in the 20 s after the takeover (measured before this step's
// events, as Run measures it), and every event for the log.
func (d *drillRun) observe(st *sim.State, evs []sim.Event) {
	d.rec.Observe(st, evs)
	for _, ev := range evs {
		switch string(ev.Kind) {
		case automation.EventTakeover:
			if d.takeoverAt < 0 {
				d.takeoverAt = ev.At
				d.finishAt(ev.At + doneAfterTakeover)
			}
		case automation.EventTakeoverRequested, automation.EventAvailabilityWarning,
			automation.EventL2Prompt, automation.EventMRM:
			d.alerted = true
		case automation.EventMRC:
			d.finishAt(ev.At + doneAfterMRC)
		case automation.EventL2Locked:
			d.finishAt(ev.At + doneAfterLock)
		}
	}
}

func (d *drillRun) finishAt(t sim.Millis) {
	if d.doneAt == 0 {
		d.doneAt = t
	}
}

// over reports whether the drive has reached the end of the headless run:
// the drive ended or the scenario's time limit.
func (d *drillRun) over(st *sim.State) bool {
	return st.Ended || st.Time >= d.opts.Scenario.Limit
}

// trainee reports whether the user drives now (the scene is set).
func (d *drillRun) trainee() bool { return d.opts.Trainee && d.alerted }

// runSceneOnly plays the scenario's world for a trainee: weather, traffic,
// incidents, faults, notes, the route; the scripted driver's body, pedals,
// steering, words and controls are left to the user.
func (m *Model) runSceneOnly(in *sim.Inputs) {
	st := m.sim.State()
	scratch := m.driver
	scripted, acts := m.script.Next(st, &scratch)
	for _, c := range scripted.Commands {
		switch c.(type) {
		case sim.Engage, sim.Disengage, sim.IgnitionRestart, sim.HazardsOff, sim.IHaveControl,
			sim.CheckMirror, sim.Indicate, sim.SetControl, sim.ChangeLane:
			continue // the driver's own controls
		}
		in.Commands = append(in.Commands, c)
	}
	for _, note := range acts.Notes {
		m.onEvent(sim.Event{At: st.Time + sim.Step, Kind: scenario.EventNote, Text: note})
	}
}

// DrillDone reports whether the drill has shown what it scores (or the
// drive is over), so the trainer can move on to the debrief.
func (m *Model) DrillDone() bool {
	d := m.drill
	if d == nil {
		return false
	}
	st := m.sim.State()
	return d.over(st) || d.doneAt > 0 && st.Time >= d.doneAt
}

// FinishDrill plays the rest of the drill to where `cockpit run` stops,
// at once and silently, with the driver as the user left them and the
// scenario's world going on, and scores it. The score is therefore the
// headless runner's for the same inputs.
func (m *Model) FinishDrill() *drill.Result {
	d := m.drill
	if d == nil {
		return nil
	}
	if !m.DrillDone() {
		d.early = true
	}
	m.muted = true
	m.accelTicks, m.brakeTicks, m.steerTicks = 0, 0, 0
	m.accelHeld, m.brakeHeld, m.steerHeld = false, false, false
	for !d.over(m.sim.State()) {
		m.advance(stepsPerTick * Speeds[len(Speeds)-1])
	}
	m.muted = false
	m.player.Stop(chime.TakeoverStage1)
	m.player.Stop(chime.TakeoverStage2)
	return d.rec.Score()
}

// DrillTimeline is the drill's timeline as the rubric reads it (for the
// debrief's request, eyes, hands and takeover times).
func (m *Model) DrillTimeline() drill.Timeline {
	return m.drill.rec.Timeline()
}

// PrerollDrill runs the drill silently up to the moment the automation
// engages (or the drive ends), so a trainee starts where the drill begins
// rather than minutes before, in the city.
func (m *Model) PrerollDrill() {
	if m.drill == nil {
		return
	}
	m.muted = true
	for {
		st := m.sim.State()
		if m.drill.over(st) || st.Automation.Level != automation.LevelNone {
			break
		}
		m.advance(stepsPerTick)
	}
	m.muted = false
}
