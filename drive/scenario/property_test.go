package scenario_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestRandomScenarios writes random scenario files on the real map (any
// vehicle, places, time, weather, traffic and scripted events), runs them,
// and checks what must hold for every drive: the energy stays in range,
// speed within the car's maximum, the log is in time order with finite
// figures, and the car arrived exactly when its route was complete.
func TestRandomScenarios(t *testing.T) {
	env := bundledEnv(t)
	m := env.Maps[scenario.DefaultMap]
	var places []string
	for _, p := range m.Places {
		places = append(places, p.ID)
	}
	var vehicles []string
	for _, p := range env.Profiles {
		vehicles = append(vehicles, p.ID)
	}
	weathers := []string{"clear", "rain", "fog", "snow"}
	traffic := []string{"none", "light", "normal", "heavy", "jammed"}
	actions := []func(*rapid.T) string{
		func(t *rapid.T) string {
			return fmt.Sprintf("weather: {kind: %s, visibility_m: %d}", rapid.SampledFrom(weathers).Draw(t, "w"), rapid.IntRange(20, 5000).Draw(t, "vis"))
		},
		func(t *rapid.T) string { return "traffic: " + rapid.SampledFrom(traffic).Draw(t, "tr") },
		func(t *rapid.T) string {
			return fmt.Sprintf("incident: {kind: %s, ahead: %dm, limit_kmh: %d, lanes_closed: %d}",
				rapid.SampledFrom([]string{"roadworks", "crash", "emergency_vehicle"}).Draw(t, "inc"),
				rapid.IntRange(0, 3000).Draw(t, "ahead"), rapid.IntRange(10, 80).Draw(t, "lim"), rapid.IntRange(0, 2).Draw(t, "lanes"))
		},
		func(t *rapid.T) string {
			return fmt.Sprintf("cut_in: {kind: car, gap: %dm, slower_kmh: %d}", rapid.IntRange(5, 40).Draw(t, "gap"), rapid.IntRange(0, 30).Draw(t, "slower"))
		},
		func(t *rapid.T) string {
			return fmt.Sprintf("obstacle: {kind: %s, gap: %dm, speed_kmh: %d, for: %ds}", rapid.SampledFrom([]string{"car", "debris", "pedestrian"}).Draw(t, "obj"),
				rapid.IntRange(5, 250).Draw(t, "ogap"), rapid.IntRange(0, 60).Draw(t, "ospeed"), rapid.IntRange(1, 60).Draw(t, "ofor"))
		},
		func(t *rapid.T) string {
			return fmt.Sprintf("driver: {hands_on_wheel: %t, eyes_on_road: %t}", rapid.Bool().Draw(t, "hands"), rapid.Bool().Draw(t, "eyes"))
		},
		func(t *rapid.T) string { return "navigate: {place: " + rapid.SampledFrom(places).Draw(t, "nav") + "}" },
		func(t *rapid.T) string { return "driver: {brake: 1, for: 2s}" },
		func(t *rapid.T) string { return "driver: {lane_change: left}" },
	}
	rapid.Check(t, func(rt *rapid.T) {
		vid := rapid.SampledFrom(vehicles).Draw(rt, "vehicle")
		var b strings.Builder
		fmt.Fprintf(&b, "vehicle: %s\nseed: %d\n", vid, rapid.Uint32().Draw(rt, "seed"))
		fmt.Fprintf(&b, "start: {place: %s, time: \"%02d:%02d\", soc: %d}\n", rapid.SampledFrom(places).Draw(rt, "start"),
			rapid.IntRange(0, 23).Draw(rt, "h"), rapid.IntRange(0, 59).Draw(rt, "m"), rapid.IntRange(1, 100).Draw(rt, "soc"))
		fmt.Fprintf(&b, "destination: {place: %s}\n", rapid.SampledFrom(places).Draw(rt, "dest"))
		fmt.Fprintf(&b, "conditions: {weather: %s, traffic: %s}\nlimit: 25m\nevents:\n", rapid.SampledFrom(weathers).Draw(rt, "weather"), rapid.SampledFrom(traffic).Draw(rt, "traffic"))
		for i, n := 0, rapid.IntRange(0, 6).Draw(rt, "events"); i < n; i++ {
			fmt.Fprintf(&b, "  - at: %ds\n    %s\n", rapid.IntRange(0, 1500).Draw(rt, "at"), rapid.SampledFrom(actions).Draw(rt, "action")(rt))
		}
		sc, err := scenario.Parse("random.yaml", []byte(b.String()), env)
		if err != nil {
			rt.Fatalf("a generated scenario is invalid: %v\n%s", err, b.String())
		}
		res, _, err := session.Run(sc, session.RunOptions{})
		if err != nil {
			rt.Fatal(err)
		}
		st := &res.Final
		p := sc.Config.Profile
		if st.Vehicle.SoC < 0 || st.Vehicle.SoC > 1 || st.Vehicle.FuelL < 0 || st.Vehicle.FuelL > p.FuelTankL+1e-9 {
			rt.Fatalf("energy out of range: SoC %v, fuel %v L", st.Vehicle.SoC, st.Vehicle.FuelL)
		}
		if st.Vehicle.SpeedMps < 0 || st.Vehicle.SpeedMps*3.6 > p.MaxSpeedKmh+0.5 {
			rt.Fatalf("speed %v", st.Vehicle.SpeedMps)
		}
		for _, x := range []float64{st.Vehicle.OdometerM, st.RouteM, st.X, st.Y, st.ETAS, st.RangeKm, st.Vehicle.EnergyUsedKWh} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				rt.Fatalf("a figure of the final state is %v", x)
			}
		}
		last := sim.Millis(0)
		for _, ev := range res.Events {
			if ev.At < last {
				rt.Fatalf("event %s before the one preceding it", ev)
			}
			last = ev.At
			if math.IsNaN(ev.Value) || math.IsInf(ev.Value, 0) {
				rt.Fatalf("event %s has value %v", ev, ev.Value)
			}
		}
		if st.Arrived != (st.Route != nil && st.RouteM >= st.Route.LengthM && st.Vehicle.SpeedMps == 0 && !st.Crashed && !st.Stranded && st.Ended) {
			rt.Fatalf("arrived=%v but route at %.1f of %v m, speed %v", st.Arrived, st.RouteM, routeLen(st), st.Vehicle.SpeedMps)
		}
	})
}

func routeLen(st *sim.State) float64 {
	if st.Route == nil {
		return math.NaN()
	}
	return st.Route.LengthM
}
