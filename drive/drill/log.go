package drill

import "math"

// LogEvent is one event of the drive loop's log, as much as scoring needs.
// The drive loop converts its events one to one (sim.Event: At, Kind,
// Subject, Value).
type LogEvent struct {
	AtMs    int64
	Kind    string
	Subject string
	Value   float64
}

// The event kinds TimelineFromLog reads besides the automation's own
// (automation.*). Kind "driver" carries the driver's actions in Subject.
const (
	KindDriver      = "driver"      // eyes_on, eyes_off, hands_on, hands_off, belt_off, left_seat, phone_on, phone_off, mirror_check, indicator
	KindCollision   = "collision"   // a crash: the drill scores 0
	KindHarsh       = "brake.harsh" // Value: deceleration, m/s²
	KindLaneStart   = "lane.change_started"
	KindLaneDepart  = "lane.departure" // the car left its lane unintentionally
	KindFCW         = "assist.fcw"     // forward-collision warning: a manual drill's request
	KindAEB         = "assist.aeb"     // the emergency brake acted (Subject hold, released: not new)
	KindBrake       = "driver.brake"   // the driver pressed the brake: a manual drill's takeover
	IndicatorWindow = 10.0             // s: the indicator counts if used this long before a lane change (design)
	LongDistraction = 3.0              // s: Euro NCAP long distraction (eyes off the forward road)
	harshFirstS     = 2.0              // s after the takeover in which harsh braking is the "first action"
)

// Start is the driver's state when the drill begins (the scenario's initial
// driver); the log only reports changes.
type Start struct {
	EyesOnRoad, HandsOnWheel, Phone bool
	// Level is the drill's level: in a "manual" drill the forward-collision
	// warning is the request and the first press of the brake the
	// takeover.
	Level string
}

// TimelineFromLog reads a drill's event log into a Timeline. MinTTCS is
// left at +Inf: the drive loop measures it over the stabilisation window
// and sets it (sim.State.MinTTCS covers the whole drive).
func TimelineFromLog(evs []LogEvent, start Start) Timeline {
	t := Timeline{EyesS: Never, HandsS: Never, TakeoverS: Never, PhoneDownS: Never, MinTTCS: math.Inf(1)}
	eyes, hands, phone := start.EyesOnRoad, start.HandsOnWheel, start.Phone
	manual := start.Level == LevelManual
	if manual {
		t.Level = LevelManual
	}
	var t0, take int64 = -1, -1
	var l3, l2 bool
	lastMirror, lastIndicator := int64(math.MinInt64/2), int64(math.MinInt64/2)
	eyesOffAt := int64(-1)
	rel := func(at int64) float64 { return float64(at-t0) / 1000 }
	inWindow := func(at int64) bool { return take >= 0 && at >= take && float64(at-take) <= StabiliseS*1000 }
	for _, e := range evs {
		switch e.Kind {
		case "automation.engaged":
			switch e.Subject {
			case "l3":
				l3, l2, t.Level = true, false, "l3"
			case "l2":
				l2 = true
				if t.Level == "" {
					t.Level = "l2"
				}
			}
		case KindFCW, "automation.takeover_requested":
			if (e.Kind == KindFCW) != manual {
				continue
			}
			if t0 < 0 {
				t0, t.Requested, t.RequestAtS = e.AtMs, true, float64(e.AtMs)/1000
				if eyes {
					t.EyesS = 0
				}
				if hands {
					t.HandsS = 0
				}
				t.PhoneAtRequest = phone
			}
		case KindBrake:
			if manual && t0 >= 0 && take < 0 {
				take = e.AtMs
				t.TakeoverS = rel(e.AtMs)
			}
		case KindAEB:
			if manual && e.Subject != "hold" && e.Subject != "released" {
				t.AEB = true
			}
		case "automation.takeover":
			if t0 >= 0 && take < 0 {
				take = e.AtMs
				t.TakeoverS = rel(e.AtMs)
			}
			l3 = false
		case "automation.disengaged", "automation.l2_fallback", "automation.l2_unavailable":
			l3, l2 = false, false
		case "automation.mrm":
			t.MRM = true
			l3 = false
		case "automation.availability_warning":
			t.AvailabilityWarnings++
		case "automation.hands_off_warning":
			t.HandsOffWarnings++
		case "automation.l2_locked":
			t.L2Lockout = true
		case KindCollision:
			t.Crash = true
		case KindHarsh:
			if inWindow(e.AtMs) {
				t.MaxDecelMps2 = math.Max(t.MaxDecelMps2, e.Value)
			}
			if take >= 0 && float64(e.AtMs-take) <= harshFirstS*1000 && e.AtMs >= take {
				t.HardBrakeFirst = true
			}
		case KindLaneStart:
			if t0 >= 0 && e.AtMs >= t0 {
				t.LaneChanges = append(t.LaneChanges, LaneChange{
					AtS:           rel(e.AtMs),
					MirrorChecked: float64(e.AtMs-lastMirror) <= MirrorWindowS*1000,
					Indicated:     float64(e.AtMs-lastIndicator) <= IndicatorWindow*1000,
				})
			}
		case KindLaneDepart:
			if inWindow(e.AtMs) {
				t.LaneDepartures++
			}
		case KindDriver:
			switch e.Subject {
			case "eyes_on":
				eyes = true
				if t0 >= 0 && t.EyesS < 0 {
					t.EyesS = rel(e.AtMs)
				}
				if l2 && eyesOffAt >= 0 && float64(e.AtMs-eyesOffAt) >= LongDistraction*1000 {
					t.LongDistractions++
				}
				eyesOffAt = -1
			case "eyes_off":
				eyes = false
				eyesOffAt = e.AtMs
			case "hands_on":
				hands = true
				if t0 >= 0 && t.HandsS < 0 {
					t.HandsS = rel(e.AtMs)
				}
			case "hands_off":
				hands = false
			case "phone_on":
				phone = true
			case "phone_off":
				phone = false
				if t0 >= 0 && t.PhoneAtRequest && t.PhoneDownS < 0 {
					t.PhoneDownS = rel(e.AtMs)
				}
			case "belt_off", "left_seat":
				if l3 {
					t.SeatOrBelt++
				}
			case "mirror_check":
				lastMirror = e.AtMs
			case "indicator":
				lastIndicator = e.AtMs
			}
		}
	}
	return t
}
