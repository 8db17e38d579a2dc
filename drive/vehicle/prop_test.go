package vehicle

import (
	"math"
	"testing"
	"testing/fstest"

	"pgregory.net/rapid"
)

// FuzzLoadProfile feeds arbitrary bytes to the loader: it must never panic,
// and a profile it accepts must be usable by Step.
func FuzzLoadProfile(f *testing.F) {
	for _, name := range []string{"vehicles/xpeng-g6.yaml", "vehicles/li-auto-l9.yaml", "vehicles/byd-seal-05-dmi.yaml"} {
		src, err := assetsFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(src))
	}
	f.Add([]byte("name: x\nmass_kg: {value: .nan}\n"))
	f.Add([]byte("dc_charge_curve: {points: [{soc: 2}]}"))
	f.Add([]byte("- - -\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"vehicles/fuzz.yaml": {Data: data}}
		all, err := LoadAll(fsys)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, p := range all {
			s := p.NewState(1, 1)
			for i := 0; i < 100; i++ {
				p.Step(&s, Request{AccelMps2: 3}, 0.1)
			}
			if math.IsNaN(s.SpeedMps) || math.IsNaN(s.SoC) {
				t.Fatalf("accepted profile gives NaN state %+v", s)
			}
		}
	})
}

// TestStepProperties checks Step's invariants over random profiles, states
// and request sequences: no NaN, speed in [0, max], SoC in [0, 1], fuel in
// [0, tank], odometer monotone, counters never decreasing.
func TestStepProperties(t *testing.T) {
	all := loadAll(t)
	rapid.Check(t, func(t *rapid.T) {
		p := all[rapid.IntRange(0, len(all)-1).Draw(t, "profile")]
		s := p.NewState(rapid.Float64Range(0, 1).Draw(t, "soc"), rapid.Float64Range(0, 1).Draw(t, "fuel"))
		s.SpeedMps = rapid.Float64Range(0, p.MaxSpeedMps()).Draw(t, "speed")
		dt := rapid.SampledFrom([]float64{0.01, 0.05, 0.1, 0.5, 1}).Draw(t, "dt")
		n := rapid.IntRange(1, 400).Draw(t, "steps")
		accel := rapid.Float64Range(-15, 15)
		grade := rapid.Float64Range(-15, 15)
		for i := 0; i < n; i++ {
			prev := s
			req := Request{AccelMps2: accel.Draw(t, "accel"), GradePct: grade.Draw(t, "grade")}
			if rapid.IntRange(0, 50).Draw(t, "charge") == 0 {
				if kw := p.ChargeStep(&s, rapid.Float64Range(0, 600).Draw(t, "station"), dt); kw < 0 || math.IsNaN(kw) {
					t.Fatalf("ChargeStep returned %v", kw)
				}
			} else {
				p.Step(&s, req, dt)
			}
			for _, x := range []float64{s.SpeedMps, s.AccelMps2, s.OdometerM, s.SoC, s.FuelL, s.BatteryKW, s.RegenKW, s.EnergyUsedKWh, s.EnergyRegenKWh, s.FuelUsedL} {
				if !finite(x) {
					t.Fatalf("non-finite state after %+v: %+v", req, s)
				}
			}
			if s.SpeedMps < 0 || s.SpeedMps > p.MaxSpeedMps()+1e-9 {
				t.Fatalf("speed %v outside [0, %v]", s.SpeedMps, p.MaxSpeedMps())
			}
			if s.SoC < 0 || s.SoC > 1 {
				t.Fatalf("SoC %v outside [0, 1]", s.SoC)
			}
			if s.FuelL < 0 || s.FuelL > p.FuelTankL+1e-9 {
				t.Fatalf("fuel %v outside [0, %v]", s.FuelL, p.FuelTankL)
			}
			if s.OdometerM < prev.OdometerM || s.EnergyUsedKWh < prev.EnergyUsedKWh || s.FuelUsedL < prev.FuelUsedL || s.EnergyRegenKWh < prev.EnergyRegenKWh {
				t.Fatalf("a counter went backwards: %+v -> %+v", prev, s)
			}
			if s.RegenKW > p.MaxRegenKW+1e-9 || s.RegenKW < 0 {
				t.Fatalf("regen %v kW outside [0, %v]", s.RegenKW, p.MaxRegenKW)
			}
			if p.Powertrain == PowertrainBEV && (s.Mode != ModeEV || s.EngineOn || s.FuelL != 0) {
				t.Fatalf("BEV state %+v", s)
			}
		}
	})
}

// TestStepZeroAllocs guards the zero-allocation promise of Step.
func TestStepZeroAllocs(t *testing.T) {
	for _, p := range loadAll(t) {
		s := p.NewState(0.5, 0.5)
		i := 0
		allocs := testing.AllocsPerRun(1000, func() {
			i++
			p.Step(&s, Request{AccelMps2: math.Sin(float64(i) / 50), GradePct: 2}, 0.05)
		})
		if allocs != 0 {
			t.Errorf("%s: Step allocates %v times per call", p.ID, allocs)
		}
	}
}

// BenchmarkVehicleStep measures one 50 ms step of an EREV in a mixed
// accelerate/brake pattern (both energy paths and the generator run).
func BenchmarkVehicleStep(b *testing.B) {
	p := profile(b, "li-auto-l9")
	s := p.NewState(p.ChargeSustainSoC, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := 1.5
		if i%200 >= 100 {
			a = -1.5
		}
		p.Step(&s, Request{AccelMps2: a, GradePct: 1}, 0.05)
		if s.FuelL < 1 {
			s.FuelL = p.FuelTankL
		}
	}
}
