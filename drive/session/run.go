package session

import (
	"fmt"

	"github.com/nevsim/cockpit/drive/scenario"
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
	// Start is written into the session's recording.
	Start Start
}

// Run simulates a scenario from start to arrival (or crash, stranding or
// its time limit) and checks its expectations, as `cockpit run` does. It
// is deterministic. The session is returned for its recording.
func Run(sc *scenario.Scenario, opts RunOptions) (*scenario.Result, *Session, error) {
	su := Setup{Scenario: sc, Voice: opts.Voice, StopAtEnd: true, Start: opts.Start}
	if opts.Seed != nil {
		su.Config = sc.Config
		su.Config.Seed = *opts.Seed
		su.UseConfig = true
	}
	s, err := New(su)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", sc.File, err)
	}
	return s.RunToEnd(opts.OnEvent), s, nil
}

// RunToEnd steps the session until the drive is over and checks the
// scenario's expectations (a session without a scenario checks none). The
// session must stop at its end (Setup.StopAtEnd).
func (s *Session) RunToEnd(onEvent func(sim.Event)) *scenario.Result {
	sc := s.setup.Scenario
	var checker *scenario.Checker
	if sc != nil {
		checker = scenario.NewChecker(sc)
	}
	for !s.Over() {
		out := s.Advance()
		if checker != nil {
			checker.Observe(s.State())
		}
		if onEvent != nil {
			for _, ev := range out.Events {
				onEvent(ev)
			}
		}
	}
	res := &scenario.Result{Scenario: sc, Events: s.log, Final: *s.State(), Passed: true}
	if checker != nil {
		res.Drill = s.DrillScore()
		res.Checks, res.Passed = checker.Finish(s.log, s.State(), res.Drill)
	}
	return res
}
