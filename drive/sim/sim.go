// Package sim is the drive loop: one car on a map, following a route under
// changing conditions, advanced in fixed steps through Sim.Step, reporting
// everything that happens as sim-timestamped events.
//
// It is deterministic: the same Config (including its seed) and the same
// Inputs give the same events byte for byte. It reads no clock, starts no
// goroutine and does no I/O; callers load profiles and maps beforehand.
package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// Step is the fixed simulation time step. 50 ms resolves braking and
// reaction times well and lets an hour's drive run in a fraction of a second.
const Step = Millis(50)

const dt = float64(Step) / 1000

// DriverModel describes the simulated human driver used in ControlAuto and
// for reaction to hazards.
type DriverModel struct {
	// ReactionS is the time from a hazard appearing to the driver acting
	// on it (brake reaction), in seconds. Typical alert drivers: 0.75-1.5 s.
	ReactionS float64
	// Distracted drivers glance away from the road now and then and react
	// twice as slowly.
	Distracted bool
}

// Config sets up a drive. Profile and Map are required; everything else has
// a sensible default.
type Config struct {
	Profile *vehicle.Profile
	Map     *world.Map
	Seed    uint64

	// StartPlace is a place id of the map; the car starts at its node.
	StartPlace string
	// StartClockS is the time of day at the start, seconds since midnight.
	StartClockS float64
	// SoC is the initial state of charge 0..1 (default 0.8); FuelFraction
	// the tank level 0..1 for EREV/PHEV (default 1).
	SoC, FuelFraction float64

	// Destination is a place id; empty means parked with no route.
	Destination string
	// Via lists places to stop at on the way, in order (a school run,
	// picking someone up). Each is a short stop before the next leg.
	Via          []string
	RouteOptions route.Options
	// PlanCharging makes the route include charging or refuelling stops
	// when the energy on board is not enough (default true via New).
	SkipChargePlanning bool

	Weather Weather
	// TrafficScale multiplies the time-of-day traffic demand (0 = 1).
	TrafficScale float64
	// Night forces night (or day) when NightSet is true.
	Night, NightSet bool

	Driver      DriverModel
	Control     Control
	DriverState *DriverState // nil = AttentiveDriver

	// OutsideTempC is the air temperature outside (default 20 °C); the
	// cabin starts at it unless the climate is on.
	OutsideTempC *float64
	// Passengers lists the occupied seats besides the driver's
	// (passenger, rear_left, rear_right).
	Passengers []cabin.SeatID
	// ClimateOn starts with the climate running in auto at 22 °C.
	ClimateOn bool
	// CabinCatalog is the cabin's data (massage programmes, colours,
	// seat travel); nil means the built-in defaults.
	CabinCatalog *cabin.Catalog

	// Automation is the L3/L2 system's parameters (a preset of
	// assets/automation); nil means UN R157-01.
	Automation *automation.Params
	// HMI is the takeover HMI (drive/hmi, --hmi FILE); nil means the
	// shipped one (assets/hmi/takeover.yaml), whose timings and signals
	// equal every shipped preset's and the machine's defaults. When set,
	// its escalate_s and takeover_budget_s replace the preset's and its
	// tones and vibrations the machine's (hmi.Takeover.Apply).
	HMI *hmi.Takeover

	// Parking (see parking.go). Parking is the parking assist's rules and
	// fault switches, nil for parking.DefaultConfig (a safe system);
	// StartParking starts the car inside a car park; ParkOnArrival keeps
	// the drive going when it arrives at a place with a car park, so that
	// it can park there (otherwise arrival ends it, and a parking command
	// reopens it).
	Parking       *parking.Config
	StartParking  *ParkingStart
	ParkOnArrival bool
}

// State is the whole observable state of the drive. The UI and scenario
// expectations read it; only Step changes it.
type State struct {
	Time   Millis
	ClockS float64 // time of day, seconds since midnight

	// Profile is the car being driven (read-only).
	Profile   *vehicle.Profile
	Vehicle   vehicle.State
	Control   Control
	DriveMode DriveMode
	Driver    DriverState

	Destination string
	Route       *route.Route // nil when there is no guidance
	RouteM      float64      // distance driven along the route
	Segment     int          // index of the current route segment
	RemainingM  float64
	ETAS        float64 // remaining time incl. charging, seconds
	// NextManeuver is the next turn, ramp or exit of the route (or the
	// arrival), NextManeuverM the metres to it and NextManeuverRoad the
	// road it turns onto (nil for the arrival): the guidance views show
	// these, the drive loop announces them.
	NextManeuver     route.Maneuver
	NextManeuverM    float64
	NextManeuverRoad *world.Road

	// Gear is the selector position the car is in, in every situation
	// (driving, stopped, charging, parking manoeuvre): the cluster and the
	// Parking panel show this one field, so they cannot disagree.
	Gear Gear

	X, Y, HeadingDeg float64

	Conditions Conditions

	// Cabin is the seats, climate, windows, lights and doors.
	Cabin cabin.State
	// Infotainment is the media player and the phone.
	Infotainment infotainment.State

	// Automation is the L3/L2 system's state and commands after the last
	// step (its Events are delivered by Step, not kept here).
	Automation automation.Output

	// ElectricRangeKm and RangeKm are the remaining ranges.
	ElectricRangeKm, RangeKm float64
	// EnergyLow and EnergyCritical are the low-energy warning's two
	// stages, by the rule that emits EventEnergyLow and
	// EventEnergyCritical: the cluster's lamp reads them, so it lights
	// when the car warns and not by a threshold of its own.
	EnergyLow, EnergyCritical bool

	Charging        bool
	ChargingStation string
	ChargingKW      float64

	Arrived, Crashed, Stranded bool
	// Ended is true once the drive cannot continue (arrived, crashed or
	// stranded); further steps only advance time.
	Ended bool

	// MinTTCS is the lowest time to collision seen so far (Inf if none).
	MinTTCS float64
	// MaxDecel is the strongest deceleration so far, m/s².
	MaxDecel float64

	// Confirm is the question the drive loop asks the driver before it
	// acts on a command that needs a confirmation (confirm.go).
	Confirm Confirmation

	// Parking is the parking assist while the car is in a car park (zero
	// outside one): the top-down view, the beeps, gear and parking brake.
	Parking ParkingState
	// ParkingSafety is the parking assist's safety functions and fault
	// injection, in and out of a car park (SetParkingSafety).
	ParkingSafety parking.Safety

	// Assist is what the collision warning, the emergency brakes and the
	// lane-departure warning are doing this step (perception.go): the
	// cockpit's banner reads it, so it shows what the car does, not a rule
	// of its own.
	Assist AssistState
}

// AssistState is the driver assistance's output for one step.
type AssistState struct {
	// Warning: the forward-collision warning is on, from the warning until
	// the danger has passed or the driver brakes enough.
	Warning bool
	// Braking: the automatic emergency brake brakes; Holding: it holds the
	// car it stopped until a pedal is pressed.
	Braking, Holding bool
	// SystemBraking: the automation (L2, L3, the MRM) brakes beyond its
	// comfort limit to avoid a collision: an emergency manoeuvre.
	SystemBraking bool
	// Threat is what they act on (car, moped, debris, pedestrian),
	// ThreatM how far ahead it is and TTCS the time to collision.
	Threat        string
	ThreatM, TTCS float64
	// LaneWarning: the lane-departure warning is on, toward LaneSide
	// (left or right).
	LaneWarning bool
	LaneSide    string
}

// Active reports whether a collision warning or an emergency brake is on
// (the banner shows it).
func (a *AssistState) Active() bool {
	return a.Warning || a.Braking || a.Holding || a.SystemBraking
}

// DriverMustAct reports whether the driver must look ahead and act now: a
// collision warning or the emergency brake of manual driving, not the
// automation's own emergency braking, which it handles.
func (a *AssistState) DriverMustAct() bool { return a.Warning || a.Braking || a.Holding }

// MaxTrafficScale is the most a SetTraffic may scale the traffic demand:
// three times the normal demand is a jam on every road already.
const MaxTrafficScale = 3

// setEnergy carries out a SetEnergy: the battery and the tank at once,
// with the energy mode following the new charge.
func (s *Sim) setEnergy(c SetEnergy) {
	st := &s.st
	soc, fuel := c.SoCPct, c.FuelPct
	switch {
	case math.IsNaN(soc) || math.IsNaN(fuel) || soc > 100 || fuel > 100:
		s.say(EventCommandRejected, "energy", 0, msg.New("sim.rejected.energy"))
		return
	case fuel >= 0 && !s.profile.HasFuel():
		s.say(EventCommandRejected, "energy", 0, msg.New("sim.rejected.no_tank"))
		return
	}
	if soc < 0 {
		soc = st.Vehicle.SoC * 100
	}
	if fuel < 0 {
		fuel = 0
		if s.profile.HasFuel() && s.profile.FuelTankL > 0 {
			fuel = st.Vehicle.FuelL / s.profile.FuelTankL * 100
		}
	}
	s.profile.SetEnergy(&st.Vehicle, soc/100, fuel/100)
	m := msg.New("sim.energy.set_battery", msg.Num("soc", soc, 0))
	if s.profile.HasFuel() {
		m = msg.New("sim.energy.set", msg.Num("soc", soc, 0), msg.Num("fuel", fuel, 0))
	}
	s.say(EventEnergySet, "", round2(soc), m)
}

// setParkingSafety switches the parking assist's safety functions and
// fault at once, in the manoeuvre under way too (the machine reads its
// configuration every step).
func (s *Sim) setParkingSafety(sf parking.Safety) {
	if !(sf.SensorDelayS >= 0 && sf.SensorDelayS <= parking.MaxSensorDelayS) {
		s.say(EventCommandRejected, "parking_safety", 0, msg.New("sim.rejected.sensor_delay", msg.Num("max", parking.MaxSensorDelayS, 0)))
		return
	}
	s.parkCfg.SetSafety(sf)
	if s.park != nil {
		s.park.m.Cfg.SetSafety(sf)
	}
	s.st.ParkingSafety = sf
	onOff := func(b bool) string {
		if b {
			return "sim.parking_safety.on"
		}
		return "sim.parking_safety.off"
	}
	s.say(EventParkingSafety, "", sf.SensorDelayS, msg.New("sim.parking_safety.set", msg.Num("delay", sf.SensorDelayS, 1),
		msg.Term("plausibility", onOff(sf.PlausibilityCheck)), msg.Term("hold", onOff(sf.HoldToMove)), msg.Term("range", onOff(sf.RemoteRangeCheck))))
}

// clockText writes a time of day as HH:MM, which reads the same in every
// language.
func clockText(s float64) string {
	m := int(s/60) % (24 * 60)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// Gear is a position of the gear selector.
type Gear string

// The gear selector's positions, in the order a selector shows them.
const (
	GearPark    Gear = "P"
	GearReverse Gear = "R"
	// GearNeutral is on the selector; no situation of the drive loop
	// selects it yet.
	GearNeutral Gear = "N"
	GearDrive   Gear = "D"
)

// Gears lists the selector's positions in display order.
var Gears = [...]Gear{GearPark, GearReverse, GearNeutral, GearDrive}

// Sim is one drive. Create it with New and advance it with Step.
type Sim struct {
	cfg     Config
	profile *vehicle.Profile
	world   *world.Map
	rng     *rand.Rand
	// pcg is rng's source, kept so that Clone can copy its state.
	pcg    *rand.PCG
	st     State
	events []Event

	trafficScale              float64
	roadFactor                float64
	lastRoadID                string
	lastLimit                 float64
	lastSignal                float64 // route position of the last light stopped at
	signalStopM               float64 // distance to a red light to stop at, 0 if none
	lastLevel                 TrafficLevel
	nextTrafficCheck          Millis
	nextUsersCheck            Millis
	announcedManeuver         int
	incidents                 []*Incident
	nextIncident              int
	emergencyUntil            Millis
	pedestrianUntil           Millis
	pedestrianAtM             float64
	laneChangeDir             int
	laneChangeEnd             Millis
	glanceUntil               Millis
	nextGlance                Millis
	pendingRoute              *route.Route
	pendingDest               string
	stopIndex                 int // next route.Stops entry
	chargeTarget              float64
	chargeUntil               Millis
	harsh                     bool
	lowWarned, criticalWarned bool
	lastMode                  vehicle.EnergyMode
	nightForced               bool
	night                     bool
	cancelled                 bool
	// cause is the position of the command being applied (Event.Cause),
	// for answers that come later in the step (the automation's).
	cause int
	// nightCause is the SetNight command of this step, whose answer (day
	// turned to night) comes with the conditions.
	nightCause                int
	requestLane               int     // a lane change asked for by a command, applied like Inputs.LaneChange
	held                      Command // the command waiting for State.Confirm's answer
	unattended                bool    // nobody is driving (announced once)
	outsideC                  float64
	auto                      *automation.Machine
	autoIn                    automationInput
	fault, severeFault        bool
	autoHazards, autoUnlocked bool
	// here is the node the car is at when it has no route to follow, the
	// origin of the next route.
	here world.NodeID
	// via holds the waypoints still to visit after the current leg, then
	// finalDest; waypointUntil ends the stop at a waypoint.
	via           []string
	finalDest     string
	waypointUntil Millis
	atWaypoint    bool
	// park is the car park the car is in (parking.go), nil elsewhere.
	park *parkLoop
	// parkCfg is the parking assist's configuration a car park's machine
	// starts with (Config.Parking, or the safe default), with the safety
	// switches SetParkingSafety changed.
	parkCfg parking.Config

	// The car's own perception and assistance (perception.go, lateral.go).
	sensing                               automation.Sensors
	assist                                automation.Assist
	latency                               Millis
	pedDetectedAt                         Millis
	emergencyBraking, aebBraking, aebHold bool
	fcwWarned, ldwWarned, departed        bool
	braking                               bool
	driftDir                              float64
	indicatedAt                           Millis
}

// ErrConfig is wrapped by every error New returns for a bad Config.
var ErrConfig = errors.New("invalid drive configuration")

// New prepares a drive: the car at its start place, the route planned (with
// charging stops if needed) and the conditions set. The first events
// (route.planned or route.failed) come with the first Step.
func New(cfg Config) (*Sim, error) {
	if cfg.Profile == nil || cfg.Map == nil {
		return nil, fmt.Errorf("%w: a vehicle profile and a map are required", ErrConfig)
	}
	if cfg.SoC == 0 {
		cfg.SoC = 0.8
	}
	if cfg.SoC < 0 || cfg.SoC > 1 {
		return nil, fmt.Errorf("%w: state of charge %.2f is outside 0..1", ErrConfig, cfg.SoC)
	}
	if cfg.FuelFraction == 0 {
		cfg.FuelFraction = 1
	}
	if cfg.Driver.ReactionS <= 0 {
		cfg.Driver.ReactionS = 1.2
	}
	if cfg.Control == "" {
		cfg.Control = ControlAuto
	}
	if cfg.Weather.Kind == "" {
		cfg.Weather.Kind = WeatherClear
	}
	if cfg.Weather.VisibilityM <= 0 {
		cfg.Weather.VisibilityM = DefaultVisibility(cfg.Weather.Kind)
	}
	start, err := cfg.Map.Place(cfg.StartPlace)
	if err != nil {
		return nil, fmt.Errorf("%w: start: %v", ErrConfig, err)
	}
	s := &Sim{
		cfg:               cfg,
		profile:           cfg.Profile,
		world:             cfg.Map,
		trafficScale:      cfg.TrafficScale,
		roadFactor:        1,
		events:            make([]Event, 0, 16),
		nightForced:       cfg.NightSet,
		night:             cfg.Night,
		announcedManeuver: -1,
	}
	s.pcg = rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)
	s.rng = rand.New(s.pcg)
	if !(s.trafficScale > 0) || s.trafficScale > MaxTrafficScale {
		s.trafficScale = 1
	}
	s.st.Conditions.TrafficScale = s.trafficScale
	s.parkCfg = parking.DefaultConfig()
	if cfg.Parking != nil {
		s.parkCfg = *cfg.Parking
	}
	s.st.ParkingSafety = s.parkCfg.Safety()
	s.lastSignal = -1
	s.st.ClockS = cfg.StartClockS
	s.st.Profile = cfg.Profile
	s.st.Vehicle = cfg.Profile.NewState(cfg.SoC, cfg.FuelFraction)
	s.lastMode = s.st.Vehicle.Mode
	s.st.Control = cfg.Control
	s.st.DriveMode = DriveComfort
	s.st.Driver = AttentiveDriver
	if cfg.DriverState != nil {
		s.st.Driver = *cfg.DriverState
	}
	s.st.Conditions.Weather = cfg.Weather
	s.outsideC = 20
	if cfg.OutsideTempC != nil {
		s.outsideC = *cfg.OutsideTempC
	}
	s.st.Conditions.OutsideTempC = s.outsideC
	copts := cabin.Options{OutsideTempC: s.outsideC, ClimateOn: cfg.ClimateOn, Catalog: cfg.CabinCatalog}
	for i, id := range cabin.Seats {
		copts.Occupied[i] = id == cabin.SeatDriver
		for _, p := range cfg.Passengers {
			if p == id {
				copts.Occupied[i] = true
			}
		}
	}
	s.st.Cabin = cabin.New(copts)
	s.st.Infotainment = infotainment.New()
	params := automation.R157()
	if cfg.Automation != nil {
		params = *cfg.Automation
	}
	if cfg.HMI != nil {
		cfg.HMI.Apply(&params)
		if field, err := params.Validate(); err != nil {
			return nil, fmt.Errorf("%w: takeover HMI %s with automation preset %s: %s: %v", ErrConfig, cfg.HMI.File, params.ID, field, err)
		}
	}
	s.auto = automation.New(params)
	s.sensing, s.assist, s.latency = sensingOf(&params)
	s.pedDetectedAt = -1
	s.driftDir = 1
	s.indicatedAt = -1 << 40 // never: no lane departure counts as intended
	s.st.Conditions.LaneWidthM = laneWidthM
	s.st.Conditions.Lead.TimeGapS = math.Inf(1)
	s.st.Conditions.Lead.TTCS = math.Inf(1)
	s.st.MinTTCS = math.Inf(1)
	s.here = start.Node
	if n := cfg.Map.Node(start.Node); n != nil {
		s.st.X, s.st.Y = n.X, n.Y
	}
	s.st.Conditions.Lane = 1
	s.nextGlance = s.randMillis(20, 60)
	if cfg.StartParking != nil { // parking hook
		if err := s.startParking(cfg.StartParking); err != nil {
			return nil, err
		}
	}
	if cfg.Destination != "" {
		s.via = append([]string(nil), cfg.Via...)
		s.finalDest = cfg.Destination
		s.pendingDest = cfg.Destination
		if len(s.via) > 0 {
			s.pendingDest = s.via[0]
			s.via = s.via[1:]
		}
	}
	s.st.ElectricRangeKm, s.st.RangeKm = cfg.Profile.RangeKm(s.st.Vehicle)
	s.energyFlags()
	s.updateGear()
	return s, nil
}

// State returns the current state. The returned pointer stays valid; it is
// read-only for callers.
func (s *Sim) State() *State { return &s.st }

// Profile returns the vehicle profile of the drive.
func (s *Sim) Profile() *vehicle.Profile { return s.profile }

// Map returns the map of the drive.
func (s *Sim) Map() *world.Map { return s.world }

// Step advances the drive by one fixed step (see Step) and returns the
// events of that step. The slice is reused by the next call: copy what you
// keep. In steady state it allocates nothing.
func (s *Sim) Step(in Inputs) []Event {
	s.events = s.events[:0]
	st := &s.st
	// What the assistance does is this step's alone: a drive that ended, a
	// car park or a charge shows none of the last step's warnings.
	st.Assist = AssistState{}
	st.Time += Step
	st.ClockS += dt
	if st.ClockS >= 86400 {
		st.ClockS -= 86400
	}
	if s.pendingDest != "" && st.Time == Step {
		dest := s.pendingDest
		s.pendingDest = ""
		s.navigate(dest, s.cfg.RouteOptions, s.here)
	}
	for i, c := range in.Commands {
		from := len(s.events)
		s.cause = i + 1
		s.command(c)
		for j := from; j < len(s.events); j++ {
			s.events[j].Cause = i + 1
		}
	}
	s.cause = 0
	s.checkConfirm()
	s.updateDriver(in.Driver)
	if st.Ended {
		st.Vehicle.SpeedMps = 0
		if st.Crashed || st.Stranded {
			// A crash or a car out of energy is a severe failure of the
			// system's vehicle: an engaged system ends in its minimal-risk
			// condition (hazards, doors unlocked, the call) instead of
			// showing L3 driving a car that stands wrecked or dead, and
			// one that was off stays unavailable.
			s.fault, s.severeFault = true, true
			s.stepAutomation(&in)
		}
		s.updateGear()
		s.classifyStep()
		return s.events
	}
	if s.park != nil { // parking hook: in a car park the assist and the driver move the car
		s.stepParking(&in)
		s.updateGear()
		s.classifyStep()
		return s.events
	}
	s.updateConditions()
	s.updateSignal()
	s.updatePerception()
	s.stepAutomation(&in)
	lane := in.LaneChange
	if s.requestLane != 0 {
		lane, s.requestLane = s.requestLane, 0
	}
	if lane != 0 && st.Automation.Active {
		// The system keeps its lane; the driver's input went to the
		// automation as an attempt to take over.
		lane = 0
	}
	s.updateLaneChange(lane)

	if pressed := in.Brake > 0.1; pressed != s.braking {
		s.braking = pressed
		if pressed {
			s.say(EventBrakePressed, "", in.Brake, msg.New("sim.driver.brake"))
		}
	}
	var req vehicle.Request
	req.GradePct = st.Conditions.GradePct
	pedals := s.pedalAccel(in.Accel, in.Brake)
	switch {
	case st.Charging:
		s.charge()
		req.AccelMps2 = -s.profile.MaxBrakeDecel()
	case s.overridden(&req, pedals):
	case st.Automation.Active:
		// The system drives, on its own perception; a pressed pedal
		// still moves the car.
		s.unattended = false
		req.AccelMps2 = s.systemAccel()
		if in.Accel > 0.1 {
			req.AccelMps2 = math.Max(req.AccelMps2, pedals)
		}
		if in.Brake > 0.1 {
			req.AccelMps2 = math.Min(req.AccelMps2, pedals)
		}
	case st.Control == ControlManual:
		req.AccelMps2 = s.assistAccel(pedals, &in)
	case !st.Driver.HandsOnWheel || !st.Driver.Seated:
		// No system engaged and no hands on the wheel: nobody is driving.
		// The car rolls on, slowing, and never moves off by itself.
		req.AccelMps2 = s.assistAccel(pedals, &in)
		if !s.unattended {
			s.unattended = true
			s.say(EventNobodyDriving, "", 0, msg.New("sim.nobody_driving"))
		}
	default:
		s.unattended = false
		req.AccelMps2 = s.driverModelAccel()
		if in.Brake > 0.1 {
			req.AccelMps2 = math.Min(req.AccelMps2, -in.Brake*s.profile.MaxBrakeDecel())
		}
		req.AccelMps2 = s.assistAccel(req.AccelMps2, &in)
	}
	if !st.Automation.Active {
		s.emergencyBraking = false
	}
	if st.Automation.Active || st.Charging {
		s.aebBraking, s.aebHold, s.fcwWarned = false, false, false
	}
	s.cabinEvents(st.Cabin.Step(dt, s.cabinContext()))
	s.infotainmentEvents(st.Infotainment.Step(int64(st.Time)))
	req.CabinKW = st.Cabin.PowerKW()
	before := st.Vehicle.OdometerM
	s.profile.Step(&st.Vehicle, req, dt)
	moved := st.Vehicle.OdometerM - before
	s.advanceAlongRoute(moved)
	s.updateLead(moved)
	s.updateLateral()
	s.checkEnergy()
	s.checkBraking()
	s.updateGear()
	s.classifyStep()
	return s.events
}

// updateGear sets State.Gear once per step, after the car has moved. In a
// car park the parking loop's gear holds (the assist's R or D while it
// drives, P once parked); a drive that ended, a charge, an arrival or a
// car standing without a route is in P; otherwise the car drives in D.
func (s *Sim) updateGear() {
	st := &s.st
	switch {
	case s.park != nil && !st.Ended:
		st.Gear = s.parkGear()
	case st.Ended || st.Charging || st.Arrived || st.Route == nil && st.Vehicle.SpeedMps < 0.1:
		st.Gear = GearPark
	default:
		st.Gear = GearDrive
	}
}

// overridden applies the automation's own braking (MRM, standstill hold)
// and reports whether it did.
func (s *Sim) overridden(req *vehicle.Request, driver float64) bool {
	a, ok := s.automationAccel(driver)
	if ok {
		req.AccelMps2 = a
	}
	return ok
}

func (s *Sim) cabinContext() cabin.Context {
	return cabin.Context{SpeedKmh: s.st.Vehicle.SpeedMps * 3.6, OutsideTempC: s.outsideC, Night: s.st.Conditions.Night, Now: int64(s.st.Time)}
}

// cabinEvents turns the cabin's events into the drive's, with their
// messages.
func (s *Sim) cabinEvents(evs []cabin.Event) {
	for _, e := range evs {
		s.events = append(s.events, Event{At: s.st.Time, Kind: EventKind(e.Kind), Subject: e.Subject, Value: round2(e.Value), Msg: e.Msg})
	}
}

// say logs an event that speaks by message key (drive/msg).
func (s *Sim) say(kind EventKind, subject string, value float64, m msg.Msg) {
	s.events = append(s.events, Event{At: s.st.Time, Kind: kind, Subject: subject, Value: round2(value), Msg: m})
}

// unknownPlace says that no place of the map has the id, and which do.
func (s *Sim) unknownPlace(id string) msg.Msg {
	ids := s.world.PlaceIDs()
	valid := make([]msg.Arg, len(ids))
	for i, id := range ids {
		valid[i] = msg.Text("", id)
	}
	return msg.New("sim.route.unknown_place", msg.Text("place", id), msg.List("valid", valid...))
}

// shortfall says why the energy will not last to the place, with the
// planner's figures.
func shortfall(place string, sf *route.Shortfall) msg.Msg {
	return msg.New("sim.route.energy_shortfall", msg.Place("place", place),
		msg.Num("need", sf.NeedKWh, 1), msg.Num("have", sf.OnBoardKWh, 1), msg.Num("reserve", sf.ReserveKWh, 1),
		msg.Term("stations", "sim.route.stations."+string(sf.Stations)))
}

// noRoute says why no route reaches the place: the roads (with the
// options asked for) do not connect, or the planner failed, whose error is
// for the log only.
func noRoute(place string, err error) msg.Msg {
	if errors.Is(err, route.ErrNoRoute) {
		return msg.New("sim.route.no_route", msg.Place("place", place))
	}
	return msg.New("sim.route.failed", msg.Place("place", place), msg.Text("why", err.Error()))
}

func (s *Sim) randRange(lo, hi float64) float64 { return lo + (hi-lo)*s.rng.Float64() }

func (s *Sim) randMillis(loS, hiS float64) Millis {
	return s.st.Time + Millis(s.randRange(loS, hiS)*1000)
}

// energyModel describes the car to the route planner so it can add charging
// or refuelling stops.
func (s *Sim) energyModel() *route.Energy {
	if s.cfg.SkipChargePlanning {
		return nil
	}
	p := s.profile
	v := s.st.Vehicle
	e := &route.Energy{
		CapacityKWh: p.BatteryKWh,
		// Navigation apps aim to arrive with about 10 % and accept less
		// on the way to a charger.
		ReserveKWh:     0.1 * p.BatteryKWh,
		StopReserveKWh: 0.04 * p.BatteryKWh,
		PerKm:          p.ConsumptionKWhPerKm,
		ChargeTimeS: func(fromKWh, toKWh, stationKW float64) float64 {
			return p.ChargeTimeS(fromKWh/p.BatteryKWh, toKWh/p.BatteryKWh, stationKW)
		},
		StartKWh: v.SoC * p.BatteryKWh,
	}
	if p.Powertrain != vehicle.PowertrainBEV {
		// The range extender or engine turns fuel into driving: plan
		// refuelling stops on total range, expressed as energy at the
		// average consumption.
		_, total := p.RangeKm(v)
		perKm := p.ConsumptionKWhPerKm(60)
		e.Refuel = true
		e.RefuelS = p.RefuelTimeS()
		e.StartKWh = total * perKm
		e.CapacityKWh = math.Max(e.StartKWh, p.CLTCRangeKm*perKm)
		e.ReserveKWh = 30 * perKm
	}
	return e
}

func (s *Sim) navigate(dest string, opt route.Options, from world.NodeID) {
	st := &s.st
	place, err := s.world.Place(dest)
	if err != nil {
		s.say(EventRouteFailed, dest, 0, s.unknownPlace(dest))
		return
	}
	if place.Node == from && (st.Route == nil || st.Arrived) {
		s.say(EventCommandRejected, place.ID, 0, msg.New("sim.route.already_there", msg.Place("place", place.ID)))
		return
	}
	r, err := route.Plan(s.world, from, place.Node, opt, s.energyModel())
	if sf := (*route.Shortfall)(nil); errors.As(err, &sf) {
		// Guidance still helps a driver short of energy: route without
		// stops and say plainly that the energy will not last, by how much.
		s.say(EventRouteEnergy, place.ID, 0, shortfall(place.ID, sf))
		r, err = route.Plan(s.world, from, place.Node, opt, nil)
	}
	if err == nil && len(r.Segments) == 0 {
		err = errors.New("the route is empty")
	}
	if err != nil {
		s.say(EventRouteFailed, dest, 0, noRoute(place.ID, err))
		return
	}
	planned := msg.New("sim.route.planned", msg.Place("place", place.ID), msg.Num("km", r.LengthM/1000, 1), msg.Num("min", (r.DriveS+r.ChargeS)/60, 0))
	if len(r.Stops) > 0 {
		planned = msg.New("sim.route.planned_stops", msg.Place("place", place.ID), msg.Num("km", r.LengthM/1000, 1), msg.Num("min", (r.DriveS+r.ChargeS)/60, 0),
			msg.Int("stops", len(r.Stops)), msg.Num("charge_min", r.ChargeS/60, 0))
	}
	s.say(EventRoutePlanned, place.ID, r.LengthM/1000, planned)
	s.cancelled = false
	if st.Route == nil || st.Arrived || st.Vehicle.SpeedMps < 0.5 && st.RouteM == 0 || st.Route.LengthM-st.RouteM < 1 {
		s.setRoute(r, place.ID)
		return
	}
	// While moving, the new route starts where the current road ends.
	s.pendingRoute = r
	st.Destination = place.ID
}

func (s *Sim) setRoute(r *route.Route, dest string) {
	st := &s.st
	if st.Charging {
		// The stop belonged to the old route.
		st.Charging, st.ChargingKW = false, 0
		s.say(EventChargingFinished, st.ChargingStation, st.Vehicle.SoC*100, msg.New("sim.charging.stopped", msg.Num("soc", st.Vehicle.SoC*100, 0)))
		st.ChargingStation = ""
	}
	if s.park != nil { // parking hook: the new route starts at the place
		s.leaveParking()
	}
	st.Route = r
	st.Destination = dest
	st.RouteM = 0
	st.Segment = 0
	s.updateNextManeuver(r)
	s.lastSignal = -1
	st.Arrived = false
	s.stopIndex = 0
	s.announcedManeuver = -1
	s.lastRoadID = ""
	// Incidents were located on the old route: they are no longer ahead.
	// The conditions forget them now, not at the next step (a re-route
	// at the end of a road comes after this step's updateIncidents).
	for _, in := range s.incidents {
		in.offRoute = true
	}
	c := &s.st.Conditions
	c.Incident, c.IncidentAheadM, c.InIncidentZone = nil, 0, false
	s.st.Conditions.Lead.Present = false
	s.enterSegment()
}

func (s *Sim) apply(c Command) {
	st := &s.st
	if s.applyAutomation(c) || s.applyParking(c) { // parking hook
		return
	}
	switch c := c.(type) {
	case SetWeather:
		w := c.Weather
		if w.Kind == "" {
			w.Kind = WeatherClear
		}
		if !(w.VisibilityM > 0) || math.IsInf(w.VisibilityM, 0) {
			w.VisibilityM = DefaultVisibility(w.Kind)
		}
		st.Conditions.Weather = w
		m := msg.New("sim.weather.changed", msg.Term("weather", "sim.weather."+string(w.Kind)), msg.Num("m", w.VisibilityM, 0))
		if safe := w.SafeSpeedKmh(st.Conditions.SpeedLimitKmh); st.Conditions.SpeedLimitKmh > 0 && safe < st.Conditions.SpeedLimitKmh {
			m = msg.New("sim.weather.slowing", msg.Term("weather", "sim.weather."+string(w.Kind)), msg.Num("m", w.VisibilityM, 0), msg.Num("kmh", safe, 0))
		}
		s.say(EventWeatherChanged, string(w.Kind), w.VisibilityM, m)
	case SetTraffic:
		if !(c.Scale > 0) || c.Scale > MaxTrafficScale {
			s.say(EventCommandRejected, "traffic", 0, msg.New("sim.rejected.traffic_scale", msg.Num("max", MaxTrafficScale, 0)))
			return
		}
		s.trafficScale = c.Scale
		st.Conditions.TrafficScale = c.Scale
		s.nextTrafficCheck = 0
		s.say(EventTrafficDemand, "", c.Scale, msg.New("sim.traffic.demand", msg.Num("scale", c.Scale, 1)))
	case SetEnergy:
		s.setEnergy(c)
	case SetParkingSafety:
		s.setParkingSafety(c.Safety)
	case SetClock:
		if !(c.ClockS >= 0 && c.ClockS <= 86400) {
			s.say(EventCommandRejected, "clock", 0, msg.New("sim.rejected.clock"))
			return
		}
		st.ClockS = math.Mod(c.ClockS, 86400)
		s.nightForced = false
		s.nextTrafficCheck = 0
		s.nightCause = s.cause
		s.say(EventClockSet, "", st.ClockS, msg.New("sim.clock.set", msg.Text("time", clockText(st.ClockS))))
	case SetNight:
		s.nightForced = !c.Clear
		s.night = c.Night
		s.nightCause = s.cause
	case AddIncident:
		s.addIncident(c)
	case CutIn:
		s.cutIn(c.Kind, c.GapM, st.Vehicle.SpeedMps-c.SpeedDeltaKmh/3.6)
	case Obstacle:
		s.addObstacle(c)
	case Navigate:
		// A new destination replaces the whole plan, stops included.
		s.via, s.finalDest = nil, c.PlaceID
		s.routeTo(c.PlaceID, c.Options)
	case CancelRoute:
		if st.Route == nil {
			s.say(EventCommandRejected, "cancel_route", 0, msg.New("sim.route.none_to_cancel"))
			return
		}
		s.cancelled = true
		s.pendingRoute = nil
		s.say(EventRouteCancelled, st.Destination, 0, msg.New("sim.route.cancelled"))
	case MediaCommand:
		s.applyInfotainment(c)
	case CabinCommand:
		if l, ok := c.Command.(cabin.SetLight); ok && l.Target == cabin.LightHazard && !l.On && st.Automation.Hazards {
			// The automation keeps the hazards on during an MRM and after
			// it; whether they may go off is its rule, whatever switch
			// or voice asked.
			s.applyAutomation(HazardsOff{})
			return
		}
		evs, err := st.Cabin.Apply(c.Command, s.cabinContext())
		if err != nil {
			e := Event{At: st.Time, Kind: EventCommandRejected, Subject: fmt.Sprintf("%T", c.Command)}
			var r *cabin.Refusal
			if errors.As(err, &r) {
				e.Msg = r.Msg
			} else {
				e.Msg = msg.New("sim.rejected.failed", msg.Text("why", err.Error()))
			}
			s.events = append(s.events, e)
			return
		}
		s.cabinEvents(evs)
	case ChangeLane:
		s.requestLane = c.Dir
	case SetDriveMode:
		switch c.Mode {
		case DriveEco, DriveComfort, DriveSport:
			if st.DriveMode != c.Mode {
				st.DriveMode = c.Mode
				s.say(EventDriveMode, string(c.Mode), 0, msg.New("sim.drive_mode", msg.Term("mode", "sim.drive_mode."+string(c.Mode))))
			}
		default:
			s.say(EventCommandRejected, "drive_mode", 0, msg.New("sim.rejected.drive_mode", msg.Text("mode", string(c.Mode))))
		}
	case AddStop:
		place, err := s.world.Place(c.PlaceID)
		if err != nil {
			s.say(EventCommandRejected, "add_stop", 0, s.unknownPlace(c.PlaceID))
			return
		}
		if st.Route == nil || st.Arrived || st.Destination == "" {
			s.apply(Navigate{PlaceID: place.ID, Options: s.cfg.RouteOptions})
			return
		}
		if place.ID == st.Destination {
			s.say(EventCommandRejected, "add_stop", 0, msg.New("sim.route.stop_is_destination", msg.Place("place", place.ID)))
			return
		}
		// Visit the stop first, then go on to where we were going.
		if s.finalDest == "" {
			s.finalDest = st.Destination
		}
		s.via = append([]string{st.Destination}, s.via...)
		if st.Destination == s.finalDest {
			s.via = s.via[1:]
		}
		s.routeTo(place.ID, s.cfg.RouteOptions)
	case SetControl:
		if c.Control != ControlAuto && c.Control != ControlManual {
			s.say(EventCommandRejected, "control", 0, msg.New("sim.rejected.control", msg.Text("mode", string(c.Control))))
			return
		}
		if st.Control != c.Control {
			st.Control = c.Control
			s.say(EventControlChanged, string(c.Control), 0, msg.New("sim.control."+string(c.Control)))
		}
	default:
		s.say(EventCommandRejected, fmt.Sprintf("%T", c), 0, msg.New("sim.rejected.unknown_command"))
	}
}

// routeTo plans from where the car is: the end of the road it is on, or
// the node it stands at.
func (s *Sim) routeTo(placeID string, opt route.Options) {
	st := &s.st
	from := s.here
	if st.Route != nil && !st.Arrived && len(st.Route.Segments) > 0 {
		from = segmentEnd(&st.Route.Segments[st.Segment])
	}
	s.navigate(placeID, opt, from)
}

func segmentEnd(seg *route.Segment) world.NodeID {
	if seg.Reverse {
		return seg.Road.From
	}
	return seg.Road.To
}

func (s *Sim) addIncident(c AddIncident) {
	st := &s.st
	switch c.Kind {
	case IncidentEmergencyVehicle:
		d := c.Duration
		if d <= 0 {
			d = 20_000
		}
		s.emergencyUntil = st.Time + d
		st.Conditions.EmergencyVehicle = true
		s.say(EventEmergencyVehicle, string(c.Kind), d.Seconds(), msg.New("sim.emergency.approaching"))
		return
	case IncidentRoadworks, IncidentCrash:
	default:
		s.say(EventCommandRejected, string(c.Kind), 0, msg.New("sim.rejected.incident_kind", msg.Text("kind", string(c.Kind))))
		return
	}
	if st.Route == nil {
		s.say(EventCommandRejected, string(c.Kind), 0, msg.New("sim.rejected.incident_no_route"))
		return
	}
	s.nextIncident++
	in := &Incident{ID: s.nextIncident, Kind: c.Kind, AtM: st.RouteM + math.Max(c.AheadM, 0), LengthM: c.LengthM, LimitKmh: c.LimitKmh, LanesClosed: c.LanesClosed}
	if in.LengthM <= 0 {
		in.LengthM = 500
	}
	if in.LimitKmh <= 0 {
		in.LimitKmh = 60
		if c.Kind == IncidentCrash {
			in.LimitKmh = 30
		}
	}
	if c.Duration > 0 {
		in.ClearsAt = st.Time + c.Duration
	}
	s.incidents = append(s.incidents, in)
}

// updateDriver compares the driver's state with the last step's and emits
// a driver event for every change.
func (s *Sim) updateDriver(d DriverState) {
	st := &s.st
	if s.cfg.Driver.Distracted && st.Control == ControlAuto && d.EyesOnRoad {
		// A distracted scripted driver glances at the phone now and then.
		if st.Time >= s.nextGlance && s.glanceUntil < st.Time {
			s.glanceUntil = st.Time + Millis(s.randRange(1.5, 4)*1000)
			s.nextGlance = s.glanceUntil + Millis(s.randRange(8, 30)*1000)
		}
		if st.Time < s.glanceUntil {
			d.EyesOnRoad = false
		}
	}
	old := st.Driver
	st.Driver = d
	flag := func(was, now bool, on, off string) {
		if was == now {
			return
		}
		if now {
			s.say(EventDriver, on, 0, msg.New("sim.driver."+on))
		} else {
			s.say(EventDriver, off, 0, msg.New("sim.driver."+off))
		}
	}
	flag(old.HandsOnWheel, d.HandsOnWheel, "hands_on", "hands_off")
	flag(old.EyesOnRoad, d.EyesOnRoad, "eyes_on", "eyes_off")
	flag(old.BeltOn, d.BeltOn, "belt_on", "belt_off")
	flag(old.Seated, d.Seated, "seated", "left_seat")
	flag(old.Phone, d.Phone, "phone_on", "phone_off")
	flag(old.EyesClosed, d.EyesClosed, "eyes_closed", "eyes_open")
	if old.Seated != d.Seated {
		// The seat's occupancy sensor: comfort functions of an empty
		// seat switch off.
		evs, _ := st.Cabin.Apply(cabin.SetOccupied{Seat: cabin.SeatDriver, Occupied: d.Seated}, s.cabinContext())
		s.cabinEvents(evs)
	}
}

func (s *Sim) isNight() bool {
	if s.nightForced {
		return s.night
	}
	h := s.st.ClockS / 3600
	// Beijing's sunset ranges from about 16:50 in winter to 19:45 in
	// summer; 18:30 and 06:00 are a year-round middle.
	return h < 6 || h >= 18.5
}
