package vehicle

import (
	"math"
	"sort"
	"testing"

	"github.com/nevsim/cockpit/assets"
)

// cltcDuration is the length of one pass of the cycle table.
func cltcDuration() float64 { return cltcP[len(cltcP)-1][0] + 1 }

// cltcSpeed is the target speed in m/s at time t (s) into the repeated cycle.
func cltcSpeed(t float64) float64 {
	t = math.Mod(t, cltcDuration())
	i := sort.Search(len(cltcP), func(i int) bool { return cltcP[i][0] >= t })
	if i == 0 {
		return cltcP[0][1] / 3.6
	}
	if i == len(cltcP) {
		return cltcP[len(cltcP)-1][1] / 3.6
	}
	a, b := cltcP[i-1], cltcP[i]
	return (a[1] + (b[1]-a[1])*(t-a[0])/(b[0]-a[0])) / 3.6
}

// cycleResult is the outcome of driving repeated CLTC-P cycles.
type cycleResult struct {
	electricKm  float64 // distance when the battery is empty (BEV) or CS starts
	totalKm     float64 // distance when the vehicle can no longer follow: battery empty and (EREV/PHEV) fuel exhausted
	kWhPer100km float64 // battery energy per 100 km over the electric part
	lPer100km   float64 // fuel per 100 km over the charge-sustaining part
	maxLagKmh   float64 // worst speed deficit against the trace while energy lasted
}

// runCLTC drives the cycle from a full battery and tank, the way a CLTC
// range test does: follow the trace until the vehicle cannot (the battery is
// empty and there is no fuel).
func runCLTC(p *Profile) cycleResult {
	const dt = 0.1
	s := p.NewState(1, 1)
	var r cycleResult
	var odoAtCS float64
	cs := false
	for t := 0.0; t < 400*3600; t += dt {
		target := cltcSpeed(t + dt)
		req := Request{AccelMps2: (target - s.SpeedMps) / dt}
		p.Step(&s, req, dt)
		if lag := (target - s.SpeedMps) * 3.6; lag > r.maxLagKmh && s.SoC > 0.001 {
			r.maxLagKmh = lag
		}
		if !cs && (s.Mode == ModeCS || s.SoC <= 0) {
			cs = true
			r.electricKm = s.OdometerM / 1000
			odoAtCS = s.OdometerM
			r.kWhPer100km = (1 - s.SoC) * p.BatteryKWh / r.electricKm * 100
			if !p.HasFuel() {
				break
			}
		}
		if p.HasFuel() && cs && s.FuelL <= 0 {
			r.totalKm = s.OdometerM / 1000
			r.lPer100km = s.FuelUsedL / ((s.OdometerM - odoAtCS) / 1000) * 100
			break
		}
	}
	if !p.HasFuel() {
		r.totalKm = r.electricKm
	}
	return r
}

// TestCLTCRange drives every shipped profile over repeated CLTC-P cycles and
// checks the simulated ranges land within ±5 % of the CLTC claims: the
// electric range for every profile and the total range for EREV/PHEV.
func TestCLTCRange(t *testing.T) {
	all, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		r := runCLTC(p)
		ee := (r.electricKm - p.CLTCElectricRangeKm) / p.CLTCElectricRangeKm * 100
		te := (r.totalKm - p.CLTCRangeKm) / p.CLTCRangeKm * 100
		t.Logf("| %-17s | %-4s | %6.0f | %6.0f | %+5.1f %% | %6.0f | %6.0f | %+5.1f %% | %5.1f | %4.2f | %4.1f |",
			p.ID, p.Powertrain, p.CLTCElectricRangeKm, r.electricKm, ee, p.CLTCRangeKm, r.totalKm, te, r.kWhPer100km, r.lPer100km, r.maxLagKmh)
		if math.Abs(ee) > 5 {
			t.Errorf("%s: CLTC electric range %.0f km simulated vs %.0f km claimed (%+.1f %%), want within ±5 %%", p.ID, r.electricKm, p.CLTCElectricRangeKm, ee)
		}
		if math.Abs(te) > 5 {
			t.Errorf("%s: CLTC total range %.0f km simulated vs %.0f km claimed (%+.1f %%), want within ±5 %%", p.ID, r.totalKm, p.CLTCRangeKm, te)
		}
		if r.maxLagKmh > 2 {
			t.Errorf("%s: fell %.1f km/h behind the CLTC trace", p.ID, r.maxLagKmh)
		}
	}
}

// TestCLTCTrace checks the encoded cycle against the published CLTC-P
// statistics: 14.48 km, max 114 km/h, mean about 29 km/h.
func TestCLTCTrace(t *testing.T) {
	d, vmax := 0.0, 0.0
	dur := cltcDuration()
	for x := 0.0; x < dur; x += 0.1 {
		v := cltcSpeed(x + 0.05)
		d += v * 0.1
		vmax = math.Max(vmax, v*3.6)
	}
	if math.Abs(d-14480) > 14480*0.01 {
		t.Errorf("cycle distance %.0f m, want 14480 ± 1 %%", d)
	}
	if math.Abs(vmax-114) > 0.5 {
		t.Errorf("cycle max speed %.1f km/h, want 114", vmax)
	}
	if mean := d / dur * 3.6; math.Abs(mean-29) > 1 {
		t.Errorf("cycle mean speed %.1f km/h, want about 29", mean)
	}
}
