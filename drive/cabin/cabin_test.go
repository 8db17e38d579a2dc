package cabin_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/cabin"
)

// full returns a cabin with every seat taken, parked at 10 °C.
func full() cabin.State {
	return cabin.New(cabin.Options{OutsideTempC: 10, Occupied: [4]bool{true, true, true, true}})
}

func parked() cabin.Context { return cabin.Context{OutsideTempC: 10} }

func at(kmh float64) cabin.Context { return cabin.Context{OutsideTempC: 10, SpeedKmh: kmh} }

// mustApply applies commands that must succeed.
func mustApply(t *testing.T, s *cabin.State, ctx cabin.Context, cs ...cabin.Command) []cabin.Event {
	t.Helper()
	var all []cabin.Event
	for _, c := range cs {
		evs, err := s.Apply(c, ctx)
		if err != nil {
			t.Fatalf("%#v: unexpected refusal: %v", c, err)
		}
		all = append(all, evs...)
	}
	return all
}

// mustRefuse applies a command that must be refused, checks the state is
// unchanged and the reason contains want, in both languages.
func mustRefuse(t *testing.T, s *cabin.State, ctx cabin.Context, c cabin.Command, want string) {
	t.Helper()
	before := *s
	evs, err := s.Apply(c, ctx)
	if err == nil {
		t.Fatalf("%#v: accepted, want refusal %q (events %v)", c, want, evs)
	}
	var r *cabin.Refusal
	if !errors.As(err, &r) {
		t.Fatalf("%#v: error %T is not a *Refusal", c, err)
	}
	if reason := en(t, r.Msg); !strings.Contains(reason, want) {
		t.Errorf("%#v: reason %q does not contain %q", c, reason, want)
	}
	if reasonZH := zh(t, r.Msg); reasonZH == en(t, r.Msg) {
		t.Errorf("%#v: no Chinese reason (%q)", c, reasonZH)
	}
	if *s != before {
		t.Errorf("%#v: refused but the state changed", c)
	}
	if evs != nil {
		t.Errorf("%#v: refused but returned events %v", c, evs)
	}
}

func hasEvent(t *testing.T, evs []cabin.Event, kind, textPart string) bool {
	t.Helper()
	for _, e := range evs {
		if e.Kind == kind && strings.Contains(en(t, e.Msg), textPart) && zh(t, e.Msg) != "" {
			return true
		}
	}
	return false
}

func TestLevelsClamp(t *testing.T) {
	tests := []struct {
		name string
		cmd  cabin.Command
		get  func(s cabin.State) float64
		want float64
		note string
	}{
		{"heat above max", cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 5}, func(s cabin.State) float64 { return float64(s.Seats[0].Heat) }, 3, "highest level"},
		{"heat below zero", cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: -2}, func(s cabin.State) float64 { return float64(s.Seats[0].Heat) }, 0, "0 is off"},
		{"vent above max", cabin.SetSeatVent{Seat: cabin.SeatPassenger, Level: 9}, func(s cabin.State) float64 { return float64(s.Seats[1].Vent) }, 3, "highest level"},
		{"massage level", cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassagePulse, Level: 7}, func(s cabin.State) float64 { return float64(s.Seats[0].MassageLevel) }, 3, "levels are 1 to 3"},
		{"temp too hot", cabin.SetTemp{Zone: cabin.ZoneDriver, C: 40}, func(s cabin.State) float64 { return s.Climate.TempC[0] }, 32, "highest setting"},
		{"temp too cold", cabin.SetTemp{Zone: cabin.ZonePassenger, C: 5}, func(s cabin.State) float64 { return s.Climate.TempC[1] }, 16, "lowest setting"},
		{"temp rounds to half degrees", cabin.SetTemp{Zone: cabin.ZoneRear, C: 22.3}, func(s cabin.State) float64 { return s.Climate.TempC[2] }, 22.5, "22.5"},
		{"fan zero", cabin.SetFan{Level: 0}, func(s cabin.State) float64 { return float64(s.Climate.Fan) }, 1, "levels are 1 to 7"},
		{"fan eleven", cabin.SetFan{Level: 11}, func(s cabin.State) float64 { return float64(s.Climate.Fan) }, 7, "levels are 1 to 7"},
		{"window over 100", cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 150}, func(s cabin.State) float64 { return float64(s.Windows.Pos[0]) }, 100, "0 to 100"},
		{"ambient brightness", cabin.SetLight{Target: cabin.LightAmbient, On: true, Brightness: 500}, func(s cabin.State) float64 { return float64(s.Lights.AmbientBrightness) }, 100, "100 %"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full()
			evs := mustApply(t, &s, parked(), tc.cmd)
			if got := tc.get(s); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			found := false
			for _, e := range evs {
				if strings.Contains(en(t, e.Msg), tc.note) {
					found = true
				}
			}
			if !found {
				t.Errorf("no event explains the clamp with %q: %v", tc.note, evs)
			}
		})
	}
}

func TestStepAtLimitIsRefused(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 3}, cabin.SetFan{Level: 7}, cabin.SetTemp{Zone: cabin.ZoneDriver, C: 16})
	mustRefuse(t, &s, parked(), cabin.StepSeatHeat{Seat: cabin.SeatDriver, Delta: 1}, "highest level")
	mustRefuse(t, &s, parked(), cabin.StepSeatVent{Seat: cabin.SeatDriver, Delta: -1}, "already off")
	mustRefuse(t, &s, parked(), cabin.StepFan{Delta: 1}, "highest")
	mustRefuse(t, &s, parked(), cabin.StepTemp{Zone: cabin.ZoneDriver, DeltaC: -1}, "lowest setting")
	mustRefuse(t, &s, parked(), cabin.StepMassage{Seat: cabin.SeatDriver, Delta: -1}, "already off")
	mustApply(t, &s, parked(), cabin.StepTemp{Zone: cabin.ZoneDriver, DeltaC: cabin.TempNudgeC}, cabin.StepSeatHeat{Seat: cabin.SeatDriver, Delta: -2})
	if s.Climate.TempC[0] != 17 || s.Seats[0].Heat != 1 {
		t.Errorf("steps: temp %v heat %d, want 17 and 1", s.Climate.TempC[0], s.Seats[0].Heat)
	}
}

func TestHeatingAndVentilationAreExclusive(t *testing.T) {
	tests := []struct {
		name      string
		first     cabin.Command
		then      cabin.Command
		heat, ven int
		cleared   string
	}{
		{"vent clears heat", cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 2}, cabin.SetSeatVent{Seat: cabin.SeatDriver, Level: 1}, 0, 1, cabin.EventSeatHeat},
		{"heat clears vent", cabin.SetSeatVent{Seat: cabin.SeatDriver, Level: 3}, cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 1}, 1, 0, cabin.EventSeatVentilate},
		{"step heat clears vent", cabin.SetSeatVent{Seat: cabin.SeatDriver, Level: 3}, cabin.StepSeatHeat{Seat: cabin.SeatDriver, Delta: 1}, 1, 0, cabin.EventSeatVentilate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full()
			mustApply(t, &s, parked(), tc.first)
			evs := mustApply(t, &s, parked(), tc.then)
			if s.Seats[0].Heat != tc.heat || s.Seats[0].Vent != tc.ven {
				t.Errorf("heat %d vent %d, want %d %d", s.Seats[0].Heat, s.Seats[0].Vent, tc.heat, tc.ven)
			}
			if !hasEvent(t, evs, tc.cleared, "cannot heat and ventilate at once") {
				t.Errorf("no event explains the exclusivity: %v", evs)
			}
		})
	}
	// Switching one off leaves the other alone.
	s := full()
	mustApply(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 2}, cabin.SetSeatVent{Seat: cabin.SeatDriver, Level: 0})
	if s.Seats[0].Heat != 2 {
		t.Errorf("turning ventilation off cleared heating")
	}
}

func TestEmptySeatIsRefused(t *testing.T) {
	s := cabin.New(cabin.Options{OutsideTempC: 0}) // only the driver
	for _, c := range []cabin.Command{
		cabin.SetSeatHeat{Seat: cabin.SeatRearLeft, Level: 2},
		cabin.SetSeatVent{Seat: cabin.SeatPassenger, Level: 1},
		cabin.StepSeatHeat{Seat: cabin.SeatRearRight, Delta: 1},
		cabin.SetMassage{Seat: cabin.SeatPassenger, Mode: cabin.MassageWave},
		cabin.StepMassage{Seat: cabin.SeatRearLeft, Delta: 1},
	} {
		mustRefuse(t, &s, parked(), c, "Nobody is sitting in the")
	}
	mustRefuse(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatRear, Level: 2}, "Nobody is sitting in the rear seats")
	// A group skips empty seats but serves the occupied ones.
	mustApply(t, &s, parked(), cabin.SetOccupied{Seat: cabin.SeatRearRight, Occupied: true})
	mustApply(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatAll, Level: 2})
	if s.Seats[0].Heat != 2 || s.Seats[1].Heat != 0 || s.Seats[2].Heat != 0 || s.Seats[3].Heat != 2 {
		t.Errorf("group heat: %+v", s.Seats)
	}
	mustRefuse(t, &s, parked(), cabin.SetSeatHeat{Seat: "boot", Level: 1}, "no seat called")
}

func TestLeavingASeatSwitchesItsComfortOff(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(),
		cabin.SetSeatHeat{Seat: cabin.SeatPassenger, Level: 3},
		cabin.SetMassage{Seat: cabin.SeatPassenger, Mode: cabin.MassageRelax},
		cabin.SetLight{Target: cabin.LightReading, Seat: cabin.SeatPassenger, On: true})
	evs := mustApply(t, &s, parked(), cabin.SetOccupied{Seat: cabin.SeatPassenger, Occupied: false})
	p := s.Seats[1]
	if p.Heat != 0 || p.Massage != cabin.MassageOff || s.Lights.Reading[1] {
		t.Errorf("passenger seat still on: %+v reading %v", p, s.Lights.Reading[1])
	}
	if !hasEvent(t, evs, cabin.EventSeatHeat, "nobody is sitting there") {
		t.Errorf("no reason given: %v", evs)
	}
}

func TestMassageSwitchesOffAfterItsProgramme(t *testing.T) {
	for _, p := range cabin.Programmes {
		t.Run(p.Name, func(t *testing.T) {
			s := full()
			start := int64(12_345)
			mustApply(t, &s, cabin.Context{Now: start}, cabin.SetMassage{Seat: cabin.SeatRearLeft, Mode: p.Mode, Level: 1})
			end := start + int64(p.Minutes)*60_000
			if evs := s.Step(0.05, cabin.Context{Now: end - 1}); len(evs) != 0 || s.Seats[2].Massage != p.Mode {
				t.Fatalf("stopped early: %v", evs)
			}
			evs := s.Step(0.05, cabin.Context{Now: end})
			if s.Seats[2].Massage != cabin.MassageOff || s.Seats[2].MassageLevel != 0 {
				t.Fatalf("still running after %d minutes", p.Minutes)
			}
			if !hasEvent(t, evs, cabin.EventMassageEnded, "minutes") {
				t.Errorf("no event says why: %v", evs)
			}
		})
	}
	// Changing the level keeps the timer; changing the programme restarts it.
	s := full()
	mustApply(t, &s, cabin.Context{Now: 0}, cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassageWave})
	mustApply(t, &s, cabin.Context{Now: 60_000}, cabin.SetMassage{Seat: cabin.SeatDriver, Level: 3})
	if s.Seats[0].MassageEndsAt != 15*60_000 {
		t.Errorf("level change moved the timer to %d", s.Seats[0].MassageEndsAt)
	}
	mustApply(t, &s, cabin.Context{Now: 60_000}, cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassageStretch})
	if s.Seats[0].MassageEndsAt != 60_000+10*60_000 || s.Seats[0].MassageLevel != 3 {
		t.Errorf("programme change: ends %d level %d", s.Seats[0].MassageEndsAt, s.Seats[0].MassageLevel)
	}
	mustApply(t, &s, parked(), cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassageStop})
	if s.Seats[0].Massage != cabin.MassageOff {
		t.Errorf("stop did not stop")
	}
	mustRefuse(t, &s, parked(), cabin.SetMassage{Seat: cabin.SeatDriver, Mode: "shiatsu"}, `no massage programme called "shiatsu": choose wave, pulse, stretch, relax, sport.`)
	// the list of what the car offers is joined the way each language does
	_, err := s.Apply(cabin.SetMassage{Seat: cabin.SeatDriver, Mode: "shiatsu"}, parked())
	var r *cabin.Refusal
	if !errors.As(err, &r) || !strings.HasSuffix(zh(t, r.Msg), "可选波浪、脉冲、舒展、放松、运动。") {
		t.Errorf("Chinese refusal: %v", err)
	}
}

func TestSeatMovesAndSpeedRule(t *testing.T) {
	tests := []struct {
		name   string
		kmh    float64
		cmd    cabin.MoveSeat
		refuse string // "" = accepted
	}{
		{"fore/aft parked", 0, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Backward}, ""},
		{"fore/aft at crawl", 5, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Forward}, ""},
		{"fore/aft moving", 30, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Backward}, "cannot be adjusted above 5 km/h"},
		{"backrest moving", 80, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartBackrest, Direction: cabin.Recline}, "cannot be adjusted above 5 km/h"},
		{"all seats incl. driver moving", 80, cabin.MoveSeat{Seat: cabin.SeatAll, Part: cabin.PartBackrest, Direction: cabin.Recline}, "cannot be adjusted"},
		{"height moving", 80, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartHeight, Direction: cabin.Up}, ""},
		{"lumbar moving", 80, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartLumbar, Direction: cabin.Forward}, ""},
		{"passenger fore/aft moving", 80, cabin.MoveSeat{Seat: cabin.SeatPassenger, Part: cabin.PartPosition, Direction: cabin.Backward}, ""},
		{"rear recline moving", 80, cabin.MoveSeat{Seat: cabin.SeatRear, Part: cabin.PartBackrest, Direction: cabin.Recline}, ""},
		{"wrong direction", 0, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartHeadrest, Direction: cabin.Recline}, "cannot move recline"},
		{"unknown part", 0, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: "armrest", Direction: cabin.Up}, "no part called"},
		{"at the limit", 0, cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartHeight, Direction: cabin.Down, Steps: 100}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full()
			if tc.refuse != "" {
				mustRefuse(t, &s, at(tc.kmh), tc.cmd, tc.refuse)
				return
			}
			before := s.Seats
			evs := mustApply(t, &s, at(tc.kmh), tc.cmd)
			if s.Seats == before || !hasEvent(t, evs, cabin.EventSeatAdjust, "") {
				t.Errorf("nothing moved: %v", evs)
			}
		})
	}
	s := full()
	mustApply(t, &s, parked(), cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartHeight, Direction: cabin.Down, Steps: 100})
	if s.Seats[0].Position.HeightMM != 0 {
		t.Errorf("height %d, want clamped to 0", s.Seats[0].Position.HeightMM)
	}
	mustRefuse(t, &s, parked(), cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartHeight, Direction: cabin.Down}, "cannot go further")
	for _, part := range cabin.SeatParts {
		lo, hi, step, ok := cabin.PartRange(part)
		if !ok || lo >= hi || step <= 0 {
			t.Errorf("%s: range %d..%d step %d", part, lo, hi, step)
		}
	}
}

func TestMemorySaveAndRecall(t *testing.T) {
	s := full()
	mustRefuse(t, &s, parked(), cabin.RecallMemory{Profile: 2}, "profile 2 is empty")
	mustRefuse(t, &s, parked(), cabin.SaveMemory{Profile: 4}, "no memory profile 4")
	mustRefuse(t, &s, parked(), cabin.SaveMemory{Profile: 0}, "no memory profile 0")
	mustApply(t, &s, parked(), cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Backward, Steps: 5}, cabin.SaveMemory{Profile: 2})
	saved := s.Seats[0].Position
	mustApply(t, &s, parked(),
		cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Forward, Steps: 10},
		cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartBackrest, Direction: cabin.Upright, Steps: 3})
	if s.Seats[0].Position == saved {
		t.Fatal("seat did not move")
	}
	mustRefuse(t, &s, at(40), cabin.RecallMemory{Profile: 2}, "below 5 km/h")
	evs := mustApply(t, &s, parked(), cabin.RecallMemory{Profile: 2})
	if s.Seats[0].Position != saved || !hasEvent(t, evs, cabin.EventSeatMemory, "profile 2") {
		t.Errorf("recall: %+v want %+v (%v)", s.Seats[0].Position, saved, evs)
	}
	if !s.Memory[1].Saved || s.Memory[0].Saved {
		t.Errorf("memory slots: %+v", s.Memory)
	}
}

func TestFrontDefrost(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(), cabin.SetAirMode{Mode: cabin.AirFeet}, cabin.SetFan{Level: 2}, cabin.SetAC{On: false}, cabin.SetRecirc{On: true})
	before := s.Climate
	evs := mustApply(t, &s, parked(), cabin.SetDefrost{Target: cabin.DefrostFront, On: true})
	c := s.Climate
	if !c.On || !c.FrontDefrost || c.Distribution != cabin.AirWindshield || c.Fan < cabin.DefrostFan || !c.AC || c.Recirc || c.Auto {
		t.Errorf("front defrost did not take over: %+v", c)
	}
	if !hasEvent(t, evs, cabin.EventClimateDefrost, "windshield") {
		t.Errorf("no explanation: %v", evs)
	}
	mustApply(t, &s, parked(), cabin.SetDefrost{Target: cabin.DefrostFront, On: false})
	c = s.Climate
	if c.Fan != before.Fan || c.Distribution != before.Distribution || c.AC != before.AC || c.Recirc != before.Recirc || c.FrontDefrost {
		t.Errorf("settings not restored: %+v want %+v", c, before)
	}
	// Choosing another air mode ends defrost.
	mustApply(t, &s, parked(), cabin.SetDefrost{Target: cabin.DefrostFront, On: true})
	evs = mustApply(t, &s, parked(), cabin.SetAirMode{Mode: cabin.AirFace})
	if s.Climate.FrontDefrost || s.Climate.Distribution != cabin.AirFace || !hasEvent(t, evs, cabin.EventClimateDefrost, "air mode was changed") {
		t.Errorf("air mode did not end defrost: %+v %v", s.Climate, evs)
	}
	// Defrost from off switches the climate on; climate off ends defrost.
	s = full()
	mustApply(t, &s, parked(), cabin.SetDefrost{Target: cabin.DefrostFront, On: true})
	if !s.Climate.On {
		t.Error("defrost did not switch the climate on")
	}
	mustApply(t, &s, parked(), cabin.SetClimatePower{On: false})
	if s.Climate.FrontDefrost || s.Climate.On {
		t.Error("climate off left defrost on")
	}
	mustRefuse(t, &s, parked(), cabin.SetDefrost{Target: "side", On: true}, "no defroster")
}

func TestRearDefrostSwitchesItselfOff(t *testing.T) {
	s := full()
	mustApply(t, &s, cabin.Context{Now: 1000}, cabin.SetDefrost{Target: cabin.DefrostRear, On: true})
	if s.HVACPowerKW() <= 0 {
		t.Error("rear heater draws no power")
	}
	end := int64(1000 + cabin.RearDefrostMinutes*60_000)
	if evs := s.Step(1, cabin.Context{Now: end - 1}); len(evs) != 0 || !s.Climate.RearDefrost {
		t.Fatal("rear defrost ended early")
	}
	evs := s.Step(1, cabin.Context{Now: end})
	if s.Climate.RearDefrost || !hasEvent(t, evs, cabin.EventClimateDefrost, "15 minutes") {
		t.Errorf("rear defrost still on or unexplained: %v", evs)
	}
	if s.HVACPowerKW() != 0 {
		t.Errorf("power %v with everything off", s.HVACPowerKW())
	}
}

func TestClimateZonesAndSync(t *testing.T) {
	s := full()
	mustApply(t, &s, parked(), cabin.SetSync{On: true}, cabin.SetTemp{Zone: cabin.ZoneDriver, C: 24})
	if s.Climate.TempC != [3]float64{24, 24, 24} {
		t.Errorf("sync: %v", s.Climate.TempC)
	}
	evs := mustApply(t, &s, parked(), cabin.SetTemp{Zone: cabin.ZonePassenger, C: 20})
	if s.Climate.Sync || s.Climate.TempC != [3]float64{24, 20, 24} || !hasEvent(t, evs, cabin.EventClimateSync, "own temperature") {
		t.Errorf("passenger change under sync: %+v %v", s.Climate, evs)
	}
	mustApply(t, &s, parked(), cabin.SetClimatePower{Zone: cabin.ZoneRear, On: false})
	if s.Climate.ZoneOn[2] || !s.Climate.On {
		t.Errorf("rear zone off: %+v", s.Climate)
	}
	mustApply(t, &s, parked(), cabin.SetTemp{Zone: cabin.ZoneRear, C: 21})
	if !s.Climate.ZoneOn[2] {
		t.Error("setting the rear temperature did not switch the rear zone on")
	}
	mustApply(t, &s, parked(), cabin.SetAirMode{Mode: cabin.AirAuto})
	if !s.Climate.Auto {
		t.Error("auto mode")
	}
	evs = mustApply(t, &s, parked(), cabin.SetFan{Level: 4})
	if s.Climate.Auto || !hasEvent(t, evs, cabin.EventClimateMode, "by hand") {
		t.Error("a manual fan change must leave auto mode and say so")
	}
	mustRefuse(t, &s, parked(), cabin.SetTemp{Zone: "boot", C: 20}, "no climate zone")
	mustRefuse(t, &s, parked(), cabin.SetTemp{Zone: cabin.ZoneDriver, C: math.NaN()}, "not a temperature")
	mustRefuse(t, &s, parked(), cabin.SetAirMode{Mode: "ceiling"}, "no air mode")
}

func TestTemperatureModel(t *testing.T) {
	tests := []struct {
		name      string
		outside   float64
		setpoint  float64
		ac        bool
		wantNear  float64 // where the cabin ends up after an hour
		tolerance float64
	}{
		{"winter heat pump", -15, 22, true, 22, 0.5},
		{"mild", 12, 20, false, 20, 0.5},
		{"summer with A/C", 38, 22, true, 22, 0.5},
		{"summer without A/C cannot cool below outside", 38, 22, false, 38, 0.5},
		{"arctic", -30, 24, true, 24, 1.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := cabin.New(cabin.Options{OutsideTempC: tc.outside})
			ctx := cabin.Context{OutsideTempC: tc.outside}
			mustApply(t, &s, ctx, cabin.SetTemp{Zone: cabin.ZoneAll, C: tc.setpoint}, cabin.SetAirMode{Mode: cabin.AirAuto}, cabin.SetAC{On: tc.ac})
			prevGap := math.Abs(s.CabinTempC - tc.wantNear)
			for i := 1; i <= 3600; i++ {
				ctx.Now = int64(i) * 1000
				s.Step(1, ctx)
				if math.IsNaN(s.CabinTempC) || math.IsInf(s.CabinTempC, 0) {
					t.Fatalf("cabin temperature %v at %d s", s.CabinTempC, i)
				}
				gap := math.Abs(s.CabinTempC - tc.wantNear)
				if gap > prevGap+1e-9 && gap > tc.tolerance {
					t.Fatalf("moving away from %v at %d s: %.3f", tc.wantNear, i, s.CabinTempC)
				}
				prevGap = gap
				if p := s.HVACPowerKW(); p < 0 || p > 15 || math.IsNaN(p) {
					t.Fatalf("HVAC power %v kW", p)
				}
			}
			if math.Abs(s.CabinTempC-tc.wantNear) > tc.tolerance {
				t.Errorf("after an hour the cabin is at %.2f °C, want %.1f±%.1f", s.CabinTempC, tc.wantNear, tc.tolerance)
			}
		})
	}
	// Off, the cabin drifts to the outside temperature; faster with windows open.
	closed := cabin.New(cabin.Options{OutsideTempC: 30, CabinTempC: ptr(20.0)})
	open := closed
	mustApply(t, &open, cabin.Context{OutsideTempC: 30}, cabin.SetWindow{Window: cabin.WindowAll, OpenPct: 100})
	for i := 0; i < 600; i++ {
		ctx := cabin.Context{OutsideTempC: 30, Now: int64(i) * 1000}
		closed.Step(1, ctx)
		open.Step(1, ctx)
	}
	if !(closed.CabinTempC > 20 && closed.CabinTempC < 30 && open.CabinTempC > closed.CabinTempC) {
		t.Errorf("drift: closed %.2f open %.2f", closed.CabinTempC, open.CabinTempC)
	}
	// A huge step stays stable, and bad inputs never make NaN.
	s := cabin.New(cabin.Options{OutsideTempC: -20, ClimateOn: true})
	s.Step(1e6, cabin.Context{OutsideTempC: -20})
	s.Step(1, cabin.Context{OutsideTempC: math.NaN()})
	s.Step(math.Inf(1), cabin.Context{OutsideTempC: math.Inf(-1)})
	if math.Abs(s.CabinTempC-cabin.DefaultTempC) > 1 {
		t.Errorf("after a long step: %.2f", s.CabinTempC)
	}
}

func ptr[T any](v T) *T { return &v }

func TestHVACPower(t *testing.T) {
	cold := func(h cabin.Heater) float64 {
		s := cabin.New(cabin.Options{OutsideTempC: -10, ClimateOn: true, Heater: h})
		s.Step(1, cabin.Context{OutsideTempC: -10})
		return s.HVACPowerKW()
	}
	hp, ptc := cold(cabin.HeatPump), cold(cabin.PTC)
	if !(hp > 0.5 && ptc > hp) {
		t.Errorf("warm-up power: heat pump %.2f kW, PTC %.2f kW", hp, ptc)
	}
	s := cabin.New(cabin.Options{OutsideTempC: 20})
	if s.HVACPowerKW() != 0 || s.PowerKW() != 0 {
		t.Errorf("all off draws %v kW", s.PowerKW())
	}
	mustApply(t, &s, parked(), cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 3})
	if s.SeatsPowerKW() <= 0 || s.PowerKW() != s.SeatsPowerKW() {
		t.Errorf("seat heating draws %v kW", s.SeatsPowerKW())
	}
}

func TestWindows(t *testing.T) {
	tests := []struct {
		name    string
		kmh     float64
		cmd     cabin.SetWindow
		warn    bool
		refuse  string
		checkFn func(s cabin.State) bool
	}{
		{"open parked", 0, cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 50}, false, "", func(s cabin.State) bool { return s.Windows.Pos[0] == 50 }},
		{"open at 130 warns", 130, cabin.SetWindow{Window: cabin.WindowPassenger, OpenPct: 100}, true, "", func(s cabin.State) bool { return s.Windows.Pos[1] == 100 }},
		{"vent at 130 warns", 130, cabin.SetWindow{Window: cabin.WindowAll, Vent: true}, true, "", func(s cabin.State) bool { return s.Windows.Pos == [4]int{10, 10, 10, 10} }},
		{"open at 120 is fine", 120, cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 100}, false, "", nil},
		{"closing at 130 is fine", 130, cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 0}, false, "", nil},
		{"sunroof at 130 warns", 130, cabin.SetWindow{Window: cabin.WindowSunroof, OpenPct: 40}, true, "", func(s cabin.State) bool { return s.Windows.Sunroof == 40 && s.Windows.Sunshade == 100 }},
		{"sunroof vent tilts", 0, cabin.SetWindow{Window: cabin.WindowSunroof, Vent: true}, false, "", func(s cabin.State) bool { return s.Windows.SunroofTilted && s.Windows.Sunroof == 0 }},
		{"child lock from the rear", 0, cabin.SetWindow{Window: cabin.WindowRearLeft, OpenPct: 100, By: cabin.SeatRearLeft}, false, "child lock", nil},
		{"child lock, driver asks", 0, cabin.SetWindow{Window: cabin.WindowRearLeft, OpenPct: 100, By: cabin.SeatDriver}, false, "", func(s cabin.State) bool { return s.Windows.Pos[2] == 100 }},
		{"child lock, front window from the rear", 0, cabin.SetWindow{Window: cabin.WindowPassenger, OpenPct: 100, By: cabin.SeatRearRight}, false, "", nil},
		{"unknown window", 0, cabin.SetWindow{Window: "boot", OpenPct: 100}, false, "no window", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full()
			mustApply(t, &s, parked(), cabin.SetChildLock{On: true}, cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 30})
			if tc.refuse != "" {
				mustRefuse(t, &s, at(tc.kmh), tc.cmd, tc.refuse)
				return
			}
			evs := mustApply(t, &s, at(tc.kmh), tc.cmd)
			if got := hasEvent(t, evs, cabin.EventWarning, "wind noise"); got != tc.warn {
				t.Errorf("warning %v, want %v: %v", got, tc.warn, evs)
			}
			if tc.checkFn != nil && !tc.checkFn(s) {
				t.Errorf("state: %+v", s.Windows)
			}
		})
	}
	s := full()
	mustApply(t, &s, parked(), cabin.SetWindow{Window: cabin.WindowSunroof, OpenPct: 100})
	evs := mustApply(t, &s, parked(), cabin.SetWindow{Window: cabin.WindowSunshade, OpenPct: 0})
	if s.Windows.Sunroof != 0 || !hasEvent(t, evs, cabin.EventWindow, "Sunroof closed first") {
		t.Errorf("closing the shade under open glass: %+v %v", s.Windows, evs)
	}
	// the reply reads the events in order: the glass closes first
	if len(evs) != 2 || evs[0].Subject != string(cabin.WindowSunroof) || evs[1].Subject != string(cabin.WindowSunshade) {
		t.Errorf("closing the shade under open glass, events in order: %v", evs)
	}
}

func TestLights(t *testing.T) {
	s := full()
	night := cabin.Context{Night: true}
	evs := mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightHighBeam, On: true})
	if !s.LowBeamOn || s.Lights.Headlights != cabin.HeadlightsLow || !s.Lights.HighBeam || !hasEvent(t, evs, cabin.EventLights, "dipped beam") {
		t.Errorf("high beam without headlights: %+v %v", s.Lights, evs)
	}
	mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightFog, On: true})
	evs = mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightHeadlights, On: false})
	if s.Lights.HighBeam || s.Lights.FogFront || s.Lights.FogRear || s.LowBeamOn {
		t.Errorf("headlights off left lights on: %+v", s.Lights)
	}
	if !hasEvent(t, evs, cabin.EventLights, "High beam off") {
		t.Errorf("no explanation: %v", evs)
	}
	// Automatic headlights follow the dark, and say so.
	mustApply(t, &s, parked(), cabin.SetHeadlights{Mode: cabin.HeadlightsAuto})
	evs = s.Step(0.05, night)
	if !s.LowBeamOn || !hasEvent(t, evs, cabin.EventLights, "dark") {
		t.Errorf("auto headlights at night: %v", evs)
	}
	if evs := s.Step(0.05, night); evs != nil {
		t.Errorf("repeated event: %v", evs)
	}
	evs = s.Step(0.05, parked())
	if s.LowBeamOn || !hasEvent(t, evs, cabin.EventLights, "light again") {
		t.Errorf("auto headlights by day: %v", evs)
	}
	for _, name := range []string{"blue", "蓝色", "蓝", "Warm white", "#FF2A2A", "violet"} {
		if _, ok := cabin.ColorByName(name); !ok {
			t.Errorf("colour %q not found", name)
		}
	}
	mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: "紫色", Brightness: 30})
	if !s.Lights.Ambient || s.Lights.AmbientColor != "purple" || s.Lights.AmbientBrightness != 30 {
		t.Errorf("ambient: %+v", s.Lights)
	}
	mustRefuse(t, &s, parked(), cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: "plaid"}, "no colour")
	mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightReading, Seat: cabin.SeatRear, On: true}, cabin.SetLight{Target: cabin.LightHazard, On: true})
	if s.Lights.Reading != [4]bool{false, false, true, true} || !s.Lights.Hazard {
		t.Errorf("reading/hazard: %+v", s.Lights)
	}
	mustRefuse(t, &s, parked(), cabin.SetLight{Target: "disco", On: true}, "no light")
	mustRefuse(t, &s, parked(), cabin.SetHeadlights{Mode: "high"}, "no position")
}

func TestDoors(t *testing.T) {
	s := full()
	if evs := s.Step(0.05, at(10)); evs != nil || s.Doors.Locked {
		t.Fatal("locked below 15 km/h")
	}
	evs := s.Step(0.05, at(16))
	if !s.Doors.Locked || !hasEvent(t, evs, cabin.EventDoors, "above 15 km/h") {
		t.Errorf("auto-lock: %v", evs)
	}
	mustRefuse(t, &s, at(30), cabin.SetDoorLock{Locked: false}, "only when the car has stopped")
	mustApply(t, &s, parked(), cabin.SetDoorLock{Locked: false})
	if s.Doors.Locked {
		t.Error("unlock at standstill")
	}
	mustApply(t, &s, parked(), cabin.SetAutoLock{On: false})
	if s.Step(0.05, at(50)); s.Doors.Locked {
		t.Error("auto-lock disabled but locked")
	}
}

func TestUnknownCommandIsRefused(t *testing.T) {
	s := full()
	mustRefuse(t, &s, parked(), nil, "No command")
}

// TestVoiceSchemaMeaningsAreAccepted walks every enum value of the seat,
// climate, cabin.window and cabin.lights intents of shared/voice/SCHEMA.md
// and checks the matching command is carried out (a full, parked cabin).
func TestVoiceSchemaMeaningsAreAccepted(t *testing.T) {
	seats := []cabin.SeatID{"driver", "passenger", "rear_left", "rear_right", "rear", "all"}
	var cmds []cabin.Command
	for _, seat := range seats {
		cmds = append(cmds,
			cabin.SetSeatHeat{Seat: seat, Level: cabin.DefaultLevel}, cabin.StepSeatHeat{Seat: seat, Delta: 1}, cabin.StepSeatHeat{Seat: seat, Delta: -1}, cabin.SetSeatHeat{Seat: seat, Level: 0},
			cabin.SetSeatVent{Seat: seat, Level: 3}, cabin.StepSeatVent{Seat: seat, Delta: -1}, cabin.SetSeatVent{Seat: seat, Level: 0},
			cabin.SetMassage{Seat: seat}, cabin.StepMassage{Seat: seat, Delta: 1}, cabin.StepMassage{Seat: seat, Delta: -1}, cabin.SetMassage{Seat: seat, Mode: cabin.MassageStop})
		for _, mode := range []cabin.MassageMode{"wave", "pulse", "stretch", "relax", "sport"} {
			cmds = append(cmds, cabin.SetMassage{Seat: seat, Mode: mode, Level: 1})
		}
		// Every part moves in at least one of the schema's directions.
		for _, part := range []cabin.SeatPart{"position", "backrest", "headrest", "lumbar", "cushion", "height"} {
			moved := false
			for _, dir := range []cabin.Direction{"forward", "backward", "up", "down", "recline", "upright"} {
				s := full()
				if _, err := s.Apply(cabin.MoveSeat{Seat: seat, Part: part, Direction: dir}, parked()); err == nil {
					moved = true
				}
			}
			if !moved {
				t.Errorf("seat.adjust %s %s: no direction works", seat, part)
			}
		}
	}
	cmds = append(cmds, cabin.SaveMemory{Profile: 3}, cabin.RecallMemory{Profile: 3})
	for _, z := range []cabin.Zone{"driver", "passenger", "rear", "all"} {
		cmds = append(cmds, cabin.SetClimatePower{On: false, Zone: z}, cabin.SetClimatePower{On: true, Zone: z},
			cabin.SetTemp{Zone: z, C: 22.5}, cabin.StepTemp{Zone: z, DeltaC: cabin.TempNudgeC}, cabin.StepTemp{Zone: z, DeltaC: -cabin.TempNudgeC})
	}
	cmds = append(cmds, cabin.SetAC{On: true}, cabin.SetAC{On: false}, cabin.SetFan{Level: 1}, cabin.SetFan{Level: 7}, cabin.StepFan{Delta: -1}, cabin.StepFan{Delta: 1},
		cabin.SetRecirc{On: true}, cabin.SetRecirc{On: false})
	for _, m := range []cabin.AirMode{"auto", "face", "feet", "face_feet", "windshield"} {
		cmds = append(cmds, cabin.SetAirMode{Mode: m})
	}
	for _, d := range []cabin.DefrostTarget{"front", "rear"} {
		cmds = append(cmds, cabin.SetDefrost{Target: d, On: true}, cabin.SetDefrost{Target: d, On: false})
	}
	for _, w := range []cabin.WindowID{"driver", "passenger", "rear_left", "rear_right", "all", "sunroof", "sunshade"} {
		cmds = append(cmds, cabin.SetWindow{Window: w, OpenPct: 100}, cabin.SetWindow{Window: w, OpenPct: 50}, cabin.SetWindow{Window: w, Vent: true}, cabin.SetWindow{Window: w, OpenPct: 0})
	}
	for _, l := range []cabin.LightTarget{"ambient", "reading", "headlights", "high_beam", "fog", "hazard"} {
		cmds = append(cmds, cabin.SetLight{Target: l, On: true}, cabin.SetLight{Target: l, On: false})
	}
	cmds = append(cmds, cabin.SetLight{Target: "ambient", On: true, Color: "blue"}, cabin.SetLight{Target: "ambient", On: true, Color: "红色"})
	s := full()
	for _, c := range cmds {
		evs, err := s.Apply(c, parked())
		if err != nil {
			t.Errorf("%#v refused: %v", c, err)
			continue
		}
		if len(evs) == 0 {
			t.Errorf("%#v: nothing visible happened (no event)", c)
		}
	}
}

func TestNoOpsAnswer(t *testing.T) {
	s := full()
	if evs, err := s.Apply(cabin.StepSeatHeat{Seat: cabin.SeatDriver}, parked()); err != nil || evs != nil {
		t.Errorf("zero step: %v %v", evs, err)
	}
	evs := mustApply(t, &s, parked(), cabin.SetMassage{Seat: cabin.SeatRear, Mode: cabin.MassageStop})
	if !hasEvent(t, evs, cabin.EventSeatMassage, "massage is off") {
		t.Errorf("stopping no massage says nothing: %v", evs)
	}
}
