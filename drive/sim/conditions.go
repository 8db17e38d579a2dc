package sim

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
)

// WeatherKind is the kind of weather around the car.
type WeatherKind string

// The weather kinds a scenario can set.
const (
	WeatherClear WeatherKind = "clear"
	WeatherRain  WeatherKind = "rain"
	WeatherFog   WeatherKind = "fog"
	WeatherSnow  WeatherKind = "snow"
)

// WeatherKinds lists the valid weather kinds, for validation messages.
var WeatherKinds = []WeatherKind{WeatherClear, WeatherRain, WeatherFog, WeatherSnow}

// Weather is the weather at the car. Visibility is what the ODD of the L3
// system reads; Intensity (0..1) scales rain and snow.
type Weather struct {
	Kind        WeatherKind
	VisibilityM float64
	Intensity   float64
}

// DefaultVisibility returns the visibility a weather kind has when a
// scenario does not give one.
func DefaultVisibility(k WeatherKind) float64 {
	switch k {
	case WeatherRain:
		return 2000
	case WeatherFog:
		return 150
	case WeatherSnow:
		return 800
	}
	return 10000
}

// SafeSpeedKmh is the highest speed the weather allows, following the fog
// and low-visibility rules of China's Road Traffic Safety Law implementing
// regulations (art. 81: visibility under 200 m at most 60 km/h, under 100 m
// at most 40 km/h, under 50 m at most 20 km/h) and, for rain and snow, a
// reduction drivers are taught (estimated: 10-20 % in rain, 30 % in snow).
func (w Weather) SafeSpeedKmh(limitKmh float64) float64 {
	v := limitKmh
	switch {
	case w.VisibilityM < 50:
		v = math.Min(v, 20)
	case w.VisibilityM < 100:
		v = math.Min(v, 40)
	case w.VisibilityM < 200:
		v = math.Min(v, 60)
	}
	switch w.Kind {
	case WeatherRain:
		v = math.Min(v, limitKmh*(0.9-0.1*w.Intensity))
	case WeatherSnow:
		v = math.Min(v, limitKmh*0.7)
	}
	return v
}

// TrafficLevel summarises traffic density the way navigation apps colour it.
type TrafficLevel string

// Traffic levels from free-flowing to congested.
const (
	TrafficFree      TrafficLevel = "free"
	TrafficLight     TrafficLevel = "light"
	TrafficModerate  TrafficLevel = "moderate"
	TrafficHeavy     TrafficLevel = "heavy"
	TrafficCongested TrafficLevel = "congested"
)

// LevelOf maps a density (0..1) to its level.
func LevelOf(density float64) TrafficLevel {
	switch {
	case density < 0.25:
		return TrafficFree
	case density < 0.45:
		return TrafficLight
	case density < 0.65:
		return TrafficModerate
	case density < 0.82:
		return TrafficHeavy
	}
	return TrafficCongested
}

// FlowFactor is the share of the speed limit that traffic of a density
// allows, a simple fundamental diagram: free flow until about 0.25, then
// falling towards walking pace in a jam.
func FlowFactor(density float64) float64 {
	d := clamp(density, 0, 1)
	if d <= 0.25 {
		return 1
	}
	x := (d - 0.25) / 0.75
	return clamp(1-0.88*x*x, 0.08, 1)
}

// DemandAt is the base traffic demand (0..1) at a time of day in seconds
// since midnight: Beijing-like peaks at 07:30-09:00 and 17:30-19:30.
func DemandAt(clockS float64) float64 {
	h := math.Mod(clockS/3600, 24)
	if h < 0 {
		h += 24
	}
	bump := func(centre, width, height float64) float64 {
		d := (h - centre) / width
		return height * math.Exp(-d*d)
	}
	base := 0.12 + bump(13, 5, 0.3)
	return clamp(base+bump(8.2, 1.1, 0.55)+bump(18.4, 1.3, 0.6), 0, 1)
}

// IncidentKind names an incident on the road.
type IncidentKind string

// The incident kinds a scenario can place.
const (
	IncidentRoadworks IncidentKind = "roadworks"
	IncidentCrash     IncidentKind = "crash"
	// IncidentEmergencyVehicle is an ambulance, fire engine or police car
	// approaching from behind; it has no zone, only a duration.
	IncidentEmergencyVehicle IncidentKind = "emergency_vehicle"
)

// IncidentKinds lists the valid incident kinds, for validation messages.
var IncidentKinds = []IncidentKind{IncidentRoadworks, IncidentCrash, IncidentEmergencyVehicle}

// Incident is an event on the road ahead, located by route distance. Its
// zone runs from AtM to AtM+LengthM; inside it the limit drops to LimitKmh
// and LanesClosed lanes are shut. ClearsAt 0 means it stays.
type Incident struct {
	ID          int
	Kind        IncidentKind
	AtM         float64
	LengthM     float64
	LimitKmh    float64
	LanesClosed int
	ClearsAt    Millis

	announced, entered, passed bool
	// offRoute: it was located on a route the car has left (a re-route);
	// AtM keeps the old route's distance, which means nothing on the new.
	offRoute bool
}

// Active reports whether the incident still exists at time t.
func (in *Incident) Active(t Millis) bool { return in.ClearsAt == 0 || t < in.ClearsAt }

// Describe says what the incident is in a few words, for explanations.
func (in *Incident) Describe() msg.Msg {
	switch in.Kind {
	case IncidentRoadworks:
		if in.LanesClosed > 0 {
			return msg.New("sim.incident.roadworks_lanes", msg.Int("lanes", in.LanesClosed), msg.Num("limit", in.LimitKmh, 0))
		}
		return msg.New("sim.incident.roadworks_limit", msg.Num("limit", in.LimitKmh, 0))
	case IncidentCrash:
		return msg.New("sim.incident.crash_limit", msg.Num("limit", in.LimitKmh, 0))
	}
	return msg.New("sim.incident." + string(in.Kind))
}

// Lead is the vehicle ahead in the car's lane, if any.
type Lead struct {
	Present bool
	// Kind is "car" or "moped" (traffic), or a stationary obstacle of the
	// lane: "car" held stopped, "debris" or "pedestrian" (Obstacle).
	Kind     string
	GapM     float64 // bumper to bumper
	SpeedMps float64
	// TimeGapS is the gap divided by the car's own speed (the "time gap"
	// ACC and L3 systems regulate); +Inf when stopped.
	TimeGapS float64
	// TTCS is the time to collision at the current closing speed; +Inf
	// when not closing.
	TTCS float64

	// SeenBySystem: the automation's sensors hold a confirmed track of
	// it (perception.go); the L2/L3 system, the MRM and AEB act only on
	// what they see, never on what the driver sees.
	SeenBySystem bool

	targetMps  float64
	seenAt     Millis // when the driver model perceives it (the human's reaction time)
	detectedAt Millis // when it came into the sensors' range and view, -1 before
	lateralM   float64
	holdUntil  Millis // a stationary obstacle stays put until then
	leaveAfter Millis
}

// Conditions is everything around the car that a driver or an automated
// system reads: the road, the weather, traffic and hazards. The L3 system
// uses it as its operational design domain.
type Conditions struct {
	RoadID        string
	RoadName      string
	RoadNameZH    string
	RoadType      string // world.RoadType as text
	SpeedLimitKmh float64
	Lanes         int
	Lane          int    // 1 = leftmost
	Markings      string // good, worn, none (roadworks make them worn)
	Divided       bool   // physically separated carriageways
	MixedTraffic  bool   // pedestrians, bicycles and e-mopeds share the road
	Toll          bool
	GradePct      float64

	Weather      Weather
	Night        bool
	OutsideTempC float64

	TrafficDensity float64
	Traffic        TrafficLevel
	// TrafficScale is the demand's scale (SetTraffic, Config.TrafficScale):
	// 1 normal for the time of day, 0.5 light, 1.6 heavy.
	TrafficScale float64
	// Mopeds and Pedestrians count the vulnerable road users near the car
	// on mixed-traffic roads.
	Mopeds      int
	Pedestrians int

	Lead Lead
	// Incident is the nearest incident ahead within 2 km (nil if none),
	// and IncidentAheadM the distance to its zone (0 inside it).
	Incident       *Incident
	IncidentAheadM float64
	InIncidentZone bool
	// EmergencyVehicle is true while one is approaching or passing.
	EmergencyVehicle bool
	// SignalAheadM is the distance to the next traffic light within 250 m
	// (0 if none) and SignalRed whether it shows red or amber.
	SignalAheadM float64
	SignalRed    bool
	// PedestrianAheadM is the distance to a crossing pedestrian, 0 if none.
	PedestrianAheadM float64

	// LaneOffsetM is where the car is across its lane: 0 at the centre,
	// positive to the right (lateral.go). LaneWidthM is the lane's width,
	// and LaneMarginM the offset at which a wheel touches the line (a
	// lane departure beyond it).
	LaneOffsetM, LaneWidthM, LaneMarginM float64
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
