package playback

import (
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestPlaysLikeTheRunner drives the airport run with the player and checks
// that every scripted event fires, as `cockpit run` fires them.
func TestPlaysLikeTheRunner(t *testing.T) {
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(assets.FS(), "scenarios/airport-run.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	p := New(sc, sc.Config.Map)
	var notes, says int
	kinds := map[sim.EventKind]bool{}
	in := sim.Inputs{Driver: sc.Initial}
	for st := s.State(); !st.Ended && st.Time < sc.Limit; {
		a := p.Before(st)
		in.Commands = a.Commands
		notes += len(a.Notes)
		says += len(a.Say)
		for _, ev := range s.Step(in) {
			kinds[ev.Kind] = true
			p.Observe(ev)
		}
	}
	if p.Remaining() != 0 || notes != 2 || says != 1 {
		t.Errorf("remaining %d, notes %d, utterances %d", p.Remaining(), notes, says)
	}
	for _, k := range []sim.EventKind{sim.EventIncidentAhead, sim.EventCutIn, sim.EventArrived} {
		if !kinds[k] {
			t.Errorf("no %s event", k)
		}
	}
}
