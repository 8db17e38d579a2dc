package vehicle

import (
	"math"
	"testing"
)

// steadyKWhPer100 drives the profile at a steady speed on the flat for
// 20 km with the cabin drawing cabinKW and returns the battery energy per
// 100 km.
func steadyKWhPer100(p *Profile, kmh, cabinKW float64) float64 {
	const dt = 0.1
	s := p.NewState(0.95, 1)
	v := kmh / 3.6
	for s.SpeedMps < v-0.01 {
		p.Step(&s, Request{AccelMps2: math.Min(2, (v-s.SpeedMps)/dt), CabinKW: cabinKW}, dt)
	}
	used, odo := s.EnergyUsedKWh-s.EnergyRegenKWh, s.OdometerM
	for s.OdometerM-odo < 20000 {
		p.Step(&s, Request{AccelMps2: (v - s.SpeedMps) / dt, CabinKW: cabinKW}, dt)
	}
	return (s.EnergyUsedKWh - s.EnergyRegenKWh - used) / ((s.OdometerM - odo) / 1000) * 100
}

// highwayHVACKW is the climate's draw in the highway checks: cooling on a
// warm day, as in the August media test the SU7 Max figure comes from.
const highwayHVACKW = 1.0

// TestHighwayConsumption: at a steady 120 km/h the SU7 Max uses 19-21
// kWh/100 km, as a media test measured (504 km at a 120 km/h average on
// 101 kWh, vehicle-figures-2026.md); the CLTC calibration does not see this
// speed, so it checks the speed-dependent losses. The others are logged.
func TestHighwayConsumption(t *testing.T) {
	for _, p := range loadAll(t) {
		c := steadyKWhPer100(p, 120, highwayHVACKW)
		t.Logf("%-17s 120 km/h: %.1f kWh/100 km, range %.0f km (CLTC %.0f)", p.ID, c, p.BatteryKWh/c*100, p.CLTCElectricRangeKm)
		if p.ID == "xiaomi-su7-max" && (c < 19 || c > 21) {
			t.Errorf("SU7 Max at 120 km/h: %.1f kWh/100 km, measured about 20 (19-21)", c)
		}
		if plan := p.ConsumptionKWhPerKm(120)*100 + highwayHVACKW/120*100; math.Abs(plan-c) > 0.05*c {
			t.Errorf("%s: the planner's %.1f kWh/100 km at 120 km/h differs from driving it (%.1f)", p.ID, plan, c)
		}
	}
}
