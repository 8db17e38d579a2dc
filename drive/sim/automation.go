package sim

import (
	"math"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/msg"
)

// Engage asks the automation to take over at a level. Engaging L3 waits
// for the driver's confirmation (confirm.go), whatever sent it.
type Engage struct{ Level automation.Level }

// Disengage is the driver pressing the assistance button to switch off.
type Disengage struct{}

// IgnitionRestart starts a new ignition cycle: an MRM's lock clears.
type IgnitionRestart struct{}

// HazardsOff is the driver pressing the hazard switch.
type HazardsOff struct{}

// IHaveControl is the driver saying "I have control": it acknowledges a
// takeover request but is not a takeover by itself.
type IHaveControl struct{}

// InjectFault makes the automation system report a fault (severe: it
// starts a minimal-risk manoeuvre at once); Clear ends it.
type InjectFault struct{ Severe, Clear bool }

// CheckMirror is the driver glancing at the mirror (drills score it
// before a lane change).
type CheckMirror struct{}

// Indicate is the driver setting the indicator (-1 left, +1 right).
type Indicate struct{ Dir int }

func (CheckMirror) command()     {}
func (Indicate) command()        {}
func (Engage) command()          {}
func (Disengage) command()       {}
func (IgnitionRestart) command() {}
func (HazardsOff) command()      {}
func (IHaveControl) command()    {}
func (InjectFault) command()     {}

// automationInput collects this step's one-shot requests to the machine.
type automationInput struct {
	engage     automation.Level
	disengage  bool
	restart    bool
	hazardsOff bool
	said       bool
	// The commands' positions in the step (Event.Cause), so the machine's
	// answer to a request is the request's: a reply or a signal write
	// then says whether the system engaged or why it refused.
	engageCause, disengageCause, restartCause int
}

// requestCause is the command an automation event answers, 0 for the
// machine's own transitions.
func (a *automationInput) requestCause(kind string) int {
	switch kind {
	case automation.EventEngaged, automation.EventRefused:
		return a.engageCause
	case automation.EventDisengaged:
		return a.disengageCause
	case automation.EventReset, automation.EventRestartRefused:
		return a.restartCause
	}
	return 0
}

// applyAutomation records an automation command for this step's machine
// input; it reports whether c was one.
func (s *Sim) applyAutomation(c Command) bool {
	switch c := c.(type) {
	case Engage:
		s.autoIn.engage, s.autoIn.engageCause = c.Level, s.cause
	case Disengage:
		s.autoIn.disengage, s.autoIn.disengageCause = true, s.cause
	case IgnitionRestart:
		s.autoIn.restart, s.autoIn.restartCause = true, s.cause
	case HazardsOff:
		s.autoIn.hazardsOff = true
	case IHaveControl:
		s.autoIn.said = true
	case InjectFault:
		s.fault, s.severeFault = !c.Clear, c.Severe && !c.Clear
	case CheckMirror:
		s.say(EventDriver, "mirror_check", 0, msg.New("sim.driver.mirror_check"))
	case Indicate:
		s.indicatedAt = s.st.Time
		side := "right"
		if c.Dir < 0 {
			side = "left"
		}
		s.say(EventDriver, "indicator", float64(c.Dir), msg.New("sim.driver.indicator", msg.Term("side", "sim.side."+side)))
	default:
		return false
	}
	return true
}

// oddRunEnd is where the route leaves the run of expressway it is on, the
// planned end of the L3 operational design domain (+Inf without a route or
// when the run ends at the destination's approach beyond the route).
func (s *Sim) oddRunEnd() float64 {
	st := &s.st
	r := st.Route
	if r == nil || st.Arrived {
		return math.Inf(1)
	}
	for j := st.Segment; j < len(r.Segments); j++ {
		seg := &r.Segments[j]
		if seg.Road.Type != "expressway" {
			return seg.StartM
		}
	}
	return r.LengthM
}

// stepAutomation feeds the machine this step's road, conditions and driver,
// turns its transitions into events and keeps its output in the state.
func (s *Sim) stepAutomation(in *Inputs) {
	st := &s.st
	c := &st.Conditions
	odd := automation.ODD{
		RoadType:       c.RoadType,
		Divided:        c.Divided,
		MixedTraffic:   c.MixedTraffic || c.Pedestrians > 0 || c.Mopeds > 0,
		Markings:       c.Markings,
		VisibilityM:    c.Weather.VisibilityM,
		Weather:        string(c.Weather.Kind),
		Night:          c.Night,
		SpeedKmh:       st.Vehicle.SpeedMps * 3.6,
		LeadPresent:    c.Lead.Present,
		LeadSpeedKmh:   c.Lead.SpeedMps * 3.6,
		SystemFault:    s.fault,
		SevereFault:    s.severeFault,
		BoundaryAheadM: math.Inf(1),
	}
	if c.RoadType == "expressway" {
		if end := s.oddRunEnd(); !math.IsInf(end, 1) {
			odd.BoundaryAheadM = math.Max(end-st.RouteM, 0)
		}
	}
	switch {
	case c.EmergencyVehicle:
		odd.UnplannedAhead = "emergency_vehicle"
	case c.Incident != nil && c.IncidentAheadM <= 1000:
		odd.UnplannedAhead, odd.UnplannedAheadM = string(c.Incident.Kind), c.IncidentAheadM
	}
	d := st.Driver
	ai := automation.Input{
		NowMs: int64(st.Time),
		ODD:   odd,
		Driver: automation.Driver{
			HandsOnWheel: d.HandsOnWheel, EyesOnRoad: d.EyesOnRoad, BeltOn: d.BeltOn, Seated: d.Seated,
			EyesClosed: d.EyesClosed, PhoneTask: d.Phone, SaidIHaveControl: s.autoIn.said,
			Steering:     in.Steer || in.LaneChange != 0 || s.requestLane != 0,
			Accelerating: in.Accel > 0.1,
			Braking:      in.Brake > 0.1,
		},
		EngageRequest:    s.autoIn.engage,
		DisengageRequest: s.autoIn.disengage,
		IgnitionRestart:  s.autoIn.restart,
		HazardsOff:       s.autoIn.hazardsOff,
	}
	switchedOff := s.autoIn.hazardsOff
	req := s.autoIn
	s.autoIn = automationInput{}
	out := s.auto.Step(ai)
	for _, e := range out.Events {
		s.events = append(s.events, Event{At: Millis(e.AtMs), Kind: EventKind(e.Kind), Subject: e.Subject, Value: round2(e.Value), Msg: e.Msg, Cause: req.requestCause(e.Kind)})
	}
	out.Events = nil
	st.Automation = out

	// What the system commands of the car's body: hazards from the start
	// of an MRM, doors unlocked at standstill. Once the system lets go of
	// the hazards they go off only by the driver's switch: an ignition
	// restart leaves a stopped car's hazards flashing.
	if out.Hazards != s.autoHazards {
		s.autoHazards = out.Hazards
		if out.Hazards || switchedOff {
			evs, _ := st.Cabin.Apply(cabin.SetLight{Target: cabin.LightHazard, On: out.Hazards}, s.cabinContext())
			s.cabinEvents(evs)
		}
	}
	if out.UnlockDoors && !s.autoUnlocked {
		s.autoUnlocked = true
		evs, _ := st.Cabin.Apply(cabin.SetDoorLock{Locked: false}, s.cabinContext())
		s.cabinEvents(evs)
	} else if !out.UnlockDoors {
		s.autoUnlocked = false
	}
}

// automationAccel overrides the longitudinal request while the system
// decelerates (MRM) or holds the car: it returns the request and true, or
// false when the system does not override.
func (s *Sim) automationAccel(driverAccel float64) (float64, bool) {
	out := &s.st.Automation
	switch {
	case out.HoldStandstill:
		return -s.profile.MaxBrakeDecel(), true
	case out.DecelMps2 > 0:
		// The system still drives during the MRM: it keeps its distance
		// and avoids what it sees ahead, braking harder than the MRM's
		// rate when it must. The driver's brake may add, never subtract.
		return math.Min(math.Min(-out.DecelMps2, s.systemAccel()), driverAccel), true
	}
	return 0, false
}
