package scenario

import (
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/drill"

	"github.com/nevsim/cockpit/drive/sim"
)

// Event kinds the runner adds to the drive loop's own.
const (
	// EventNote is a scenario's note, shown in the timeline.
	EventNote sim.EventKind = "scenario.note"
	// EventSaid is an utterance of a scripted `say:`. Subject: the text.
	EventSaid sim.EventKind = "voice.said"
	// EventReply is the assistant's answer to it. Subject: the reply.
	EventReply sim.EventKind = "voice.reply"
	// EventLimit marks that the run stopped at its time limit.
	EventLimit sim.EventKind = "scenario.limit"
)

// Voice turns an utterance into commands for the drive loop, as the voice
// assistant does in the cockpit. Scenarios use it for `say:` events; it may
// keep conversation state between calls.
type Voice interface {
	Say(text string, st *sim.State) (reply string, commands []sim.Command)
}

// Options adjust a run.
type Options struct {
	// Voice handles `say:` events; nil records the utterance only.
	Voice Voice
	// Seed, when not nil, replaces the scenario's seed.
	Seed *uint64
	// OnEvent, when set, sees every event as it happens (for live output).
	OnEvent func(sim.Event)
}

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

// scripted is the driver of a headless run: their body state and pedal
// presses as the scenario scripts them.
type scripted struct {
	state        sim.DriverState
	brake, accel float64
	pedalUntil   sim.Millis
	steerUntil   sim.Millis
	laneChange   int
}

// Run simulates the scenario from start to arrival (or crash, stranding or
// its time limit) and checks its expectations. It is deterministic.
func Run(sc *Scenario, opts Options) (*Result, error) {
	cfg := sc.Config
	if opts.Seed != nil {
		cfg.Seed = *opts.Seed
	}
	s, err := sim.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sc.File, err)
	}
	res := &Result{Scenario: sc, Events: make([]sim.Event, 0, 256)}
	record := func(ev sim.Event) {
		res.Events = append(res.Events, ev)
		if opts.OnEvent != nil {
			opts.OnEvent(ev)
		}
	}

	fired := make([]bool, len(sc.Events))
	due := make([]sim.Millis, len(sc.Events)) // for after-triggers; -1 = not yet
	for i := range due {
		due[i] = -1
	}
	drv := scripted{state: sc.Initial}
	watches := make([]speedWatch, len(sc.Expect))
	takeoverAt, minTTC := sim.Millis(-1), math.Inf(1)
	var in sim.Inputs
	st := s.State()

	for !st.Ended && st.Time < sc.Limit {
		next := st.Time + sim.Step
		in.Commands = in.Commands[:0]
		for i := range sc.Events {
			ev := &sc.Events[i]
			if fired[i] || !triggered(ev, st, next, due[i]) {
				continue
			}
			fired[i] = true
			in.Commands = append(in.Commands, ev.Commands...)
			if ev.Driver != nil {
				drv.apply(ev.Driver, next)
			}
			if ev.Note != "" {
				record(sim.Event{At: next, Kind: EventNote, Text: ev.Note})
			}
			if ev.Say != "" {
				record(sim.Event{At: next, Kind: EventSaid, Subject: ev.Say, Text: "Driver says: “" + ev.Say + "”"})
				if opts.Voice != nil {
					reply, cmds := opts.Voice.Say(ev.Say, st)
					in.Commands = append(in.Commands, cmds...)
					if reply != "" {
						record(sim.Event{At: next, Kind: EventReply, Subject: reply, Text: "Assistant: " + reply})
					}
				}
			}
		}
		in.Driver = drv.state
		in.Accel, in.Brake = 0, 0
		if next <= drv.pedalUntil {
			in.Accel, in.Brake = drv.accel, drv.brake
		}
		in.LaneChange, drv.laneChange = drv.laneChange, 0
		in.Steer = next <= drv.steerUntil

		stepEvents := s.Step(in)
		for i := range sc.Expect {
			if ex := &sc.Expect[i]; ex.Kind == ExpectSpeed && st.Time >= ex.From && st.Time <= ex.To {
				watches[i].observe(st.Time, st.Vehicle.SpeedMps*3.6)
			}
		}
		if takeoverAt >= 0 && st.Time-takeoverAt <= sim.Millis(drill.StabiliseS*1000) {
			minTTC = math.Min(minTTC, st.Conditions.Lead.TTCS)
		}
		for _, ev := range stepEvents {
			if ev.Kind == "automation.takeover" && takeoverAt < 0 {
				takeoverAt = ev.At
			}
			record(ev)
			for i := range sc.Events {
				e := &sc.Events[i]
				if e.Trigger == AfterEvent && due[i] < 0 && !fired[i] && e.After.Matches(ev) {
					due[i] = ev.At + e.Delay
				}
			}
		}
	}
	if !st.Ended {
		record(sim.Event{At: st.Time, Kind: EventLimit, Text: "Stopped at the scenario's time limit of " + fmtDur(sc.Limit)})
	}
	res.Final = *st
	res.Passed = true
	var score *float64
	if sc.Drill != nil {
		res.Drill = scoreDrill(sc, res.Events, minTTC)
		score = &res.Drill.Total
	}
	for i := range sc.Expect {
		c := sc.Expect[i].evaluate(res.Events, st, cfg.Profile.FuelTankL, &watches[i], score)
		res.Checks = append(res.Checks, c)
		res.Passed = res.Passed && c.Passed
	}
	return res, nil
}

func triggered(ev *Event, st *sim.State, next sim.Millis, due sim.Millis) bool {
	switch ev.Trigger {
	case AtTime:
		return next >= ev.At
	case AtDistance:
		return st.Vehicle.OdometerM >= ev.DistanceM
	case AtPlace:
		if st.Route == nil {
			return false
		}
		if st.Arrived && st.Route.To == ev.placeNode {
			return true
		}
		d, ok := st.Route.DistanceTo(ev.placeNode)
		return ok && st.RouteM >= d
	case AfterEvent:
		return due >= 0 && next >= due
	}
	return false
}

func (d *scripted) apply(a *DriverAction, now sim.Millis) {
	setBool(&d.state.HandsOnWheel, a.HandsOnWheel)
	setBool(&d.state.EyesOnRoad, a.EyesOnRoad)
	setBool(&d.state.BeltOn, a.BeltOn)
	setBool(&d.state.Seated, a.Seated)
	setBool(&d.state.Phone, a.Phone)
	setBool(&d.state.EyesClosed, a.EyesClosed)
	if a.Steer {
		d.steerUntil = now + a.For
	}
	if a.Brake != nil || a.Accel != nil {
		d.brake, d.accel = 0, 0
		if a.Brake != nil {
			d.brake = *a.Brake
		}
		if a.Accel != nil {
			d.accel = *a.Accel
		}
		d.pedalUntil = now + a.For
	}
	if a.LaneChange != 0 {
		d.laneChange = a.LaneChange
	}
}

// scoreDrill scores a drill's run with the published rubric (drive/drill).
func scoreDrill(sc *Scenario, events []sim.Event, minTTC float64) *drill.Result {
	log := make([]drill.LogEvent, len(events))
	for i, e := range events {
		log[i] = drill.LogEvent{AtMs: int64(e.At), Kind: string(e.Kind), Subject: e.Subject, Value: e.Value}
	}
	t := drill.TimelineFromLog(log, drill.Start{EyesOnRoad: sc.Initial.EyesOnRoad, HandsOnWheel: sc.Initial.HandsOnWheel, Phone: sc.Initial.Phone})
	t.MinTTCS = minTTC
	if t.Level == "" {
		t.Level = sc.Drill.Level
	}
	r := drill.Score(t)
	return &r
}
