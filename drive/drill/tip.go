package drill

import "github.com/nevsim/cockpit/drive/msg"

// tip picks the one thing worth practising: the criterion that lost the
// most points, earlier criteria winning ties (outcome before timeliness
// before control before procedure), with a concrete instruction.
func tip(t *Timeline, cs []Criterion) msg.Msg {
	best, lost := -1, 0.0
	for i, c := range cs {
		l := c.Max - c.Points
		if c.ID == "penalties" {
			l = -c.Points
		}
		if l > lost+1e-9 {
			best, lost = i, l
		}
	}
	if t.Crash {
		return advice("crash", msg.Int("gap", int(TTCGoodS)))
	}
	if best < 0 {
		return advice("clean")
	}
	if t.Level == LevelL3 && !t.Requested {
		return advice("wait_for_request") // the drill never reached its request
	}
	if t.Level == LevelManual {
		// one lesson: look at the road and brake at the warning, and the
		// stop is early and gentle
		switch cs[best].ID {
		case "outcome", "brake", "eyes", "ttc", "decel", "phone":
			return advice("fcw")
		}
	}
	switch cs[best].ID {
	case "outcome":
		if t.L2Lockout {
			return advice("lockout")
		}
		return advice("request")
	case "takeover":
		if t.TakeoverS < 0 {
			return advice("not_by_saying")
		}
		return advice("takeover", tenths("took", t.TakeoverS), tenths("median", MedianTakeover))
	case "eyes":
		return advice("eyes", msg.Sub("took", seconds(t.EyesS)))
	case "hands":
		return advice("hands", msg.Sub("took", seconds(t.HandsS)))
	case "ttc":
		return advice("ttc", msg.Sub("closest", seconds(t.MinTTCS)))
	case "decel":
		if t.MaxJerkMps3 > JerkGoodMps3 && t.MaxDecelMps2 <= DecelGoodMps2 {
			return advice("jerk")
		}
		return advice("decel", tenths("a", t.MaxDecelMps2), msg.Int("smooth", int(DecelGoodMps2)))
	case "lane":
		return advice("lane")
	case "phone":
		return advice("phone")
	case "mirror":
		return advice("mirror")
	case "indicator":
		return advice("indicator")
	case "calm":
		return advice("calm")
	}
	// penalties
	if t.HandsOffWarnings > 0 || t.LongDistractions > 0 {
		return advice("l2_attention")
	}
	return advice("l3_attention")
}

// advice is a drill.advice.* message.
func advice(name string, args ...msg.Arg) msg.Msg { return msg.New("drill.advice."+name, args...) }
