package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// ExpectKind is the form of an expectation.
type ExpectKind int

// Expectation forms.
const (
	ExpectHappens     ExpectKind = iota // event X happens (optionally in a window, a number of times)
	ExpectNever                         // event X never happens
	ExpectAfterWithin                   // X happens within D after the first Y
	ExpectEnd                           // the state at the end
	ExpectSpeed                         // speed stays within bounds during a window
	ExpectDrill                         // the drill's score is within bounds
)

// Expectation is one assertion of a scenario about its run.
type Expectation struct {
	Line int
	Kind ExpectKind

	Event  Match
	From   sim.Millis // window for ExpectHappens; To < 0 means open
	To     sim.Millis
	Count  int // -1 = at least once
	After  Match
	Within sim.Millis

	End EndState

	// For ExpectSpeed: bounds in km/h (NaN = unchecked) over From..To.
	MaxKmh, MinKmh float64
	// For ExpectDrill: score bounds out of 100 (NaN = unchecked).
	MinScore, MaxScore float64
}

// EndState holds the end-of-run checks; nil pointers are not checked.
type EndState struct {
	Arrived, Crashed, Stranded *bool
	Place                      string
	SoCMin, SoCMax, FuelMin    *float64 // percent
	SpeedMaxKmh                *float64
	DistanceMinM, DistanceMaxM *float64
	TimeMin, TimeMax           *sim.Millis
	MinTTCS, MaxDecel          *float64
	// The parking assist at the end ("" and nil: unchecked).
	Parking, Gear string
	ParkingBrake  *bool
}

// Check is the outcome of one expectation.
type Check struct {
	Line   int
	What   string // the expectation in words
	Passed bool
	Detail string // what was observed
	// Said is what the event that broke a "never" expectation said, for
	// the report to render after Detail; zero otherwise.
	Said msg.Msg
}

// Observed is Detail with what the offending event said, rendered by say.
func (c *Check) Observed(say func(msg.Msg) string) string {
	if c.Said.IsZero() {
		return c.Detail
	}
	return c.Detail + ": " + say(c.Said)
}

func (l *loader) expectation(field string, e *fileExpect, m *world.Map) (Expectation, bool) {
	line, _ := l.doc.Position(field)
	ex := Expectation{Line: line, To: -1, Count: -1}
	before := len(l.errs)
	forms := 0
	if e.Event != "" {
		forms++
		ex.Kind = ExpectHappens
		ex.Event = Match{Kind: e.Event, Subject: e.Subject}
		l.checkKind(field+".event", e.Event, field+".subject", e.Subject)
		l.checkSubject(field+".subject", e.Event, e.Subject, m)
		if e.After != "" {
			l.checkKind(field+".after", e.After, "", "")
			ex.Kind = ExpectAfterWithin
			ex.After = Match{Kind: e.After}
			if e.Within == "" {
				l.errorf(field+".within", "missing: how soon after %q the event must happen, e.g. 10s", e.After)
			}
			ex.Within = l.duration(field+".within", e.Within)
		} else if e.Within != "" {
			l.errorf(field+".within", "within needs after: the event it counts from")
		}
		if len(e.Between) > 0 {
			if len(e.Between) != 2 {
				l.errorf(field+".between", "expected [from, to], e.g. [10m, 20m]")
			} else {
				ex.From = l.duration(field+".between[0]", e.Between[0])
				ex.To = l.duration(field+".between[1]", e.Between[1])
				if ex.To < ex.From {
					l.errorf(field+".between", "the window ends before it starts")
				}
			}
		}
		if e.Count != nil {
			if *e.Count < 0 {
				l.errorf(field+".count", "expected zero or more, got %d", *e.Count)
			}
			ex.Count = *e.Count
		}
	}
	if e.Never != "" {
		forms++
		ex.Kind = ExpectNever
		ex.Event = Match{Kind: e.Never, Subject: e.Subject}
		l.checkKind(field+".never", e.Never, field+".subject", e.Subject)
		l.checkSubject(field+".subject", e.Never, e.Subject, m)
	}
	if e.End != nil {
		forms++
		ex.Kind = ExpectEnd
		ex.End = l.endState(field+".end", e.End, m)
	}
	if sp := e.Speed; sp != nil {
		forms++
		ex.Kind = ExpectSpeed
		ex.MaxKmh, ex.MinKmh = math.NaN(), math.NaN()
		if sp.MaxKmh != nil {
			ex.MaxKmh = *sp.MaxKmh
		}
		if sp.MinKmh != nil {
			ex.MinKmh = *sp.MinKmh
		}
		if sp.MaxKmh == nil && sp.MinKmh == nil {
			l.errorf(field+".speed", "give max_kmh, min_kmh or both")
		}
		if len(sp.Between) != 2 {
			l.errorf(field+".speed.between", "expected the window [from, to], e.g. [10m, 20m]")
		} else {
			ex.From = l.duration(field+".speed.between[0]", sp.Between[0])
			ex.To = l.duration(field+".speed.between[1]", sp.Between[1])
			if ex.To < ex.From {
				l.errorf(field+".speed.between", "the window ends before it starts")
			}
		}
	}
	if d := e.Drill; d != nil {
		forms++
		ex.Kind = ExpectDrill
		ex.MinScore, ex.MaxScore = math.NaN(), math.NaN()
		if d.MinScore != nil {
			ex.MinScore = *d.MinScore
		}
		if d.MaxScore != nil {
			ex.MaxScore = *d.MaxScore
		}
		switch {
		case !l.drill:
			// It could only fail ("no drill score"), exit 1 as if the
			// drive had gone wrong, when the file is what is wrong.
			l.errorf(field+".drill", "a drill score is only checked in a drill; add a drill: {order, level} block or remove this check")
		case d.MinScore == nil && d.MaxScore == nil:
			l.errorf(field+".drill", "give min_score, max_score or both")
		case d.MinScore != nil && d.MaxScore != nil && *d.MinScore > *d.MaxScore:
			l.errorf(field+".drill", "min_score %g is above max_score %g", *d.MinScore, *d.MaxScore)
		}
	}
	if forms != 1 {
		l.errorf(field, "needs exactly one of event, never, end, speed or drill, found %d", forms)
	}
	return ex, len(l.errs) == before
}

func (l *loader) endState(field string, e *fileEnd, m *world.Map) EndState {
	es := EndState{Arrived: e.Arrived, Crashed: e.Crashed, Stranded: e.Stranded, Place: e.Place,
		SoCMin: e.SoCMin, SoCMax: e.SoCMax, FuelMin: e.FuelMin, SpeedMaxKmh: e.SpeedMaxKmh,
		MinTTCS: e.MinTTCS, MaxDecel: e.MaxDecel}
	l.parkingEnd(field, e, &es)
	if e.Place != "" {
		if _, err := m.Place(e.Place); err != nil {
			l.errorf(field+".place", "unknown place %q%s; valid: %s", e.Place, didYouMean(e.Place, strings.Split(placeIDs(m), ", ")...), placeIDs(m))
		}
	}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"soc_min", e.SoCMin}, {"soc_max", e.SoCMax}, {"fuel_min", e.FuelMin}} {
		if p.v != nil {
			l.percent(field+"."+p.name, *p.v)
		}
	}
	dist := func(name, s string) *float64 {
		if s == "" {
			return nil
		}
		v := l.distance(field+"."+name, s)
		return &v
	}
	es.DistanceMinM, es.DistanceMaxM = dist("distance_min", e.DistanceMin), dist("distance_max", e.DistanceMax)
	dur := func(name, s string) *sim.Millis {
		if s == "" {
			return nil
		}
		v := l.duration(field+"."+name, s)
		return &v
	}
	es.TimeMin, es.TimeMax = dur("time_min", e.TimeMin), dur("time_max", e.TimeMax)
	return es
}

// describe says what an expectation asks, in words.
func (ex *Expectation) describe() string {
	switch ex.Kind {
	case ExpectNever:
		return "never " + ex.Event.String()
	case ExpectAfterWithin:
		return fmt.Sprintf("%s within %s after %s", ex.Event, fmtDur(ex.Within), ex.After)
	case ExpectEnd:
		return "at the end: " + ex.End.describe()
	case ExpectDrill:
		var b []string
		if !math.IsNaN(ex.MinScore) {
			b = append(b, fmt.Sprintf("≥ %g", ex.MinScore))
		}
		if !math.IsNaN(ex.MaxScore) {
			b = append(b, fmt.Sprintf("≤ %g", ex.MaxScore))
		}
		return "drill score " + strings.Join(b, " and ")
	case ExpectSpeed:
		var b []string
		if !math.IsNaN(ex.MinKmh) {
			b = append(b, fmt.Sprintf("≥ %g km/h", ex.MinKmh))
		}
		if !math.IsNaN(ex.MaxKmh) {
			b = append(b, fmt.Sprintf("≤ %g km/h", ex.MaxKmh))
		}
		return fmt.Sprintf("speed %s between %s and %s", strings.Join(b, " and "), fmtDur(ex.From), fmtDur(ex.To))
	}
	s := ex.Event.String()
	if ex.Count >= 0 {
		s += fmt.Sprintf(" exactly %d time(s)", ex.Count)
	}
	if ex.To >= 0 {
		s += fmt.Sprintf(" between %s and %s", fmtDur(ex.From), fmtDur(ex.To))
	}
	return s + " happens"
}

func fmtDur(m sim.Millis) string {
	d := m.Seconds()
	switch {
	case d >= 3600 && math.Mod(d, 60) == 0:
		return fmt.Sprintf("%dh%02dm", int(d)/3600, int(d)/60%60)
	case d >= 60 && math.Mod(d, 1) == 0:
		return fmt.Sprintf("%dm%02ds", int(d)/60, int(d)%60)
	}
	return fmt.Sprintf("%gs", d)
}

func (e *EndState) describe() string {
	var parts []string
	b := func(name string, v *bool) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%s=%t", name, *v))
		}
	}
	f := func(name string, v *float64, unit string) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%s %g%s", name, *v, unit))
		}
	}
	b("arrived", e.Arrived)
	b("crashed", e.Crashed)
	b("stranded", e.Stranded)
	if e.Place != "" {
		parts = append(parts, "at "+e.Place)
	}
	f("SoC ≥", e.SoCMin, " %")
	f("SoC ≤", e.SoCMax, " %")
	f("fuel ≥", e.FuelMin, " %")
	f("speed ≤", e.SpeedMaxKmh, " km/h")
	f("min TTC ≥", e.MinTTCS, " s")
	f("max decel ≤", e.MaxDecel, " m/s²")
	parts = e.describeParking(parts)
	if e.DistanceMinM != nil {
		parts = append(parts, fmt.Sprintf("distance ≥ %.1f km", *e.DistanceMinM/1000))
	}
	if e.DistanceMaxM != nil {
		parts = append(parts, fmt.Sprintf("distance ≤ %.1f km", *e.DistanceMaxM/1000))
	}
	if e.TimeMin != nil {
		parts = append(parts, "time ≥ "+fmtDur(*e.TimeMin))
	}
	if e.TimeMax != nil {
		parts = append(parts, "time ≤ "+fmtDur(*e.TimeMax))
	}
	return strings.Join(parts, ", ")
}

// speedWatch records the speed range seen during an ExpectSpeed window.
type speedWatch struct {
	seen       bool
	lo, hi     float64
	loAt, hiAt sim.Millis
}

func (w *speedWatch) observe(t sim.Millis, kmh float64) {
	if !w.seen || kmh < w.lo {
		w.lo, w.loAt = kmh, t
	}
	if !w.seen || kmh > w.hi {
		w.hi, w.hiAt = kmh, t
	}
	w.seen = true
}

// evaluate checks one expectation against a finished run.
func (ex *Expectation) evaluate(events []sim.Event, st *sim.State, fuelCapL float64, w *speedWatch, score *float64) Check {
	c := Check{Line: ex.Line, What: ex.describe()}
	switch ex.Kind {
	case ExpectHappens:
		n, first := 0, sim.Millis(-1)
		for _, ev := range events {
			if !ex.Event.Matches(ev) {
				continue
			}
			if ex.To >= 0 && (ev.At < ex.From || ev.At > ex.To) {
				continue
			}
			if n == 0 {
				first = ev.At
			}
			n++
		}
		if ex.Count >= 0 {
			c.Passed = n == ex.Count
			c.Detail = fmt.Sprintf("happened %d time(s)", n)
		} else {
			c.Passed = n > 0
			c.Detail = "did not happen"
			if n > 0 {
				c.Detail = "first at " + first.String()
			}
		}
	case ExpectNever:
		c.Passed = true
		c.Detail = "did not happen"
		for _, ev := range events {
			if ex.Event.Matches(ev) {
				c.Passed = false
				c.Detail, c.Said = "happened at "+ev.At.String(), ev.Msg
				break
			}
		}
	case ExpectAfterWithin:
		start := sim.Millis(-1)
		for _, ev := range events {
			if start < 0 && ex.After.Matches(ev) {
				start = ev.At
				continue
			}
			if start >= 0 && ex.Event.Matches(ev) {
				delay := ev.At - start
				c.Passed = delay <= ex.Within
				c.Detail = fmt.Sprintf("%s after, at %s", fmtDur(delay), ev.At)
				return c
			}
		}
		if start < 0 {
			c.Detail = ex.After.String() + " never happened"
		} else {
			c.Detail = "did not happen after " + ex.After.String() + " at " + start.String()
		}
	case ExpectEnd:
		c.Passed, c.Detail = ex.End.check(st, fuelCapL)
	case ExpectDrill:
		switch {
		case score == nil:
			c.Detail = "no drill score"
		case !math.IsNaN(ex.MinScore) && *score < ex.MinScore, !math.IsNaN(ex.MaxScore) && *score > ex.MaxScore:
			c.Detail = fmt.Sprintf("scored %.0f", *score)
		default:
			c.Passed = true
			c.Detail = fmt.Sprintf("scored %.0f", *score)
		}
	case ExpectSpeed:
		switch {
		case w == nil || !w.seen:
			c.Detail = "the drive ended before the window"
		case !math.IsNaN(ex.MaxKmh) && w.hi > ex.MaxKmh+0.05:
			c.Detail = fmt.Sprintf("%.1f km/h at %s", w.hi, w.hiAt)
		case !math.IsNaN(ex.MinKmh) && w.lo < ex.MinKmh-0.05:
			c.Detail = fmt.Sprintf("%.1f km/h at %s", w.lo, w.loAt)
		default:
			c.Passed = true
			c.Detail = fmt.Sprintf("between %.1f and %.1f km/h", w.lo, w.hi)
		}
	}
	return c
}

func (e *EndState) check(st *sim.State, fuelCapL float64) (bool, string) {
	var fails []string
	b := func(name string, want *bool, got bool) {
		if want != nil && *want != got {
			fails = append(fails, fmt.Sprintf("%s is %t", name, got))
		}
	}
	b("arrived", e.Arrived, st.Arrived)
	b("crashed", e.Crashed, st.Crashed)
	b("stranded", e.Stranded, st.Stranded)
	if e.Place != "" && (!st.Arrived || st.Destination != e.Place) {
		fails = append(fails, fmt.Sprintf("not arrived at %s", e.Place))
	}
	soc := st.Vehicle.SoC * 100
	if e.SoCMin != nil && soc < *e.SoCMin {
		fails = append(fails, fmt.Sprintf("SoC is %.1f %%", soc))
	}
	if e.SoCMax != nil && soc > *e.SoCMax {
		fails = append(fails, fmt.Sprintf("SoC is %.1f %%", soc))
	}
	if e.FuelMin != nil {
		fuel := 0.0
		if fuelCapL > 0 {
			fuel = st.Vehicle.FuelL / fuelCapL * 100
		}
		if fuel < *e.FuelMin {
			fails = append(fails, fmt.Sprintf("fuel is %.1f %%", fuel))
		}
	}
	if e.SpeedMaxKmh != nil && st.Vehicle.SpeedMps*3.6 > *e.SpeedMaxKmh {
		fails = append(fails, fmt.Sprintf("speed is %.0f km/h", st.Vehicle.SpeedMps*3.6))
	}
	if e.DistanceMinM != nil && st.Vehicle.OdometerM < *e.DistanceMinM {
		fails = append(fails, fmt.Sprintf("drove %.1f km", st.Vehicle.OdometerM/1000))
	}
	if e.DistanceMaxM != nil && st.Vehicle.OdometerM > *e.DistanceMaxM {
		fails = append(fails, fmt.Sprintf("drove %.1f km", st.Vehicle.OdometerM/1000))
	}
	if e.TimeMin != nil && st.Time < *e.TimeMin {
		fails = append(fails, "ended at "+st.Time.String())
	}
	if e.TimeMax != nil && st.Time > *e.TimeMax {
		fails = append(fails, "ended at "+st.Time.String())
	}
	if e.MinTTCS != nil && st.MinTTCS < *e.MinTTCS {
		fails = append(fails, fmt.Sprintf("min TTC was %.2f s", st.MinTTCS))
	}
	if e.MaxDecel != nil && st.MaxDecel > *e.MaxDecel {
		fails = append(fails, fmt.Sprintf("max deceleration was %.2f m/s²", st.MaxDecel))
	}
	fails = e.checkParking(st, fails)
	if len(fails) > 0 {
		return false, strings.Join(fails, "; ")
	}
	return true, fmt.Sprintf("SoC %.1f %%, %.1f km, %s", soc, st.Vehicle.OdometerM/1000, st.Time)
}
