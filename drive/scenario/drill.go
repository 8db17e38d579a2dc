package scenario

import (
	"math"

	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/sim"
)

// DrillRecorder gathers what a drill's score needs while the drive runs: the
// event log and the lowest time to collision in the stabilisation window
// after the takeover. The headless runner and the cockpit feed it the same
// way, so a drill scores the same in both.
type DrillRecorder struct {
	sc         *Scenario
	log        []sim.Event
	takeoverAt sim.Millis
	minTTC     float64
}

// NewDrillRecorder starts recording a drill scenario's run.
func NewDrillRecorder(sc *Scenario) *DrillRecorder {
	return &DrillRecorder{sc: sc, takeoverAt: -1, minTTC: math.Inf(1), log: make([]sim.Event, 0, 1024)}
}

// Observe follows one step: call it after each Step with the state and the
// step's events (and with events the runner adds, such as utterances).
// Time to collision is read before this step's events count, so the window
// opens on the step after the takeover.
func (r *DrillRecorder) Observe(st *sim.State, events []sim.Event) {
	if r.takeoverAt >= 0 && st.Time-r.takeoverAt <= sim.Millis(drill.StabiliseS*1000) {
		r.minTTC = math.Min(r.minTTC, st.Conditions.Lead.TTCS)
	}
	for _, ev := range events {
		if ev.Kind == "automation.takeover" && r.takeoverAt < 0 {
			r.takeoverAt = ev.At
		}
	}
	r.log = append(r.log, events...)
}

// Log is every event recorded so far.
func (r *DrillRecorder) Log() []sim.Event { return r.log }

// Timeline is the drill's timeline as the rubric reads it.
func (r *DrillRecorder) Timeline() drill.Timeline {
	log := make([]drill.LogEvent, len(r.log))
	for i, e := range r.log {
		log[i] = drill.LogEvent{AtMs: int64(e.At), Kind: string(e.Kind), Subject: e.Subject, Value: e.Value}
	}
	in := r.sc.Initial
	t := drill.TimelineFromLog(log, drill.Start{EyesOnRoad: in.EyesOnRoad, HandsOnWheel: in.HandsOnWheel, Phone: in.Phone})
	t.MinTTCS = r.minTTC
	if t.Level == "" && r.sc.Drill != nil {
		t.Level = r.sc.Drill.Level
	}
	return t
}

// Score scores the drill with the published rubric (drive/drill).
func (r *DrillRecorder) Score() *drill.Result {
	res := drill.Score(r.Timeline())
	return &res
}
