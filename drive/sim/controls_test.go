package sim_test

import (
	"math"
	"testing"

	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// step applies commands in one step and returns its events.
func step(s *sim.Sim, cmds ...sim.Command) []sim.Event {
	return s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: cmds})
}

func has(evs []sim.Event, kind sim.EventKind) bool {
	for _, e := range evs {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

// The simulator's controls: energy on board, the clock and the traffic
// demand change at once and say so; values that mean nothing are refused.
func TestSimulatorControls(t *testing.T) {
	s := newSim(t, nil)
	step(s)
	if evs := step(s, sim.SetEnergy{SoCPct: 12, FuelPct: -1}); !has(evs, sim.EventEnergySet) || math.Abs(s.State().Vehicle.SoC-0.12) > 1e-3 {
		t.Fatalf("SoC 12 %%: %v, events %v", s.State().Vehicle.SoC, evs)
	}
	for _, bad := range []sim.SetEnergy{{SoCPct: math.NaN(), FuelPct: -1}, {SoCPct: 101, FuelPct: -1}, {SoCPct: -1, FuelPct: 50}} {
		if evs := step(s, bad); !has(evs, sim.EventCommandRejected) || math.Abs(s.State().Vehicle.SoC-0.12) > 1e-3 {
			t.Errorf("%+v was not refused (a BEV has no tank): %v", bad, evs)
		}
	}
	if evs := step(s, sim.SetClock{ClockS: 23 * 3600}); !has(evs, sim.EventClockSet) || s.State().ClockS < 23*3600 {
		t.Fatalf("the clock: %v", s.State().ClockS)
	}
	if step(s); !s.State().Conditions.Night {
		t.Fatal("23:00 is not night")
	}
	for _, bad := range []sim.Command{sim.SetClock{ClockS: -1}, sim.SetClock{ClockS: math.NaN()}, sim.SetTraffic{Scale: math.NaN()}, sim.SetTraffic{Scale: 9}} {
		if evs := step(s, bad); !has(evs, sim.EventCommandRejected) {
			t.Errorf("%+v was not refused", bad)
		}
	}
	if evs := step(s, sim.SetTraffic{Scale: 1.6}); !has(evs, sim.EventTrafficDemand) || s.State().Conditions.TrafficScale != 1.6 {
		t.Fatal("traffic demand")
	}
	if step(s, sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherFog, VisibilityM: math.NaN()}}); s.State().Conditions.Weather.VisibilityM != sim.DefaultVisibility(sim.WeatherFog) {
		t.Fatalf("a NaN visibility: %v", s.State().Conditions.Weather.VisibilityM)
	}

	// An EREV set low goes to charge sustaining, its engine's mode.
	e := newSim(t, func(c *sim.Config) {
		_, all := loadTestWorld(t)
		c.Profile = profile(t, all, "li-auto-l9")
		c.FuelFraction = 0.5
	})
	step(e)
	step(e, sim.SetEnergy{SoCPct: 5, FuelPct: 80})
	if v := e.State().Vehicle; v.Mode != vehicle.ModeCS || math.Abs(v.FuelL-0.8*e.State().Profile.FuelTankL) > 0.01 {
		t.Fatalf("an EREV at 5 %%: mode %s, fuel %.1f L", v.Mode, v.FuelL)
	}
}

// The parking assist's safety switches change at once and say so; a
// delay that means nothing is refused.
func TestParkingSafetySwitches(t *testing.T) {
	s := newSim(t, nil)
	step(s)
	if !s.State().ParkingSafety.PlausibilityCheck || s.State().ParkingSafety.SensorDelayS != 0 {
		t.Fatalf("the drive does not start safe: %+v", s.State().ParkingSafety)
	}
	sf := s.State().ParkingSafety
	sf.SensorDelayS, sf.PlausibilityCheck = 0.8, false
	if evs := step(s, sim.SetParkingSafety{Safety: sf}); !has(evs, sim.EventParkingSafety) || s.State().ParkingSafety != sf {
		t.Fatalf("switched: %+v, %v", s.State().ParkingSafety, evs)
	}
	for _, d := range []float64{math.NaN(), -0.1, 2.5, math.Inf(1)} {
		bad := sf
		bad.SensorDelayS = d
		if evs := step(s, sim.SetParkingSafety{Safety: bad}); !has(evs, sim.EventCommandRejected) || s.State().ParkingSafety != sf {
			t.Errorf("a delay of %v was taken", d)
		}
	}
}
