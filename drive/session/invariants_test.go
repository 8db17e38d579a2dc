package session_test

// The one invariant checker of the random drives (issue 16, item 5): the
// Go fuzz target FuzzCarDrive, the rapid property TestRandomCarDrives and
// the benchmark mode (COCKPIT_DRIVES) all judge every step with it, and
// TestInvariantCheckerCatches shows each rule able to fail on a doctored
// state.
//
// The rules are the car's own, not the test's:
//   - no NaN anywhere in the state or an event (every field, exported or
//     not, followed through pointers, slices, maps and interfaces), and
//     +Inf only in the fields documented to mean "none" by it (infOK);
//     -Inf nowhere;
//   - SoC in [0, 1] and fuel in [0, tank] (vehicle.State);
//   - speed in [0, the profile's MaxSpeedKmh] (+0.5 km/h, as
//     TestDriveInvariants allows for the last step's rounding);
//   - hazard lights on through every MRM (automation: m.hazards is set when
//     the MRM starts and HazardsOff is refused while in it; R157 §5.5), and
//     in the MRC until the driver's own switch (a HazardsOff or a cabin
//     hazard-light command) turns them off;
//   - L3 never drives outside its ODD for longer than the preset's
//     takeover_budget_s: leaving it starts a takeover request
//     (Machine.stepActive), whose budget's end starts the MRM
//     (Machine.stepRequest); the ODD here is read from the state's
//     conditions by the preset's own limits (road types, divided,
//     mixed traffic, markings, visibility, weather, daylight), the rules
//     of Params.checkODD that the state shows. A drive that has ended
//     too: a crash or a car out of energy is a severe failure, so the
//     system ends in its MRC (found by TestManyCarDrives seeds 35564, a
//     crash under L3 then fog, and 37331, stranded during a request, when
//     an ended drive's automation stayed what it was: L3 active on a
//     wrecked car);
//   - no contact in a car park while the parking assist or the scripted
//     driver moves the car (a collision while the driver drives by the
//     pedals is the driver's). Two contacts are not the car's to avoid,
//     and are excluded: with a pedestrian put down less than
//     pedestrianGrace before (a test's pedestrian appears where it is
//     placed, possibly at the bumper: nothing stops in no distance), and
//     while the parking safety's fault injection delays the obstacle data
//     (parking.Safety.SensorDelayS: the 2025 recall's fault, which the
//     fault scenarios switch on to show the contact it causes).

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// infOK are the state's fields where +Inf is a value by their doc
// comments: "none", "not closing", "beyond range". Each is a field path as
// the walker names it (array and slice indexes dropped).
var infOK = map[string]string{
	"State.MinTTCS":                         "sim.State: Inf if none",
	"State.Conditions.Lead.TimeGapS":        "sim.Lead: +Inf when stopped",
	"State.Conditions.Lead.TTCS":            "sim.Lead: +Inf when not closing",
	"State.Assist.TTCS":                     "perception: no time to collision",
	"State.Parking.ProximityM":              "sim.ParkingState: +Inf beyond parking.ProximityRangeM",
	"State.Parking.Output.ProximityM":       "the same reading",
	"State.Parking.Scene.ProximityM":        "the same reading",
	"State.Parking.Scene.Corners.DistanceM": "parking.Scene: a corner that sees nothing",
}

// skipType: data loaded before the drive and never changed by it (the map,
// the car's profile): walking the map every step would cost more than the
// drive, and the loaders check its numbers.
func skipType(t reflect.Type) bool {
	switch t {
	case reflect.TypeFor[world.Map](), reflect.TypeFor[world.Road](), reflect.TypeFor[world.Node](),
		reflect.TypeFor[world.ParkingArea](), reflect.TypeFor[world.Place](), reflect.TypeFor[vehicle.Profile]():
		return true
	}
	return false
}

// finiteWalker reports every NaN and every infinity outside infOK below a
// value. A route is walked once (it does not change once planned). The
// walk runs after every step of every random drive, so it keeps, for each
// struct type, only the fields that can hold a number, and names a field
// (path, a stack of field names) only when it reports it.
type finiteWalker struct {
	routes map[*route.Route]bool
	types  map[reflect.Type]*typeInfo
	path   []string
	bad    []string
}

type typeInfo struct {
	floats bool // some value below can be a float
	fields []fieldInfo
}

type fieldInfo struct {
	index int
	name  string
}

// info is what the walker needs of a type; a type being worked out counts
// as holding floats (a recursive type).
func (w *finiteWalker) info(t reflect.Type) *typeInfo {
	if ti, ok := w.types[t]; ok {
		return ti
	}
	ti := &typeInfo{floats: true}
	w.types[t] = ti
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Interface:
	case reflect.Struct:
		if skipType(t) {
			ti.floats = false
			break
		}
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); w.info(f.Type).floats {
				ti.fields = append(ti.fields, fieldInfo{i, f.Name})
			}
		}
		ti.floats = len(ti.fields) > 0
	case reflect.Array, reflect.Slice, reflect.Pointer:
		ti.floats = !skipType(t.Elem()) && w.info(t.Elem()).floats
	case reflect.Map:
		ti.floats = w.info(t.Elem()).floats
	default:
		ti.floats = false
	}
	return ti
}

func (w *finiteWalker) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			name := strings.Join(w.path, ".")
			if math.IsInf(f, 1) && infOK[name] != "" {
				return
			}
			w.bad = append(w.bad, fmt.Sprintf("%s = %v", name, f))
		}
	case reflect.Struct:
		// msg.Num keeps a NaN or an infinity out of the number it logs and
		// marks the argument instead: the producer's defect, still seen here
		if v.Type() == reflect.TypeFor[msg.Arg]() && v.Interface().(msg.Arg).NoValue {
			w.bad = append(w.bad, fmt.Sprintf("%s.%s has no value (NaN or infinite)", strings.Join(w.path, "."), v.Interface().(msg.Arg).Name))
		}
		for _, f := range w.info(v.Type()).fields {
			w.path = append(w.path, f.name)
			w.walk(v.Field(f.index))
			w.path = w.path[:len(w.path)-1]
		}
	case reflect.Array, reflect.Slice:
		if !w.info(v.Type()).floats {
			return
		}
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i))
		}
	case reflect.Pointer:
		if v.IsNil() || !w.info(v.Type()).floats {
			return
		}
		if v.Type() == reflect.TypeFor[*route.Route]() {
			r := (*route.Route)(v.UnsafePointer())
			if w.routes[r] {
				return
			}
			w.routes[r] = true
		}
		w.walk(v.Elem())
	case reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem())
		}
	case reflect.Map:
		if !w.info(v.Type()).floats {
			return
		}
		it := v.MapRange()
		for it.Next() {
			w.walk(it.Value())
		}
	}
}

// checker judges a drive step by step; it keeps what a rule needs of the
// steps before (when the car left the ODD, whether the driver pressed the
// hazard switch since the MRM ended).
type checker struct {
	p       automation.Params
	fw      finiteWalker
	outside sim.Millis // since when L3 has driven outside its ODD, -1 if not
	// switchedOff: the driver's hazard switch was pressed since the MRM
	// began (the MRC's hazards may then go off).
	switchedOff bool
	// assistMoved: the parking assist or the scripted driver moved the
	// car in a car park in the last step.
	assistMoved bool
	// pedestrianAt is when the last pedestrian was put down, -1 never.
	pedestrianAt sim.Millis
	steps        int
}

func newChecker(p *automation.Params) *checker {
	c := &checker{p: automation.R157(), outside: -1, pedestrianAt: -1, fw: finiteWalker{routes: map[*route.Route]bool{}, types: map[reflect.Type]*typeInfo{}}}
	if p != nil {
		c.p = *p
	}
	return c
}

// pedestrianGrace: a pedestrian put down this recently may be touched. At
// the assist's 6 km/h (parking.DefaultConfig's ManoeuvreSpeedKmh) 1 s is
// 1.7 m of travel, against its 0.3 m stop at EmergencyMps2.
const pedestrianGrace = 1000

// pedestrianAdded tells the checker a pedestrian is put down now (at the
// state's time, before the next step).
func (c *checker) pedestrianAdded(at sim.Millis) { c.pedestrianAt = at }

// hazardSwitch tells the checker the driver pressed the hazard switch off
// (a HazardsOff, or a cabin hazard-light command) before the next step.
func (c *checker) hazardSwitch() { c.switchedOff = true }

// outsideODD is the first rule of Params.checkODD the state's conditions
// break, "" within the ODD. The sim feeds the machine these very fields
// (sim.stepAutomation).
func (c *checker) outsideODD(st *sim.State) string {
	k := &st.Conditions
	switch {
	case !slices.Contains(c.p.RoadTypes, k.RoadType):
		return "road type " + k.RoadType
	case c.p.RequireDivided && !k.Divided:
		return "not divided"
	case k.MixedTraffic || k.Pedestrians > 0 || k.Mopeds > 0:
		return "mixed traffic"
	case k.Markings != "good":
		return "markings " + k.Markings
	case !(k.Weather.VisibilityM >= c.p.MinVisibilityM):
		return fmt.Sprintf("visibility %.0f m", k.Weather.VisibilityM)
	case !slices.Contains(c.p.Weathers, string(k.Weather.Kind)):
		return "weather " + string(k.Weather.Kind)
	case c.p.DaylightOnly && k.Night:
		return "night"
	}
	return ""
}

// step judges the state and the events after one step; it returns what is
// wrong, nil when nothing.
func (c *checker) step(st *sim.State, evs []sim.Event) []string {
	c.steps++
	var bad []string
	c.fw.bad = c.fw.bad[:0]
	c.fw.path = append(c.fw.path[:0], "State")
	c.fw.walk(reflect.ValueOf(st).Elem())
	for i := range evs {
		c.fw.path = append(c.fw.path[:0], "Event")
		c.fw.walk(reflect.ValueOf(&evs[i]).Elem())
	}
	bad = append(bad, c.fw.bad...)

	v, p := &st.Vehicle, st.Profile
	if !(v.SoC >= 0 && v.SoC <= 1) {
		bad = append(bad, fmt.Sprintf("SoC %v outside [0, 1]", v.SoC))
	}
	if p != nil && !(v.FuelL >= 0 && v.FuelL <= p.FuelTankL+1e-9) {
		bad = append(bad, fmt.Sprintf("fuel %v L outside [0, %v]", v.FuelL, p.FuelTankL))
	}
	if p != nil && !(v.SpeedMps >= 0 && v.SpeedMps*3.6 <= p.MaxSpeedKmh+0.5) {
		bad = append(bad, fmt.Sprintf("speed %.2f km/h outside [0, %v]", v.SpeedMps*3.6, p.MaxSpeedKmh))
	}

	a := &st.Automation
	switch a.State {
	case automation.StateMRM:
		// a press during the MRM is refused: it does not count for after
		c.switchedOff = false
		if !st.Cabin.Lights.Hazard {
			bad = append(bad, "the hazard lights are off during the MRM")
		}
	case automation.StateMRC:
		if !st.Cabin.Lights.Hazard && !c.switchedOff {
			bad = append(bad, "the hazard lights went off in the MRC without the driver's switch")
		}
	}

	l3Driving := a.Level == automation.LevelL3 && a.Active && a.State != automation.StateMRM
	if why := c.outsideODD(st); l3Driving && why != "" {
		if c.outside < 0 {
			c.outside = st.Time
		}
		// one step's lag: the conditions move on after the machine read
		// them in the step
		if over := st.Time - c.outside; over > sim.Millis(c.p.TakeoverBudgetS*1000)+sim.Step {
			bad = append(bad, fmt.Sprintf("L3 has driven outside its ODD (%s) for %v, past the %v s budget (state %s)", why, over, c.p.TakeoverBudgetS, a.State))
		}
	} else {
		c.outside = -1
	}

	moved := c.assistMoved || st.Parking.Output.Controlling || st.Parking.Guided
	for _, e := range evs {
		if e.Kind != sim.EventCollision || e.Msg.Key != "sim.parking.collision" || !moved {
			continue
		}
		static := strings.HasPrefix(e.Subject, "slot ") || strings.HasPrefix(e.Subject, "kerb ")
		if !static && c.pedestrianAt >= 0 && st.Time-c.pedestrianAt <= pedestrianGrace || st.ParkingSafety.SensorDelayS > 0 {
			continue
		}
		bad = append(bad, fmt.Sprintf("parking contact with %s while the assist or the scripted driver moved the car", e.Subject))
	}
	c.assistMoved = st.Parking.Output.Controlling || st.Parking.Guided
	return bad
}

// hazardOffCommand reports whether a command is the driver's hazard switch.
func hazardOffCommand(cmd sim.Command) bool {
	switch c := cmd.(type) {
	case sim.HazardsOff:
		return true
	case sim.CabinCommand:
		l, ok := c.Command.(cabin.SetLight)
		return ok && l.Target == cabin.LightHazard && !l.On
	}
	return false
}

// joinBad is a violation list as one message.
func joinBad(bad []string) string { return strings.Join(bad, "; ") }

// TestInvariantCheckerCatches: every rule of the checker fails on a state
// doctored to break it, and passes on the real state it was made from; the
// values the state documents as +Inf pass.
func TestInvariantCheckerCatches(t *testing.T) {
	s, err := session.New(session.Setup{Config: freeDrive(t)})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		s.Advance()
	}
	base := *s.State()
	if bad := newChecker(nil).step(&base, nil); len(bad) > 0 {
		t.Fatalf("the real state fails: %s", joinBad(bad))
	}
	one := func(mod func(st *sim.State, c *checker) []sim.Event) []string {
		st := base
		c := newChecker(nil)
		evs := mod(&st, c)
		return c.step(&st, evs)
	}
	collision := sim.Event{Kind: sim.EventCollision, Subject: "slot 4", Msg: msg.New("sim.parking.collision", msg.Text("what", "slot 4"), msg.Num("kmh", 3, 1))}
	cases := []struct {
		name, want string
		mod        func(st *sim.State, c *checker) []sim.Event
	}{
		{"NaN in the state", "State.Vehicle.AccelMps2 = NaN", func(st *sim.State, _ *checker) []sim.Event {
			st.Vehicle.AccelMps2 = math.NaN()
			return nil
		}},
		{"+Inf in an incident's distance", "State.Conditions.Incident.AtM = +Inf", func(st *sim.State, _ *checker) []sim.Event {
			st.Conditions.Incident = &sim.Incident{Kind: sim.IncidentRoadworks, AtM: math.Inf(1)}
			return nil
		}},
		{"-Inf where +Inf means none", "State.MinTTCS = -Inf", func(st *sim.State, _ *checker) []sim.Event {
			st.MinTTCS = math.Inf(-1)
			return nil
		}},
		{"NaN in an event's message", "Event.Msg.Args.Sub.Args.Num = NaN", func(st *sim.State, _ *checker) []sim.Event {
			// (a message built by hand is walked)
			sub := msg.New("sim.x", msg.Arg{Name: "m", Kind: msg.KindNum, Num: math.NaN()})
			return []sim.Event{{Kind: sim.EventIncidentAhead, Msg: msg.New("sim.incident.ahead", msg.Sub("what", sub))}}
		}},
		{"NaN given to msg.Num", "Event.Msg.Args.Sub.Args.m has no value", func(st *sim.State, _ *checker) []sim.Event {
			// msg.Num keeps the NaN out of the log and marks the argument
			sub := msg.New("sim.x", msg.Num("m", math.NaN(), 1))
			return []sim.Event{{Kind: sim.EventIncidentAhead, Msg: msg.New("sim.incident.ahead", msg.Sub("what", sub))}}
		}},
		{"SoC above 1", "SoC 1.01", func(st *sim.State, _ *checker) []sim.Event {
			st.Vehicle.SoC = 1.01
			return nil
		}},
		{"fuel below 0", "fuel -1 L", func(st *sim.State, _ *checker) []sim.Event {
			st.Vehicle.FuelL = -1
			return nil
		}},
		{"speed below 0", "speed -0.36 km/h outside [0, 210]", func(st *sim.State, _ *checker) []sim.Event {
			st.Vehicle.SpeedMps = -0.1
			return nil
		}},
		{"speed above vmax", "speed 300.00 km/h outside [0, 210]", func(st *sim.State, _ *checker) []sim.Event {
			st.Vehicle.SpeedMps = 300 / 3.6
			return nil
		}},
		{"hazards off in an MRM", "hazard lights are off during the MRM", func(st *sim.State, c *checker) []sim.Event {
			st.Automation = automation.Output{State: automation.StateMRM, Level: automation.LevelL3, Active: true}
			st.Cabin.Lights.Hazard = false
			c.hazardSwitch() // refused during the MRM: no excuse
			return nil
		}},
		{"hazards off in the MRC unasked", "went off in the MRC", func(st *sim.State, _ *checker) []sim.Event {
			st.Automation = automation.Output{State: automation.StateMRC, Level: automation.LevelL3}
			st.Cabin.Lights.Hazard = false
			return nil
		}},
		{"parking contact while the assist drives", "parking contact with slot 4", func(st *sim.State, _ *checker) []sim.Event {
			st.Parking.Output.Controlling = true
			return []sim.Event{collision}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := joinBad(one(c.mod))
			if !strings.Contains(bad, c.want) {
				t.Errorf("violations %q, want %q", bad, c.want)
			}
		})
	}
	pedestrian := sim.Event{Kind: sim.EventCollision, Subject: "pedestrian", Msg: msg.New("sim.parking.collision", msg.Text("what", "pedestrian"), msg.Num("kmh", 3, 1))}
	for _, c := range []struct {
		name    string
		sinceMs sim.Millis
		delayS  float64
		fails   bool
	}{
		{"a pedestrian standing for 2 s", 2000, 0, true},
		{"a pedestrian put down 0.5 s before", 500, 0, false},
		{"a pedestrian standing for 2 s, with the recall's late data", 2000, 0.5, false},
	} {
		bad := one(func(st *sim.State, ck *checker) []sim.Event {
			st.Parking.Guided = true
			st.ParkingSafety.SensorDelayS = c.delayS
			ck.pedestrianAdded(st.Time - c.sinceMs)
			return []sim.Event{pedestrian}
		})
		if (len(bad) > 0) != c.fails {
			t.Errorf("%s: violations %q, want a failure %v", c.name, joinBad(bad), c.fails)
		}
	}

	// What is allowed: +Inf that means none, the driver's hazard switch
	// in the MRC, a collision the driver drove into with the pedals.
	if bad := one(func(st *sim.State, c *checker) []sim.Event {
		st.MinTTCS, st.Conditions.Lead.TTCS = math.Inf(1), math.Inf(1)
		st.Automation = automation.Output{State: automation.StateMRC, Level: automation.LevelL3}
		st.Cabin.Lights.Hazard = false
		c.hazardSwitch()
		return []sim.Event{collision}
	}); len(bad) > 0 {
		t.Errorf("allowed values fail: %s", joinBad(bad))
	}

	// L3 outside its ODD (snow) is allowed the request's budget, not more.
	c := newChecker(nil)
	st := base
	st.Automation = automation.Output{State: automation.StateTakeover1, Level: automation.LevelL3, Active: true}
	k := &st.Conditions
	k.RoadType, k.Divided, k.MixedTraffic, k.Pedestrians, k.Mopeds, k.Markings = "expressway", true, false, 0, 0, "good"
	if why := c.outsideODD(&st); why != "" {
		t.Fatalf("the doctored expressway is outside the ODD: %s", why)
	}
	k.Weather = sim.Weather{Kind: sim.WeatherSnow, VisibilityM: 300}
	budget := sim.Millis(c.p.TakeoverBudgetS * 1000)
	var failedAt sim.Millis = -1
	for at := st.Time; at <= base.Time+budget+10*sim.Step; at += sim.Step {
		st.Time = at
		if bad := c.step(&st, nil); len(bad) > 0 && failedAt < 0 {
			failedAt = at - base.Time
			if !strings.Contains(joinBad(bad), "outside its ODD (weather snow)") {
				t.Errorf("violation %q", joinBad(bad))
			}
		}
	}
	if failedAt != budget+2*sim.Step {
		t.Errorf("L3 outside its ODD failed %v after it left it; want just past the %v budget", failedAt, budget)
	}
	// … and the MRM that follows it is not L3 driving.
	st.Automation.State = automation.StateMRM
	st.Cabin.Lights.Hazard = true
	if bad := c.step(&st, nil); len(bad) > 0 {
		t.Errorf("the MRM outside the ODD fails: %s", joinBad(bad))
	}
}
