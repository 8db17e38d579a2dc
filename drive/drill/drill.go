// Package drill scores a handover drill out of 100 with the published rubric
// of docs/l3.md (from the reference note's §8): outcome, timeliness, control
// quality after the takeover and procedure, with penalties for what happened
// while the automation drove. It reads a Timeline, which the drive loop
// fills from its event log (TimelineFromLog) and its own measurements, and
// returns the total, a breakdown and one concrete tip, as message keys
// (drill.criterion.*, drill.note.*, drill.advice.*) the catalogues in
// assets/ui/*/drill.yaml render.
//
// Scoring is a pure function: the same timeline always gives the same score,
// so a scripted run and the same inputs in the UI agree.
package drill

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
)

// The Levels of a drill: of L3 (the answer to a takeover request), and
// of manual driving. (An L2 drill's is "l2".)
const (
	LevelL3     = "l3"
	LevelManual = "manual"
)

// Never marks a moment that did not happen (no eyes on the road, no
// takeover): any negative time means never.
const Never = -1.0

// LaneChange is one lane change after the request.
type LaneChange struct {
	// AtS is seconds after the request.
	AtS float64
	// MirrorChecked: a mirror or shoulder check within MirrorWindowS before.
	MirrorChecked bool
	// Indicated: the indicator was on before the car moved over.
	Indicated bool
}

// Timeline is what happened in one drill, in seconds after the takeover
// request (t0). Negative times (Never) mean it did not happen.
type Timeline struct {
	// Level is "l3" or "l2" (L2 drills score hands-off escalations), or
	// LevelManual: a drill of manual driving, where the forward-collision
	// warning is the request and braking the takeover.
	Level string
	// AEB: in a manual drill, the automatic emergency brake had to act.
	AEB bool
	// Requested: a takeover request happened at all. An L2 drill may have
	// none.
	Requested bool
	// RequestAtS is the request's time since the drill started (for the
	// debrief only).
	RequestAtS float64
	// EyesS, HandsS, TakeoverS: first eyes on the road, first hands on the
	// wheel, the valid takeover. Zero when already so at t0.
	EyesS, HandsS, TakeoverS float64
	// MRM: the minimal-risk manoeuvre started (no takeover within the
	// budget). Crash: a collision or road departure.
	MRM, Crash bool
	// MinTTCS is the lowest time to collision from the takeover to the end
	// of the stabilisation window; +Inf (or 0) when nothing was ahead.
	MinTTCS float64
	// MaxDecelMps2 is the strongest deceleration in that window, and
	// MaxJerkMps3 the fastest change of deceleration over JerkWindowS
	// (the drive loop measures both, as it measures MinTTCS).
	MaxDecelMps2 float64
	MaxJerkMps3  float64
	// LaneDepartures counts lane exceedances in the 20 s after the takeover.
	LaneDepartures int
	// PhoneAtRequest: the phone task was running at t0; PhoneDownS when it
	// was put down.
	PhoneAtRequest bool
	PhoneDownS     float64
	// LaneChanges after the request.
	LaneChanges []LaneChange
	// HardBrakeFirst: the first action after the request was harsh braking
	// (above 4 m/s²). It costs points only when it was needless: when
	// MinTTCS stayed above CalmTTCS.
	HardBrakeFirst bool
	// Penalties during the automated phase.
	AvailabilityWarnings int // no availability evidence for 30 s
	SeatOrBelt           int // left the seat or unbuckled while L3 was active
	// L2 penalties.
	LongDistractions int  // eyes off ≥ 3 s (Euro NCAP long distraction)
	HandsOffWarnings int  // hands-off escalations to the acoustic warning
	L2Lockout        bool // the L2 system locked itself: drill failed
}

// Rubric weights and bands. Each is named so docs/l3.md and the code agree;
// the sources are in the reference note §8 and docs/l3.md.
const (
	// OutcomePoints: no crash and no MRM. Collision = 0 for the drill;
	// MRM = 0 here and timeliness capped (R157 10 s budget).
	OutcomePoints = 40
	// TimelinessCapAfterMRM caps timeliness when the MRM started.
	TimelinessCapAfterMRM = 5
	// Timeliness: full marks within FullS, none at ZeroS, linear between
	// (issue 5; median takeover 4.56 s, Eriksson & Stanton 2017; 10 s R157
	// budget).
	TakeoverPoints = 15
	EyesPoints     = 5
	HandsPoints    = 5
	FullS          = 5.0
	ZeroS          = 10.0
	// Control quality (design thresholds, reference note §8).
	TTCPoints     = 8
	TTCGoodS      = 3.0
	TTCFairS      = 1.5
	DecelPoints   = 6
	DecelGoodMps2 = 4.0 // R157 MRM cap
	DecelFairMps2 = 7.6 // R157 reference driver 0.774 g
	// JerkGoodMps3: braking that builds faster than this is a stab at the
	// pedal and halves the smooth-braking points. Design: below the R157
	// reference driver's emergency build-up (0.774 g in 0.6 s = 12.7 m/s³).
	JerkGoodMps3 = 10.0
	// JerkWindowS is the span jerk is measured over, so a pedal's first
	// step is judged by where it went in half a second, not in one frame.
	JerkWindowS = 0.5
	// AEBOutcomePoints are what the outcome keeps in a manual drill when
	// the emergency brake avoided the collision for the driver.
	AEBOutcomePoints = 20
	LanePoints       = 6
	StabiliseS       = 20.0 // Wang et al. 17.5 s; Li et al. 2019 20 s
	MirrorWindowS    = 5.0  // design: a check counts within 5 s before the move
	PhonePoints      = 4
	MirrorPoints     = 5
	IndicatorPts     = 3
	CalmPoints       = 3
	CalmTTCS         = 4.0 // hard braking is needless above this time to collision
	PenaltyPoints    = 5
	MedianTakeover   = 4.56 // Eriksson & Stanton 2017, non-critical, no NDRT
)

// Criterion is one line of the breakdown.
type Criterion struct {
	// ID is stable for code and tests: outcome, takeover (brake in a
	// manual drill), eyes, hands, ttc, decel, lane, phone, mirror,
	// indicator, calm, penalties.
	ID          string
	Points, Max float64
	// Note explains the points in a few words ("4.5 s", "no lane change"),
	// as a message of the drill.note.* keys.
	Note msg.Msg
}

// Label is the criterion's name, the drill.criterion.<ID> key, so every
// screen and report names a line of the breakdown the same way.
func (c Criterion) Label() msg.Msg { return msg.New("drill.criterion." + c.ID) }

// Result is a scored drill.
type Result struct {
	Total    float64
	Criteria []Criterion
	// Tip is the one concrete thing to do better next time (a
	// drill.advice.* message).
	Tip msg.Msg
}

// linear gives full marks up to full, none from zero, linearly between;
// never (negative t) scores nothing.
func linear(t, full, zero, max float64) float64 {
	switch {
	case t < 0 || math.IsNaN(t):
		return 0
	case t <= full:
		return max
	case t >= zero:
		return 0
	}
	return max * (zero - t) / (zero - full)
}

// tenths is v rounded to one decimal the way the debrief shows it (half
// away from zero, as the scores were always rounded).
func tenths(name string, v float64) msg.Arg { return msg.Num(name, math.Round(v*10)/10, 1) }

// seconds is a moment after the request: "4.5 s", or "never" for Never.
func seconds(v float64) msg.Msg {
	if v < 0 {
		return msg.New("drill.note.never")
	}
	return msg.New("drill.note.seconds", tenths("s", v))
}

// note is a drill.note.* message.
func note(name string, args ...msg.Arg) msg.Msg { return msg.New("drill.note."+name, args...) }

// Score applies the rubric. The criteria come in a fixed order; Total is
// their sum, floored at 0, and 0 after a crash or an L2 lockout.
func Score(t Timeline) Result {
	var r Result
	add := func(c Criterion) { r.Criteria = append(r.Criteria, c) }
	took := t.Requested && t.TakeoverS >= 0

	// A. Outcome.
	outcome := Criterion{ID: "outcome", Max: OutcomePoints, Points: OutcomePoints, Note: note("clean")}
	switch {
	case t.Crash:
		outcome.Points, outcome.Note = 0, note("crash")
	case t.L2Lockout:
		outcome.Points, outcome.Note = 0, note("lockout")
	case t.MRM:
		outcome.Points, outcome.Note = 0, note("mrm")
	case t.AEB:
		outcome.Points, outcome.Note = AEBOutcomePoints, note("aeb")
	case t.Level == LevelL3 && !t.Requested:
		// The drill never reached what it trains (below).
		outcome.Points, outcome.Note = 0, note("no_request_l3")
	}
	add(outcome)

	// B. Timeliness.
	manual := t.Level == LevelManual
	tk := Criterion{ID: "takeover", Max: TakeoverPoints}
	if manual {
		tk.ID = "brake" // a manual drill's takeover is braking at the warning
	}
	ey := Criterion{ID: "eyes", Max: EyesPoints}
	hd := Criterion{ID: "hands", Max: HandsPoints}
	if t.Requested {
		tk.Points = linear(t.TakeoverS, FullS, ZeroS, TakeoverPoints)
		ey.Points = linear(t.EyesS, FullS, ZeroS, EyesPoints)
		hd.Points = linear(t.HandsS, FullS, ZeroS, HandsPoints)
		tk.Note, ey.Note, hd.Note = seconds(t.TakeoverS), seconds(t.EyesS), seconds(t.HandsS)
		if t.MRM {
			// Cap the block, shrinking each part in proportion.
			if sum := tk.Points + ey.Points + hd.Points; sum > TimelinessCapAfterMRM {
				k := TimelinessCapAfterMRM / sum
				tk.Points, ey.Points, hd.Points = tk.Points*k, ey.Points*k, hd.Points*k
			}
		}
	} else if t.Level == LevelL3 {
		// An L3 drill is the answer to the car's request. Without one the
		// trainee switched L3 off (or overrode it) before the car asked:
		// there was nothing answered, so nothing earned, however clean the
		// rest of the drive (a trainee tapping the accelerator would
		// otherwise score 100).
		tk.Note = note("no_request_l3")
		ey.Note, hd.Note = tk.Note, tk.Note
	} else {
		// No request (an L2 drill): nothing to be late for.
		tk.Points, ey.Points, hd.Points = TakeoverPoints, EyesPoints, HandsPoints
		tk.Note = note("no_request")
		ey.Note, hd.Note = tk.Note, tk.Note
	}
	add(tk)
	add(ey)
	add(hd)

	// C. Control quality after the takeover (nothing to score without one).
	controlled := took || !t.Requested
	ttc := Criterion{ID: "ttc", Max: TTCPoints}
	dec := Criterion{ID: "decel", Max: DecelPoints}
	lane := Criterion{ID: "lane", Max: LanePoints}
	if controlled {
		m := t.MinTTCS
		if m <= 0 || math.IsInf(m, 1) || math.IsNaN(m) {
			ttc.Points, ttc.Note = TTCPoints, note("nothing_ahead")
		} else {
			switch {
			case m >= TTCGoodS:
				ttc.Points = TTCPoints
			case m >= TTCFairS:
				ttc.Points = TTCPoints / 2
			}
			ttc.Note = seconds(m)
		}
		switch d := t.MaxDecelMps2; {
		case d <= DecelGoodMps2:
			dec.Points = DecelPoints
		case d <= DecelFairMps2:
			dec.Points = DecelPoints / 2
		}
		dec.Note = note("decel", tenths("a", t.MaxDecelMps2))
		if t.MaxJerkMps3 > JerkGoodMps3 {
			dec.Points /= 2
			dec.Note = note("decel_jerk", tenths("a", t.MaxDecelMps2), msg.Num("j", math.Round(t.MaxJerkMps3), 0))
		}
		if t.LaneDepartures == 0 {
			lane.Points, lane.Note = LanePoints, note("in_lane")
		} else {
			lane.Note = note("departures", msg.Int("n", t.LaneDepartures))
		}
	} else {
		ttc.Note = note("no_takeover")
		dec.Note, lane.Note = ttc.Note, ttc.Note
	}
	add(ttc)
	add(dec)
	add(lane)

	// D. Procedure.
	ph := Criterion{ID: "phone", Max: PhonePoints}
	switch {
	case !t.PhoneAtRequest:
		ph.Points, ph.Note = PhonePoints, note("no_phone")
	case manual && t.PhoneDownS >= 0 && (t.TakeoverS < 0 || t.PhoneDownS <= t.TakeoverS):
		ph.Points, ph.Note = PhonePoints, note("phone_down", msg.Sub("at", seconds(t.PhoneDownS)))
	case manual:
		ph.Note = note("phone_in_hand_braking")
	case t.PhoneDownS >= 0 && (t.HandsS < 0 || t.PhoneDownS <= t.HandsS):
		ph.Points, ph.Note = PhonePoints, note("phone_down", msg.Sub("at", seconds(t.PhoneDownS)))
	default:
		ph.Note = note("phone_in_hand")
	}
	add(ph)
	mir := Criterion{ID: "mirror", Max: MirrorPoints, Points: MirrorPoints}
	ind := Criterion{ID: "indicator", Max: IndicatorPts, Points: IndicatorPts}
	if len(t.LaneChanges) == 0 {
		mir.Note = note("no_lane_change")
		ind.Note = mir.Note
	} else {
		for _, lc := range t.LaneChanges {
			if !lc.MirrorChecked {
				mir.Points, mir.Note = 0, note("no_mirror", msg.Sub("at", seconds(lc.AtS)))
			}
			if !lc.Indicated {
				ind.Points, ind.Note = 0, note("no_indicator", msg.Sub("at", seconds(lc.AtS)))
			}
		}
		if mir.Points > 0 {
			mir.Note = note("checked")
		}
		if ind.Points > 0 {
			ind.Note = note("used")
		}
	}
	add(mir)
	add(ind)
	calm := Criterion{ID: "calm", Max: CalmPoints, Points: CalmPoints, Note: note("calm")}
	if t.HardBrakeFirst && !(t.MinTTCS > 0 && t.MinTTCS <= CalmTTCS) {
		calm.Points, calm.Note = 0, note("hard_brake")
	}
	add(calm)
	if !controlled {
		// Points only for what the learner did: with no takeover there was
		// no procedure to follow well (doing nothing used to earn 15).
		for i := range r.Criteria {
			switch c := &r.Criteria[i]; c.ID {
			case "phone", "mirror", "indicator", "calm":
				c.Points, c.Note = 0, note("no_takeover")
			}
		}
	}

	// Penalties.
	n := t.AvailabilityWarnings + t.SeatOrBelt + t.LongDistractions + t.HandsOffWarnings
	pen := Criterion{ID: "penalties", Points: float64(-n * PenaltyPoints), // integer negation: 0, never -0
		Note: note("penalties", msg.Int("n", n), msg.Int("each", PenaltyPoints))}
	add(pen)

	for _, c := range r.Criteria {
		r.Total += c.Points
	}
	if t.Crash || t.L2Lockout || r.Total < 0 {
		r.Total = 0
	}
	r.Total = math.Round(r.Total*10) / 10
	r.Tip = tip(&t, r.Criteria)
	return r
}
