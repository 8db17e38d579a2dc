package sim

import (
	"fmt"
	"math"

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

// pedalAccel maps pedal positions to an acceleration request.
func (s *Sim) pedalAccel(accel, brake float64) float64 {
	accel, brake = clamp(accel, 0, 1), clamp(brake, 0, 1)
	switch {
	case brake > 0:
		return -brake * s.profile.MaxBrakeDecel()
	case accel > 0:
		return accel * s.profile.MaxTractionAccel(s.st.Vehicle.SpeedMps)
	}
	if s.st.Vehicle.SpeedMps <= 0 {
		return 0
	}
	return -coastDecel
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
	return math.Min(v, s.profile.MaxSpeedKmh) / 3.6
}

// driverModelAccel is the built-in driver: it follows the route at the
// speed conditions allow, slows in time for lower limits, turns, incidents
// and stops, and keeps its distance to the vehicle ahead (IDM).
func (s *Sim) driverModelAccel() float64 {
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
	if s.cancelled {
		v0 = 0
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
		a = idmAccel * (1 - math.Pow(v/v0, 4))
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
	if l := &st.Conditions.Lead; l.Present && st.Time >= l.seenAt {
		gap, obstacleV = l.GapM, l.SpeedMps
	}
	if p := st.Conditions.PedestrianAheadM; p > 0 && p < gap {
		gap, obstacleV = p, 0
	}
	if d := s.distanceToStop() + idmMinGap; d < gap {
		gap, obstacleV = d, 0
	}
	if !math.IsInf(gap, 1) {
		sStar := idmMinGap + math.Max(0, v*idmTimeGap+v*(v-obstacleV)/(2*math.Sqrt(idmAccel*idmDecel)))
		g := math.Max(gap, 0.1)
		a -= idmAccel * (sStar / g) * (sStar / g)
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
	m, d, _ := r.NextManeuver(st.RouteM)
	st.NextManeuver, st.NextManeuverM = m, d
	if m != "straight" && m != "arrive" && m != "" && d <= 300 && s.announcedManeuver != st.Segment {
		s.announcedManeuver = st.Segment
		s.emit(EventManeuverAhead, string(m), d, fmt.Sprintf("In %.0f m: %s", d, maneuverWords(m)))
	}

	v := st.Vehicle.SpeedMps
	if s.stopIndex < len(r.Stops) && !st.Charging {
		stop := &r.Stops[s.stopIndex]
		if stop.AtM-st.RouteM < 3 && v < 0.3 {
			s.startCharging(stop)
		}
	}
	if s.stopIndex >= len(r.Stops) && !st.Arrived && s.pendingRoute == nil && r.LengthM-st.RouteM < 3 && v < 0.3 {
		st.Arrived, st.Ended = true, true
		st.Vehicle.SpeedMps, st.Vehicle.AccelMps2 = 0, 0
		st.RouteM = r.LengthM
		st.RemainingM, st.ETAS = 0, 0
		name := st.Destination
		if p, err := s.world.Place(st.Destination); err == nil {
			name = p.NameEN
		}
		s.emit(EventArrived, st.Destination, st.Time.Seconds()/60, fmt.Sprintf("Arrived at %s", name))
	}
	if s.cancelled && v < 0.05 {
		st.Route = nil
		s.cancelled = false
		st.NextManeuver, st.NextManeuverM, st.RemainingM, st.ETAS = "", 0, 0, 0
	}
}

func maneuverWords(m route.Maneuver) string {
	switch m {
	case "take_ramp":
		return "take the ramp"
	case "exit":
		return "take the exit"
	case "merge":
		return "merge"
	case "u_turn":
		return "make a U-turn"
	case "charge_stop":
		return "charging stop"
	}
	w := string(m)
	for i := 0; i < len(w); i++ {
		if w[i] == '_' {
			w = w[:i] + " " + w[i+1:]
		}
	}
	return "turn " + w
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
	s.lastRoadID = road.ID
	c.RoadID, c.RoadName, c.RoadNameZH = road.ID, road.NameEN, road.NameZH
	c.Lanes = road.Lanes
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
	s.emit(EventRoadEntered, road.ID, seg.SpeedLimitKmh, fmt.Sprintf("Entering %s (%s, limit %.0f km/h)", road.NameEN, road.Type, seg.SpeedLimitKmh))
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
		s.emit(EventChargingStarted, st.ChargingStation, 0, fmt.Sprintf("Refuelling at %s", stop.Station.Place.NameEN))
		return
	}
	s.chargeTarget = math.Min(stop.DepartKWh/s.profile.BatteryKWh, 0.97)
	if s.chargeTarget <= st.Vehicle.SoC {
		s.chargeTarget = math.Min(st.Vehicle.SoC+0.1, 0.97)
	}
	st.ChargingKW = s.profile.ChargePowerKW(st.Vehicle.SoC, stop.Station.PowerKW)
	s.emit(EventChargingStarted, st.ChargingStation, stop.Station.PowerKW,
		fmt.Sprintf("Charging at %s (%.0f kW) to %.0f %%", stop.Station.Place.NameEN, stop.Station.PowerKW, s.chargeTarget*100))
}

func (s *Sim) charge() {
	st := &s.st
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
		s.emit(EventChargingFinished, st.ChargingStation, st.Vehicle.SoC*100, fmt.Sprintf("Charging finished at %.0f %%: continuing", st.Vehicle.SoC*100))
		st.ChargingStation = ""
	}
}

// checkEnergy keeps the ranges and warns when energy runs low.
func (s *Sim) checkEnergy() {
	st := &s.st
	v := &st.Vehicle
	st.ElectricRangeKm, st.RangeKm = s.profile.RangeKm(*v)
	if v.Mode != s.lastMode {
		s.lastMode = v.Mode
		text := "Range extender on: holding the battery"
		if v.Mode != vehicle.EnergyMode("cs") {
			text = "Driving on battery"
		}
		s.emit(EventEnergyMode, string(v.Mode), v.SoC*100, text)
	}
	low, critical := v.SoC < 0.2, v.SoC < 0.1
	if s.profile.Powertrain != vehicle.PowertrainBEV {
		low, critical = st.RangeKm < 80, st.RangeKm < 30
	}
	if low && !s.lowWarned {
		s.lowWarned = true
		s.emit(EventEnergyLow, "", v.SoC*100, fmt.Sprintf("Energy low: %.0f km left", st.RangeKm))
	}
	if critical && !s.criticalWarned {
		s.criticalWarned = true
		s.emit(EventEnergyCritical, "", v.SoC*100, fmt.Sprintf("Energy critical: %.0f km left, charge now", st.RangeKm))
	}
	if !st.Charging && !st.Arrived && st.RangeKm <= 0 && v.SpeedMps < 0.05 && st.Route != nil {
		st.Stranded, st.Ended = true, true
		s.emit(EventStranded, "", 0, "Out of energy: the car cannot move")
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
		s.emit(EventHarshBraking, "", decel, fmt.Sprintf("Harsh braking, %.1f m/s²", decel))
	} else if decel < harshDecel*0.5 {
		s.harsh = false
	}
}
