package sim_test

import (
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestClassifyGradesEveryEventOnce: the drive core decides how loud an
// event is; the cockpit's feed colours and earcons follow it.
func TestClassifyGradesEveryEventOnce(t *testing.T) {
	for _, c := range []struct {
		kind, subject string
		sev           sim.Severity
		cue           sim.Cue
	}{
		{string(sim.EventCollision), "", sim.SeverityCritical, sim.CueCritical},
		{string(sim.EventCutIn), "car", sim.SeverityWarn, sim.CueWarning},
		{string(sim.EventRoutePlanned), "work", sim.SeverityInfo, sim.CueInfo},
		{string(sim.EventRoadEntered), "x", sim.SeverityInfo, sim.CueNone},
		{string(sim.EventDriver), "hands_off", sim.SeverityWarn, sim.CueWarning},
		{string(sim.EventDriver), "hands_on", sim.SeverityInfo, sim.CueNone},
		{automation.EventMRM, "", sim.SeverityCritical, sim.CueNone}, // the automation sounds its own tones
		{automation.EventTakeoverRequested, "", sim.SeverityWarn, sim.CueNone},
		{parking.EvPaused, "driver", sim.SeverityInfo, sim.CueNone},
		{parking.EvPaused, "ped-1", sim.SeverityWarn, sim.CueWarning},
		{parking.EvSensorFault, "", sim.SeverityCritical, sim.CueCritical},
		{"hmi.tone", "on", sim.SeverityInfo, sim.CueNone},
	} {
		ev := sim.Event{Kind: sim.EventKind(c.kind), Subject: c.subject}
		sim.Classify(&ev)
		if ev.Severity != c.sev || ev.Cue != c.cue {
			t.Errorf("%s %s: %s %q, want %s %q", c.kind, c.subject, ev.Severity, ev.Cue, c.sev, c.cue)
		}
	}
	// every event a step logs is graded
	s := newSim(t, nil)
	for i := 0; i < 200; i++ {
		for _, ev := range s.Step(sim.Inputs{Driver: sim.AttentiveDriver}) {
			if ev.Kind == sim.EventRoutePlanned || ev.Kind == sim.EventManeuverAhead {
				if ev.Cue != sim.CueInfo {
					t.Errorf("%s logged without its cue", ev.Kind)
				}
			}
		}
	}
}
