package sim

import (
	"math"
	"slices"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/msg"
)

// The car's own perception, separate from the driver's. The automation
// (L2, L3, the MRM) and the driver assistance (FCW, AEB) act on what the
// sensors of automation.Sensors see: an object is detected once it is in
// range and inside the field of view, and acted on after the perception
// latency. The simulated human keeps Lead.seenAt, its reaction time
// (humanReactionS), restarted while its eyes are off the road; that never
// delays the system.

// cutInLateralM is how far the centre of a cutting-in vehicle is from the
// centre of our lane when the cut-in begins (its wheel on the line:
// half a 3.75 m lane plus half a car), and cutInLateralMps how fast it
// moves across (R157 cut-in tests use about 0.3-1.5 m/s; design 1 m/s).
const (
	cutInLateralM   = 2.8
	cutInLateralMps = 1.0
)

// ObstacleKinds are what Obstacle may put in the lane (scenario files
// check against them).
var ObstacleKinds = []string{"car", "debris", "pedestrian"}

// Obstacle puts a stationary or slow object in the lane ahead: a stopped
// car that a cut-out reveals, debris, a pedestrian on the carriageway. It
// stays HoldS seconds (default 30) before it moves off or is cleared.
type Obstacle struct {
	Kind     string
	GapM     float64
	SpeedKmh float64
	HoldS    float64
}

func (Obstacle) command() {}

// addObstacle places an Obstacle; it is seen from the moment it appears
// (the car in front that hid it has just left the lane).
func (s *Sim) addObstacle(c Obstacle) {
	st := &s.st
	switch {
	case !slices.Contains(ObstacleKinds, c.Kind):
		s.say(EventCommandRejected, "obstacle", 0, msg.New("sim.rejected.obstacle_kind", msg.Text("kind", c.Kind)))
		return
	case st.Route == nil || st.Arrived || s.park != nil:
		s.say(EventCommandRejected, "obstacle", 0, msg.New("sim.rejected.obstacle_no_road"))
		return
	}
	gap := c.GapM
	if gap <= 0 {
		gap = 80
	}
	hold := c.HoldS
	if hold <= 0 {
		hold = 30
	}
	s.spawnLead(c.Kind, gap, math.Max(c.SpeedKmh, 0)/3.6, s.humanReactionS())
	l := &st.Conditions.Lead
	l.holdUntil = st.Time + Millis(hold*1000)
	l.leaveAfter = l.holdUntil
	s.say(EventObstacle, c.Kind, gap, msg.New("sim.traffic.obstacle", msg.Term("what", "sim.vehicle."+c.Kind), msg.Num("m", gap, 0)))
}

// inView reports whether the sensors can see an object gap metres ahead
// and lateral metres off the lane's centre.
func (s *Sim) inView(gap, lateral float64) bool {
	if gap > s.sensing.RangeM {
		return false
	}
	half := s.sensing.FOVDeg / 2 * math.Pi / 180
	return math.Atan2(lateral, math.Max(gap, 0.1)) <= half
}

// updatePerception moves a cutting-in vehicle across and tracks what the
// sensors see, before anyone acts this step.
func (s *Sim) updatePerception() {
	st := &s.st
	l := &st.Conditions.Lead
	if !l.Present {
		l.SeenBySystem = false
		return
	}
	if l.lateralM > 0 {
		l.lateralM = math.Max(0, l.lateralM-cutInLateralMps*dt)
	}
	// The human sees it only with the eyes on the road: while they are
	// elsewhere, their reaction time starts again from now.
	if d := &st.Driver; st.Time < l.seenAt && (!d.EyesOnRoad || d.EyesClosed) {
		l.seenAt = st.Time + Millis(s.cfg.Driver.ReactionS*1000)
	}
	if l.detectedAt < 0 && s.inView(l.GapM, l.lateralM) {
		l.detectedAt = st.Time
	}
	l.SeenBySystem = l.detectedAt >= 0 && st.Time >= l.detectedAt+s.latency
	if p := st.Conditions.PedestrianAheadM; p > 0 {
		if s.pedDetectedAt < 0 && s.inView(p, 0) {
			s.pedDetectedAt = st.Time
		}
	} else {
		s.pedDetectedAt = -1
	}
}

// pedestrianSeen: the sensors track the crossing pedestrian.
func (s *Sim) pedestrianSeen() bool {
	return s.st.Conditions.PedestrianAheadM > 0 && s.pedDetectedAt >= 0 && s.st.Time >= s.pedDetectedAt+s.latency
}

// threat is an object the sensors track in the lane.
type threat struct {
	kind       string // the lead's kind, or "pedestrian"
	gap, speed float64
}

// threatAhead is the nearest object the sensors track in the lane (the
// lead or a pedestrian); ok is false when there is none. Stop lines and
// lights are the planner's, not a collision threat.
func (s *Sim) threatAhead() (t threat, ok bool) {
	c := &s.st.Conditions
	t.gap = math.Inf(1)
	if c.Lead.Present && c.Lead.SeenBySystem {
		t, ok = threat{c.Lead.Kind, c.Lead.GapM, c.Lead.SpeedMps}, true
	}
	if s.pedestrianSeen() && c.PedestrianAheadM < t.gap {
		t, ok = threat{"pedestrian", c.PedestrianAheadM, 0}, true
	}
	return t, ok
}

// note puts what the assistance acts on into the state.
func (s *Sim) note(t threat) {
	as := &s.st.Assist
	as.Threat, as.ThreatM, as.TTCS = t.kind, round2(t.gap), math.Inf(1)
	if closing := s.st.Vehicle.SpeedMps - t.speed; closing > 0.1 {
		as.TTCS = round2(t.gap / closing)
	}
}

// avoidMarginM is the distance the collision avoidance aims to stop short
// of an object.
const avoidMarginM = 1.0

// needDecel is the constant deceleration that matches an object's speed
// avoidMarginM short of it (+Inf when no braking can).
func needDecel(v, vObj, gap float64) float64 {
	closing := v - vObj
	if closing <= 0 {
		return 0
	}
	room := gap - avoidMarginM
	if room <= 0.05 {
		return math.Inf(1)
	}
	return closing * closing / (2 * room)
}

// systemAccel is the automation's longitudinal control while it drives and
// during the MRM: the same careful following as the driver model, but on
// the sensors' picture, capped at the comfort deceleration unless a
// collision needs more, then braking as hard as it must (an emergency
// manoeuvre, R157 §5.2.5).
func (s *Sim) systemAccel() float64 {
	v := s.st.Vehicle.SpeedMps
	a := s.followAccel(true)
	comfort := s.sensing.ComfortDecelMps2
	t, ok := s.threatAhead()
	need := 0.0
	if ok {
		need = needDecel(v, t.speed, t.gap)
	}
	// Brake at least a fifth harder than the constant deceleration that
	// stops short of it, so a late or changing picture still leaves room.
	brake := math.Min(need*1.2, s.sensing.EmergencyDecelMps2)
	if need > 0.3 {
		a = math.Min(a, -brake)
	}
	if brake > comfort {
		s.note(t)
		s.st.Assist.SystemBraking = true
		if !s.emergencyBraking {
			s.emergencyBraking = true
			s.say(EventEmergencyBrake, t.kind, brake, msg.New("sim.assist.emergency_brake", msg.Term("what", "sim.vehicle."+t.kind), msg.Num("m", t.gap, 0)))
		}
		return -brake // what the collision needs, not the follow model's alarm
	}
	if brake < comfort*0.5 {
		s.emergencyBraking = false
	}
	return math.Max(a, -comfort)
}

// assistAccel is the forward-collision warning and the automatic emergency
// brake of manual driving (and of the simulated driver). While the
// driver's braking (a) would not avoid a collision, it warns when the time
// to collision falls below Assist.FCWTTCS or, after a driver's reaction,
// stopping would need more than FCWDecelMps2; it brakes at AEBDecelMps2
// below AEBTTCS or once avoiding needs more than AEBNeedMps2, until the
// car stops (then holds it) or the danger has passed. A kick-down
// (accelerator nearly full) overrides the brake, as production systems
// allow.
func (s *Sim) assistAccel(a float64, in *Inputs) float64 {
	v := s.st.Vehicle.SpeedMps
	t, ok := s.threatAhead()
	closing := v - t.speed
	as := &s.assist
	if s.aebHold {
		// stopped by the brake: it holds the car until the driver presses
		// a pedal or the way ahead clears (a blind driver model would
		// otherwise drive into what it cannot see)
		if in.Accel <= 0.1 && in.Brake <= 0.1 && ok {
			s.note(t)
			s.st.Assist.Holding = true
			return math.Min(a, -as.AEBDecelMps2)
		}
		s.aebHold = false
		s.say(EventAEB, "released", v*3.6, msg.New("sim.assist.aeb_released", msg.Num("kmh", v*3.6, 0)))
	}
	if s.aebBraking {
		switch {
		case v <= 0.05:
			s.aebBraking, s.aebHold = false, true
			s.say(EventAEB, "hold", 0, msg.New("sim.assist.aeb_hold"))
			return math.Min(a, -as.AEBDecelMps2)
		case ok && closing > 0.1 && in.Accel < 0.9:
			s.note(t)
			s.st.Assist.Braking = true
			return math.Min(a, -as.AEBDecelMps2)
		}
		// the danger has passed or the driver kicked down
		s.aebBraking = false
		s.say(EventAEB, "released", v*3.6, msg.New("sim.assist.aeb_released", msg.Num("kmh", v*3.6, 0)))
	}
	if !ok || closing <= 0.1 || v < 1 {
		if !ok || closing <= 0 {
			s.fcwWarned = false
		}
		return a
	}
	ttc := t.gap / closing
	need := needDecel(v, t.speed, t.gap)
	if -a >= need {
		return a // the driver is braking enough
	}
	late := needDecel(v, t.speed, t.gap-closing*as.FCWReactionS) // after the driver's reaction
	if (ttc < as.FCWTTCS || late > as.FCWDecelMps2) && !s.fcwWarned {
		s.fcwWarned = true
		s.say(EventFCW, t.kind, ttc, msg.New("sim.assist.fcw", msg.Term("what", "sim.vehicle."+t.kind), msg.Num("s", ttc, 1)))
	}
	if (ttc < as.AEBTTCS || need > as.AEBNeedMps2) && in.Accel < 0.9 {
		s.aebBraking = true
		s.say(EventAEB, t.kind, as.AEBDecelMps2, msg.New("sim.assist.aeb", msg.Term("what", "sim.vehicle."+t.kind), msg.Num("kmh", v*3.6, 0)))
		s.note(t)
		s.st.Assist.Warning, s.st.Assist.Braking = s.fcwWarned, true
		return math.Min(a, -as.AEBDecelMps2)
	}
	if s.fcwWarned {
		s.note(t)
		s.st.Assist.Warning = true
	}
	return a
}

// sensing copies what the drive loop reads of the preset, once.
func sensingOf(p *automation.Params) (automation.Sensors, automation.Assist, Millis) {
	return p.Sensors, p.Assist, Millis(math.Round(p.Sensors.LatencyS * 1000))
}
