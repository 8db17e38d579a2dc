package cabin_test

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/cabin"
)

var (
	seatIDs    = []cabin.SeatID{cabin.SeatDriver, cabin.SeatPassenger, cabin.SeatRearLeft, cabin.SeatRearRight, cabin.SeatRear, cabin.SeatAll, "", "boot"}
	zones      = []cabin.Zone{cabin.ZoneDriver, cabin.ZonePassenger, cabin.ZoneRear, cabin.ZoneAll, "", "roof"}
	modes      = []cabin.MassageMode{cabin.MassageOff, cabin.MassageStop, cabin.MassageWave, cabin.MassagePulse, cabin.MassageStretch, cabin.MassageRelax, cabin.MassageSport, "shiatsu"}
	airModes   = []cabin.AirMode{cabin.AirAuto, cabin.AirFace, cabin.AirFeet, cabin.AirFaceFeet, cabin.AirWindshield, "up"}
	windows    = []cabin.WindowID{cabin.WindowDriver, cabin.WindowPassenger, cabin.WindowRearLeft, cabin.WindowRearRight, cabin.WindowAll, cabin.WindowSunroof, cabin.WindowSunshade, "boot"}
	lights     = []cabin.LightTarget{cabin.LightAmbient, cabin.LightReading, cabin.LightHeadlights, cabin.LightHighBeam, cabin.LightFog, cabin.LightFogFront, cabin.LightFogRear, cabin.LightHazard, "disco"}
	headModes  = []cabin.HeadlightMode{cabin.HeadlightsOff, cabin.HeadlightsAuto, cabin.HeadlightsLow, "high"}
	directions = []cabin.Direction{cabin.Forward, cabin.Backward, cabin.Up, cabin.Down, cabin.Recline, cabin.Upright, "sideways"}
	parts      = append(append([]cabin.SeatPart{}, cabin.SeatParts...), "armrest")
	colors     = []string{"", "blue", "红色", "Warm white", "#FFFFFF", "plaid"}
)

// genCommand draws any command, valid or not, with values inside and well
// outside their ranges.
func genCommand(t *rapid.T) cabin.Command {
	seat := rapid.SampledFrom(seatIDs).Draw(t, "seat")
	lvl := rapid.IntRange(-5, 9).Draw(t, "level")
	switch rapid.IntRange(0, 27).Draw(t, "kind") {
	case 0:
		return cabin.SetSeatHeat{Seat: seat, Level: lvl}
	case 1:
		return cabin.StepSeatHeat{Seat: seat, Delta: lvl}
	case 2:
		return cabin.SetSeatVent{Seat: seat, Level: lvl}
	case 3:
		return cabin.StepSeatVent{Seat: seat, Delta: lvl}
	case 4:
		return cabin.SetMassage{Seat: seat, Mode: rapid.SampledFrom(modes).Draw(t, "mode"), Level: lvl}
	case 5:
		return cabin.StepMassage{Seat: seat, Delta: lvl}
	case 6:
		return cabin.MoveSeat{Seat: seat, Part: rapid.SampledFrom(parts).Draw(t, "part"), Direction: rapid.SampledFrom(directions).Draw(t, "dir"), Steps: rapid.IntRange(-3, 50).Draw(t, "steps")}
	case 7:
		return cabin.SaveMemory{Profile: lvl}
	case 8:
		return cabin.RecallMemory{Profile: lvl}
	case 9:
		return cabin.SetOccupied{Seat: seat, Occupied: rapid.Bool().Draw(t, "occ")}
	case 10:
		return cabin.SetClimatePower{On: rapid.Bool().Draw(t, "on"), Zone: rapid.SampledFrom(zones).Draw(t, "zone")}
	case 11:
		return cabin.SetAC{On: rapid.Bool().Draw(t, "on")}
	case 12:
		return cabin.SetTemp{Zone: rapid.SampledFrom(zones).Draw(t, "zone"), C: rapid.Float64Range(-50, 80).Draw(t, "c")}
	case 13:
		return cabin.StepTemp{Zone: rapid.SampledFrom(zones).Draw(t, "zone"), DeltaC: rapid.Float64Range(-20, 20).Draw(t, "dc")}
	case 14:
		return cabin.SetFan{Level: lvl}
	case 15:
		return cabin.StepFan{Delta: lvl}
	case 16:
		return cabin.SetAirMode{Mode: rapid.SampledFrom(airModes).Draw(t, "air")}
	case 17:
		return cabin.SetSync{On: rapid.Bool().Draw(t, "on")}
	case 18:
		return cabin.SetDefrost{Target: rapid.SampledFrom([]cabin.DefrostTarget{cabin.DefrostFront, cabin.DefrostRear, "side"}).Draw(t, "target"), On: rapid.Bool().Draw(t, "on")}
	case 19:
		return cabin.SetRecirc{On: rapid.Bool().Draw(t, "on")}
	case 20:
		return cabin.SetWindow{Window: rapid.SampledFrom(windows).Draw(t, "window"), OpenPct: rapid.IntRange(-50, 200).Draw(t, "pct"), Vent: rapid.Bool().Draw(t, "vent"), By: seat}
	case 21:
		return cabin.SetChildLock{On: rapid.Bool().Draw(t, "on")}
	case 22:
		return cabin.SetLight{Target: rapid.SampledFrom(lights).Draw(t, "light"), Seat: seat, On: rapid.Bool().Draw(t, "on"), Color: rapid.SampledFrom(colors).Draw(t, "color"), Brightness: rapid.IntRange(-10, 300).Draw(t, "bright")}
	case 23:
		return cabin.SetHeadlights{Mode: rapid.SampledFrom(headModes).Draw(t, "head")}
	case 24:
		return cabin.SetDoorLock{Locked: rapid.Bool().Draw(t, "locked")}
	case 25:
		return cabin.SetAutoLock{On: rapid.Bool().Draw(t, "on")}
	case 26:
		return nil
	}
	return cabin.SetTemp{Zone: cabin.ZoneDriver, C: math.NaN()}
}

var pathRE = regexp.MustCompile(`^(Vehicle|Cockpit)(\.[A-Z][A-Za-z0-9]*)+$`)

// checkInvariants checks every value of the cabin is in its range.
func checkInvariants(t *rapid.T, s *cabin.State) {
	in := func(name string, v, lo, hi int) {
		if v < lo || v > hi {
			t.Fatalf("%s = %d, outside %d..%d", name, v, lo, hi)
		}
	}
	for i, seat := range s.Seats {
		n := fmt.Sprint("seat ", i)
		in(n+" heat", seat.Heat, 0, cabin.MaxLevel)
		in(n+" vent", seat.Vent, 0, cabin.MaxLevel)
		if seat.Heat > 0 && seat.Vent > 0 {
			t.Fatalf("%s heats and ventilates", n)
		}
		if (seat.Heat > 0 || seat.Vent > 0 || seat.Massage != cabin.MassageOff) && !seat.Occupied {
			t.Fatalf("%s comfort on while empty: %+v", n, seat)
		}
		if seat.Massage == cabin.MassageOff {
			in(n+" massage level", seat.MassageLevel, 0, 0)
		} else {
			if _, ok := cabin.ProgrammeOf(seat.Massage); !ok {
				t.Fatalf("%s unknown programme %q", n, seat.Massage)
			}
			in(n+" massage level", seat.MassageLevel, 1, cabin.MaxLevel)
		}
		for _, part := range cabin.SeatParts {
			lo, hi, _, _ := cabin.PartRange(part)
			var v int
			p := seat.Position
			switch part {
			case cabin.PartPosition:
				v = p.ForeAftMM
			case cabin.PartHeight:
				v = p.HeightMM
			case cabin.PartBackrest:
				v = p.ReclineDeg
			case cabin.PartLumbar:
				v = p.LumbarPct
			case cabin.PartHeadrest:
				v = p.HeadrestMM
			case cabin.PartCushion:
				v = p.CushionMM
			}
			in(n+" "+string(part), v, lo, hi)
		}
	}
	c := s.Climate
	in("fan", c.Fan, cabin.MinFan, cabin.MaxFan)
	for _, tc := range c.TempC {
		if tc < cabin.MinTempC || tc > cabin.MaxTempC || math.Mod(tc, cabin.TempStepC) != 0 {
			t.Fatalf("set temperature %v", tc)
		}
	}
	if c.Distribution == cabin.AirAuto || c.Distribution == "" {
		t.Fatalf("distribution %q", c.Distribution)
	}
	if c.FrontDefrost && (!c.On || c.Distribution != cabin.AirWindshield) {
		t.Fatalf("front defrost without windshield air: %+v", c)
	}
	if c.Sync && (c.TempC[1] != c.TempC[0] || c.TempC[2] != c.TempC[0]) {
		t.Fatalf("sync but zones differ: %v", c.TempC)
	}
	for _, v := range []float64{s.CabinTempC, c.HeatFlowKW, s.HVACPowerKW(), s.SeatsPowerKW()} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite value %v", v)
		}
	}
	if s.CabinTempC < -60 || s.CabinTempC > 90 {
		t.Fatalf("cabin at %v °C", s.CabinTempC)
	}
	if p := s.PowerKW(); p < 0 || p > 20 {
		t.Fatalf("power %v kW", p)
	}
	w := s.Windows
	for i, p := range w.Pos {
		in(fmt.Sprint("window ", i), p, 0, 100)
	}
	in("sunroof", w.Sunroof, 0, 100)
	in("sunshade", w.Sunshade, 0, 100)
	if w.SunroofTilted && w.Sunroof != 0 {
		t.Fatal("sunroof tilted and slid")
	}
	if (w.SunroofTilted || w.Sunroof > 0) && w.Sunshade < 100 {
		t.Fatal("sunroof open under a closed shade")
	}
	l := s.Lights
	in("ambient brightness", l.AmbientBrightness, 1, 100)
	if _, ok := cabin.ColorByName(l.AmbientColor); !ok {
		t.Fatalf("ambient colour %q", l.AmbientColor)
	}
	if (l.HighBeam || l.FogFront || l.FogRear) && !s.LowBeamOn {
		t.Fatalf("high beam or fog without dipped beam: %+v", l)
	}
	seen := map[string]bool{}
	for _, sig := range s.Signals() {
		if !pathRE.MatchString(sig.Path) {
			t.Fatalf("malformed path %q", sig.Path)
		}
		if seen[sig.Path] {
			t.Fatalf("duplicate path %q", sig.Path)
		}
		seen[sig.Path] = true
		if sig.Overlay != (sig.Path[:7] == "Cockpit") {
			t.Fatalf("%s: overlay flag %v", sig.Path, sig.Overlay)
		}
		switch v := sig.Value.(type) {
		case bool, string:
		case int:
			if sig.Unit == "percent" && (v < -100 || v > 100) {
				t.Fatalf("%s = %d %%", sig.Path, v)
			}
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s = %v", sig.Path, v)
			}
		default:
			t.Fatalf("%s has value of type %T", sig.Path, v)
		}
	}
}

// TestCabinInvariants applies random commands and steps at random speeds
// and temperatures and checks every value stays in its range, refusals
// leave the state alone, and Signals stays well-formed.
func TestCabinInvariants(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var occ [4]bool
		for i := range occ {
			occ[i] = rapid.Bool().Draw(rt, "occupied")
		}
		out := rapid.Float64Range(-40, 50).Draw(rt, "outside")
		s := cabin.New(cabin.Options{OutsideTempC: out, Occupied: occ, ClimateOn: rapid.Bool().Draw(rt, "climate"),
			Heater: rapid.SampledFrom([]cabin.Heater{"", cabin.HeatPump, cabin.PTC}).Draw(rt, "heater")})
		checkInvariants(rt, &s)
		now := int64(0)
		for range rapid.IntRange(1, 60).Draw(rt, "n") {
			ctx := cabin.Context{
				SpeedKmh:     rapid.SampledFrom([]float64{0, 3, 10, 60, 130}).Draw(rt, "speed"),
				OutsideTempC: out,
				Night:        rapid.Bool().Draw(rt, "night"),
				Now:          now,
			}
			if rapid.IntRange(0, 3).Draw(rt, "what") == 0 {
				dt := rapid.SampledFrom([]float64{0.05, 1, 60, 600, 3600}).Draw(rt, "dt")
				now += int64(dt * 1000)
				ctx.Now = now
				s.Step(dt, ctx)
			} else {
				before := s
				_, err := s.Apply(genCommand(rt), ctx)
				var r *cabin.Refusal
				if err != nil && (!errors.As(err, &r) || s != before || r.Msg.IsZero()) {
					rt.Fatalf("bad refusal %v (state changed: %v)", err, s != before)
				}
			}
			checkInvariants(rt, &s)
		}
	})
}

func TestSignalsNameTheStandardPaths(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 2}, cabin.SetSeatVent{Seat: cabin.SeatPassenger, Level: 3},
		cabin.SetMassage{Seat: cabin.SeatRearLeft, Mode: cabin.MassageWave, Level: 1}, cabin.SetFan{Level: 7},
		cabin.SetWindow{Window: cabin.WindowSunroof, Vent: true}, cabin.SetLight{Target: cabin.LightHazard, On: true},
		cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: "blue"})
	got := map[string]string{}
	for _, sig := range s.Signals() {
		got[sig.Path] = sig.String()
	}
	want := map[string]string{
		"Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling":      "67",
		"Vehicle.Cabin.Seat.Row1.PassengerSide.HeatingCooling":   "-100",
		"Vehicle.Cabin.Seat.Row2.DriverSide.Massage.Level":       "33",
		"Vehicle.Cabin.Seat.Row2.DriverSide.Massage.Status":      "ON",
		"Vehicle.Cabin.Seat.Row2.DriverSide.Massage.TypeActive":  "WAVE",
		"Cockpit.Cabin.Seat.Row2.DriverSide.Massage.Program":     "wave",
		"Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed":        "100",
		"Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature":     "22",
		"Vehicle.Cabin.Door.Row1.DriverSide.Window.Position":     "0",
		"Vehicle.Cabin.Sunroof.Position":                         "-100",
		"Vehicle.Cabin.Sunroof.Shade.Position":                   "100",
		"Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Color": "#1E6BFF",
		"Cockpit.Cabin.Light.AmbientLight.ColorNameZH":           "蓝色",
		"Vehicle.Body.Lights.Hazard.IsSignaling":                 "true",
		"Vehicle.Body.Lights.LightSwitch":                        "AUTO",
	}
	for p, v := range want {
		if got[p] != v {
			t.Errorf("%s = %q, want %q", p, got[p], v)
		}
	}
}

func TestStepDoesNotAllocateWhenIdle(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(), cabin.SetAirMode{Mode: cabin.AirAuto}, cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 2},
		cabin.SetMassage{Seat: cabin.SeatPassenger, Mode: cabin.MassageRelax}, cabin.SetDefrost{Target: cabin.DefrostRear, On: true})
	ctx := cabin.Context{OutsideTempC: -5, SpeedKmh: 60, Now: 1000}
	s.Step(0.05, ctx) // auto-lock fires once
	allocs := testing.AllocsPerRun(1000, func() {
		ctx.Now += 50
		if evs := s.Step(0.05, ctx); evs != nil {
			t.Fatalf("unexpected events %v", evs)
		}
	})
	if allocs != 0 {
		t.Errorf("Step allocates %.1f times per call when idle", allocs)
	}
}

func BenchmarkCabinStep(b *testing.B) {
	s := cabin.New(cabin.Options{OutsideTempC: -5, Occupied: [4]bool{true, true, true, true}, ClimateOn: true})
	ctx := cabin.Context{OutsideTempC: -5, SpeedKmh: 60}
	if _, err := s.Apply(cabin.SetSeatHeat{Seat: cabin.SeatAll, Level: 2}, ctx); err != nil {
		b.Fatal(err)
	}
	s.Step(0.05, ctx)
	b.ReportAllocs()
	for b.Loop() {
		ctx.Now += 50
		s.Step(0.05, ctx)
	}
}

func BenchmarkCabinSignals(b *testing.B) {
	s := full()
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Signals()
	}
}
