package sim

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
)

// The lateral model: where the car is across its lane. The automation
// centres it while it drives; an attentive driver holds it near the
// centre; with the eyes off the road, a phone in hand or the hands off the
// wheel it drifts, and a wheel over the line is a lane departure that the
// lane-departure warning announces just before and the drills score.
// Drift rates are design values in the range driving-simulator studies
// report for visual distraction (lateral speeds of about 0.1-0.3 m/s).
const (
	laneWidthM       = 3.75 // GB expressway and arterial lanes
	streetLaneWidthM = 3.5  // urban streets
	defaultCarWidthM = 1.9
	centreMps        = 0.3  // how fast lane centring or an attentive driver recentres
	driftEyesMps     = 0.12 // eyes off the road, hands on the wheel
	driftPhoneMps    = 0.15 // a phone in hand
	driftHandsMps    = 0.3  // nobody steering (road camber)
	ldwIndicatorS    = 10.0 // the indicator makes a crossing intentional for this long
)

// departureLimitM is the offset at which a wheel of the car touches the
// lane line.
func (s *Sim) departureLimitM() float64 {
	w := defaultCarWidthM
	if s.profile.WidthM > 0 {
		w = s.profile.WidthM
	}
	return math.Max((s.st.Conditions.LaneWidthM-w)/2, 0.2)
}

// driftRate is how fast the car drifts with nobody keeping the lane, 0
// when somebody does.
func (s *Sim) driftRate() float64 {
	st := &s.st
	d := &st.Driver
	switch {
	case st.Automation.Active:
		return 0 // the system keeps the lane, during the MRM too
	case !d.HandsOnWheel || !d.Seated || d.EyesClosed:
		return driftHandsMps
	case !d.EyesOnRoad:
		return driftEyesMps
	case d.Phone:
		return driftPhoneMps
	}
	return 0
}

// updateLateral moves the car across its lane for this step and warns of
// and reports departures.
func (s *Sim) updateLateral() {
	st := &s.st
	c := &st.Conditions
	v := st.Vehicle.SpeedMps
	c.LaneMarginM = s.departureLimitM()
	if s.laneChangeDir != 0 || v < 1 {
		// a lane change is a deliberate crossing; it ends in the new
		// lane's centre (updateLaneChange)
		s.ldwWarned, s.departed = false, false
		return
	}
	rate := s.driftRate()
	switch {
	case rate == 0:
		c.LaneOffsetM -= math.Copysign(math.Min(math.Abs(c.LaneOffsetM), centreMps*dt), c.LaneOffsetM)
	default:
		if c.LaneOffsetM == 0 {
			s.driftDir = -s.driftDir // each lapse drifts the other way
		}
		c.LaneOffsetM += s.driftDir * rate * dt
	}
	lim := c.LaneMarginM
	c.LaneOffsetM = clamp(c.LaneOffsetM, -lim-1, lim+1)
	off := math.Abs(c.LaneOffsetM)
	side := "right"
	if c.LaneOffsetM < 0 {
		side = "left"
	}
	intended := st.Time-s.indicatedAt <= Millis(ldwIndicatorS*1000)
	if off >= lim-s.assist.LDWEarlyM && !s.ldwWarned && !intended && v*3.6 >= s.assist.LDWMinKmh && !c.InIncidentZone && c.Markings != "none" {
		s.ldwWarned = true
		s.say(EventLDW, side, off, msg.New("sim.assist.ldw", msg.Term("side", "sim.side."+side)))
	}
	if off > lim && !s.departed && !intended {
		s.departed = true
		s.say(EventLaneDeparture, side, off, msg.New("sim.lane.departure", msg.Term("side", "sim.side."+side)))
	}
	if off < lim-s.assist.LDWEarlyM-0.2 {
		s.ldwWarned, s.departed = false, false
	}
	if s.ldwWarned && rate > 0 {
		st.Assist.LaneWarning, st.Assist.LaneSide = true, side
	}
}
