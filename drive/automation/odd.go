package automation

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
)

// ODD is what the automation perceives of its operational design domain in
// one step. The drive loop fills it from sim.Conditions and the route.
type ODD struct {
	// RoadType is world.RoadType as text ("expressway", "ramp", ...).
	RoadType string
	// Divided: physically separated carriageways.
	Divided bool
	// MixedTraffic: pedestrians, cyclists or e-mopeds share the road (or
	// are present around the car).
	MixedTraffic bool
	// Markings: "good", "worn" or "none".
	Markings string
	// VisibilityM at the car, and Weather its kind ("clear", "rain", "fog",
	// "snow").
	VisibilityM float64
	Weather     string
	Night       bool
	// SpeedKmh is the car's speed.
	SpeedKmh float64
	// LeadPresent: a vehicle ahead in the lane; LeadSpeedKmh its speed.
	LeadPresent  bool
	LeadSpeedKmh float64
	// SystemFault: a sensor or actuator fault; the system can still drive
	// through a takeover request. SevereFault: it cannot, the MRM starts at
	// once (R157 §5.5: MRM without the full request after a severe failure).
	SystemFault, SevereFault bool
	// BoundaryAheadM is the distance along the route to the planned end of
	// the ODD (exit ramp, end of the expressway); 0 or +Inf when none is
	// known.
	BoundaryAheadM float64
	// UnplannedAhead is an event detected ahead that the system cannot
	// drive through: "fog", "roadworks", "crash", "lost_markings",
	// "emergency_vehicle", or "" for none. UnplannedAheadM is its distance
	// (0 if unknown or at the car), used only in explanations.
	UnplannedAhead  string
	UnplannedAheadM float64
}

// Driver is what the driver-monitoring system and the controls report in
// one step.
type Driver struct {
	HandsOnWheel, EyesOnRoad, BeltOn, Seated bool
	// EyesClosed: drowsy or asleep; no availability evidence at all.
	EyesClosed bool
	// Steering, Accelerating and Braking are inputs in this step (above the
	// override thresholds; the drive loop decides those).
	Steering, Accelerating, Braking bool
	// PhoneTask: the driver is busy with a non-driving task on the centre
	// screen. Touching the screen shows they are awake (availability
	// evidence) but takes the eyes off the road.
	PhoneTask bool
	// SaidIHaveControl: the voice layer heard "I have control" (我来开) in
	// this step. It acknowledges a request; it is not a takeover.
	SaidIHaveControl bool
}

// ReasonCode names why the automation is unavailable or why it requested a
// takeover. It is the Subject of automation events.
type ReasonCode string

// Reason codes. The first group are ODD or driver preconditions (also
// reported by Availability); the second only start takeover requests.
const (
	ReasonRoadType         ReasonCode = "road_type"
	ReasonNotDivided       ReasonCode = "not_divided"
	ReasonMixedTraffic     ReasonCode = "mixed_traffic"
	ReasonMarkings         ReasonCode = "markings"
	ReasonVisibility       ReasonCode = "visibility"
	ReasonWeather          ReasonCode = "weather"
	ReasonNight            ReasonCode = "night"
	ReasonSpeed            ReasonCode = "speed"
	ReasonNoLead           ReasonCode = "no_lead"
	ReasonNotCongested     ReasonCode = "not_congested"
	ReasonFault            ReasonCode = "fault"
	ReasonBoundary         ReasonCode = "boundary"
	ReasonFogAhead         ReasonCode = "fog"
	ReasonRoadworks        ReasonCode = "roadworks"
	ReasonCrashAhead       ReasonCode = "crash"
	ReasonLostMarkings     ReasonCode = "lost_markings"
	ReasonEmergencyVehicle ReasonCode = "emergency_vehicle"
	ReasonNotSeated        ReasonCode = "not_seated"
	ReasonBeltOff          ReasonCode = "belt_off"
	ReasonLocked           ReasonCode = "locked"
	ReasonStabilising      ReasonCode = "stabilising"
	ReasonL2Locked         ReasonCode = "l2_locked"

	ReasonPlannedExit      ReasonCode = "planned_exit"
	ReasonUnavailable      ReasonCode = "driver_unavailable"
	ReasonOutOfSeat        ReasonCode = "out_of_seat"
	ReasonPedalOverride    ReasonCode = "pedal_override"
	ReasonEyesOffOverride  ReasonCode = "eyes_off_override"
	ReasonDisengageNoHands ReasonCode = "disengage_no_hands"
	ReasonSevereFault      ReasonCode = "severe_fault"
)

// Reason explains one unmet condition.
type Reason struct {
	Code ReasonCode
	// Value is the measured figure and Limit the one the system needs
	// (visibility, speed, distance), 0 when not applicable.
	Value, Limit float64
	// Msg says it for the catalogues in assets/ui to put into words.
	Msg msg.Msg
}

// rawReason is a Reason before its text is formatted: the machine checks
// conditions every step and formats words only when someone reads them.
type rawReason struct {
	code         ReasonCode
	value, limit float64
	word         string // weather kind, road type or markings state
}

// maxReasons is the number of conditions that can fail at once.
const maxReasons = 16

type reasons struct {
	n int
	r [maxReasons]rawReason
}

func (rs *reasons) add(code ReasonCode, value, limit float64, word string) {
	if rs.n < maxReasons {
		rs.r[rs.n] = rawReason{code, value, limit, word}
		rs.n++
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkODD appends every unmet environmental condition. Speed is checked
// only when withSpeed (at engagement: once active the system holds its own
// speed under the limit).
func (p *Params) checkODD(o *ODD, withSpeed bool, rs *reasons) {
	if !contains(p.RoadTypes, o.RoadType) {
		rs.add(ReasonRoadType, 0, 0, o.RoadType)
	}
	if p.RequireDivided && !o.Divided {
		rs.add(ReasonNotDivided, 0, 0, "")
	}
	if o.MixedTraffic {
		rs.add(ReasonMixedTraffic, 0, 0, "")
	}
	if o.Markings != "good" {
		rs.add(ReasonMarkings, 0, 0, o.Markings)
	}
	// Visibility first: "fog, visibility 12 m is below the 50 m the system
	// needs" says more than "fog is outside the weather limits".
	if o.VisibilityM < p.MinVisibilityM || math.IsNaN(o.VisibilityM) {
		rs.add(ReasonVisibility, o.VisibilityM, p.MinVisibilityM, o.Weather)
	}
	if !contains(p.Weathers, o.Weather) {
		rs.add(ReasonWeather, 0, 0, o.Weather)
	}
	if p.DaylightOnly && o.Night {
		rs.add(ReasonNight, 0, 0, "")
	}
	if withSpeed && !(o.SpeedKmh <= p.MaxSpeedKmh) {
		rs.add(ReasonSpeed, o.SpeedKmh, p.MaxSpeedKmh, "")
	}
	if p.RequireLead && !o.LeadPresent {
		rs.add(ReasonNoLead, 0, 0, "")
	}
	if p.CongestedBelowKmh > 0 && o.LeadPresent && !(o.LeadSpeedKmh < p.CongestedBelowKmh) {
		rs.add(ReasonNotCongested, o.LeadSpeedKmh, p.CongestedBelowKmh, "")
	}
	if o.SystemFault || o.SevereFault {
		rs.add(ReasonFault, 0, 0, "")
	}
	switch o.UnplannedAhead {
	case "":
	case "fog":
		rs.add(ReasonFogAhead, o.UnplannedAheadM, 0, "")
	case "roadworks":
		rs.add(ReasonRoadworks, o.UnplannedAheadM, 0, "")
	case "crash":
		rs.add(ReasonCrashAhead, o.UnplannedAheadM, 0, "")
	case "lost_markings":
		rs.add(ReasonLostMarkings, o.UnplannedAheadM, 0, "")
	case "emergency_vehicle":
		rs.add(ReasonEmergencyVehicle, o.UnplannedAheadM, 0, "")
	default:
		// An unknown hazard is still a hazard: fail safe.
		rs.add(ReasonRoadworks, o.UnplannedAheadM, 0, o.UnplannedAhead)
	}
}

// boundaryS is the travel time to the planned ODD end, +Inf when none.
func boundaryS(o *ODD) float64 {
	d := o.BoundaryAheadM
	if !(d > 0) || math.IsInf(d, 1) {
		return math.Inf(1)
	}
	// Below walking pace the time to the boundary is dominated by the
	// crawl; floor the speed so a jam does not postpone the request forever.
	v := math.Max(o.SpeedKmh/3.6, minBoundarySpeedMps)
	return d / v
}

// minBoundarySpeedMps floors the speed used for the planned-exit timing.
const minBoundarySpeedMps = 1.0

// markingNames are the lane-marking states the catalogues name.
var markingNames = []string{"good", "worn", "none"}

// word is an argument naming a road type, weather or marking state: the
// catalogue's term under prefix when it is one of known, else the word as
// it came (a map may carry a value this build does not know, and the
// driver should still read it).
func word(name, prefix, w string, known []string) msg.Arg {
	if contains(known, w) {
		return msg.Term(name, prefix+w)
	}
	return msg.Text(name, w)
}

// whole is a figure rounded to a whole number, the way every reason shows
// metres, seconds and km/h.
func whole(name string, v float64) msg.Arg { return msg.Num(name, math.Round(v), 0) }

// reasonKey is the catalogue key of a reason ("automation.reason.fog").
func reasonKey(c ReasonCode) string { return "automation.reason." + string(c) }

// msg is the reason as a message, the part of a sentence after "Takeover
// requested: " / "L3 unavailable: ", for the catalogues in assets/ui to
// put into words.
func (r rawReason) msg() msg.Msg {
	key := reasonKey(r.code)
	switch r.code {
	case ReasonRoadType:
		if r.word == "" {
			return msg.New(key + ".unknown")
		}
		return msg.New(key, word("road", "sim.road_type.", r.word, RoadTypeNames))
	case ReasonMarkings:
		if r.word == "" {
			return msg.New(key + ".unknown")
		}
		return msg.New(key, word("state", "automation.markings.", r.word, markingNames))
	case ReasonWeather:
		if r.word == "" {
			return msg.New(key + ".unknown")
		}
		return msg.New(key, word("weather", "automation.weather.", r.word, WeatherNames))
	case ReasonVisibility:
		if r.word == "fog" {
			key += ".fog"
		}
		return msg.New(key, whole("value", r.value), whole("limit", r.limit))
	case ReasonSpeed, ReasonStabilising, ReasonNotCongested:
		return msg.New(key, whole("value", r.value), whole("limit", r.limit))
	case ReasonOutOfSeat:
		return msg.New(key, whole("limit", r.limit))
	case ReasonBoundary, ReasonPlannedExit:
		return msg.New(reasonKey(ReasonBoundary), whole("m", r.value))
	case ReasonFogAhead, ReasonRoadworks, ReasonCrashAhead, ReasonLostMarkings:
		if r.value > 0 {
			return msg.New(key+".at", whole("m", r.value))
		}
		return msg.New(key)
	case ReasonUnavailable:
		if r.value == 0 {
			return msg.New(key)
		}
		return msg.New(key+".for", whole("s", r.value))
	case ReasonL2Locked:
		return msg.New(key, whole("min", r.value/60))
	case ReasonNotDivided, ReasonMixedTraffic, ReasonNight, ReasonNoLead, ReasonFault, ReasonSevereFault,
		ReasonEmergencyVehicle, ReasonNotSeated, ReasonBeltOff, ReasonPedalOverride, ReasonEyesOffOverride,
		ReasonDisengageNoHands, ReasonLocked:
		return msg.New(key)
	}
	return msg.New("automation.reason.unknown", msg.Text("code", string(r.code)))
}

func (r rawReason) reason() Reason {
	return Reason{Code: r.code, Value: r.value, Limit: r.limit, Msg: r.msg()}
}
