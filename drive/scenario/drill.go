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
	// maxDecel and maxJerk are measured in the same window; accel keeps
	// the last JerkWindowS of accelerations, so jerk is the change over
	// half a second, not one frame's.
	maxDecel, maxJerk float64
	accel             [jerkSteps]float64
	steps             int
	manual, warned    bool
}

// jerkSteps is drill.JerkWindowS in steps.
const jerkSteps = int(drill.JerkWindowS*1000) / int(sim.Step)

// NewDrillRecorder starts recording a drill scenario's run.
func NewDrillRecorder(sc *Scenario) *DrillRecorder {
	r := &DrillRecorder{sc: sc, takeoverAt: -1, minTTC: math.Inf(1), log: make([]sim.Event, 0, 1024)}
	r.manual = sc.Drill != nil && sc.Drill.Level == drill.LevelManual
	return r
}

// Observe follows one step: call it after each Step with the state and the
// step's events (and with events the runner adds, such as utterances).
// Time to collision is read before this step's events count, so the window
// opens on the step after the takeover.
func (r *DrillRecorder) Observe(st *sim.State, events []sim.Event) {
	a := st.Vehicle.AccelMps2
	if r.takeoverAt >= 0 && st.Time-r.takeoverAt <= sim.Millis(drill.StabiliseS*1000) {
		r.minTTC = math.Min(r.minTTC, st.Conditions.Lead.TTCS)
		r.maxDecel = math.Max(r.maxDecel, -a)
		if r.steps >= jerkSteps {
			// how fast braking built up: letting go of the brake is not a
			// jolt forward
			r.maxJerk = math.Max(r.maxJerk, (r.accel[r.steps%jerkSteps]-a)/drill.JerkWindowS)
		}
	}
	r.accel[r.steps%jerkSteps] = a
	r.steps++
	for _, ev := range events {
		switch {
		case r.takeoverAt >= 0:
		case !r.manual && ev.Kind == "automation.takeover":
			r.takeoverAt = ev.At
		case r.manual && ev.Kind == sim.EventFCW:
			r.warned = true
		case r.manual && r.warned && ev.Kind == sim.EventBrakePressed:
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
	start := drill.Start{EyesOnRoad: in.EyesOnRoad, HandsOnWheel: in.HandsOnWheel, Phone: in.Phone}
	if r.sc.Drill != nil {
		start.Level = r.sc.Drill.Level
	}
	t := drill.TimelineFromLog(log, start)
	t.MinTTCS = r.minTTC
	t.MaxDecelMps2 = math.Max(t.MaxDecelMps2, round1(r.maxDecel))
	t.MaxJerkMps3 = r.maxJerk
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

func round1(v float64) float64 { return math.Round(v*10) / 10 }
