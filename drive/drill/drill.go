// Package drill scores a handover drill out of 100 with the published rubric
// of docs/l3.md (from the reference note's §8): outcome, timeliness, control
// quality after the takeover and procedure, with penalties for what happened
// while the automation drove. It reads a Timeline, which the drive loop
// fills from its event log (TimelineFromLog) and its own measurements, and
// returns the total, a bilingual breakdown and one concrete tip.
//
// Scoring is a pure function: the same timeline always gives the same score,
// so a scripted run and the same inputs in the UI agree.
package drill

import (
	"math"
	"strconv"
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
	// Level is "l3" or "l2" (L2 drills score hands-off escalations).
	Level string
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
	// MaxDecelMps2 is the strongest deceleration in that window.
	MaxDecelMps2 float64
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
	TTCPoints      = 8
	TTCGoodS       = 3.0
	TTCFairS       = 1.5
	DecelPoints    = 6
	DecelGoodMps2  = 4.0 // R157 MRM cap
	DecelFairMps2  = 7.6 // R157 reference driver 0.774 g
	LanePoints     = 6
	StabiliseS     = 20.0 // Wang et al. 17.5 s; Li et al. 2019 20 s
	MirrorWindowS  = 5.0  // design: a check counts within 5 s before the move
	PhonePoints    = 4
	MirrorPoints   = 5
	IndicatorPts   = 3
	CalmPoints     = 3
	CalmTTCS       = 4.0 // hard braking is needless above this time to collision
	PenaltyPoints  = 5
	MedianTakeover = 4.56 // Eriksson & Stanton 2017, non-critical, no NDRT
)

// Criterion is one line of the breakdown.
type Criterion struct {
	// ID is stable for code and tests: outcome, takeover, eyes, hands,
	// ttc, decel, lane, phone, mirror, indicator, calm, penalties.
	ID             string
	Label, LabelZH string
	Points, Max    float64
	// Note explains the points in a few words ("4.5 s", "no lane change").
	Note, NoteZH string
}

// Result is a scored drill.
type Result struct {
	Total    float64
	Criteria []Criterion
	// Tip is the one concrete thing to do better next time.
	Tip, TipZH string
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

func sec(v float64) string {
	if v < 0 {
		return "never"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + " s"
}

func secZH(v float64) string {
	if v < 0 {
		return "未发生"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + " 秒"
}

// Score applies the rubric. The criteria come in a fixed order; Total is
// their sum, floored at 0, and 0 after a crash or an L2 lockout.
func Score(t Timeline) Result {
	var r Result
	add := func(c Criterion) { r.Criteria = append(r.Criteria, c) }
	took := t.Requested && t.TakeoverS >= 0

	// A. Outcome.
	outcome := Criterion{ID: "outcome", Label: "Outcome", LabelZH: "结果", Max: OutcomePoints, Points: OutcomePoints,
		Note: "no crash, no minimal-risk manoeuvre", NoteZH: "无碰撞，未触发最小风险操作"}
	switch {
	case t.Crash:
		outcome.Points, outcome.Note, outcome.NoteZH = 0, "collision: the drill scores 0", "发生碰撞：本次训练计 0 分"
	case t.L2Lockout:
		outcome.Points, outcome.Note, outcome.NoteZH = 0, "the system locked itself: the drill scores 0", "系统已锁定：本次训练计 0 分"
	case t.MRM:
		outcome.Points, outcome.Note, outcome.NoteZH = 0, "the car had to stop itself (MRM)", "车辆被迫自行停车（最小风险操作）"
	}
	add(outcome)

	// B. Timeliness.
	tk := Criterion{ID: "takeover", Label: "Time to take over", LabelZH: "接管用时", Max: TakeoverPoints}
	ey := Criterion{ID: "eyes", Label: "Time to eyes on road", LabelZH: "视线回到道路用时", Max: EyesPoints}
	hd := Criterion{ID: "hands", Label: "Time to hands on wheel", LabelZH: "双手握方向盘用时", Max: HandsPoints}
	if t.Requested {
		tk.Points = linear(t.TakeoverS, FullS, ZeroS, TakeoverPoints)
		ey.Points = linear(t.EyesS, FullS, ZeroS, EyesPoints)
		hd.Points = linear(t.HandsS, FullS, ZeroS, HandsPoints)
		tk.Note, tk.NoteZH = sec(t.TakeoverS), secZH(t.TakeoverS)
		ey.Note, ey.NoteZH = sec(t.EyesS), secZH(t.EyesS)
		hd.Note, hd.NoteZH = sec(t.HandsS), secZH(t.HandsS)
		if t.MRM {
			// Cap the block, shrinking each part in proportion.
			if sum := tk.Points + ey.Points + hd.Points; sum > TimelinessCapAfterMRM {
				k := TimelinessCapAfterMRM / sum
				tk.Points, ey.Points, hd.Points = tk.Points*k, ey.Points*k, hd.Points*k
			}
		}
	} else {
		// No request (an L2 drill): nothing to be late for.
		tk.Points, ey.Points, hd.Points = TakeoverPoints, EyesPoints, HandsPoints
		tk.Note, tk.NoteZH = "no takeover request", "无接管请求"
		ey.Note, ey.NoteZH, hd.Note, hd.NoteZH = tk.Note, tk.NoteZH, tk.Note, tk.NoteZH
	}
	add(tk)
	add(ey)
	add(hd)

	// C. Control quality after the takeover (nothing to score without one).
	controlled := took || !t.Requested
	ttc := Criterion{ID: "ttc", Label: "Distance kept (min. time to collision)", LabelZH: "保持车距（最小碰撞时间）", Max: TTCPoints}
	dec := Criterion{ID: "decel", Label: "Smooth braking", LabelZH: "平稳制动", Max: DecelPoints}
	lane := Criterion{ID: "lane", Label: "Stayed in lane for 20 s", LabelZH: "接管后 20 秒保持车道", Max: LanePoints}
	if controlled {
		m := t.MinTTCS
		if m <= 0 || math.IsInf(m, 1) || math.IsNaN(m) {
			ttc.Points, ttc.Note, ttc.NoteZH = TTCPoints, "nothing close ahead", "前方无近距离车辆"
		} else {
			switch {
			case m >= TTCGoodS:
				ttc.Points = TTCPoints
			case m >= TTCFairS:
				ttc.Points = TTCPoints / 2
			}
			ttc.Note, ttc.NoteZH = sec(m), secZH(m)
		}
		switch d := t.MaxDecelMps2; {
		case d <= DecelGoodMps2:
			dec.Points = DecelPoints
		case d <= DecelFairMps2:
			dec.Points = DecelPoints / 2
		}
		dec.Note = strconv.FormatFloat(math.Round(t.MaxDecelMps2*10)/10, 'f', 1, 64) + " m/s²"
		dec.NoteZH = dec.Note
		if t.LaneDepartures == 0 {
			lane.Points, lane.Note, lane.NoteZH = LanePoints, "in lane", "保持在车道内"
		} else {
			lane.Note = strconv.Itoa(t.LaneDepartures) + " lane departure(s)"
			lane.NoteZH = "偏离车道 " + strconv.Itoa(t.LaneDepartures) + " 次"
		}
	} else {
		ttc.Note, ttc.NoteZH = "no takeover", "未接管"
		dec.Note, dec.NoteZH, lane.Note, lane.NoteZH = ttc.Note, ttc.NoteZH, ttc.Note, ttc.NoteZH
	}
	add(ttc)
	add(dec)
	add(lane)

	// D. Procedure.
	ph := Criterion{ID: "phone", Label: "Phone put down first", LabelZH: "先放下手机", Max: PhonePoints}
	switch {
	case !t.PhoneAtRequest:
		ph.Points, ph.Note, ph.NoteZH = PhonePoints, "no phone task", "无手机任务"
	case t.PhoneDownS >= 0 && (t.HandsS < 0 || t.PhoneDownS <= t.HandsS):
		ph.Points, ph.Note, ph.NoteZH = PhonePoints, "down at "+sec(t.PhoneDownS), secZH(t.PhoneDownS)+"放下"
	default:
		ph.Note, ph.NoteZH = "still in hand when taking the wheel", "握方向盘时仍在使用手机"
	}
	add(ph)
	mir := Criterion{ID: "mirror", Label: "Mirror check before changing lanes", LabelZH: "变道前观察后视镜", Max: MirrorPoints, Points: MirrorPoints}
	ind := Criterion{ID: "indicator", Label: "Indicator before changing lanes", LabelZH: "变道前打转向灯", Max: IndicatorPts, Points: IndicatorPts}
	if len(t.LaneChanges) == 0 {
		mir.Note, mir.NoteZH = "no lane change", "未变道"
		ind.Note, ind.NoteZH = mir.Note, mir.NoteZH
	} else {
		for _, lc := range t.LaneChanges {
			if !lc.MirrorChecked {
				mir.Points, mir.Note, mir.NoteZH = 0, "lane change at "+sec(lc.AtS)+" without a mirror check", sec(lc.AtS)+"变道前未观察后视镜"
			}
			if !lc.Indicated {
				ind.Points, ind.Note, ind.NoteZH = 0, "lane change at "+sec(lc.AtS)+" without the indicator", sec(lc.AtS)+"变道未打转向灯"
			}
		}
		if mir.Points > 0 {
			mir.Note, mir.NoteZH = "checked", "已观察"
		}
		if ind.Points > 0 {
			ind.Note, ind.NoteZH = "used", "已使用"
		}
	}
	add(mir)
	add(ind)
	calm := Criterion{ID: "calm", Label: "No needless hard braking", LabelZH: "无不必要的急刹", Max: CalmPoints, Points: CalmPoints, Note: "calm first action", NoteZH: "首个操作平稳"}
	if t.HardBrakeFirst && !(t.MinTTCS > 0 && t.MinTTCS <= CalmTTCS) {
		calm.Points, calm.Note, calm.NoteZH = 0, "full braking with time to spare", "时间充裕时仍全力制动"
	}
	add(calm)

	// Penalties.
	n := t.AvailabilityWarnings + t.SeatOrBelt + t.LongDistractions + t.HandsOffWarnings
	pen := Criterion{ID: "penalties", Label: "Penalties", LabelZH: "扣分", Points: -float64(n * PenaltyPoints)}
	pen.Note = strconv.Itoa(n) + " × −5"
	pen.NoteZH = pen.Note
	add(pen)

	for _, c := range r.Criteria {
		r.Total += c.Points
	}
	if t.Crash || t.L2Lockout || r.Total < 0 {
		r.Total = 0
	}
	r.Total = math.Round(r.Total*10) / 10
	r.Tip, r.TipZH = tip(&t, r.Criteria)
	return r
}
