package session

import (
	"fmt"

	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// RunOptions adjust a headless run of a scenario.
type RunOptions struct {
	// Voice handles `say:` events; nil records the utterance only.
	Voice Voice
	// Seed, when not nil, replaces the scenario's seed.
	Seed *uint64
	// OnEvent, when set, sees every event as it happens (live output).
	OnEvent func(sim.Event)
	// Start is written into the session's recording; its Mode and Seed
	// are the run's own.
	Start Start
	// Signals, when set, is the catalogue the session reads and writes
	// signals by (ReadSignals, SetSignal), as Setup.Signals.
	Signals *signal.Catalog
	// BeforeStep, when set, is called before each step: a front end gives
	// the session its inputs there (a VISS client's writes) and paces the
	// run to the wall clock. Returning false ends the run before that
	// step; the expectations are then checked on the drive so far.
	BeforeStep func(*Session) bool
	// AfterStep, when set, sees each step's output (after OnEvent).
	AfterStep func(*Session, *Output)
	// HMI is the takeover HMI the run uses (Setup.HMI); nil means the
	// shipped one.
	HMI *hmi.Takeover
}

// The modes a recording names (Start.Mode): which front end drove the
// session, so a replay builds the same one.
const (
	ModeDrive        = "drive"         // the cockpit
	ModeRun          = "run"           // cockpit run
	ModeDrillWatch   = "drill-watch"   // a drill the scripted driver drives
	ModeDrillTrainee = "drill-trainee" // a drill the user drives
)

// ScenarioSetup is a scenario played to its end (arrival, a crash,
// stranding or its time limit), as `cockpit run` (NoDrill) and the drills
// play it; seed, when not nil, replaces the scenario's. Start.Mode says
// which; the caller adds the voice layer and the rest of Start. A replay
// builds the same setup from the recording's mode.
func ScenarioSetup(sc *scenario.Scenario, drill DrillMode, seed *uint64) Setup {
	su := Setup{Scenario: sc, Drill: drill, StopAtEnd: true}
	su.Start.Mode = map[DrillMode]string{NoDrill: ModeRun, DrillWatch: ModeDrillWatch, DrillTrainee: ModeDrillTrainee}[drill]
	su.Start.Seed = sc.Config.Seed
	if seed != nil {
		su.Config, su.UseConfig = sc.Config, true
		su.Config.Seed = *seed
		su.Start.Seed = *seed
	}
	return su
}

// DrillModeOf is the drill mode of a scenario recording's mode; ok is false
// for a mode that is not a scenario's (ModeDrive, or unknown).
func DrillModeOf(mode string) (d DrillMode, ok bool) {
	switch mode {
	case ModeRun:
		return NoDrill, true
	case ModeDrillWatch:
		return DrillWatch, true
	case ModeDrillTrainee:
		return DrillTrainee, true
	}
	return NoDrill, false
}

// Run simulates a scenario from start to arrival (or crash, stranding or
// its time limit) and checks its expectations, as `cockpit run` does. It
// is deterministic. The session is returned for its recording.
func Run(sc *scenario.Scenario, opts RunOptions) (*scenario.Result, *Session, error) {
	su := ScenarioSetup(sc, NoDrill, opts.Seed)
	su.Voice, su.Signals, su.HMI = opts.Voice, opts.Signals, opts.HMI
	if opts.Start != (Start{}) {
		st := opts.Start
		st.Mode, st.Seed = su.Start.Mode, su.Start.Seed
		su.Start = st
	}
	s, err := New(su)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", sc.File, err)
	}
	return s.runToEnd(opts.OnEvent, opts.BeforeStep, opts.AfterStep), s, nil
}

// RunToEnd steps the session until the drive is over and checks the
// scenario's expectations (a session without a scenario checks none). The
// session must stop at its end (Setup.StopAtEnd).
func (s *Session) RunToEnd(onEvent func(sim.Event)) *scenario.Result {
	return s.runToEnd(onEvent, nil, nil)
}

// runToEnd is RunToEnd with RunOptions' hooks around each step.
func (s *Session) runToEnd(onEvent func(sim.Event), before func(*Session) bool, after func(*Session, *Output)) *scenario.Result {
	sc := s.setup.Scenario
	var checker *scenario.Checker
	if sc != nil {
		checker = scenario.NewChecker(sc)
	}
	for !s.Over() {
		if before != nil && !before(s) {
			break
		}
		out := s.Advance()
		if checker != nil {
			checker.Observe(s.State())
		}
		if onEvent != nil {
			for _, ev := range out.Events {
				onEvent(ev)
			}
		}
		if after != nil {
			after(s, out)
		}
	}
	res := &scenario.Result{Scenario: sc, Events: s.log, Final: *s.State(), Passed: true}
	if checker != nil {
		res.Drill = s.DrillScore()
		res.Checks, res.Passed = checker.Finish(s.log, s.State(), res.Drill)
	}
	return res
}
