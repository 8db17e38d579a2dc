package sim_test

import (
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/sim"
)

// driveToExpressway steps until the car is on the test expressway at speed.
func driveToExpressway(t *testing.T, s *sim.Sim) {
	t.Helper()
	st := s.State()
	for (st.Conditions.RoadID != "xway" || st.Vehicle.SpeedMps < 20) && st.Time < 10*60_000 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	if st.Conditions.RoadID != "xway" {
		t.Fatal("never reached the expressway")
	}
}

func TestL3EngagesAndRequestsTakeoverBeforeThePlannedExit(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01 })
	st := s.State()
	driveToExpressway(t, s)
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: automation.LevelL3}, sim.Confirm{Yes: true}}})
	if !st.Automation.Active {
		t.Fatalf("L3 did not engage on a divided expressway: %v, state %s", ev, st.Automation.State)
	}
	// Hands off, eyes on the road; L3 drives and must ask for the wheel at
	// least 20 s before the expressway ends.
	relaxed := sim.AttentiveDriver
	relaxed.HandsOnWheel = false
	var requested *sim.Event
	for st.Time < 20*60_000 && requested == nil {
		for _, e := range s.Step(sim.Inputs{Driver: relaxed}) {
			if e.Kind == "automation.takeover_requested" {
				e := e
				requested = &e
			}
		}
	}
	if requested == nil {
		t.Fatal("no takeover request before the end of the expressway")
	}
	if requested.Subject != "planned_exit" {
		t.Errorf("request for %q, want planned_exit", requested.Subject)
	}
	left := (st.Route.Segments[2].StartM - st.RouteM) / st.Vehicle.SpeedMps
	if left < 19.5 {
		t.Errorf("requested %.1f s before the exit, want at least 20", left)
	}
	// A valid takeover: hands on, eyes on, a steering input.
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Steer: true})
	if st.Automation.Active {
		t.Errorf("still active after a valid takeover: %s", st.Automation.State)
	}
}

func TestMRMStopsTheCarInLaneWithHazardsWhenNobodyTakesOver(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01; c.Destination = "far" })
	st := s.State()
	driveToExpressway(t, s)
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: automation.LevelL3}, sim.Confirm{Yes: true}}})
	asleep := sim.DriverState{Seated: true, BeltOn: true, EyesClosed: true}
	var mrmAt sim.Millis = -1
	maxDecel := 0.0
	for st.Time < 30*60_000 && !(mrmAt >= 0 && st.Vehicle.SpeedMps == 0) {
		for _, e := range s.Step(sim.Inputs{Driver: asleep}) {
			if e.Kind == "automation.mrm" {
				mrmAt = e.At
			}
		}
		if mrmAt >= 0 {
			maxDecel = max(maxDecel, -st.Vehicle.AccelMps2)
			if !st.Cabin.Lights.Hazard {
				t.Fatalf("%s: MRM without hazards", st.Time)
			}
		}
	}
	if mrmAt < 0 || st.Vehicle.SpeedMps != 0 {
		t.Fatalf("no MRM to standstill for a driver asleep: state %s", st.Automation.State)
	}
	if maxDecel > 4.01 {
		t.Errorf("MRM braked at %.2f m/s², the limit is 4", maxDecel)
	}
	for i := 0; i < 100; i++ {
		s.Step(sim.Inputs{Driver: asleep})
	}
	if st.Vehicle.SpeedMps != 0 || st.Automation.State != automation.StateMRC || !st.Automation.UnlockDoors {
		t.Errorf("after the MRM: speed %.1f, state %s, doors unlocked %v", st.Vehicle.SpeedMps, st.Automation.State, st.Automation.UnlockDoors)
	}
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: automation.LevelL3}, sim.Confirm{Yes: true}}})
	if st.Automation.Active {
		t.Errorf("re-engaged after an MRM without a restart: %v", ev)
	}
}

func TestL3IsNotAvailableOnCityStreets(t *testing.T) {
	s := newSim(t, nil)
	st := s.State()
	for i := 0; i < 200; i++ {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: automation.LevelL3}, sim.Confirm{Yes: true}}})
	if st.Automation.Active {
		t.Fatal("L3 engaged on a mixed-traffic street")
	}
	refused := false
	for _, e := range ev {
		refused = refused || e.Kind == "automation.engage_refused"
	}
	if !refused {
		t.Errorf("no refusal explained: %v", ev)
	}
}
