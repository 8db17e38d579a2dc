package cockpit

import (
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/session"
)

// A drill is a session in a drill mode (drive/session): the session plays
// the scenario, scores it and says when it has shown what it scores; the
// cockpit only shows it and lets the trainee drive.

// drilling reports whether the session plays a handover drill (cockpit
// drill).
func (m *Model) drilling() bool { return m.sim.DrillMode() != session.NoDrill }

// DrillDone reports whether the drill has shown what it scores (or the
// drive is over), so the trainer can move on to the debrief.
func (m *Model) DrillDone() bool { return m.drilling() && m.sim.DrillShown() }

// FinishDrill plays the rest of the drill to where `cockpit run` stops,
// at once and silently, with the driver as the user left them and the
// scenario's world going on, and scores it. The score is therefore the
// headless runner's for the same inputs.
func (m *Model) FinishDrill() *drill.Result {
	if !m.drilling() {
		return nil
	}
	m.muted = true
	m.accelTicks, m.brakeTicks, m.steerTicks = 0, 0, 0
	m.accelHeld, m.brakeHeld, m.steerHeld = false, false, false
	for !m.sim.Over() {
		m.advance(stepsPerTick * Speeds[len(Speeds)-1])
	}
	m.muted = false
	m.player.Stop(chime.TakeoverStage1)
	m.player.Stop(chime.TakeoverStage2)
	return m.sim.DrillScore()
}

// DrillTimeline is the drill's timeline as the rubric reads it (for the
// debrief's request, eyes, hands and takeover times).
func (m *Model) DrillTimeline() drill.Timeline { return m.sim.DrillTimeline() }

// PrerollDrill runs the drill silently up to the moment it begins (the
// session's DrillStarted: the automation engaged, or a manual drill's
// distraction) or the drive ends, so a trainee starts where the drill
// begins rather than minutes before, in the city.
func (m *Model) PrerollDrill() {
	if !m.drilling() {
		return
	}
	m.muted = true
	for {
		if m.sim.Over() || m.sim.DrillStarted() {
			break
		}
		m.advance(stepsPerTick)
	}
	m.muted = false
}
