package signal

import (
	"math"
	"strings"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// binding ties a path to the drive's state: how to read it and, for an
// actuator, what a write asks of the session.
type binding struct {
	get func(st *sim.State) any
	// set turns a parsed value into the session's inputs; nil for a
	// value the simulator cannot set.
	set func(v any, st *sim.State) (Write, error)
	// unit, when set, is the unit the value is computed in: the file
	// must declare the same one.
	unit string
	// cabin is the value's position in cabin.State.Signals(), -1 if the
	// value is not the cabin's.
	cabin int
}

// registry is every value the simulator publishes, by path. It is built
// once; Load ties the file's entries to it.
func registry() map[string]*binding { return theRegistry }

var theRegistry = buildRegistry()

func buildRegistry() map[string]*binding {
	r := map[string]*binding{}
	add := func(path, unit string, get func(*sim.State) any, set func(any, *sim.State) (Write, error)) {
		r[path] = &binding{get: get, set: set, unit: unit, cabin: -1}
	}
	addDrive(add)
	addADAS(add)
	addWorld(add)
	addInfotainment(add)

	// The cabin publishes its own values (cabin.State.Signals), in a
	// fixed order; the writes below turn them into cabin commands.
	set := cabinSetters()
	var probe cabin.State = cabin.New(cabin.Options{})
	for i, s := range probe.Signals() {
		r[s.Path] = &binding{cabin: i, unit: s.Unit, set: set[s.Path]}
	}
	return r
}

type adder func(path, unit string, get func(*sim.State) any, set func(any, *sim.State) (Write, error))

// Helpers that round as the cluster does, so a value does not flicker in
// its last digits from step to step and logs compare byte for byte.
func r1(v float64) float64 { return math.Round(finite(v)*10) / 10 }
func r2(v float64) float64 { return math.Round(finite(v)*100) / 100 }
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// whole rounds a non-negative quantity to an integer for a uint signal.
func whole(v float64) int { return int(math.Round(math.Max(0, finite(v)))) }

func cmds(c ...sim.Command) (Write, error) { return Write{Commands: c}, nil }

// gearCode is VSS Transmission.SelectedGear's encoding: 0 neutral,
// negative reverse, 126 park, 127 drive.
var gearCode = map[sim.Gear]int{sim.GearPark: 126, sim.GearReverse: -1, sim.GearNeutral: 0, sim.GearDrive: 127}

// performanceMode maps the drive modes onto VSS PerformanceMode.
var performanceMode = map[sim.DriveMode]string{sim.DriveEco: "ECONOMY", sim.DriveComfort: "NORMAL", sim.DriveSport: "SPORT"}

func addDrive(add adder) {
	add("Vehicle.Speed", "km/h", func(st *sim.State) any { return r1(st.Vehicle.SpeedMps * 3.6) }, nil)
	add("Vehicle.IsMoving", "", func(st *sim.State) any { return st.Vehicle.SpeedMps > 0.05 }, nil)
	add("Vehicle.Acceleration.Longitudinal", "m/s^2", func(st *sim.State) any { return r2(st.Vehicle.AccelMps2) }, nil)
	add("Vehicle.TraveledDistance", "m", func(st *sim.State) any { return whole(st.Vehicle.OdometerM) }, nil)
	add("Cockpit.Vehicle.Position.X", "m", func(st *sim.State) any { return r1(st.X) }, nil)
	add("Cockpit.Vehicle.Position.Y", "m", func(st *sim.State) any { return r1(st.Y) }, nil)
	add("Cockpit.Vehicle.Position.Heading", "degrees", func(st *sim.State) any { return r1(st.HeadingDeg) }, nil)
	add("Vehicle.Powertrain.Type", "", func(st *sim.State) any {
		if st.Profile != nil && st.Profile.Powertrain == vehicle.PowertrainBEV {
			return "ELECTRIC"
		}
		return "HYBRID"
	}, nil)
	add("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", "percent", func(st *sim.State) any { return r2(st.Vehicle.SoC * 100) }, nil)
	add("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", "percent", func(st *sim.State) any { return math.Round(finite(st.Vehicle.SoC) * 100) }, nil)
	add("Vehicle.Powertrain.TractionBattery.CurrentPower", "W", func(st *sim.State) any { return math.Round(finite(st.Vehicle.BatteryKW) * 1000) }, nil)
	add("Vehicle.Powertrain.TractionBattery.Range", "m", func(st *sim.State) any { return whole(st.ElectricRangeKm * 1000) }, nil)
	add("Vehicle.Powertrain.Range", "m", func(st *sim.State) any { return whole(st.RangeKm * 1000) }, nil)
	add("Vehicle.Powertrain.FuelSystem.Level", "percent", func(st *sim.State) any {
		if st.Profile == nil || !st.Profile.HasFuel() || st.Profile.FuelTankL <= 0 {
			return 0
		}
		return whole(st.Vehicle.FuelL / st.Profile.FuelTankL * 100)
	}, nil)
	add("Vehicle.Powertrain.FuelSystem.Range", "m", func(st *sim.State) any { return whole((st.RangeKm - st.ElectricRangeKm) * 1000) }, nil)
	add("Cockpit.Powertrain.TractionBattery.RegenPower", "kW", func(st *sim.State) any { return r1(st.Vehicle.RegenKW) }, nil)
	add("Cockpit.Chassis.Brake.FrictionPower", "kW", func(st *sim.State) any { return r1(st.Vehicle.FrictionBrakeKW) }, nil)
	add("Cockpit.Powertrain.RangeExtender.Power", "kW", func(st *sim.State) any { return r1(st.Vehicle.GeneratorKW) }, nil)
	add("Cockpit.Trip.EnergyUsed", "kWh", func(st *sim.State) any { return r2(st.Vehicle.EnergyUsedKWh) }, nil)
	add("Cockpit.Trip.EnergyRegenerated", "kWh", func(st *sim.State) any { return r2(st.Vehicle.EnergyRegenKWh) }, nil)
	add("Cockpit.Trip.FuelUsed", "l", func(st *sim.State) any { return r2(st.Vehicle.FuelUsedL) }, nil)
	add("Vehicle.Powertrain.CombustionEngine.IsRunning", "", func(st *sim.State) any { return st.Vehicle.EngineOn }, nil)
	add("Cockpit.Powertrain.EnergyMode", "", func(st *sim.State) any { return strings.ToUpper(string(st.Vehicle.Mode)) }, nil)
	add("Cockpit.Powertrain.EnergyWarning", "", func(st *sim.State) any {
		switch {
		case st.EnergyCritical:
			return "CRITICAL"
		case st.EnergyLow:
			return "LOW"
		}
		return "NONE"
	}, nil)
	add("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", "", func(st *sim.State) any { return st.Charging }, nil)
	add("Cockpit.Powertrain.TractionBattery.Charging.Power", "kW", func(st *sim.State) any { return r1(st.ChargingKW) }, nil)
	add("Cockpit.Powertrain.TractionBattery.Charging.Station", "", func(st *sim.State) any { return st.ChargingStation }, nil)
	add("Vehicle.Powertrain.Transmission.SelectedGear", "", func(st *sim.State) any { return gearCode[st.Gear] }, nil)
	add("Cockpit.Powertrain.Transmission.Gear", "", func(st *sim.State) any { return string(st.Gear) }, nil)
	add("Vehicle.Powertrain.Transmission.PerformanceMode", "", func(st *sim.State) any {
		if m, ok := performanceMode[st.DriveMode]; ok {
			return m
		}
		return "NORMAL"
	}, func(v any, _ *sim.State) (Write, error) {
		for m, name := range performanceMode {
			if name == v {
				return cmds(sim.SetDriveMode{Mode: m})
			}
		}
		return Write{}, fail(ErrBadValue, "Vehicle.Powertrain.Transmission.PerformanceMode", "expected ECONOMY, NORMAL or SPORT, got %v", v)
	})
	add("Vehicle.Chassis.ParkingBrake.IsEngaged", "", func(st *sim.State) any { return st.Parking.ParkingBrake }, nil)
	add("Cockpit.Vehicle.DriveControl", "", func(st *sim.State) any { return strings.ToUpper(string(st.Control)) }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.SetControl{Control: sim.Control(strings.ToLower(v.(string)))})
	})
	add("Cockpit.Vehicle.HasArrived", "", func(st *sim.State) any { return st.Arrived }, nil)
	add("Cockpit.Vehicle.IsCrashed", "", func(st *sim.State) any { return st.Crashed }, nil)
	add("Cockpit.Vehicle.IsStranded", "", func(st *sim.State) any { return st.Stranded }, nil)
	add("Cockpit.Simulation.Time", "s", func(st *sim.State) any { return st.Time.Seconds() }, nil)
	// The energy on board as a simulator's control (a trainer's low
	// battery); the car's own readings are the VSS sensors above.
	add("Cockpit.Simulation.StateOfCharge", "percent", func(st *sim.State) any { return r2(st.Vehicle.SoC * 100) }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.SetEnergy{SoCPct: v.(float64), FuelPct: -1})
	})
	add("Cockpit.Simulation.FuelLevel", "percent", func(st *sim.State) any {
		if st.Profile == nil || !st.Profile.HasFuel() || st.Profile.FuelTankL <= 0 {
			return 0.0
		}
		return r1(st.Vehicle.FuelL / st.Profile.FuelTankL * 100)
	}, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.SetEnergy{SoCPct: -1, FuelPct: v.(float64)})
	})

	// The driver: the DMS's readings (VSS sensors) and the simulated
	// body a test rig changes (overlay actuators).
	add("Vehicle.Driver.IsHandsOnWheel", "", func(st *sim.State) any { return st.Driver.HandsOnWheel }, nil)
	add("Vehicle.Driver.IsEyesOnRoad", "", func(st *sim.State) any { return st.Driver.EyesOnRoad && !st.Driver.EyesClosed }, nil)
	add("Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted", "", func(st *sim.State) any { return st.Driver.BeltOn }, nil)
	body := func(name string, field func(*sim.DriverState) *bool) {
		add("Cockpit.Driver."+name, "", func(st *sim.State) any { d := st.Driver; return *field(&d) }, func(v any, st *sim.State) (Write, error) {
			d := st.Driver
			*field(&d) = v.(bool)
			return Write{Driver: &d}, nil
		})
	}
	body("IsHandsOnWheel", func(d *sim.DriverState) *bool { return &d.HandsOnWheel })
	body("IsEyesOnRoad", func(d *sim.DriverState) *bool { return &d.EyesOnRoad })
	body("IsBelted", func(d *sim.DriverState) *bool { return &d.BeltOn })
	body("IsSeated", func(d *sim.DriverState) *bool { return &d.Seated })
	body("IsOnPhone", func(d *sim.DriverState) *bool { return &d.Phone })
	body("IsEyesClosed", func(d *sim.DriverState) *bool { return &d.EyesClosed })

	// Navigation: VSS has only the destination's coordinates, so the
	// guidance lives in the overlay.
	add("Cockpit.Navigation.Destination", "", func(st *sim.State) any { return st.Destination }, func(v any, st *sim.State) (Write, error) {
		id := strings.TrimSpace(v.(string))
		if id == "" {
			return cmds(sim.CancelRoute{})
		}
		return cmds(sim.Navigate{PlaceID: id})
	})
	add("Cockpit.Navigation.IsGuiding", "", func(st *sim.State) any { return st.Route != nil }, nil)
	add("Cockpit.Navigation.RemainingDistance", "m", func(st *sim.State) any { return whole(st.RemainingM) }, nil)
	add("Cockpit.Navigation.TimeToArrival", "s", func(st *sim.State) any { return whole(st.ETAS) }, nil)
	add("Cockpit.Navigation.NextManeuver", "", func(st *sim.State) any {
		if st.Route == nil {
			return ""
		}
		return strings.ToUpper(string(st.NextManeuver))
	}, nil)
	add("Cockpit.Navigation.NextManeuverDistance", "m", func(st *sim.State) any {
		if st.Route == nil {
			return 0
		}
		return whole(st.NextManeuverM)
	}, nil)
	add("Cockpit.Navigation.NextRoad", "", func(st *sim.State) any {
		if st.Route == nil || st.NextManeuverRoad == nil {
			return ""
		}
		return st.NextManeuverRoad.ID
	}, nil)
	add("Cockpit.HMI.Confirmation.Question", "", func(st *sim.State) any { return strings.ToUpper(string(st.Confirm.Kind)) }, nil)
	// The answer is an action, not a state: it reads "" and a write of
	// YES or NO answers the question asked, as the banner's keys do.
	add("Cockpit.HMI.Confirmation.Answer", "", func(*sim.State) any { return "" }, func(v any, st *sim.State) (Write, error) {
		if st.Confirm.Kind == sim.ConfirmNone {
			return Write{}, fail(ErrNotNow, "Cockpit.HMI.Confirmation.Answer", "the car asks no question now")
		}
		return cmds(sim.Confirm{Yes: v == "YES"})
	})
}

// autonomyLevel is VSS ADAS.ActiveAutonomyLevel for the machine's state:
// a request, warning, MRM or MRC is the level "disengaging", since the
// system still drives until the driver has taken over.
func autonomyLevel(o *automation.Output) string {
	switch o.State {
	case automation.StateActive:
		return "SAE_3"
	case automation.StateAvailabilityWarning, automation.StateTakeover1, automation.StateTakeover2, automation.StateMRM, automation.StateMRC:
		return "SAE_3_DISENGAGING"
	case automation.StateL2Active, automation.StateL2Prompt, automation.StateL2Warning:
		return "SAE_2"
	case automation.StateL2Stop:
		return "SAE_2_DISENGAGING"
	}
	return "SAE_0"
}

func upper(s string) string {
	if s == "" {
		return "NONE"
	}
	return strings.ToUpper(s)
}

// ttc keeps a time to collision (or time gap) JSON-safe: +Inf, when
// nothing closes in, is 0, which the docs say.
func ttc(v float64) float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) || v > 999 {
		return 0
	}
	return r1(v)
}

func addADAS(add adder) {
	a := func(st *sim.State) *automation.Output { return &st.Automation }
	add("Vehicle.ADAS.ActiveAutonomyLevel", "", func(st *sim.State) any { return autonomyLevel(a(st)) }, nil)
	add("Cockpit.ADAS.Automation.State", "", func(st *sim.State) any { return upper(string(a(st).State)) }, nil)
	add("Cockpit.ADAS.Automation.Level", "", func(st *sim.State) any { return upper(string(a(st).Level)) }, func(v any, st *sim.State) (Write, error) {
		switch v {
		case "L2":
			return cmds(sim.Engage{Level: automation.LevelL2})
		case "L3":
			return cmds(sim.Engage{Level: automation.LevelL3})
		}
		return cmds(sim.Disengage{})
	})
	// The button: engaging asks for L3, as the cockpit's key does (the
	// drive loop asks the driver to confirm, R157's deliberate action).
	add("Cockpit.ADAS.Automation.IsEngaged", "", func(st *sim.State) any { return a(st).Active }, func(v any, st *sim.State) (Write, error) {
		if v.(bool) {
			return cmds(sim.Engage{Level: automation.LevelL3})
		}
		return cmds(sim.Disengage{})
	})
	add("Cockpit.ADAS.Automation.MaxSpeed", "km/h", func(st *sim.State) any { return r1(a(st).MaxSpeedKmh) }, nil)
	add("Cockpit.ADAS.Automation.Deceleration", "m/s^2", func(st *sim.State) any { return r2(a(st).DecelMps2) }, nil)
	add("Cockpit.ADAS.Automation.IsHoldingStandstill", "", func(st *sim.State) any { return a(st).HoldStandstill }, nil)
	add("Cockpit.ADAS.Automation.IsHazardRequested", "", func(st *sim.State) any { return a(st).Hazards }, nil)
	add("Cockpit.ADAS.Automation.IsUnlockRequested", "", func(st *sim.State) any { return a(st).UnlockDoors }, nil)
	add("Cockpit.ADAS.Automation.IsEmergencyCallActive", "", func(st *sim.State) any { return a(st).EmergencyCall }, nil)
	add("Cockpit.ADAS.Automation.AreScreensSuspended", "", func(st *sim.State) any { return a(st).SuspendScreens }, nil)
	add("Cockpit.ADAS.Automation.Alert", "", func(st *sim.State) any { return upper(string(a(st).Alert)) }, nil)
	add("Cockpit.ADAS.Automation.IsAttentionRequired", "", func(st *sim.State) any { return a(st).Attention }, nil)
	add("Cockpit.ADAS.Automation.IsToneOn", "", func(st *sim.State) any { return a(st).Tone }, nil)
	add("Cockpit.ADAS.Automation.IsHapticOn", "", func(st *sim.State) any { return a(st).Haptic }, nil)
	add("Cockpit.ADAS.Automation.TimeBudget", "s", func(st *sim.State) any { return r1(a(st).BudgetS) }, nil)
	add("Cockpit.ADAS.Automation.Reason", "", func(st *sim.State) any { return upper(string(a(st).Reason)) }, nil)
	add("Cockpit.ADAS.Automation.L2LockRemaining", "s", func(st *sim.State) any { return r1(a(st).L2LockS) }, nil)

	as := func(st *sim.State) *sim.AssistState { return &st.Assist }
	add("Vehicle.ADAS.EBA.IsEngaged", "", func(st *sim.State) any { return as(st).Braking }, nil)
	add("Vehicle.ADAS.LaneDepartureDetection.IsWarning", "", func(st *sim.State) any { return as(st).LaneWarning }, nil)
	add("Cockpit.ADAS.ForwardCollisionWarning.IsWarning", "", func(st *sim.State) any { return as(st).Warning }, nil)
	add("Cockpit.ADAS.EmergencyBrake.IsHolding", "", func(st *sim.State) any { return as(st).Holding }, nil)
	add("Cockpit.ADAS.Automation.IsEmergencyBraking", "", func(st *sim.State) any { return as(st).SystemBraking }, nil)
	add("Cockpit.ADAS.Threat.Kind", "", func(st *sim.State) any { return upper(as(st).Threat) }, nil)
	add("Cockpit.ADAS.Threat.Distance", "m", func(st *sim.State) any { return r1(as(st).ThreatM) }, nil)
	add("Cockpit.ADAS.Threat.TimeToCollision", "s", func(st *sim.State) any { return ttc(as(st).TTCS) }, nil)
	add("Cockpit.ADAS.LaneDeparture.Side", "", func(st *sim.State) any { return upper(as(st).LaneSide) }, nil)

	// Parking: VSS v6.0 has no parking-assist branch.
	p := func(st *sim.State) *sim.ParkingState { return &st.Parking }
	add("Cockpit.ADAS.Parking.Area", "", func(st *sim.State) any { return p(st).Area }, nil)
	add("Cockpit.ADAS.Parking.State", "", func(st *sim.State) any {
		if p(st).Area == "" {
			return "IDLE"
		}
		return upper(string(p(st).Output.State))
	}, nil)
	add("Cockpit.ADAS.Parking.IsSearching", "", func(st *sim.State) any { return p(st).Output.State == parking.StateSearching }, func(v any, st *sim.State) (Write, error) {
		if v.(bool) {
			return cmds(sim.ParkSearch{})
		}
		return cmds(sim.ParkCancel{})
	})
	add("Cockpit.ADAS.Parking.IsPaused", "", func(st *sim.State) any { return p(st).Output.State == parking.StatePaused }, func(v any, st *sim.State) (Write, error) {
		if v.(bool) {
			return cmds(sim.ParkPause{})
		}
		return cmds(sim.ParkResume{})
	})
	add("Cockpit.ADAS.Parking.IsControlling", "", func(st *sim.State) any { return p(st).Output.Controlling }, nil)
	add("Cockpit.ADAS.Parking.IsRemote", "", func(st *sim.State) any { return p(st).Output.Remote }, nil)
	add("Cockpit.ADAS.Parking.IsGuided", "", func(st *sim.State) any { return p(st).Guided }, nil)
	add("Cockpit.ADAS.Parking.Speed", "km/h", func(st *sim.State) any { return r1(p(st).Output.SpeedKmh) }, nil)
	add("Cockpit.ADAS.Parking.Gear", "", func(st *sim.State) any { return p(st).Output.Gear }, nil)
	add("Cockpit.ADAS.Parking.Curvature", "1/m", func(st *sim.State) any { return math.Round(finite(p(st).Output.Curvature)*1000) / 1000 }, nil)
	add("Cockpit.ADAS.Parking.Progress", "percent", func(st *sim.State) any { return r1(p(st).Output.Progress * 100) }, nil)
	add("Cockpit.ADAS.Parking.Move", "", func(st *sim.State) any { return p(st).Output.Move }, nil)
	add("Cockpit.ADAS.Parking.Moves", "", func(st *sim.State) any { return p(st).Output.Moves }, nil)
	add("Cockpit.ADAS.Parking.ObstacleDistance", "m", func(st *sim.State) any {
		d := p(st).ProximityM
		if !(d < parking.ProximityRangeM) {
			return parking.ProximityRangeM
		}
		return r2(d)
	}, nil)
	add("Cockpit.ADAS.Parking.SelectedSlot", "", func(st *sim.State) any { return p(st).Output.SelectedLabel }, nil)
	add("Cockpit.ADAS.Parking.SelectedSlotId", "", func(st *sim.State) any { return p(st).Output.SelectedSlot }, nil)
	add("Cockpit.ADAS.Parking.SelectedArea", "", func(st *sim.State) any { return p(st).Output.SelectedArea }, nil)
	add("Cockpit.ADAS.Parking.Pose.X", "m", func(st *sim.State) any { return r2(p(st).Output.Pose.X) }, nil)
	add("Cockpit.ADAS.Parking.Pose.Y", "m", func(st *sim.State) any { return r2(p(st).Output.Pose.Y) }, nil)
	add("Cockpit.ADAS.Parking.Pose.Heading", "degrees", func(st *sim.State) any { return r1(p(st).Output.Pose.HeadingRad * 180 / math.Pi) }, nil)
	// The safety functions and the fault of docs/parking.md's fault
	// scenarios, switched while driving (SetParkingSafety).
	safety := func(path string, get func(*parking.Safety) any, set func(*parking.Safety, any)) {
		add("Cockpit.ADAS.Parking.Safety."+path, map[bool]string{true: "s"}[path == "SensorDelay"], func(st *sim.State) any { sf := st.ParkingSafety; return get(&sf) },
			func(v any, st *sim.State) (Write, error) {
				sf := st.ParkingSafety
				set(&sf, v)
				return cmds(sim.SetParkingSafety{Safety: sf})
			})
	}
	safety("SensorDelay", func(sf *parking.Safety) any { return r2(sf.SensorDelayS) }, func(sf *parking.Safety, v any) { sf.SensorDelayS = v.(float64) })
	safety("IsPlausibilityCheckOn", func(sf *parking.Safety) any { return sf.PlausibilityCheck }, func(sf *parking.Safety, v any) { sf.PlausibilityCheck = v.(bool) })
	safety("IsHoldToMoveOn", func(sf *parking.Safety) any { return sf.HoldToMove }, func(sf *parking.Safety, v any) { sf.HoldToMove = v.(bool) })
	safety("IsRemoteRangeCheckOn", func(sf *parking.Safety) any { return sf.RemoteRangeCheck }, func(sf *parking.Safety, v any) { sf.RemoteRangeCheck = v.(bool) })
	add("Cockpit.ADAS.Parking.RemoteControl.IsHeld", "", func(st *sim.State) any { return p(st).Phone.Held }, nil)
	add("Cockpit.ADAS.Parking.RemoteControl.Distance", "m", func(st *sim.State) any { return r1(p(st).Phone.DistanceM) }, nil)
}

// weatherNames maps the weather kinds onto the overlay's values.
var weatherNames = map[sim.WeatherKind]string{sim.WeatherClear: "CLEAR", sim.WeatherRain: "RAIN", sim.WeatherFog: "FOG", sim.WeatherSnow: "SNOW"}

func addWorld(add adder) {
	c := func(st *sim.State) *sim.Conditions { return &st.Conditions }
	add("Vehicle.Exterior.AirTemperature", "celsius", func(st *sim.State) any { return r1(c(st).OutsideTempC) }, nil)
	add("Cockpit.World.Weather", "", func(st *sim.State) any { return weatherNames[c(st).Weather.Kind] }, func(v any, st *sim.State) (Write, error) {
		for k, name := range weatherNames {
			if name == v {
				return cmds(sim.SetWeather{Weather: sim.Weather{Kind: k}})
			}
		}
		return Write{}, fail(ErrBadValue, "Cockpit.World.Weather", "expected CLEAR, RAIN, FOG or SNOW, got %v", v)
	})
	add("Cockpit.World.Visibility", "m", func(st *sim.State) any { return whole(c(st).Weather.VisibilityM) }, func(v any, st *sim.State) (Write, error) {
		w := c(st).Weather
		w.VisibilityM = float64(v.(int))
		return cmds(sim.SetWeather{Weather: w})
	})
	add("Cockpit.World.WeatherIntensity", "percent", func(st *sim.State) any { return whole(c(st).Weather.Intensity * 100) }, nil)
	add("Cockpit.World.IsNight", "", func(st *sim.State) any { return c(st).Night }, func(v any, st *sim.State) (Write, error) {
		return cmds(sim.SetNight{Night: v.(bool)})
	})
	add("Cockpit.World.ClockTime", "s", func(st *sim.State) any { return whole(math.Mod(st.ClockS, 86400)) }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.SetClock{ClockS: float64(v.(int))})
	})
	add("Cockpit.World.Traffic.Demand", "", func(st *sim.State) any { return r2(c(st).TrafficScale) }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.SetTraffic{Scale: v.(float64)})
	})
	add("Cockpit.World.Traffic.Density", "", func(st *sim.State) any { return r2(c(st).TrafficDensity) }, nil)
	add("Cockpit.World.Traffic.Level", "", func(st *sim.State) any { return upper(string(c(st).Traffic)) }, nil)
	add("Cockpit.World.Traffic.Mopeds", "", func(st *sim.State) any { return c(st).Mopeds }, nil)
	add("Cockpit.World.Traffic.Pedestrians", "", func(st *sim.State) any { return c(st).Pedestrians }, nil)
	add("Cockpit.World.EmergencyVehicle.IsNear", "", func(st *sim.State) any { return c(st).EmergencyVehicle }, nil)
	add("Cockpit.World.Incident.Kind", "", func(st *sim.State) any {
		if c(st).Incident == nil {
			return "NONE"
		}
		return upper(string(c(st).Incident.Kind))
	}, nil)
	add("Cockpit.World.Incident.Distance", "m", func(st *sim.State) any {
		if c(st).Incident == nil {
			return 0
		}
		return whole(c(st).IncidentAheadM)
	}, nil)
	add("Cockpit.World.Incident.IsInZone", "", func(st *sim.State) any { return c(st).InIncidentZone }, nil)
	add("Cockpit.World.TrafficLight.Distance", "m", func(st *sim.State) any { return whole(c(st).SignalAheadM) }, nil)
	add("Cockpit.World.TrafficLight.IsRed", "", func(st *sim.State) any { return c(st).SignalAheadM > 0 && c(st).SignalRed }, nil)
	add("Cockpit.World.Pedestrian.Distance", "m", func(st *sim.State) any { return r1(c(st).PedestrianAheadM) }, nil)

	add("Cockpit.Road.Id", "", func(st *sim.State) any { return c(st).RoadID }, nil)
	add("Cockpit.Road.Name", "", func(st *sim.State) any { return c(st).RoadName }, nil)
	add("Cockpit.Road.NameZH", "", func(st *sim.State) any { return c(st).RoadNameZH }, nil)
	add("Cockpit.Road.Type", "", func(st *sim.State) any { return upper(c(st).RoadType) }, nil)
	add("Cockpit.Road.SpeedLimit", "km/h", func(st *sim.State) any { return r1(c(st).SpeedLimitKmh) }, nil)
	add("Cockpit.Road.LaneCount", "", func(st *sim.State) any { return c(st).Lanes }, nil)
	add("Cockpit.Road.Lane", "", func(st *sim.State) any { return c(st).Lane }, nil)
	add("Cockpit.Road.LaneOffset", "m", func(st *sim.State) any { return r2(c(st).LaneOffsetM) }, nil)
	add("Cockpit.Road.Markings", "", func(st *sim.State) any { return upper(c(st).Markings) }, nil)
	add("Cockpit.Road.IsDivided", "", func(st *sim.State) any { return c(st).Divided }, nil)
	add("Cockpit.Road.HasMixedTraffic", "", func(st *sim.State) any { return c(st).MixedTraffic }, nil)
	add("Cockpit.Road.IsToll", "", func(st *sim.State) any { return c(st).Toll }, nil)
	add("Cockpit.Road.Grade", "percent", func(st *sim.State) any { return r1(c(st).GradePct) }, nil)

	l := func(st *sim.State) *sim.Lead { return &st.Conditions.Lead }
	add("Cockpit.Traffic.Lead.IsPresent", "", func(st *sim.State) any { return l(st).Present }, nil)
	add("Cockpit.Traffic.Lead.Kind", "", func(st *sim.State) any {
		if !l(st).Present {
			return "NONE"
		}
		return upper(l(st).Kind)
	}, nil)
	add("Cockpit.Traffic.Lead.Distance", "m", func(st *sim.State) any {
		if !l(st).Present {
			return 0.0
		}
		return r1(l(st).GapM)
	}, nil)
	add("Cockpit.Traffic.Lead.Speed", "km/h", func(st *sim.State) any {
		if !l(st).Present {
			return 0.0
		}
		return r1(l(st).SpeedMps * 3.6)
	}, nil)
	add("Cockpit.Traffic.Lead.TimeGap", "s", func(st *sim.State) any {
		if !l(st).Present {
			return 0.0
		}
		return ttc(l(st).TimeGapS)
	}, nil)
	add("Cockpit.Traffic.Lead.TimeToCollision", "s", func(st *sim.State) any {
		if !l(st).Present {
			return 0.0
		}
		return ttc(l(st).TTCS)
	}, nil)
	add("Cockpit.Traffic.Lead.IsSeenBySystem", "", func(st *sim.State) any { return l(st).Present && l(st).SeenBySystem }, nil)
}

func addInfotainment(add adder) {
	m := func(st *sim.State) *infotainment.Media { return &st.Infotainment.Media }
	add("Vehicle.Cabin.Infotainment.Media.Volume", "percent", func(st *sim.State) any { return m(st).Volume }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.MediaCommand{Command: infotainment.SetVolume{Level: v.(int)}})
	})
	add("Cockpit.Cabin.Infotainment.Media.IsPlaying", "", func(st *sim.State) any { return m(st).Playing }, func(v any, _ *sim.State) (Write, error) {
		if v.(bool) {
			return cmds(sim.MediaCommand{Command: infotainment.Play{}})
		}
		return cmds(sim.MediaCommand{Command: infotainment.Pause{}})
	})
	add("Cockpit.Cabin.Infotainment.Media.IsMuted", "", func(st *sim.State) any { return m(st).Muted }, func(v any, _ *sim.State) (Write, error) {
		return cmds(sim.MediaCommand{Command: infotainment.Mute{On: v.(bool)}})
	})
	add("Cockpit.Cabin.Infotainment.Media.Title", "", func(st *sim.State) any { return m(st).Title }, nil)
	add("Cockpit.Cabin.Infotainment.Media.Source", "", func(st *sim.State) any { return upper(string(m(st).Source)) }, nil)
	add("Cockpit.Cabin.Infotainment.Media.Track", "", func(st *sim.State) any { return m(st).Track }, nil)
	ph := func(st *sim.State) *infotainment.Phone { return &st.Infotainment.Phone }
	add("Cockpit.Cabin.Infotainment.Phone.CallState", "", func(st *sim.State) any { return upper(string(ph(st).State)) }, nil)
	add("Cockpit.Cabin.Infotainment.Phone.Contact", "", func(st *sim.State) any { return ph(st).Contact }, nil)
	add("Cockpit.Cabin.Infotainment.Phone.Number", "", func(st *sim.State) any { return ph(st).Number }, nil)
	add("Cockpit.Cabin.Infotainment.Phone.IsInCall", "", func(st *sim.State) any { return ph(st).State == infotainment.PhoneInCall }, func(v any, st *sim.State) (Write, error) {
		if v.(bool) {
			if ph(st).State == infotainment.PhoneRinging {
				return cmds(sim.MediaCommand{Command: infotainment.Answer{}})
			}
			return Write{}, fail(ErrNotNow, "Cockpit.Cabin.Infotainment.Phone.IsInCall", "no call is ringing to answer; call a contact by voice")
		}
		return cmds(sim.MediaCommand{Command: infotainment.HangUp{}})
	})
}
