package cabin

import (
	"math"
	"strconv"
)

// Signal is one value of the cabin named by its VSS path. Overlay is true
// for values VSS v6.0 has no signal for: they live under the "Cockpit."
// root, which mirrors the VSS tree (Cockpit.Cabin.Seat.Row1.DriverSide...)
// so that a reader finds them next to their standard siblings, while they
// can never collide with a future VSS node. docs/signals.md lists them all.
type Signal struct {
	Path string
	// Value is a bool, int, float64 or string, in VSS's unit and range.
	Value   any
	Unit    string
	Overlay bool
}

// String formats the value the way the signal inspector shows it.
func (s Signal) String() string {
	switch v := s.Value.(type) {
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// VSS instance names. VSSSeats are in the order of Seats: VSS names seats,
// doors and lights by row and side, and DriverSide is the left in a
// left-hand-drive car (VSS Cabin.DriverPosition defaults to LEFT, as in
// China), so rear left is Row2.DriverSide. VSSStations are the HVAC
// stations, named Driver/Passenger per row, and StationZones the climate
// zone each follows: the rear zone drives both Row2 stations.
var (
	VSSSeats     = [4]string{"Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide"}
	VSSStations  = [4]string{"Row1.Driver", "Row1.Passenger", "Row2.Driver", "Row2.Passenger"}
	StationZones = [4]Zone{ZoneDriver, ZonePassenger, ZoneRear, ZoneRear}
)

// LevelPct maps a level 0..MaxLevel onto VSS's 0..100 %: 0, 33, 67, 100.
func LevelPct(level int) int {
	return int(math.Round(float64(clampInt(level, 0, MaxLevel)) * 100 / MaxLevel))
}

// HeatingCooling is a seat's VSS HeatingCooling value: heating levels map
// onto 0..+100 %, ventilation levels onto 0..-100 % (VSS's "cooling" side;
// a ventilated seat cools by blowing air), off is 0.
func (s Seat) HeatingCooling() int {
	if s.Heat > 0 {
		return LevelPct(s.Heat)
	}
	return -LevelPct(s.Vent)
}

// LevelOfPct maps a VSS percentage onto the nearest level 1..top (0 stays
// 0, and any other value is at least level 1): the exact inverse of
// LevelPct and FanSpeedPct for the values they publish (67 % is
// level 2 of 3, 86 % level 6 of 7), so a value read and written back
// selects the same level.
func LevelOfPct(pct, top int) int {
	if pct <= 0 {
		return 0
	}
	return min(top, max(1, int(math.Round(float64(pct)*float64(top)/100))))
}

// FanSpeedPct maps a fan level onto VSS FanSpeed 0..100 %.
func FanSpeedPct(level int) int {
	return int(math.Round(float64(clampInt(level, 0, MaxFan)) * 100 / MaxFan))
}

// vssAirDistribution maps an air mode onto VSS AirDistribution, which only
// knows UP (windshield), MIDDLE (face) and DOWN (feet); face-and-feet
// reports MIDDLE and the overlay gives the exact mode.
func vssAirDistribution(m AirMode) string {
	switch m {
	case AirWindshield:
		return "UP"
	case AirFeet:
		return "DOWN"
	}
	return "MIDDLE"
}

// Signals returns every cabin value by its VSS v6.0 path, standard signals
// and overlay, in a fixed order. Paths are unique.
func (s *State) Signals() []Signal {
	out := make([]Signal, 0, 200)
	add := func(path string, v any, unit string) {
		out = append(out, Signal{Path: path, Value: v, Unit: unit})
	}
	ovl := func(path string, v any, unit string) {
		out = append(out, Signal{Path: path, Value: v, Unit: unit, Overlay: true})
	}

	for i, seat := range s.Seats {
		p := "Vehicle.Cabin.Seat." + VSSSeats[i]
		add(p+".IsOccupied", seat.Occupied, "")
		add(p+".HeatingCooling", seat.HeatingCooling(), "percent")
		status, typ := "OFF", ""
		if pr, ok := s.Catalog().Programme(seat.Massage); ok {
			status, typ = "ON", pr.VSS
		}
		add(p+".Massage.Level", LevelPct(seat.MassageLevel), "percent")
		add(p+".Massage.Status", status, "")
		add(p+".Massage.TypeActive", typ, "")
		pos := seat.Position
		add(p+".Position", pos.ForeAftMM, "mm")
		add(p+".Height", pos.HeightMM, "mm")
		add(p+".Backrest.Recline", float64(pos.ReclineDeg), "degrees")
		add(p+".Backrest.LumbarSupport", float64(pos.LumbarPct), "percent")
		add(p+".Headrest.Height", pos.HeadrestMM, "mm")
		add(p+".Seating.Length", pos.CushionMM, "mm")

		o := "Cockpit.Cabin.Seat." + VSSSeats[i]
		ovl(o+".HeatingLevel", seat.Heat, "")
		ovl(o+".VentilationLevel", seat.Vent, "")
		prog := "off"
		if seat.Massage != MassageOff {
			prog = string(seat.Massage)
		}
		ovl(o+".Massage.Program", prog, "")
		ovl(o+".Massage.Intensity", seat.MassageLevel, "")
		rem := 0
		if seat.Massage != MassageOff && seat.MassageEndsAt > s.Now {
			rem = int((seat.MassageEndsAt - s.Now + 999) / 1000)
		}
		ovl(o+".Massage.RemainingTime", rem, "s")
	}
	for k, m := range s.Memory {
		o := "Cockpit.Cabin.Seat.Row1.DriverSide.Memory.Profile" + strconv.Itoa(k+1)
		ovl(o+".IsSaved", m.Saved, "")
		ovl(o+".Position", m.Position.ForeAftMM, "mm")
		ovl(o+".Height", m.Position.HeightMM, "mm")
		ovl(o+".Backrest.Recline", float64(m.Position.ReclineDeg), "degrees")
		ovl(o+".Backrest.LumbarSupport", float64(m.Position.LumbarPct), "percent")
		ovl(o+".Headrest.Height", m.Position.HeadrestMM, "mm")
		ovl(o+".Seating.Length", m.Position.CushionMM, "mm")
	}

	cl := &s.Climate
	for i, inst := range VSSStations {
		z, _ := StationZones[i].index()
		p := "Vehicle.Cabin.HVAC.Station." + inst
		on := cl.On && (z == 0 || cl.ZoneOn[z])
		add(p+".Temperature", cl.TempC[z], "celsius")
		fan := 0
		if on {
			fan = FanSpeedPct(cl.Fan)
		}
		add(p+".FanSpeed", fan, "percent")
		add(p+".AirDistribution", vssAirDistribution(cl.Distribution), "")
		ovl("Cockpit.Cabin.HVAC.Station."+inst+".IsOn", on, "")
	}
	add("Vehicle.Cabin.HVAC.IsAirConditioningActive", cl.On && cl.AC, "")
	add("Vehicle.Cabin.HVAC.IsRecirculationActive", cl.Recirc, "")
	add("Vehicle.Cabin.HVAC.IsFrontDefrosterActive", cl.FrontDefrost, "")
	add("Vehicle.Cabin.HVAC.IsRearDefrosterActive", cl.RearDefrost, "")
	add("Vehicle.Cabin.HVAC.AmbientAirTemperature", round1(s.CabinTempC), "celsius")
	ovl("Cockpit.Cabin.HVAC.IsPowerOn", cl.On, "")
	ovl("Cockpit.Cabin.HVAC.IsAutoMode", cl.Auto, "")
	ovl("Cockpit.Cabin.HVAC.IsSyncMode", cl.Sync, "")
	ovl("Cockpit.Cabin.HVAC.FanLevel", cl.Fan, "")
	mode := string(cl.Distribution)
	if cl.Auto {
		mode = string(AirAuto)
	}
	ovl("Cockpit.Cabin.HVAC.AirMode", mode, "")
	rem := 0
	if cl.RearDefrost && cl.RearDefrostEndsAt > s.Now {
		rem = int((cl.RearDefrostEndsAt - s.Now + 999) / 1000)
	}
	ovl("Cockpit.Cabin.HVAC.RearDefrosterRemainingTime", rem, "s")
	ovl("Cockpit.Cabin.HVAC.HeaterType", string(s.Heater), "")
	ovl("Cockpit.Cabin.HVAC.HeatFlow", round2(cl.HeatFlowKW), "kW")
	ovl("Cockpit.Cabin.HVAC.PowerConsumption", round2(s.HVACPowerKW()), "kW")
	ovl("Cockpit.Cabin.Seat.PowerConsumption", round2(s.SeatsPowerKW()), "kW")
	ovl("Cockpit.Cabin.PowerConsumption", round2(s.PowerKW()), "kW")

	w := &s.Windows
	for i, inst := range VSSSeats {
		p := "Vehicle.Cabin.Door." + inst
		add(p+".IsLocked", s.Doors.Locked, "")
		add(p+".Window.Position", w.Pos[i], "percent")
		add(p+".Window.IsOpen", w.Pos[i] > 0, "")
	}
	add("Vehicle.Cabin.IsWindowChildLockEngaged", w.ChildLock, "")
	roof := w.Sunroof
	if w.SunroofTilted {
		roof = -100
	}
	add("Vehicle.Cabin.Sunroof.Position", roof, "percent")
	add("Vehicle.Cabin.Sunroof.Shade.Position", w.Sunshade, "percent")
	ovl("Cockpit.Cabin.Door.IsSpeedAutoLockEnabled", s.Doors.AutoLock, "")

	l := &s.Lights
	col, _ := s.Catalog().Color(l.AmbientColor)
	for _, inst := range VSSSeats {
		p := "Vehicle.Cabin.Light.AmbientLight." + inst
		add(p+".IsLightOn", l.Ambient, "")
		add(p+".Intensity", clampInt(l.AmbientBrightness, 1, 100), "percent")
		add(p+".Color", col.Hex, "")
	}
	ovl("Cockpit.Cabin.Light.AmbientLight.ColorName", col.Name, "")
	ovl("Cockpit.Cabin.Light.AmbientLight.ColorNameZH", col.NameZH, "")
	for i, inst := range VSSSeats {
		add("Vehicle.Cabin.Light.Spotlight."+inst+".IsLightOn", l.Reading[i], "")
	}
	sw := "OFF"
	switch l.Headlights {
	case HeadlightsAuto:
		sw = "AUTO"
	case HeadlightsLow:
		sw = "BEAM"
	}
	add("Vehicle.Body.Lights.LightSwitch", sw, "")
	add("Vehicle.Body.Lights.Beam.Low.IsOn", s.LowBeamOn, "")
	add("Vehicle.Body.Lights.Beam.High.IsOn", l.HighBeam, "")
	add("Vehicle.Body.Lights.Fog.Front.IsOn", l.FogFront, "")
	add("Vehicle.Body.Lights.Fog.Rear.IsOn", l.FogRear, "")
	add("Vehicle.Body.Lights.Hazard.IsSignaling", l.Hazard, "")
	return out
}

func round1(v float64) float64 { return math.Round(finite(v, 0)*10) / 10 }
func round2(v float64) float64 { return math.Round(finite(v, 0)*100) / 100 }
