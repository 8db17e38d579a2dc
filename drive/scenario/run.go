package scenario

import (
	"fmt"

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
	var rec *DrillRecorder
	if sc.Drill != nil {
		rec = NewDrillRecorder(sc)
	}
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
		if rec != nil {
			rec.Observe(st, stepEvents)
		}
		for _, ev := range stepEvents {
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
	if rec != nil {
		res.Drill = rec.Score()
		score = &res.Drill.Total
	}
	for i := range sc.Expect {
		c := sc.Expect[i].evaluate(res.Events, st, cfg.Profile.FuelTankL, &watches[i], score)
		res.Checks = append(res.Checks, c)
		res.Passed = res.Passed && c.Passed
	}
	return res, nil
}
