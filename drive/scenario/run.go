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

	script := NewScript(sc)
	driver := sc.Initial
	watches := make([]speedWatch, len(sc.Expect))
	takeoverAt, minTTC := sim.Millis(-1), math.Inf(1)
	st := s.State()

	for !st.Ended && st.Time < sc.Limit {
		next := st.Time + sim.Step
		in, fired := script.Next(st, &driver)
		for _, note := range fired.Notes {
			record(sim.Event{At: next, Kind: EventNote, Text: note})
		}
		for _, text := range fired.Say {
			record(sim.Event{At: next, Kind: EventSaid, Subject: text, Text: "Driver says: “" + text + "”"})
			if opts.Voice != nil {
				reply, cmds := opts.Voice.Say(text, st)
				in.Commands = append(in.Commands, cmds...)
				if reply != "" {
					record(sim.Event{At: next, Kind: EventReply, Subject: reply, Text: "Assistant: " + reply})
				}
			}
		}
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
			script.Observe(ev)
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
