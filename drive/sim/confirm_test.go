package sim_test

import (
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
)

func subjects(evs []sim.Event) map[sim.EventKind]string {
	out := map[sim.EventKind]string{}
	for _, e := range evs {
		out[e.Kind] = e.Subject
	}
	return out
}

// TestEngagingL3WaitsForTheDriversConfirmation: the command alone only
// asks; no leaves L3 off; yes engages it; an unanswered question lapses.
func TestEngagingL3WaitsForTheDriversConfirmation(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01 })
	st := s.State()
	driveToExpressway(t, s)
	step := func(cmds ...sim.Command) map[sim.EventKind]string {
		return subjects(s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: cmds}))
	}
	if ev := step(sim.Engage{Level: automation.LevelL3}); ev[sim.EventConfirmRequested] != "engage_l3" || st.Automation.Active {
		t.Fatalf("engage alone: %v, active %v", ev, st.Automation.Active)
	}
	if st.Confirm.Kind != sim.ConfirmEngageL3 {
		t.Fatalf("the state does not ask: %+v", st.Confirm)
	}
	if ev := step(sim.Confirm{Yes: false}); ev[sim.EventConfirmDeclined] == "" || st.Automation.Active || st.Confirm.Kind != "" {
		t.Fatalf("no: %v, active %v", ev, st.Automation.Active)
	}
	step(sim.Engage{Level: automation.LevelL3})
	for i := 0; i < int(sim.ConfirmTimeout/sim.Step); i++ {
		step()
	}
	if st.Confirm.Kind != "" {
		t.Fatal("an unanswered question does not lapse")
	}
	if ev := step(sim.Confirm{Yes: true}); st.Automation.Active || len(ev) > 0 && ev[sim.EventConfirmAccepted] != "" {
		t.Fatal("a yes after the question lapsed engaged L3")
	}
	step(sim.Engage{Level: automation.LevelL3})
	if ev := step(sim.Confirm{Yes: true}); ev[sim.EventConfirmAccepted] == "" || !st.Automation.Active {
		t.Fatalf("yes: %v, state %s", ev, st.Automation.State)
	}
	// L2 is not conditional automation: it engages at once.
	step(sim.Disengage{})
	step()
	if ev := step(sim.Engage{Level: automation.LevelL2}); ev[sim.EventConfirmRequested] != "" {
		t.Errorf("L2 asked for a confirmation: %v", ev)
	}
}

// TestWindowsAtSpeedAreConfirmed: opening a window above 80 km/h asks;
// below it, or closing, does not.
func TestWindowsAtSpeedAreConfirmed(t *testing.T) {
	open := sim.CabinCommand{Command: cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 100}}
	st := &sim.State{}
	st.Vehicle.SpeedMps = 100 / 3.6
	if k := sim.NeedsConfirmation(open, st); k != sim.ConfirmWindowAtSpeed {
		t.Errorf("opening at 100 km/h: %q", k)
	}
	if k := sim.NeedsConfirmation(sim.CabinCommand{Command: cabin.SetWindow{Window: cabin.WindowDriver}}, st); k != "" {
		t.Errorf("closing at 100 km/h: %q", k)
	}
	st.Vehicle.SpeedMps = 50 / 3.6
	if k := sim.NeedsConfirmation(open, st); k != "" {
		t.Errorf("opening at 50 km/h: %q", k)
	}
}

// TestRemoteParkingConfirmedThenHeld: starting remote parking asks first;
// letting go of the button before confirming means the car does not move
// when the yes comes.
func TestRemoteParkingConfirmedThenHeld(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", func(c *sim.Config) {
		c.StartParking = &sim.ParkingStart{Area: "mall-garage", Slot: "3", NoseOut: true}
	})
	r.in.Driver.Seated = false
	r.quiet = true
	if ev := subjects(r.step(sim.RemotePark{Command: parking.RemoteParkOut, Held: true, DistanceM: 3})); ev[sim.EventConfirmRequested] != "remote_park" {
		t.Fatalf("the start did not ask: %v", ev)
	}
	r.step(sim.RemotePark{Held: false, DistanceM: 3}) // let go
	r.step(sim.Confirm{Yes: true})
	for i := 0; i < 20; i++ {
		r.step()
	}
	if v := r.s.State().Vehicle.SpeedMps; v != 0 {
		t.Errorf("the car moves at %.2f m/s with nobody holding the button", v)
	}
}

// asleepUnderL3 engages L3 on the expressway and lets the driver fall
// asleep until the automation reaches state (the MRM, or its stop), which
// it must reach with the hazards on.
func asleepUnderL3(t *testing.T, state automation.State) (*sim.Sim, *sim.State) {
	t.Helper()
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01; c.Destination = "far" })
	st := s.State()
	driveToExpressway(t, s)
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: automation.LevelL3}, sim.Confirm{Yes: true}}})
	for st.Time < 40*60_000 && st.Automation.State != state {
		s.Step(sim.Inputs{Driver: asleep})
	}
	if st.Automation.State != state || !st.Cabin.Lights.Hazard {
		t.Fatalf("no %s with hazards: %s", state, st.Automation.State)
	}
	return s, st
}

// asleep is a driver seated and belted, eyes closed.
var asleep = sim.DriverState{Seated: true, BeltOn: true, EyesClosed: true}

// TestHazardsStayOnDuringAnMRMWhateverSwitchAsks: the automation keeps
// the hazards on after an MRM; the cabin's hazard switch (a voice command,
// a click) obeys the same rule as the hazard button.
func TestHazardsStayOnDuringAnMRMWhateverSwitchAsks(t *testing.T) {
	s, st := asleepUnderL3(t, automation.StateMRM)
	s.Step(sim.Inputs{Driver: asleep, Commands: []sim.Command{sim.CabinCommand{Command: cabin.SetLight{Target: cabin.LightHazard, On: false}}}})
	s.Step(sim.Inputs{Driver: asleep})
	if !st.Cabin.Lights.Hazard {
		t.Error("the cabin's switch turned the hazards off during the MRM")
	}
}

// TestHazardsSurviveAnIgnitionRestart: after an MRM has stopped the car, a
// restart (z) ends the lock but not the warning to the traffic behind: the
// hazards keep flashing until the driver switches them off, by either
// switch. Before, the restart turned them off by itself.
func TestHazardsSurviveAnIgnitionRestart(t *testing.T) {
	s, st := asleepUnderL3(t, automation.StateMRC)
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.IgnitionRestart{}}})
	for range 20 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	if st.Automation.State == automation.StateMRC || !st.Cabin.Lights.Hazard {
		t.Fatalf("after the restart: state %s, hazards %v", st.Automation.State, st.Cabin.Lights.Hazard)
	}
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.CabinCommand{Command: cabin.SetLight{Target: cabin.LightHazard, On: false}}}})
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	if st.Cabin.Lights.Hazard {
		t.Error("the driver's switch does not turn the hazards off after the restart")
	}
}
