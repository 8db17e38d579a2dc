package sim

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// Driver-model parameters (Intelligent Driver Model, Treiber et al. 2000,
// with values typical for urban and motorway driving).
const (
	idmAccel     = 1.6 // m/s², comfortable acceleration
	idmDecel     = 2.0 // m/s², comfortable deceleration
	idmTimeGap   = 1.6 // s, desired time gap (Chinese driving schools teach ≥ 2 s on expressways; 1.6 is observed practice)
	idmMinGap    = 2.5 // m, standstill gap
	harshDecel   = 4.0 // m/s², threshold of "harsh braking" used in scoring
	coastDecel   = 0.3 // m/s², one-pedal regen when no pedal is pressed
	planDecel    = 1.5 // m/s², deceleration the look-ahead plans with, leaving margin to track it
	firmDecel    = 3.0 // m/s², the most a careful driver brakes for a lower speed (not for obstacles)
	trackGain    = 1.5 // 1/s, how quickly the driver closes a speed excess
	slowMargin   = 40  // m, a careful driver is down to a lower limit this far before its sign
	maneuverLook = 600 // m, how far ahead the driver model plans speed
)

// maneuverSpeedKmh is how fast a careful driver takes a manoeuvre.
func maneuverSpeedKmh(m route.Maneuver) float64 {
	switch m {
	case "left", "right":
		return 22
	case "sharp_left", "sharp_right":
		return 15
	case "slight_left", "slight_right":
		return 45
	case "u_turn":
		return 10
	case "take_ramp", "exit":
		return 50
	}
	return math.Inf(1)
}

// blendCAH softens IDM's reaction to a vehicle that appears close ahead
// (a cut-in), as in the ACC model of Kesting, Treiber and Helbing (2010):
// when the constant-acceleration heuristic says the situation is
// manageable, brake only as hard as needed rather than in an emergency.
// The obstacle is assumed not to accelerate.
func blendCAH(aIDM, v, vLead, gap float64) float64 {
	const coolness = 0.99
	aCAH := 0.0
	if v > vLead {
		aCAH = -(v - vLead) * (v - vLead) / (2 * gap)
	}
	if aIDM >= aCAH {
		return aIDM
	}
	return (1-coolness)*aIDM + coolness*(aCAH+idmDecel*math.Tanh((aIDM-aCAH)/idmDecel))
}

// pedalAccel maps pedal positions to an acceleration request.
func (s *Sim) pedalAccel(accel, brake float64) float64 {
	accel, brake = clamp(accel, 0, 1), clamp(brake, 0, 1)
	switch {
	case brake > 0:
		return -brake * s.profile.MaxBrakeDecel()
	case accel > 0:
		return accel * s.profile.MaxTractionAccel(s.st.Vehicle.SpeedMps) * s.powerShare()
	}
	if s.st.Vehicle.SpeedMps <= 0 {
		return 0
	}
	return -coastDecel
}

// powerShare is the share of the motor's power the drive mode allows.
func (s *Sim) powerShare() float64 {
	if s.st.DriveMode == DriveEco {
		return 0.6
	}
	return 1
}

// comfortAccel is how briskly the driver model accelerates in this mode.
func (s *Sim) comfortAccel() float64 {
	switch s.st.DriveMode {
	case DriveEco:
		return 1.1
	case DriveSport:
		return 2.4
	}
	return idmAccel
}

// desiredSpeed is the speed the driver model wants here and now, before
// looking ahead: limit, weather, traffic, incidents, emergency vehicles.
func (s *Sim) desiredSpeed() float64 {
	c := &s.st.Conditions
	v := c.Weather.SafeSpeedKmh(c.SpeedLimitKmh) * FlowFactor(c.TrafficDensity)
	if c.InIncidentZone && c.Incident != nil {
		v = math.Min(v, c.Incident.LimitKmh)
	}
	if c.EmergencyVehicle {
		v *= 0.6
	}
	if a := &s.st.Automation; a.Active && a.MaxSpeedKmh > 0 {
		v = math.Min(v, a.MaxSpeedKmh)
	}
	return math.Min(v, s.profile.MaxSpeedKmh) / 3.6
}

// driverModelAccel is the built-in driver: it follows the route at the
// speed conditions allow, slows in time for lower limits, turns, incidents
// and stops, and keeps its distance to the vehicle ahead (IDM), on what
// the human perceives.
func (s *Sim) driverModelAccel() float64 { return s.followAccel(false) }

// followAccel is the careful driving both the driver model and the
// automation do; system chooses whose perception it acts on: the
// sensors' (perception.go) or the human's, with its reaction time.
func (s *Sim) followAccel(system bool) float64 {
	st := &s.st
	v := st.Vehicle.SpeedMps
	if st.Route == nil || st.Arrived {
		return -idmDecel * 1.5
	}
	v0 := s.desiredSpeed()
	// Look ahead: lower limits and manoeuvres within reach.
	r := st.Route
	for j := st.Segment; j < len(r.Segments); j++ {
		seg := &r.Segments[j]
		if j > st.Segment {
			d := seg.StartM - st.RouteM
			if d > maneuverLook {
				break
			}
			lim := st.Conditions.Weather.SafeSpeedKmh(seg.SpeedLimitKmh) / 3.6
			v0 = math.Min(v0, math.Sqrt(lim*lim+2*planDecel*math.Max(d-slowMargin, 0)))
		}
		end := seg.StartM + seg.LengthM - st.RouteM
		if end > maneuverLook {
			break
		}
		if ms := maneuverSpeedKmh(seg.Maneuver); !math.IsInf(ms, 1) {
			m := ms / 3.6
			v0 = math.Min(v0, math.Sqrt(m*m+2*planDecel*math.Max(end, 0)))
		}
	}
	for _, in := range s.incidents {
		if in.passed || in.entered {
			continue
		}
		if d := in.AtM - st.RouteM; d > 0 && d < maneuverLook*2 {
			lim := in.LimitKmh / 3.6
			v0 = math.Min(v0, math.Sqrt(lim*lim+2*planDecel*math.Max(d-slowMargin, 0)))
		}
	}
	v0 = math.Max(v0, 0)

	// Free-road term.
	var a float64
	if v0 < 0.1 {
		a = -idmDecel
		if v < 0.1 {
			a = -v / dt
		}
	} else {
		a = s.comfortAccel() * (1 - math.Pow(v/v0, 4))
		if v > v0 {
			// IDM's free term brakes far too hard when the wanted speed
			// drops suddenly (fog) and too gently when tracking a planned
			// slowdown; a careful driver brakes in proportion, firmly
			// but short of an emergency stop.
			a = math.Max(-trackGain*(v-v0), -firmDecel)
		}
	}
	// Interaction term against the nearest obstacle: a perceived vehicle
	// ahead, a pedestrian, or the stop line of the destination or a
	// charging stop.
	gap, obstacleV := math.Inf(1), 0.0
	if l := &st.Conditions.Lead; l.Present && (system && l.SeenBySystem || !system && st.Time >= l.seenAt) {
		gap, obstacleV = l.GapM, l.SpeedMps
	}
	if p := st.Conditions.PedestrianAheadM; p > 0 && p < gap && (!system || s.pedestrianSeen()) {
		gap, obstacleV = p, 0
	}
	if d := s.distanceToStop() + idmMinGap; d < gap {
		gap, obstacleV = d, 0
	}
	if d := s.signalStopM; d > 0 && d+idmMinGap < gap {
		gap, obstacleV = d+idmMinGap, 0
	}
	if !math.IsInf(gap, 1) {
		sStar := idmMinGap + math.Max(0, v*idmTimeGap+v*(v-obstacleV)/(2*math.Sqrt(idmAccel*idmDecel)))
		g := math.Max(gap, 0.1)
		aIDM := math.Min(a, idmAccel) - idmAccel*(sStar/g)*(sStar/g)
		a = blendCAH(aIDM, v, obstacleV, g)
	}
	a = math.Max(a, -s.profile.MaxBrakeDecel())
	if v < 0.05 && a < 0 {
		a = 0
	}
	return a
}

// distanceToStop is the route distance to where the car must stop: the
// next charging stop or the destination. +Inf without a route.
func (s *Sim) distanceToStop() float64 {
	st := &s.st
	if st.Route == nil || st.Arrived {
		return math.Inf(1)
	}
	if s.pendingRoute != nil {
		// Keep rolling onto the new route.
		return math.Inf(1)
	}
	if s.cancelled {
		seg := &st.Route.Segments[st.Segment]
		return seg.StartM + seg.LengthM - st.RouteM
	}
	if s.stopIndex < len(st.Route.Stops) {
		return st.Route.Stops[s.stopIndex].AtM - st.RouteM
	}
	return st.Route.LengthM - st.RouteM
}

// advanceAlongRoute moves the car along its route by the distance driven
// and handles road changes, manoeuvre announcements, charging stops and
// arrival.
func (s *Sim) advanceAlongRoute(moved float64) {
	st := &s.st
	if st.Route == nil {
		return
	}
	r := st.Route
	st.RouteM = math.Min(st.RouteM+moved, r.LengthM)
	if s.pendingRoute != nil {
		seg := &r.Segments[st.Segment]
		if st.RouteM >= seg.StartM+seg.LengthM-0.01 {
			over := st.RouteM - (seg.StartM + seg.LengthM)
			next, dest := s.pendingRoute, st.Destination
			s.pendingRoute = nil
			s.setRoute(next, dest)
			st.RouteM = math.Min(math.Max(over, 0), next.LengthM)
			r = next
		}
	}
	if i := r.SegmentAt(st.RouteM); i != st.Segment {
		st.Segment = i
		s.enterSegment()
	}
	st.X, st.Y, st.HeadingDeg = r.PointAt(st.RouteM)
	st.RemainingM = r.LengthM - st.RouteM
	st.ETAS = r.ETA(st.RouteM, st.Vehicle.SpeedMps*3.6)
	s.updateNextManeuver(r)
	m, d := st.NextManeuver, st.NextManeuverM
	if m != "straight" && m != "arrive" && m != "" && d <= 300 && s.announcedManeuver != st.Segment {
		s.announcedManeuver = st.Segment
		s.say(EventManeuverAhead, string(m), d, msg.New("sim.maneuver.ahead", msg.Num("m", d, 0), msg.Term("what", "sim.maneuver."+string(m))))
	}

	v := st.Vehicle.SpeedMps
	if s.stopIndex < len(r.Stops) && !st.Charging {
		stop := &r.Stops[s.stopIndex]
		if stop.AtM-st.RouteM < 3 && v < 0.3 {
			s.startCharging(stop)
		}
	}
	if s.stopIndex >= len(r.Stops) && !st.Arrived && s.pendingRoute == nil && r.LengthM-st.RouteM < 3 && v < 0.3 && st.Destination != s.finalDest {
		s.reachWaypoint(r)
		return
	}
	if s.stopIndex >= len(r.Stops) && !st.Arrived && s.pendingRoute == nil && r.LengthM-st.RouteM < 3 && v < 0.3 {
		st.Arrived, st.Ended = true, true
		s.here = r.To
		st.Vehicle.SpeedMps, st.Vehicle.AccelMps2 = 0, 0
		st.RouteM = r.LengthM
		st.RemainingM, st.ETAS = 0, 0
		s.say(EventArrived, st.Destination, st.Time.Seconds()/60, msg.New("sim.arrived", msg.Place("place", st.Destination)))
		s.arriveParking(st.Destination) // parking hook: a car park is ready for the assist
	}
	if s.cancelled && v < 0.05 && s.distanceToStop() < 3 {
		s.here = segmentEnd(&r.Segments[st.Segment])
		st.Route = nil
		st.Destination = ""
		s.cancelled = false
		st.NextManeuver, st.NextManeuverM, st.RemainingM, st.ETAS = "", 0, 0, 0
		st.NextManeuverRoad = nil
	}
}

// updateNextManeuver sets the next manoeuvre of route r from the car's
// position on it: what, how far, and onto which road.
func (s *Sim) updateNextManeuver(r *route.Route) {
	st := &s.st
	m, d, seg := r.NextManeuver(st.RouteM)
	st.NextManeuver, st.NextManeuverM, st.NextManeuverRoad = m, d, nil
	if m == route.Arrive || seg == nil {
		return
	}
	for i := max(st.Segment, 0); i < len(r.Segments)-1; i++ {
		if &r.Segments[i] == seg {
			st.NextManeuverRoad = r.Segments[i+1].Road
			return
		}
	}
}

// waypointStop is how long the car waits at a waypoint (dropping someone
// off), in sim time.
const waypointStop = Millis(45_000)

// reachWaypoint handles arriving at an intermediate stop: wait, then plan
// the next leg.
func (s *Sim) reachWaypoint(r *route.Route) {
	st := &s.st
	if !s.atWaypoint {
		s.atWaypoint = true
		s.waypointUntil = st.Time + waypointStop
		st.Vehicle.SpeedMps, st.Vehicle.AccelMps2 = 0, 0
		s.say(EventWaypoint, st.Destination, 0, msg.New("sim.waypoint", msg.Place("place", st.Destination)))
		return
	}
	if st.Time < s.waypointUntil {
		return
	}
	s.atWaypoint = false
	s.here = r.To
	next := s.finalDest
	if len(s.via) > 0 {
		next, s.via = s.via[0], s.via[1:]
	}
	st.Route = nil
	s.navigate(next, s.cfg.RouteOptions, s.here)
}

// enterSegment loads the road of the current segment into the conditions
// and announces a new road.
func (s *Sim) enterSegment() {
	st := &s.st
	seg := &st.Route.Segments[st.Segment]
	road := seg.Road
	c := &st.Conditions
	c.SpeedLimitKmh = seg.SpeedLimitKmh
	if road.ID == s.lastRoadID {
		return
	}
	// Long roads are split into several map roads; a driver notices a new
	// road only when its name, kind or limit changes.
	announce := s.lastRoadID == "" || road.NameEN != c.RoadName || string(road.Type) != c.RoadType || seg.SpeedLimitKmh != s.lastLimit
	s.lastRoadID = road.ID
	s.lastLimit = seg.SpeedLimitKmh
	c.RoadID, c.RoadName, c.RoadNameZH = road.ID, road.NameEN, road.NameZH
	c.Lanes = road.Lanes
	c.LaneWidthM = laneWidthM
	if road.Type == "street" || road.Type == "service" {
		c.LaneWidthM = streetLaneWidthM
	}
	if c.Lanes < 1 {
		c.Lanes = 1
	}
	if c.Lane > c.Lanes || c.Lane < 1 || string(road.Type) != c.RoadType {
		// Joining another kind of road, the car comes in from the right.
		c.Lane = c.Lanes
	}
	c.RoadType = string(road.Type)
	c.Markings = string(road.Markings)
	c.Divided, c.MixedTraffic, c.Toll = road.Divided, road.MixedTraffic, road.Toll
	c.GradePct = road.GradePct
	if seg.Reverse {
		c.GradePct = -road.GradePct
	}
	s.roadFactor = roadTypeFactor(road.Type) * s.randRange(0.85, 1.15)
	s.nextTrafficCheck = 0
	s.nextUsersCheck = 0
	if !announce {
		return
	}
	s.say(EventRoadEntered, road.ID, seg.SpeedLimitKmh, msg.New("sim.road.entered", msg.Road("road", road.ID), msg.Term("type", "sim.road_type."+string(road.Type)), msg.Num("limit", seg.SpeedLimitKmh, 0)))
}

func (s *Sim) startCharging(stop *route.Stop) {
	st := &s.st
	st.Charging = true
	st.ChargingStation = stop.Station.Place.ID
	st.Conditions.Lead.Present = false
	if stop.Station.Kind == "fuel" {
		s.chargeUntil = st.Time + Millis(s.profile.RefuelTimeS()*1000)
		s.chargeTarget = -1
		st.ChargingKW = 0
		s.say(EventChargingStarted, st.ChargingStation, 0, msg.New("sim.refuelling", msg.Place("place", stop.Station.Place.ID)))
		return
	}
	s.chargeTarget = math.Min(stop.DepartKWh/s.profile.BatteryKWh, 0.97)
	if s.chargeTarget <= st.Vehicle.SoC {
		s.chargeTarget = math.Min(st.Vehicle.SoC+0.1, 0.97)
	}
	st.ChargingKW = s.profile.ChargePowerKW(st.Vehicle.SoC, stop.Station.PowerKW)
	s.say(EventChargingStarted, st.ChargingStation, stop.Station.PowerKW, msg.New("sim.charging.started",
		msg.Place("place", stop.Station.Place.ID), msg.Num("kw", stop.Station.PowerKW, 0), msg.Num("target", s.chargeTarget*100, 0)))
}

func (s *Sim) charge() {
	st := &s.st
	if st.Route == nil || s.stopIndex >= len(st.Route.Stops) {
		// the route the stop belonged to was cancelled as the stop began:
		// there is nothing to charge for (issue 16's crash)
		st.Charging, st.ChargingKW, st.ChargingStation = false, 0, ""
		return
	}
	stop := &st.Route.Stops[s.stopIndex]
	done := false
	if s.chargeTarget < 0 {
		done = st.Time >= s.chargeUntil
		if done {
			st.Vehicle.FuelL = s.profile.FuelTankL
		}
	} else {
		st.ChargingKW = s.profile.ChargeStep(&st.Vehicle, stop.Station.PowerKW, dt)
		done = st.Vehicle.SoC >= s.chargeTarget || st.ChargingKW <= 0
	}
	if done {
		st.Charging = false
		st.ChargingKW = 0
		s.stopIndex++
		s.say(EventChargingFinished, st.ChargingStation, st.Vehicle.SoC*100, msg.New("sim.charging.finished", msg.Num("soc", st.Vehicle.SoC*100, 0)))
		st.ChargingStation = ""
	}
}

// energyFlags sets State.EnergyLow and EnergyCritical from the ranges: a
// BEV by its state of charge (below 20 % and 10 %), a hybrid (EREV, PHEV)
// by its total range (below 80 and 30 km), since its tank keeps it going
// with an empty battery. The events and the lamp both follow these flags.
func (s *Sim) energyFlags() {
	st := &s.st
	v := &st.Vehicle
	st.EnergyLow, st.EnergyCritical = v.SoC < 0.2, v.SoC < 0.1
	if s.profile.Powertrain != vehicle.PowertrainBEV {
		st.EnergyLow, st.EnergyCritical = st.RangeKm < 80, st.RangeKm < 30
	}
}

// checkEnergy keeps the ranges and warns when energy runs low.
func (s *Sim) checkEnergy() {
	st := &s.st
	v := &st.Vehicle
	st.ElectricRangeKm, st.RangeKm = s.profile.RangeKm(*v)
	if v.Mode != s.lastMode {
		s.lastMode = v.Mode
		key := "sim.energy.extender_on"
		if v.Mode != vehicle.EnergyMode("cs") {
			key = "sim.energy.on_battery"
		}
		s.say(EventEnergyMode, string(v.Mode), v.SoC*100, msg.New(key))
	}
	s.energyFlags()
	low, critical := st.EnergyLow, st.EnergyCritical
	if low && !s.lowWarned {
		s.lowWarned = true
		s.say(EventEnergyLow, "", v.SoC*100, msg.New("sim.energy.low", msg.Num("km", st.RangeKm, 0)))
	}
	if critical && !s.criticalWarned {
		s.criticalWarned = true
		s.say(EventEnergyCritical, "", v.SoC*100, msg.New("sim.energy.critical", msg.Num("km", st.RangeKm, 0)))
	}
	if !st.Charging && !st.Arrived && st.RangeKm <= 0 && v.SpeedMps < 0.05 && st.Route != nil {
		st.Stranded, st.Ended = true, true
		s.say(EventStranded, "", 0, msg.New("sim.stranded"))
	}
}

func (s *Sim) checkBraking() {
	st := &s.st
	decel := -st.Vehicle.AccelMps2
	if decel > st.MaxDecel {
		st.MaxDecel = round2(decel)
	}
	if decel > harshDecel && !s.harsh {
		s.harsh = true
		s.say(EventHarshBraking, "", decel, msg.New("sim.brake.harsh", msg.Num("decel", decel, 1)))
	} else if decel < harshDecel*0.5 {
		s.harsh = false
	}
}

// Traffic lights. The map gives how many lights a road has between its
// junctions; they stand evenly spaced and run a fixed cycle whose phase
// comes from the road, so every run sees the same lights.
const (
	signalCycleS = 90.0 // a common Beijing arterial cycle
	signalGreenS = 50.0
	signalAmberS = 3.0
	signalLookM  = 250.0
)

// signalOffset is a stable phase for light k of a road (FNV-1a of its id).
func signalOffset(roadID string, k int) float64 {
	h := uint32(2166136261)
	for i := 0; i < len(roadID); i++ {
		h ^= uint32(roadID[i])
		h *= 16777619
	}
	h ^= uint32(k) * 2654435761
	return float64(h%9000) / 100
}

// updateSignal keeps the next traffic light in the conditions and, for the
// driver model, the distance to a red (or amber) light it can still stop
// for (0 if none).
func (s *Sim) updateSignal() {
	s.signalStopM = s.redLightAhead(s.st.Vehicle.SpeedMps)
}

func (s *Sim) redLightAhead(v float64) float64 {
	st := &s.st
	c := &st.Conditions
	c.SignalAheadM, c.SignalRed = 0, false
	r := st.Route
	if r == nil {
		return 0
	}
	for j := st.Segment; j < len(r.Segments); j++ {
		seg := &r.Segments[j]
		if seg.StartM-st.RouteM > signalLookM {
			break
		}
		n := seg.Road.Signals
		for k := 0; k < n; k++ {
			idx := k
			if seg.Reverse {
				idx = n - 1 - k
			}
			at := seg.StartM + seg.LengthM*float64(k+1)/float64(n+1)
			d := at - st.RouteM
			if d <= 0 {
				continue
			}
			if d > signalLookM {
				return 0
			}
			phase := math.Mod(st.Time.Seconds()+signalOffset(seg.Road.ID, idx), signalCycleS)
			red := phase >= signalGreenS
			c.SignalAheadM, c.SignalRed = d, red
			if !red {
				return 0
			}
			// Past the point of stopping comfortably, a driver goes on
			// through the amber.
			if v*v/(2*firmDecel) > d-1 && s.lastSignal != at {
				return 0
			}
			if s.lastSignal != at && s.st.Control == ControlAuto {
				s.lastSignal = at
				wait := signalCycleS - phase
				s.say(EventRedLight, seg.Road.ID, wait, msg.New("sim.signal.red", msg.Road("road", seg.Road.ID), msg.Num("s", wait, 0)))
			}
			return d
		}
	}
	return 0
}
