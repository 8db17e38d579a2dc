package sim

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/world"
)

// roadTypeFactor is how busy a kind of road is relative to the city's
// demand: expressways carry the peaks, local streets much less.
func roadTypeFactor(t world.RoadType) float64 {
	switch t {
	case world.RoadType("expressway"):
		return 1.05
	case world.RoadType("ramp"):
		return 0.9
	case world.RoadType("arterial"):
		return 1.0
	case world.RoadType("street"):
		return 0.7
	}
	return 0.35
}

// updateConditions refreshes everything around the car that does not come
// from the route geometry: light, traffic, incidents, road users.
func (s *Sim) updateConditions() {
	st := &s.st
	c := &st.Conditions

	night := s.isNight()
	if night != c.Night {
		c.Night = night
		if st.Time > Step {
			if night {
				s.say(EventLightChanged, "night", 0, msg.New("sim.light.night"))
			} else {
				s.say(EventLightChanged, "day", 0, msg.New("sim.light.day"))
			}
			s.events[len(s.events)-1].Cause = s.nightCause
		}
	}
	s.nightCause = 0

	if st.Time >= s.nextTrafficCheck {
		s.nextTrafficCheck = st.Time + 30_000
		d := DemandAt(st.ClockS) * s.trafficScale * s.roadFactor
		if c.Incident != nil && c.Incident.Kind == IncidentCrash && c.IncidentAheadM < 2000 {
			d += 0.25 // rubbernecking and lane closures back traffic up
		}
		c.TrafficDensity = round2(clamp(d, 0, 1))
		if lvl := LevelOf(c.TrafficDensity); lvl != s.lastLevel {
			s.lastLevel = lvl
			c.Traffic = lvl
			if st.Route != nil {
				s.say(EventTrafficChanged, string(lvl), c.TrafficDensity, msg.New("sim.traffic.changed", msg.Term("level", "sim.traffic.level."+string(lvl)), msg.Road("road", c.RoadID)))
			}
		}
	}

	if st.Time >= s.nextUsersCheck {
		s.nextUsersCheck = st.Time + 10_000
		c.Mopeds, c.Pedestrians = 0, 0
		if c.MixedTraffic {
			c.Mopeds = int(math.Round(c.TrafficDensity * s.randRange(2, 10)))
			c.Pedestrians = int(math.Round(c.TrafficDensity * s.randRange(1, 8)))
		}
	}

	if c.EmergencyVehicle && st.Time >= s.emergencyUntil {
		c.EmergencyVehicle = false
		s.say(EventEmergencyPassed, string(IncidentEmergencyVehicle), 0, msg.New("sim.emergency.passed"))
	}

	s.updateIncidents()

	if st.Route == nil || st.Arrived || st.Charging {
		return
	}
	// Random traffic: a vehicle ahead, cut-ins, pedestrians. Rates grow
	// with density; none near the destination or a stop.
	v := st.Vehicle.SpeedMps
	nearStop := s.distanceToStop() < 150
	if !c.Lead.Present && !nearStop && s.rng.Float64() < c.TrafficDensity*dt/8 {
		gap := v*s.randRange(1.5, 4) + 15
		s.spawnLead("car", gap, s.flowSpeed()*s.randRange(0.92, 1.05), 0)
		s.say(EventLeadAppeared, "car", gap, msg.New("sim.lead.appeared", msg.Num("m", gap, 0)))
	}
	// Most cut-ins in traffic are a car squeezing into the gap at about the
	// same speed; the severe ones are scripted by scenarios.
	if c.Lanes >= 2 && v > 8 && c.TrafficDensity > 0.3 && !nearStop && s.rng.Float64() < c.TrafficDensity*dt/600 {
		s.cutIn("car", s.randRange(15, 35), v*s.randRange(0.94, 1.06))
	}
	if c.MixedTraffic && !nearStop {
		if s.rng.Float64() < c.TrafficDensity*dt/300 {
			s.cutIn("moped", s.randRange(15, 30), math.Min(v, s.randRange(5, 8)))
		}
		if c.PedestrianAheadM == 0 && s.rng.Float64() < c.TrafficDensity*dt/400 {
			// Pedestrians step out where a driver can still stop.
			gap := v*v/(2*3) + v*s.cfg.Driver.ReactionS + s.randRange(15, 40)
			s.pedestrianAtM = st.RouteM + gap
			s.pedestrianUntil = st.Time + Millis(s.randRange(5, 9)*1000)
			c.PedestrianAheadM = gap
			s.say(EventPedestrianCrossing, "pedestrian", gap, msg.New("sim.pedestrian.crossing", msg.Num("m", gap, 0)))
		}
	}
	if c.PedestrianAheadM > 0 {
		if st.Time >= s.pedestrianUntil || s.pedestrianAtM <= st.RouteM {
			c.PedestrianAheadM = 0
		} else {
			c.PedestrianAheadM = s.pedestrianAtM - st.RouteM
		}
	}
}

// updateIncidents announces, enters and passes incidents on the route and
// keeps the nearest one in the conditions.
func (s *Sim) updateIncidents() {
	st := &s.st
	c := &st.Conditions
	c.Incident, c.IncidentAheadM, c.InIncidentZone = nil, 0, false
	for _, in := range s.incidents {
		if in.passed || in.offRoute {
			continue
		}
		if !in.Active(st.Time) {
			in.passed = true
			s.say(EventIncidentCleared, string(in.Kind), 0, msg.New("sim.incident.cleared", msg.Term("kind", "sim.incident."+string(in.Kind))))
			continue
		}
		ahead := in.AtM - st.RouteM
		switch {
		case ahead > 2000:
			continue
		case ahead > 0:
			if !in.announced && ahead <= 1000 {
				in.announced = true
				s.say(EventIncidentAhead, string(in.Kind), ahead, msg.New("sim.incident.ahead", msg.Sub("what", in.Describe()), msg.Num("km", ahead/1000, 1)))
			}
		case -ahead <= in.LengthM:
			if !in.entered {
				in.entered, in.announced = true, true
				s.say(EventIncidentEntered, string(in.Kind), in.LimitKmh, msg.New("sim.incident.entered", msg.Sub("what", in.Describe())))
			}
		default:
			in.passed = true
			s.say(EventIncidentPassed, string(in.Kind), 0, msg.New("sim.incident.passed", msg.Term("kind", "sim.incident."+string(in.Kind))))
			continue
		}
		if c.Incident == nil || ahead < c.IncidentAheadM {
			c.Incident = in
			c.IncidentAheadM = math.Max(ahead, 0)
			c.InIncidentZone = ahead <= 0
		}
	}
	if c.InIncidentZone && c.Markings == "good" {
		c.Markings = "worn" // temporary lines and cones
	}
}

// flowSpeed is the speed traffic moves at here, m/s.
func (s *Sim) flowSpeed() float64 {
	c := &s.st.Conditions
	return c.Weather.SafeSpeedKmh(c.SpeedLimitKmh) / 3.6 * FlowFactor(c.TrafficDensity)
}

func (s *Sim) spawnLead(kind string, gap, speed, reaction float64) {
	l := &s.st.Conditions.Lead
	l.Present = true
	l.Kind = kind
	l.GapM = gap
	l.SpeedMps = math.Max(speed, 0)
	l.targetMps = l.SpeedMps
	l.seenAt = s.st.Time + Millis(reaction*1000)
	l.detectedAt, l.lateralM, l.holdUntil, l.SeenBySystem = -1, 0, 0, false
	l.leaveAfter = s.randMillis(20, 120)
	if kind == "moped" {
		l.leaveAfter = s.randMillis(5, 15)
	}
}

// humanReactionS is how long the simulated driver takes to react to
// something that appears ahead now: twice as long distracted or with the
// eyes off the road.
func (s *Sim) humanReactionS() float64 {
	r := s.cfg.Driver.ReactionS
	if s.cfg.Driver.Distracted || !s.st.Driver.EyesOnRoad {
		r *= 2
	}
	return r
}

func (s *Sim) cutIn(kind string, gap, speed float64) {
	if kind == "" {
		kind = "car"
	}
	if gap <= 0 {
		gap = 12
	}
	s.spawnLead(kind, gap, speed, s.humanReactionS())
	s.st.Conditions.Lead.lateralM = cutInLateralM
	s.say(EventCutIn, kind, gap, msg.New("sim.traffic.cut_in", msg.Term("vehicle", "sim.vehicle."+kind), msg.Num("m", gap, 0)))
}

// updateLead moves the vehicle ahead, checks for a collision and keeps time
// gap and time to collision.
func (s *Sim) updateLead(moved float64) {
	st := &s.st
	l := &st.Conditions.Lead
	v := st.Vehicle.SpeedMps
	if !l.Present {
		l.TimeGapS, l.TTCS = math.Inf(1), math.Inf(1)
		return
	}
	switch {
	case l.holdUntil > 0 && st.Time < l.holdUntil:
		l.targetMps = l.SpeedMps // a stopped car, debris or a pedestrian stays put
	case l.holdUntil > 0 && l.Kind != "car":
		// debris is cleared, the pedestrian has left the road
		l.Present = false
		s.say(EventLeadGone, l.Kind, 0, msg.New("sim.lead.gone"))
		return
	case l.holdUntil > 0:
		l.targetMps, l.holdUntil = s.flowSpeed(), 0 // the stopped car moves off
	case s.rng.Float64() < dt/15:
		l.targetMps = s.flowSpeed() * s.randRange(0.85, 1.05)
	}
	if l.Kind == "moped" {
		l.targetMps = math.Min(l.targetMps, 8)
	}
	dv := clamp(l.targetMps-l.SpeedMps, -3*dt, 1.5*dt)
	l.SpeedMps = math.Max(l.SpeedMps+dv, 0)
	l.GapM += l.SpeedMps*dt - moved
	if l.GapM <= 0 {
		l.GapM = 0
		st.Crashed, st.Ended = true, true
		st.Assist = AssistState{} // nothing left to warn of or brake for
		s.say(EventCollision, l.Kind, v*3.6, msg.New("sim.collision", msg.Term("vehicle", "sim.vehicle."+l.Kind), msg.Num("kmh", v*3.6, 0)))
		st.Vehicle.SpeedMps = 0
		return
	}
	st.Conditions.Lead.TimeGapS = math.Inf(1)
	if v > 0.5 {
		l.TimeGapS = l.GapM / v
	}
	l.TTCS = math.Inf(1)
	if closing := v - l.SpeedMps; closing > 0.1 {
		l.TTCS = l.GapM / closing
		if l.TTCS < st.MinTTCS {
			st.MinTTCS = round2(l.TTCS)
		}
	}
	gone := st.Time >= l.leaveAfter && l.GapM > 20 || l.GapM > 250
	if !gone && st.NextManeuver != "" && st.NextManeuver != "straight" && l.GapM > st.NextManeuverM+10 {
		gone = true // it went another way at the junction
	}
	if gone {
		l.Present = false
		s.say(EventLeadGone, l.Kind, 0, msg.New("sim.lead.gone"))
	}
}

func (s *Sim) updateLaneChange(req int) {
	st := &s.st
	c := &st.Conditions
	if s.laneChangeDir != 0 && st.Time >= s.laneChangeEnd {
		c.Lane += s.laneChangeDir
		s.laneChangeDir = 0
		c.Lead.Present = false
		c.LaneOffsetM = 0
		s.say(EventLaneChanged, "", float64(c.Lane), msg.New("sim.lane.changed", msg.Int("lane", c.Lane), msg.Int("lanes", c.Lanes)))
	}
	if req == 0 || s.laneChangeDir != 0 {
		return
	}
	side := "right"
	if req < 0 {
		side, req = "left", -1
	} else {
		req = 1
	}
	target := c.Lane + req
	open := c.Lanes
	if c.InIncidentZone && c.Incident != nil {
		open -= c.Incident.LanesClosed
	}
	switch {
	case target < 1 || target > open:
		s.say(EventLaneChangeRejected, side, 0, msg.New("sim.lane.none", msg.Term("side", "sim.side."+side)))
	case st.Vehicle.SpeedMps < 1:
		s.say(EventLaneChangeRejected, side, 0, msg.New("sim.lane.stopped"))
	default:
		s.laneChangeDir = req
		s.laneChangeEnd = st.Time + 4000
		s.say(EventLaneChangeStarted, side, float64(target), msg.New("sim.lane.change_started", msg.Term("side", "sim.side."+side)))
	}
}
