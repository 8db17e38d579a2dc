package automation

import (
	"math"
	"strconv"
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
	// LeadPresent: a vehicle ahead in the lane.
	LeadPresent bool
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

// Reason explains one unmet condition in both languages.
type Reason struct {
	Code ReasonCode
	// Value is the measured figure and Limit the one the system needs
	// (visibility, speed, distance), 0 when not applicable.
	Value, Limit float64
	Text, TextZH string
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

var roadTypeZH = map[string]string{"expressway": "高速公路", "ramp": "匝道", "arterial": "主干道", "street": "街道", "service": "辅路"}
var weatherZH = map[string]string{"clear": "晴天", "rain": "雨天", "fog": "雾天", "snow": "雪天"}
var markingsZH = map[string]string{"worn": "磨损", "none": "缺失"}

func orWord(m map[string]string, k, dflt string) string {
	if v, ok := m[k]; ok {
		return v
	}
	if k == "" {
		return dflt
	}
	return k
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }

// text formats a reason as the part of a sentence after "Takeover
// requested: " / "L3 unavailable: ".
func (r rawReason) text() (en, zh string) {
	switch r.code {
	case ReasonRoadType:
		return "not on an expressway (" + orWord(nil, r.word, "unknown road") + ")", "当前不在高速公路上（" + orWord(roadTypeZH, r.word, "未知道路") + "）"
	case ReasonNotDivided:
		return "the carriageways are not physically separated", "对向车道没有物理隔离"
	case ReasonMixedTraffic:
		return "pedestrians or cyclists share the road", "道路上有行人或非机动车"
	case ReasonMarkings:
		return "lane markings are not clear (" + orWord(nil, r.word, "unknown") + ")", "车道线不清晰（" + orWord(markingsZH, r.word, "未知") + "）"
	case ReasonWeather:
		return orWord(nil, r.word, "unknown weather") + " is outside the system's weather limits", orWord(weatherZH, r.word, "未知天气") + "超出系统的天气条件"
	case ReasonVisibility:
		en = "visibility " + num(r.value) + " m is below the " + num(r.limit) + " m the system needs"
		zh = "能见度 " + num(r.value) + " 米，低于系统所需的 " + num(r.limit) + " 米"
		if r.word == "fog" {
			return "fog ahead, " + en, "前方有雾，" + zh
		}
		return en, zh
	case ReasonNight:
		return "the system works in daylight only", "系统仅限白天使用"
	case ReasonSpeed:
		return "speed " + num(r.value) + " km/h is above the system's " + num(r.limit) + " km/h", "车速 " + num(r.value) + " km/h 超过系统上限 " + num(r.limit) + " km/h"
	case ReasonNoLead:
		return "the system needs a vehicle ahead to follow", "系统需要前方有车辆可跟随"
	case ReasonFault:
		return "a system fault", "系统故障"
	case ReasonSevereFault:
		return "a severe system fault", "严重系统故障"
	case ReasonBoundary, ReasonPlannedExit:
		return "the automated section ends in " + num(r.value) + " m", "自动驾驶路段将在 " + num(r.value) + " 米后结束"
	case ReasonFogAhead:
		return "a fog bank ahead" + ahead(r.value), "前方" + aheadZH(r.value) + "有团雾"
	case ReasonRoadworks:
		return "roadworks ahead" + ahead(r.value), "前方" + aheadZH(r.value) + "施工"
	case ReasonCrashAhead:
		return "a crash ahead" + ahead(r.value), "前方" + aheadZH(r.value) + "发生事故"
	case ReasonLostMarkings:
		return "lane markings end ahead" + ahead(r.value), "前方" + aheadZH(r.value) + "车道线消失"
	case ReasonEmergencyVehicle:
		return "an emergency vehicle is approaching", "有紧急车辆接近"
	case ReasonNotSeated:
		return "the driver is not in the seat", "驾驶员不在座位上"
	case ReasonBeltOff:
		return "the driver's seat belt is not fastened", "驾驶员未系安全带"
	case ReasonOutOfSeat:
		return "the driver left the seat for more than " + num(r.limit) + " s", "驾驶员离开座位超过 " + num(r.limit) + " 秒"
	case ReasonUnavailable:
		if r.value == 0 {
			return "driver monitoring sees no available driver", "驾驶员监测未检测到可接管的驾驶员"
		}
		return "no sign of an available driver for " + num(r.value) + " s", "已有 " + num(r.value) + " 秒未检测到驾驶员可接管"
	case ReasonPedalOverride:
		return "a pedal was pressed without hands on the wheel", "未握方向盘时踩了踏板"
	case ReasonEyesOffOverride:
		return "the driver used the controls without looking at the road", "驾驶员未目视前方时进行了操作"
	case ReasonDisengageNoHands:
		return "switching off needs hands on the wheel", "关闭系统需要双手握住方向盘"
	case ReasonLocked:
		return "locked after a minimal-risk manoeuvre until the car is restarted", "执行最小风险操作后已锁定，需重新启动车辆"
	case ReasonStabilising:
		return "you took over " + num(r.value) + " s ago; drive for " + num(r.limit) + " s first", "您 " + num(r.value) + " 秒前刚接管，请先驾驶 " + num(r.limit) + " 秒"
	case ReasonL2Locked:
		return "lane centring is locked for " + num(r.value/60) + " more min after repeated hands-off warnings", "多次脱手警告后车道居中辅助已锁定，还需 " + num(r.value/60) + " 分钟"
	}
	return string(r.code), string(r.code)
}

func ahead(m float64) string {
	if m > 0 {
		return " in " + num(m) + " m"
	}
	return ""
}

func aheadZH(m float64) string {
	if m > 0 {
		return " " + num(m) + " 米处"
	}
	return ""
}

func (r rawReason) reason() Reason {
	en, zh := r.text()
	return Reason{Code: r.code, Value: r.value, Limit: r.limit, Text: en, TextZH: zh}
}
