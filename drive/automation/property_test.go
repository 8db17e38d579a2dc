package automation

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// outsideODD is an independent statement of the L3 ODD (speed aside: once
// active the system holds its own speed), written from the rules rather
// than from the machine's code.
func outsideODD(p *Params, o *ODD) bool {
	tb := math.Inf(1)
	if o.BoundaryAheadM > 0 && !math.IsInf(o.BoundaryAheadM, 1) {
		tb = o.BoundaryAheadM / math.Max(o.SpeedKmh/3.6, 1)
	}
	return !slices.Contains(p.RoadTypes, o.RoadType) || (p.RequireDivided && !o.Divided) || o.MixedTraffic ||
		o.Markings != "good" || !slices.Contains(p.Weathers, o.Weather) || o.VisibilityM < p.MinVisibilityM ||
		(p.DaylightOnly && o.Night) || (p.RequireLead && !o.LeadPresent) || o.SystemFault || o.SevereFault ||
		o.UnplannedAhead != "" || tb <= p.PlannedLeadS
}

func drawODD(t *rapid.T, speed float64) ODD {
	o := goodODD()
	o.SpeedKmh = speed
	o.LeadPresent = rapid.Bool().Draw(t, "lead")
	switch rapid.IntRange(0, 16).Draw(t, "perturb") {
	case 0:
		o.RoadType = rapid.SampledFrom(RoadTypeNames).Draw(t, "road")
	case 1:
		o.Divided = false
	case 2:
		o.MixedTraffic = true
	case 3:
		o.Markings = rapid.SampledFrom([]string{"worn", "none", ""}).Draw(t, "markings")
	case 4:
		o.Weather = rapid.SampledFrom(WeatherNames).Draw(t, "weather")
		o.VisibilityM = rapid.Float64Range(0, 3000).Draw(t, "vis")
	case 5:
		o.Night = true
	case 6:
		o.SystemFault = true
	case 7:
		o.SevereFault = rapid.IntRange(0, 4).Draw(t, "severe") == 0
	case 8:
		o.UnplannedAhead = rapid.SampledFrom([]string{"fog", "roadworks", "crash", "lost_markings", "emergency_vehicle", "x"}).Draw(t, "unplanned")
	case 9:
		o.BoundaryAheadM = rapid.Float64Range(0, 3000).Draw(t, "boundary")
	}
	return o
}

func drawDriver(t *rapid.T) Driver {
	switch rapid.IntRange(0, 9).Draw(t, "profile") {
	case 0, 1:
		// Calm and idle: no availability evidence at all.
		return Driver{Seated: true, BeltOn: true}
	case 2, 3:
		// On the phone task: evidence, but no takeover.
		return Driver{Seated: true, BeltOn: true, PhoneTask: true}
	}
	b := func(name string, pTrue int) bool { return rapid.IntRange(0, 99).Draw(t, name) < pTrue }
	return Driver{
		Seated: b("seated", 95), BeltOn: b("belt", 95), HandsOnWheel: b("hands", 40), EyesOnRoad: b("eyes", 50),
		EyesClosed: b("closed", 5), Steering: b("steer", 15), Braking: b("brake", 10), Accelerating: b("accel", 5),
		PhoneTask: b("phone", 30), SaidIHaveControl: b("said", 5),
	}
}

// TestMachineProperties drives the machine with random inputs held for
// random durations, simulating the car's speed from the commands, and
// checks the safety rules of the issue after every step.
func TestMachineProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		p := rapid.SampledFrom([]Params{R157(), chinaParams(), func() Params {
			q := R157()
			q.MaxSpeedKmh, q.DaylightOnly, q.Weathers, q.MinVisibilityM = 95, true, []string{"clear"}, 200
			return q
		}()}).Draw(rt, "params")
		m := New(p)
		budgetMs := int64(p.TakeoverBudgetS * 1000)
		var now int64
		speed := 60.0
		mrmLocked := false
		outSince := int64(-1)
		prev := StateOff
		segments := rapid.IntRange(1, 40).Draw(rt, "segments")
		check := func(in Input, out Output) {
			if out.DecelMps2 < 0 || out.DecelMps2 > 4 {
				rt.Fatalf("decel %v", out.DecelMps2)
			}
			if out.State == StateMRM && !out.Hazards {
				rt.Fatalf("MRM without hazards")
			}
			if prev == StateMRM && out.State != StateMRM {
				switch {
				case out.State == StateMRC:
					if in.ODD.SpeedKmh > p.StandstillKmh || !out.Hazards {
						rt.Fatalf("MRC at %v km/h, hazards %v", in.ODD.SpeedKmh, out.Hazards)
					}
				case out.State == StateManual && validTakeover(&in.Driver):
				case in.IgnitionRestart:
				default:
					rt.Fatalf("MRM ended in %s without standstill or takeover", out.State)
				}
			}
			if in.IgnitionRestart {
				mrmLocked = false
			}
			if out.State == StateMRM {
				mrmLocked = true
			}
			if mrmLocked && out.Level == LevelL3 && out.State != StateMRM && out.State != StateMRC {
				rt.Fatalf("L3 re-engaged (%s) after an MRM without a restart", out.State)
			}
			l3 := out.Level == LevelL3 && out.State != StateMRM && out.State != StateMRC
			if l3 && (out.State == StateActive || out.State == StateAvailabilityWarning) && outsideODD(&p, &in.ODD) {
				rt.Fatalf("%s outside the ODD: %+v", out.State, in.ODD)
			}
			if l3 && outsideODD(&p, &in.ODD) {
				if outSince < 0 {
					outSince = in.NowMs
				}
				if in.NowMs-outSince > budgetMs {
					rt.Fatalf("active outside the ODD for %d ms", in.NowMs-outSince)
				}
			} else {
				outSince = -1
			}
			if out.Active && out.State != StateMRM && out.State != StateL2Stop && out.MaxSpeedKmh <= 0 {
				rt.Fatalf("active without a speed cap: %+v", out)
			}
			for _, e := range out.Events {
				if e.Msg.IsZero() || e.AtMs != in.NowMs {
					rt.Fatalf("bad event %+v", e)
				}
			}
			prev = out.State
		}
		advance := func(out Output, target float64) {
			switch {
			case out.DecelMps2 > 0:
				speed = math.Max(0, speed-out.DecelMps2*3.6*stepMs/1000)
			case out.HoldStandstill:
				speed = 0
			default:
				if out.Active {
					target = math.Min(target, out.MaxSpeedKmh)
				}
				// Ease towards the target at 2 m/s².
				d := 2 * 3.6 * stepMs / 1000
				speed += math.Max(-d, math.Min(d, target-speed))
			}
		}
		for s := 0; s < segments; s++ {
			target := rapid.Float64Range(0, 140).Draw(rt, "target")
			odd := drawODD(rt, speed)
			drv := drawDriver(rt)
			steps := rapid.IntRange(1, 1000).Draw(rt, "steps")
			in := Input{
				EngageRequest:    rapid.SampledFrom([]Level{LevelNone, LevelNone, LevelL3, LevelL3, LevelL2}).Draw(rt, "engage"),
				DisengageRequest: rapid.IntRange(0, 9).Draw(rt, "off") == 0,
				IgnitionRestart:  rapid.IntRange(0, 14).Draw(rt, "restart") == 0,
				HazardsOff:       rapid.IntRange(0, 9).Draw(rt, "hazoff") == 0,
			}
			for i := 0; i < steps; i++ {
				now += stepMs
				in.NowMs = now
				in.ODD = odd
				in.ODD.SpeedKmh = speed
				in.Driver = drv
				out := m.Step(in)
				followsTable(rt, m, out)
				check(in, out)
				advance(out, target)
				// Edges last one step.
				in.EngageRequest, in.DisengageRequest, in.IgnitionRestart, in.HazardsOff = LevelNone, false, false, false
			}
		}
		// An MRM in progress must reach standstill with no one acting.
		for i := 0; prev == StateMRM; i++ {
			if i > 100000 {
				rt.Fatalf("MRM never ended")
			}
			now += stepMs
			in := Input{NowMs: now, ODD: goodODD(), Driver: Driver{Seated: true, BeltOn: true}}
			in.ODD.SpeedKmh = speed
			out := m.Step(in)
			followsTable(rt, m, out)
			check(in, out)
			advance(out, speed)
		}
	})
}
