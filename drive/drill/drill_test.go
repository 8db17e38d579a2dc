package drill

import (
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/cockpit/i18n/i18ntest"
	"github.com/nevsim/cockpit/drive/msg"
	"pgregory.net/rapid"
)

func said(t testing.TB, lang string, m msg.Msg) string {
	t.Helper()
	return i18ntest.Said(t, lang, m, nil)
}

// en and zh are what the learner reads of m.
func en(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "en", m) }
func zh(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "zh", m) }

// clean is a drill done well: takeover at 4.5 s with eyes and hands before.
func clean() Timeline {
	return Timeline{Level: "l3", Requested: true, EyesS: 1.2, HandsS: 3.0, TakeoverS: 4.5,
		MinTTCS: math.Inf(1), MaxDecelMps2: 2.1, PhoneDownS: Never}
}

func points(r Result, id string) float64 {
	for _, c := range r.Criteria {
		if c.ID == id {
			return c.Points
		}
	}
	panic("no criterion " + id)
}

func timeliness(r Result) float64 {
	return points(r, "takeover") + points(r, "eyes") + points(r, "hands")
}

func TestCleanDrillScores100(t *testing.T) {
	r := Score(clean())
	if r.Total != 100 || timeliness(r) != 25 {
		t.Fatalf("%+v", r)
	}
	if tip := en(t, r.Tip); tip != "A clean handover: try the next drill." {
		t.Fatalf("tip %q", tip)
	}
	for _, c := range r.Criteria {
		for _, lang := range []string{"en", "zh"} {
			said(t, lang, c.Label())
			said(t, lang, c.Note)
		}
	}
}

func TestTimeliness(t *testing.T) {
	cases := []struct {
		name              string
		eyes, hands, take float64
		want              float64
	}{
		{"all within 5 s", 4.5, 4.5, 4.5, 25},
		{"exactly 5 s", 5, 5, 5, 25},
		{"all at 7.5 s: half", 7.5, 7.5, 7.5, 12.5},
		{"all at 10 s: none", 10, 10, 10, 0},
		{"takeover at 7.5 s only", 1, 2, 7.5, 17.5},
		{"never", Never, Never, Never, 0},
		{"eyes 6 s, hands 8 s, takeover 9 s", 6, 8, 9, 4 + 2 + 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl := clean()
			tl.EyesS, tl.HandsS, tl.TakeoverS = c.eyes, c.hands, c.take
			if got := timeliness(Score(tl)); math.Abs(got-c.want) > 1e-9 {
				t.Fatalf("timeliness %v, want %v", got, c.want)
			}
		})
	}
}

func TestOutcomeCaps(t *testing.T) {
	// MRM: outcome 0 and timeliness capped at 5 even if the driver took
	// over during the MRM at 11 s with eyes and hands early.
	tl := clean()
	tl.MRM, tl.EyesS, tl.HandsS, tl.TakeoverS = true, 1, 2, 11
	r := Score(tl)
	if points(r, "outcome") != 0 || timeliness(r) > 5+1e-9 || math.Abs(timeliness(r)-5) > 1e-9 {
		t.Fatalf("MRM: %+v", r)
	}
	if r.Total != 100-40-20 {
		t.Fatalf("MRM total %v", r.Total)
	}
	// MRM without any takeover: no control-quality points either.
	tl = clean()
	tl.MRM, tl.EyesS, tl.HandsS, tl.TakeoverS = true, Never, Never, Never
	r = Score(tl)
	if r.Total != 0 || !strings.Contains(en(t, r.Tip), "10 s") { // doing nothing earns nothing
		t.Fatalf("MRM, no takeover: %v %q", r.Total, en(t, r.Tip))
	}
	// Crash: 0 for the drill.
	tl = clean()
	tl.Crash = true
	if r := Score(tl); r.Total != 0 || !strings.Contains(en(t, r.Tip), "3 s") {
		t.Fatalf("crash: %+v", r)
	}
	tl = clean()
	tl.L2Lockout = true
	if r := Score(tl); r.Total != 0 {
		t.Fatalf("lockout: %+v", r)
	}
}

func TestControlQuality(t *testing.T) {
	cases := []struct {
		ttc, decel float64
		departs    int
		want       float64
	}{
		{math.Inf(1), 3, 0, 20},
		{3, 4, 0, 20},
		{2.9, 4.1, 0, 4 + 3 + 6},
		{1.5, 7.6, 0, 4 + 3 + 6},
		{1.4, 7.7, 1, 0},
	}
	for _, c := range cases {
		tl := clean()
		tl.MinTTCS, tl.MaxDecelMps2, tl.LaneDepartures = c.ttc, c.decel, c.departs
		r := Score(tl)
		if got := points(r, "ttc") + points(r, "decel") + points(r, "lane"); got != c.want {
			t.Fatalf("%+v: %v, want %v", c, got, c.want)
		}
	}
}

// TestSmoothBrakingCountsTheJerk: a gentle peak reached with a stab at
// the pedal is not smooth braking.
func TestSmoothBrakingCountsTheJerk(t *testing.T) {
	cases := []struct {
		decel, jerk float64
		want        float64
	}{
		{2.9, 5, DecelPoints},
		{2.9, 12.6, DecelPoints / 2}, // the keyboard's full press in one frame
		{6, 8, DecelPoints / 2},
		{6, 20, 1.5},
		{8, 20, 0},
	}
	for _, c := range cases {
		tl := clean()
		tl.MaxDecelMps2, tl.MaxJerkMps3 = c.decel, c.jerk
		r := Score(tl)
		if got := points(r, "decel"); got != c.want {
			t.Errorf("%.1f m/s² at %.1f m/s³: %v points, want %v", c.decel, c.jerk, got, c.want)
		}
	}
	tl := clean()
	tl.MaxDecelMps2, tl.MaxJerkMps3 = 2.9, 15
	tl.TakeoverS = 4.0
	if r := Score(tl); r.Tip.Key != "drill.advice.jerk" {
		t.Errorf("tip %v, want the jerk advice", r.Tip)
	}
}

// TestManualDrillTimeline: in a manual drill the collision warning is the
// request, the first press of the brake the takeover, and the emergency
// brake acting halves the outcome.
func TestManualDrillTimeline(t *testing.T) {
	evs := []LogEvent{
		{AtMs: 5000, Kind: KindDriver, Subject: "phone_on"},
		{AtMs: 5000, Kind: KindDriver, Subject: "eyes_off"},
		{AtMs: 6000, Kind: KindBrake}, // before the warning: not a reaction
		{AtMs: 20000, Kind: KindFCW, Value: 2.4},
		{AtMs: 21000, Kind: KindDriver, Subject: "eyes_on"},
		{AtMs: 21800, Kind: KindAEB, Subject: "car", Value: 9},
		{AtMs: 22100, Kind: KindBrake},
		{AtMs: 23000, Kind: KindAEB, Subject: "hold"},
	}
	tl := TimelineFromLog(evs, Start{HandsOnWheel: true, EyesOnRoad: true, Level: LevelManual})
	if !tl.Requested || tl.RequestAtS != 20 || tl.TakeoverS != 2.1 || tl.EyesS != 1 || !tl.AEB || tl.Level != LevelManual {
		t.Fatalf("%+v", tl)
	}
	r := Score(tl)
	if points(r, "outcome") != AEBOutcomePoints || r.Tip.Key != "drill.advice.fcw" {
		t.Fatalf("outcome %v, tip %v", points(r, "outcome"), r.Tip)
	}
	// an L3 drill ignores the warning and the brake as request and takeover
	tl = TimelineFromLog(evs, Start{HandsOnWheel: true, EyesOnRoad: true, Level: "l3"})
	if tl.Requested || tl.AEB {
		t.Fatalf("%+v", tl)
	}
}

func TestProcedure(t *testing.T) {
	tl := clean()
	tl.PhoneAtRequest, tl.PhoneDownS = true, 3.5 // after the hands at 3.0
	tl.LaneChanges = []LaneChange{{AtS: 12, MirrorChecked: true, Indicated: true}, {AtS: 18, Indicated: false}}
	r := Score(tl)
	if points(r, "phone") != 0 || points(r, "mirror") != 0 || points(r, "indicator") != 0 || r.Total != 100-4-5-3 {
		t.Fatalf("%+v", r)
	}
	if tip := en(t, r.Tip); tip != "Check the mirror and over your shoulder before every lane change." {
		t.Fatalf("tip %q", tip)
	}
	tl.PhoneDownS = 2
	if points(Score(tl), "phone") != 4 {
		t.Fatal("phone down before the hands scores")
	}
	// Hard braking first costs points only with time to spare.
	tl = clean()
	tl.HardBrakeFirst = true
	if points(Score(tl), "calm") != 0 {
		t.Fatal("needless hard braking")
	}
	tl.MinTTCS = 2.5
	if points(Score(tl), "calm") != 3 {
		t.Fatal("hard braking close to the car ahead is not needless")
	}
}

func TestPenalties(t *testing.T) {
	tl := clean()
	tl.AvailabilityWarnings, tl.SeatOrBelt = 1, 1
	r := Score(tl)
	if r.Total != 90 || !strings.Contains(en(t, r.Tip), "every 30 s") {
		t.Fatalf("%v %q", r.Total, en(t, r.Tip))
	}
	tl.AvailabilityWarnings = 30
	if Score(tl).Total != 0 {
		t.Fatal("floor at 0")
	}
}

func TestTipNamesTheSlowTakeover(t *testing.T) {
	tl := clean()
	tl.TakeoverS = 7.5
	r := Score(tl)
	if e, z := en(t, r.Tip), zh(t, r.Tip); !strings.Contains(e, "7.5 s (median 4.6 s)") || !strings.Contains(z, "7.5 秒") {
		t.Fatalf("%q / %q", e, z)
	}
}

func TestTimelineFromLog(t *testing.T) {
	evs := []LogEvent{
		{AtMs: 1000, Kind: "automation.engaged", Subject: "l3"},
		{AtMs: 2000, Kind: KindDriver, Subject: "eyes_off"},
		{AtMs: 2000, Kind: KindDriver, Subject: "hands_off"},
		{AtMs: 2500, Kind: KindDriver, Subject: "phone_on"},
		{AtMs: 40000, Kind: "automation.availability_warning"},
		{AtMs: 60000, Kind: "automation.takeover_requested", Subject: "roadworks", Value: 10},
		{AtMs: 61500, Kind: KindDriver, Subject: "phone_off"},
		{AtMs: 62000, Kind: KindDriver, Subject: "eyes_on"},
		{AtMs: 63000, Kind: KindDriver, Subject: "hands_on"},
		{AtMs: 64500, Kind: "automation.takeover", Subject: "roadworks", Value: 4.5},
		{AtMs: 65000, Kind: KindHarsh, Value: 4.6},
		{AtMs: 70000, Kind: KindDriver, Subject: "mirror_check"},
		{AtMs: 71000, Kind: KindDriver, Subject: "indicator"},
		{AtMs: 72000, Kind: KindLaneStart, Subject: "left"},
		{AtMs: 90000, Kind: KindLaneStart, Subject: "right"},
	}
	tl := TimelineFromLog(evs, Start{EyesOnRoad: true, HandsOnWheel: true})
	want := Timeline{Level: "l3", Requested: true, RequestAtS: 60, EyesS: 2, HandsS: 3, TakeoverS: 4.5,
		MinTTCS: math.Inf(1), MaxDecelMps2: 4.6, PhoneAtRequest: true, PhoneDownS: 1.5, HardBrakeFirst: true,
		AvailabilityWarnings: 1,
		LaneChanges:          []LaneChange{{AtS: 12, MirrorChecked: true, Indicated: true}, {AtS: 30}}}
	if !equal(tl, want) {
		t.Fatalf("got  %+v\nwant %+v", tl, want)
	}
	r := Score(tl)
	// 100 - decel 3 - calm 3 - mirror 5 - indicator 3 - penalty 5
	if r.Total != 81 {
		t.Fatalf("%v %+v", r.Total, r.Criteria)
	}
}

func TestTimelineFromLogL2(t *testing.T) {
	evs := []LogEvent{
		{AtMs: 0, Kind: "automation.engaged", Subject: "l2"},
		{AtMs: 1000, Kind: KindDriver, Subject: "eyes_off"},
		{AtMs: 5000, Kind: KindDriver, Subject: "eyes_on"},
		{AtMs: 6000, Kind: KindDriver, Subject: "eyes_off"},
		{AtMs: 7000, Kind: KindDriver, Subject: "eyes_on"},
		{AtMs: 20000, Kind: "automation.hands_off_warning", Subject: "hands"},
	}
	tl := TimelineFromLog(evs, Start{EyesOnRoad: true, HandsOnWheel: true})
	if tl.Level != "l2" || tl.Requested || tl.LongDistractions != 1 || tl.HandsOffWarnings != 1 {
		t.Fatalf("%+v", tl)
	}
	if r := Score(tl); r.Total != 90 || !strings.Contains(en(t, r.Tip), "lane centring") {
		t.Fatalf("%v %q", r.Total, en(t, r.Tip))
	}
}

func equal(a, b Timeline) bool {
	if len(a.LaneChanges) != len(b.LaneChanges) {
		return false
	}
	for i := range a.LaneChanges {
		if a.LaneChanges[i] != b.LaneChanges[i] {
			return false
		}
	}
	a.LaneChanges, b.LaneChanges = nil, nil
	return a.Level == b.Level && a.Requested == b.Requested && a.RequestAtS == b.RequestAtS && a.EyesS == b.EyesS &&
		a.HandsS == b.HandsS && a.TakeoverS == b.TakeoverS && a.MRM == b.MRM && a.Crash == b.Crash &&
		a.MinTTCS == b.MinTTCS && a.MaxDecelMps2 == b.MaxDecelMps2 && a.LaneDepartures == b.LaneDepartures &&
		a.PhoneAtRequest == b.PhoneAtRequest && a.PhoneDownS == b.PhoneDownS && a.HardBrakeFirst == b.HardBrakeFirst &&
		a.AvailabilityWarnings == b.AvailabilityWarnings && a.SeatOrBelt == b.SeatOrBelt &&
		a.LongDistractions == b.LongDistractions && a.HandsOffWarnings == b.HandsOffWarnings && a.L2Lockout == b.L2Lockout
}

// TestScoreProperties: any timeline scores within 0..100, the breakdown adds
// up, every criterion stays within its maximum, a tip is always given, and
// taking over earlier never scores less.
func TestScoreProperties(t *testing.T) {
	tables, err := i18ntest.Catalogues()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		tm := func(name string) float64 {
			if rapid.IntRange(0, 5).Draw(rt, name+"_never") == 0 {
				return Never
			}
			return rapid.Float64Range(0, 30).Draw(rt, name)
		}
		tl := Timeline{Level: "l3", Requested: rapid.Bool().Draw(rt, "req"), EyesS: tm("eyes"), HandsS: tm("hands"),
			TakeoverS: tm("take"), MRM: rapid.Bool().Draw(rt, "mrm"), Crash: rapid.IntRange(0, 9).Draw(rt, "crash") == 0,
			MinTTCS: rapid.Float64Range(0, 20).Draw(rt, "ttc"), MaxDecelMps2: rapid.Float64Range(0, 10).Draw(rt, "decel"),
			LaneDepartures: rapid.IntRange(0, 2).Draw(rt, "dep"), PhoneAtRequest: rapid.Bool().Draw(rt, "phone"),
			PhoneDownS: tm("down"), HardBrakeFirst: rapid.Bool().Draw(rt, "hard"),
			AvailabilityWarnings: rapid.IntRange(0, 3).Draw(rt, "aw"), SeatOrBelt: rapid.IntRange(0, 2).Draw(rt, "sb")}
		r := Score(tl)
		if r.Total < 0 || r.Total > 100 || r.Tip.IsZero() {
			rt.Fatalf("%+v", r)
		}
		// Whatever happened, the learner reads whole sentences.
		for lang, tab := range tables {
			for _, m := range append([]msg.Msg{r.Tip}, notes(r)...) {
				if s := tab.Render(m, nil); s == "" || strings.ContainsAny(s, "⟦{") {
					rt.Fatalf("%s: %s renders as %q", lang, m, s)
				}
			}
		}
		sum := 0.0
		for _, c := range r.Criteria {
			if c.ID != "penalties" && (c.Points < 0 || c.Points > c.Max+1e-9) {
				rt.Fatalf("%+v", c)
			}
			sum += c.Points
		}
		if !tl.Crash && math.Abs(math.Max(0, sum)-r.Total) > 0.051 {
			rt.Fatalf("sum %v total %v", sum, r.Total)
		}
		if tl.TakeoverS > 0 {
			faster := tl
			faster.TakeoverS = tl.TakeoverS / 2
			if Score(faster).Total < r.Total {
				rt.Fatalf("a faster takeover scored less")
			}
		}
	})
}

// notes are every line's label and note.
func notes(r Result) []msg.Msg {
	var ms []msg.Msg
	for _, c := range r.Criteria {
		ms = append(ms, c.Label(), c.Note)
	}
	return ms
}

// TestL3DrillWithoutARequestEarnsNoOutcomeNorTimeliness: an L3 drill is the answer
// to the car's takeover request. A trainee who switched L3 off before the
// car asked (a tap on the accelerator overrides it) answered nothing: the
// outcome and the timeliness block earn nothing, the debrief says why, and
// the tip says to leave L3 on; an L2 drill without a request keeps its
// points.
func TestL3DrillWithoutARequestEarnsNoOutcomeNorTimeliness(t *testing.T) {
	l3 := Timeline{Level: LevelL3, EyesS: Never, HandsS: Never, TakeoverS: Never, MinTTCS: math.Inf(1)}
	r := Score(l3)
	for _, c := range r.Criteria {
		switch c.ID {
		case "outcome", "takeover", "eyes", "hands":
			if c.Points != 0 || c.Note.Key != "drill.note.no_request_l3" {
				t.Errorf("%s: %v points, note %s", c.ID, c.Points, c.Note.Key)
			}
		}
	}
	if r.Total > 100-OutcomePoints-TakeoverPoints-EyesPoints-HandsPoints || r.Tip.Key != "drill.advice.wait_for_request" {
		t.Errorf("total %v, tip %s", r.Total, r.Tip.Key)
	}
	l2 := l3
	l2.Level = "l2"
	if got := Score(l2).Total; got != 100 {
		t.Errorf("an L2 drill without a request scored %v, want 100", got)
	}
}
