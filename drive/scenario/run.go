package scenario

import (
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/msg"

	"github.com/nevsim/cockpit/drive/sim"
)

// Event kinds the scenario runner adds to the drive loop's own.
const (
	// EventNote is a scenario's note, shown in the timeline.
	EventNote sim.EventKind = "scenario.note"
	// EventSaid is an utterance (a scripted `say:` or the driver's own).
	// Subject: the text.
	EventSaid sim.EventKind = "voice.said"
	// EventReply is the assistant's answer to it, worded after the car
	// acted. Subject: the reply.
	EventReply sim.EventKind = "voice.reply"
	// EventLimit marks that the run stopped at its time limit.
	EventLimit sim.EventKind = "scenario.limit"
)

// Result is a finished run.
type Result struct {
	Scenario *Scenario
	Events   []sim.Event
	Final    sim.State
	Checks   []Check
	// Passed is true when every expectation holds.
	Passed bool
	// Drill is the score of a drill scenario (nil otherwise).
	Drill *drill.Result
}

// Checker follows a run for the scenario's expectations: the speed seen
// in each speed window while it runs, and every expectation at the end.
// drive/session runs a scenario and feeds it.
type Checker struct {
	sc      *Scenario
	watches []speedWatch
}

// NewChecker prepares the scenario's expectations.
func NewChecker(sc *Scenario) *Checker {
	return &Checker{sc: sc, watches: make([]speedWatch, len(sc.Expect))}
}

// Observe follows one step: call it with the state after each step.
func (c *Checker) Observe(st *sim.State) {
	for i := range c.sc.Expect {
		if ex := &c.sc.Expect[i]; ex.Kind == ExpectSpeed && st.Time >= ex.From && st.Time <= ex.To {
			c.watches[i].observe(st.Time, st.Vehicle.SpeedMps*3.6)
		}
	}
}

// LimitEvent is the event that says a run of sc stopped at its time limit.
func LimitEvent(sc *Scenario, at sim.Millis) sim.Event {
	return sim.Event{At: at, Kind: EventLimit, Msg: msg.New("scenario.limit", msg.Text("limit", fmtDur(sc.Limit)))}
}

// Finish checks every expectation against the finished run: its events,
// its final state and, for a drill, its score (nil otherwise).
func (c *Checker) Finish(events []sim.Event, st *sim.State, score *drill.Result) ([]Check, bool) {
	var total *float64
	if score != nil {
		total = &score.Total
	}
	passed := true
	checks := make([]Check, 0, len(c.sc.Expect))
	for i := range c.sc.Expect {
		ch := c.sc.Expect[i].evaluate(events, st, c.sc.Config.Profile.FuelTankL, &c.watches[i], total)
		checks = append(checks, ch)
		passed = passed && ch.Passed
	}
	return checks, passed
}
