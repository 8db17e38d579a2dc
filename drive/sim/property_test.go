package sim_test

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/sim"
)

// TestDriveInvariants drives random configurations with random driver
// behaviour and commands, and checks after every step what must always hold:
// energy in range, speed in [0, max], the odometer never runs backwards, no
// NaN anywhere, and "arrived" exactly when the route is complete.
func TestDriveInvariants(t *testing.T) {
	m, profiles := loadTestWorld(t)
	places := []string{"home", "work", "far", "charger"}
	rapid.Check(t, func(rt *rapid.T) {
		p := rapid.SampledFrom(profiles).Draw(rt, "vehicle")
		cfg := sim.Config{
			Profile:      p,
			Map:          m,
			Seed:         rapid.Uint64().Draw(rt, "seed"),
			StartPlace:   rapid.SampledFrom(places).Draw(rt, "start"),
			Destination:  rapid.SampledFrom(places).Draw(rt, "dest"),
			StartClockS:  rapid.Float64Range(0, 86399).Draw(rt, "clock"),
			SoC:          rapid.Float64Range(0.01, 1).Draw(rt, "soc"),
			FuelFraction: rapid.Float64Range(0.01, 1).Draw(rt, "fuel"),
			TrafficScale: rapid.Float64Range(0.1, 3).Draw(rt, "traffic"),
			Weather:      sim.Weather{Kind: rapid.SampledFrom(sim.WeatherKinds).Draw(rt, "weather")},
			Driver:       sim.DriverModel{ReactionS: rapid.Float64Range(0.3, 3).Draw(rt, "reaction"), Distracted: rapid.Bool().Draw(rt, "distracted")},
		}
		if rapid.Bool().Draw(rt, "manual") {
			cfg.Control = sim.ControlManual
		}
		s, err := sim.New(cfg)
		if err != nil {
			rt.Fatal(err)
		}
		st := s.State()
		steps := rapid.IntRange(100, 6000).Draw(rt, "steps")
		lastOdo := 0.0
		for i := 0; i < steps && !st.Ended; i++ {
			in := sim.Inputs{Driver: sim.AttentiveDriver}
			if i%200 == 0 {
				in.Accel = rapid.Float64Range(0, 1).Draw(rt, "accel")
				in.Brake = rapid.Float64Range(0, 1).Draw(rt, "brake")
				in.LaneChange = rapid.IntRange(-1, 1).Draw(rt, "lane")
				switch rapid.IntRange(0, 6).Draw(rt, "command") {
				case 1:
					in.Commands = append(in.Commands, sim.CutIn{Kind: "car", GapM: rapid.Float64Range(1, 50).Draw(rt, "gap"), SpeedDeltaKmh: 20})
				case 2:
					in.Commands = append(in.Commands, sim.AddIncident{Kind: sim.IncidentRoadworks, AheadM: 300, LimitKmh: 40})
				case 3:
					in.Commands = append(in.Commands, sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherFog, VisibilityM: 40}})
				case 4:
					in.Commands = append(in.Commands, sim.Navigate{PlaceID: rapid.SampledFrom(places).Draw(rt, "nav")})
				case 5:
					in.Commands = append(in.Commands, sim.CancelRoute{})
				}
			}
			s.Step(in)
			v := &st.Vehicle
			for name, x := range map[string]float64{"speed": v.SpeedMps, "soc": v.SoC, "fuel": v.FuelL, "odometer": v.OdometerM,
				"routeM": st.RouteM, "x": st.X, "y": st.Y, "accel": v.AccelMps2, "eta": st.ETAS, "range": st.RangeKm} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					rt.Fatalf("step %d: %s is %v", i, name, x)
				}
			}
			if v.SoC < 0 || v.SoC > 1 {
				rt.Fatalf("step %d: SoC %v", i, v.SoC)
			}
			if v.FuelL < 0 || v.FuelL > p.FuelTankL+1e-9 {
				rt.Fatalf("step %d: fuel %v of %v L", i, v.FuelL, p.FuelTankL)
			}
			if v.SpeedMps < 0 || v.SpeedMps*3.6 > p.MaxSpeedKmh+0.5 {
				rt.Fatalf("step %d: speed %v km/h", i, v.SpeedMps*3.6)
			}
			if v.OdometerM < lastOdo {
				rt.Fatalf("step %d: odometer ran back from %v to %v", i, lastOdo, v.OdometerM)
			}
			lastOdo = v.OdometerM
			if st.Route != nil {
				complete := st.RouteM >= st.Route.LengthM-3
				if st.Arrived && !complete {
					rt.Fatalf("step %d: arrived with %.1f m of %.1f m left", i, st.Route.LengthM-st.RouteM, st.Route.LengthM)
				}
			}
		}
		// Arrival iff the route ends: a finished auto drive that did not
		// crash or strand has arrived, and an arrived car is at the end.
		if st.Arrived && (st.Route == nil || st.RouteM != st.Route.LengthM) {
			rt.Fatalf("arrived but not at the end of the route")
		}
	})
}
